"""An artifact's profile put together from what a store read, once for every store."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph.model import Node
from graph.ordering import capability_order
from graph.store import ArtifactProfile


def assemble_profile(
    artifact: Node, signals: Iterable[Node], capabilities: Iterable[Node],
    sources: Mapping[str, Node], checked_claims: Iterable[Node],
) -> ArtifactProfile:
    """The profile of `artifact`: signals and checked claims by id, capabilities by position,
    and of `sources` (any superset will do) the ones its signals cite, by id."""
    sigs = tuple(sorted(signals, key=lambda n: n.id))
    cited = sorted({str(s.props["source"]) for s in sigs})
    return ArtifactProfile(
        artifact, sigs, {i: sources[i] for i in cited if i in sources},
        tuple(sorted(capabilities, key=capability_order)),
        tuple(sorted(checked_claims, key=lambda n: n.id)),
    )
