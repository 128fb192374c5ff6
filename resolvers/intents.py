"""`resolve`: the artifacts whose capabilities best meet a need."""

from __future__ import annotations

from graph.model import Label
from schema.context import Context
from schema.intent import IntentEvidence, IntentMatch
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
    artifacts = {n.props["slug"]: n for n in context.store.nodes_with(
        Label.ARTIFACT, "slug", [m.slug for m in matches])}
    capabilities = {n.id: n for n in context.store.get_nodes(
        [i.capability for m in matches for i, *_ in m.items if i.capability])}
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
