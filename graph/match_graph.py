"""The match graph: intents people resolved, and how the artifacts they chose worked out.

An `Intent` node stands for one need (its text, normalised: case and spacing do not make a
new intent). When a caller reports the outcome of using an artifact for it
(`recordOutcome`), each capability of that artifact that matched the intent gets a
`MATCHED {times, successes, confidence}` edge from the intent, or has its counts moved on.
The confidence is the success rate with a prior of one success in two tries (Laplace), so
one vote does not swing it: 0.5 with no votes, 2/3 after one success, 1/3 after one failure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph.errors import NotFound
from graph.model import Edge, EdgeType, Label, Node, WriteBatch, stable_id
from graph.ranking import ranked_artifact
from graph.store import GraphStore, MatchRecord

__all__ = ["MatchCount", "confidence", "intent_id", "normalise_intent", "record_outcome"]

PRIOR_SUCCESSES = 1
PRIOR_TRIES = 2


def normalise_intent(text: str) -> str:
    """An intent's identity: lower case, one space between words.

    Example:
        >>> normalise_intent("  Read   Handwritten notes ")
        'read handwritten notes'
    """
    return " ".join(text.lower().split())


def intent_id(text: str) -> str:
    return stable_id("intent", normalise_intent(text))


def confidence(times: int, successes: int) -> float:
    """The success rate with the prior.

    Example:
        >>> confidence(0, 0), round(confidence(1, 1), 3), round(confidence(1, 0), 3)
        (0.5, 0.667, 0.333)
    """
    return round((successes + PRIOR_SUCCESSES) / (times + PRIOR_TRIES), 6)


@dataclass(frozen=True)
class MatchCount:
    """One MATCHED edge as it stands after an outcome."""

    capability: str
    times: int
    successes: int
    confidence: float


def record_outcome(store: GraphStore, intent: str, artifact: str, capabilities: Sequence[str],
                   success: bool, *, by: str, now: str) -> tuple[Node, list[MatchCount]]:
    """Count one outcome for each of the artifact's (slug) capabilities (ids) that matched
    the intent, and store the artifact's rank as the new counts make it: one batch."""
    text = normalise_intent(intent)
    if not text:
        raise ValueError("an intent needs words")
    if not capabilities:
        raise ValueError("no capability of the artifact matched the intent: nothing to count")
    profiles = store.profiles([artifact])
    if not profiles:
        raise NotFound(f"no artifact with slug {artifact!r}")
    profile = profiles[0]
    ids = sorted(set(capabilities))
    foreign = sorted(set(ids) - {c.id for c in profile.capabilities})
    if foreign:
        raise ValueError(f"{foreign[0]!r} is not a capability of {artifact!r}")
    node_id = intent_id(text)
    known = {e.dst: e for e in store.subgraph_among([node_id, *ids], [EdgeType.MATCHED]).edges
             if e.src == node_id}
    previous = store.get_node(node_id)
    props: dict[str, object] = (dict(previous.props) if previous is not None
                                else {"text": text, "created_at": now})
    props.update(outcomes=int(str(props.get("outcomes", 0))) + 1, last_outcome_at=now,
                 last_outcome_by=by)
    intent_node = Node(node_id, Label.INTENT, props)
    counts, edges = [], []
    for capability in ids:
        old = known.get(capability)
        times = int(old.props.get("times", 0)) + 1 if old else 1
        successes = int(old.props.get("successes", 0)) + int(success) if old else int(success)
        count = MatchCount(capability, times, successes, confidence(times, successes))
        counts.append(count)
        edges.append(Edge(EdgeType.MATCHED, node_id, capability, {
            "times": times, "successes": successes, "confidence": count.confidence}))
    moved = {(node_id, c.capability) for c in counts}
    matches = [m for m in profile.matches if (m.intent, m.capability) not in moved] + [
        MatchRecord(node_id, text, c.capability, c.times, c.successes) for c in counts]
    ranked = ranked_artifact(replace(profile, matches=tuple(matches)))
    nodes = (intent_node, ranked) if ranked.props != profile.artifact.props else (intent_node,)
    store.apply(WriteBatch(nodes=nodes, edges=tuple(edges)))
    return intent_node, counts
