"""`resolve`: the artifacts whose capabilities best meet a need."""

from __future__ import annotations

from graph.model import Label, artifact_id
from graph.references import artifact_for
from schema.context import Context
from schema.intent import IntentEvidence, IntentMatch, MatchedCapability, OutcomeRecorded
from schema.limits import check_first
from schema.types import Artifact, Capability

MAX_INTENT = 500
"""An intent is a sentence or two; a longer text is not a need."""


def resolve(context: Context, intent: str, first: int) -> list[IntentMatch]:
    from inference.intent_index import resolve_intent

    if len(intent) > MAX_INTENT:
        raise ValueError(f"an intent is at most {MAX_INTENT} characters; this one has "
                         f"{len(intent):,}")
    matches = resolve_intent(context.store, intent, check_first(first))
    # the artifacts and the capabilities that matched, in one read
    nodes = {n.id: n for n in context.store.get_nodes(
        [artifact_id(m.slug) for m in matches]
        + [i.capability for m in matches for i, *_ in m.items if i.capability])}
    artifacts = {n.props["slug"]: n for n in nodes.values() if n.label is Label.ARTIFACT}
    capabilities = {i: n for i, n in nodes.items() if n.label is Label.CAPABILITY}
    found = []
    for match in matches:
        node = artifacts.get(match.slug)
        if node is None:
            continue                    # gone since the index was built
        found.append(IntentMatch(
            artifact=Artifact.from_node(node), score=match.score,
            evidence=[IntentEvidence(
                text=item.text, lexical=lexical, semantic=semantic, words=list(words),
                capability=Capability.from_node(capabilities[item.capability])
                if item.capability in capabilities else None)
                for item, lexical, semantic, words in match.items]))
    return found


def record_outcome(context: Context, intent: str, artifact: str,
                   success: bool) -> OutcomeRecorded:
    """Count whether `artifact` worked for `intent`, on each of its capabilities that match
    the intent (as `resolve` would show them)."""
    from graph.clock import now_iso
    from graph.match_graph import record_outcome as record
    from inference.intent_index import matched_capabilities

    if len(intent) > MAX_INTENT:
        raise ValueError(f"an intent is at most {MAX_INTENT} characters")
    node = artifact_for(context.store, artifact)
    slug = str(node.props["slug"])
    capabilities = matched_capabilities(context.store, intent, slug)
    if not capabilities:
        raise ValueError(f"none of {slug}'s capabilities matches {intent!r}: resolve the "
                         "intent first and report on an artifact it returned")
    intent_node, counts = record(context.store, intent, slug, capabilities, success,
                                 by=context.principal.who, now=now_iso())
    nodes = {n.id: n for n in context.store.get_nodes([c.capability for c in counts])}
    return OutcomeRecorded(
        intent=str(intent_node.props["text"]), artifact=Artifact.from_node(node),
        matched=[MatchedCapability(capability=Capability.from_node(nodes[c.capability]),
                                   times=c.times, successes=c.successes,
                                   confidence=c.confidence)
                 for c in counts if c.capability in nodes])
