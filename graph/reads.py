"""The reads every store offers that are written once, over the store's own primitives.

Both stores inherit `DerivedReads`; a new backend implements the primitives
(`graph.store.GraphBackend`) and gets these as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from graph.artifact_lookup import find_artifact
from graph.model import EdgeType, Node, Subgraph
from graph.neighbourhood import neighbourhood
from graph.ordering import claim_order
from graph.store import GraphBackend, GraphStore

PAGE = 500
"""Artifacts per read when every one is wanted."""


def every_artifact(store: GraphStore, *, include_stubs: bool = True) -> list[Node]:
    """Every artifact, in the store's listing order, read a page at a time."""
    artifacts: list[Node] = []
    offset = 0
    while True:
        page = store.list_artifacts(first=PAGE, offset=offset, include_stubs=include_stubs)
        artifacts.extend(page.nodes)
        offset += len(page.nodes)
        if not page.has_next or not page.nodes:
            return artifacts


class DerivedReads:
    """A mixin: `get_node`, `claims_of`, `find_artifact`, `neighbourhood` over the primitives."""

    def get_node(self: GraphBackend, node_id: str) -> Node | None:
        found = self.get_nodes([node_id])
        return found[0] if found else None

    def claims_of(self: GraphBackend, owner_ids: Sequence[str]) -> Mapping[str, list[Node]]:
        """The claims of each capability or artifact (CLAIMS edges), in reading order."""
        found = self.outgoing(owner_ids, EdgeType.CLAIMS)
        return {c: sorted(found[c], key=claim_order) for c in owner_ids if c in found}

    def find_artifact(self: GraphBackend, name_or_slug: str) -> Node | None:
        """By slug; by name (case-insensitive; the smallest id wins a shared name);
        then by the slug the text gives, as a slug or as a recorded alias."""
        return find_artifact(self, name_or_slug)

    def neighbourhood(
        self: GraphBackend, node_id: str, depth: int,
        edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        """Nodes within `depth` hops (either direction), and the edges among them."""
        return neighbourhood(self, node_id, depth, edge_types)
