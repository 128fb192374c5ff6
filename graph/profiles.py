"""An artifact's profile put together from what a store read, once for every store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graph.model import Node
from graph.ordering import capability_order
from graph.store import ArtifactProfile, MatchRecord


def assemble_profile(
    artifact: Node, signals: Iterable[Node], capabilities: Iterable[Node],
    sources: Mapping[str, Node], checked_claims: Iterable[Node],
    matches: Iterable[MatchRecord] = (),
) -> ArtifactProfile:
    """The profile of `artifact`: signals and checked claims by id, capabilities by position,
    of `sources` (any superset will do) the ones its signals cite, by id, and the MATCHED
    edges into its capabilities by intent and capability."""
    sigs = tuple(sorted(signals, key=lambda n: n.id))
    cited = sorted({str(s.props["source"]) for s in sigs})
    return ArtifactProfile(
        artifact, sigs, {i: sources[i] for i in cited if i in sources},
        tuple(sorted(capabilities, key=capability_order)),
        tuple(sorted(checked_claims, key=lambda n: n.id)),
        tuple(sorted(matches, key=lambda m: (m.intent, m.capability))),
    )


def match_record(intent: Node, capability: str, props: Mapping[str, Any]) -> MatchRecord:
    """A MATCHED edge as a profile holds it, from the intent node and the edge's properties."""
    return MatchRecord(intent.id, str(intent.props.get("text", "")), capability,
                       int(props.get("times", 0)), int(props.get("successes", 0)))
