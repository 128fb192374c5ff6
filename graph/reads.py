"""The reads every store offers that are written once, over the store's own primitives.

Both stores inherit `DerivedReads`; a new backend implements the primitives
(`graph.store.GraphBackend`) and gets these as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.artifact_lookup import ArtifactLookups, find_artifact
from graph.model import EdgeType, Node, Subgraph
from graph.neighbourhood import NeighbourhoodReads, neighbourhood


class DerivedReads:
    def find_artifact(self: ArtifactLookups, name_or_slug: str) -> Node | None:
        """By slug; by name (case-insensitive; the smallest id wins a shared name);
        then by the slug the text gives, as a slug or as a recorded alias."""
        return find_artifact(self, name_or_slug)

    def neighbourhood(
        self: NeighbourhoodReads, node_id: str, depth: int,
        edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        """Nodes within `depth` hops (either direction), and the edges among them."""
        return neighbourhood(self, node_id, depth, edge_types)
