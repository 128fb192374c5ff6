"""The GraphStore seam: the handful of reads and writes that ingest and resolvers need.

Two implementations answer it: `graph.embedded.EmbeddedStore` (networkx in memory, a
SQLite journal on disk; the default) and `graph.neo4j.Neo4jStore`. The contract
suite in `tests/graph/test_store_contract.py` holds both to the same answers.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch

CHECKED = "verdict"
"""The claim property whose presence marks a claim as checked."""

MAX_PAGE = 100
"""The most items one page of a list may hold (`first` is capped here)."""

MAX_DEPTH = 3
"""The deepest neighbourhood `explore` may ask for."""

MAX_SUBGRAPH_NODES = 500
"""The most nodes one neighbourhood returns; the answer says when it was cut."""


class ArtifactOrder(StrEnum):
    RANK_DESC = "RANK_DESC"
    NAME_ASC = "NAME_ASC"


@dataclass(frozen=True)
class ArtifactProfile:
    """Everything rank and compare need about one artifact, gathered in one read."""

    artifact: Node
    signals: tuple[Node, ...]
    sources: Mapping[str, Node]   # id -> Source node, for every source the signals cite
    capabilities: tuple[Node, ...]
    checked_claims: tuple[Node, ...] = ()   # the artifact's claims that carry a verdict


@dataclass(frozen=True)
class NodePage:
    """One page of a listing: the nodes, the offset of the first, and the total count."""

    nodes: tuple[Node, ...]
    offset: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.nodes) < self.total


@dataclass(frozen=True)
class SourceFacts:
    """A source node and every fact that cites it (the FROM edges into it)."""

    source: Node | None
    cited_by: tuple[str, ...]        # ids of nodes with a FROM edge to the source
    owned: tuple[str, ...]           # of those, the ids cited by no other source


@runtime_checkable
class GraphStore(Protocol):
    """What every store answers. Writes are all-or-nothing batches."""

    def apply(self, batch: WriteBatch) -> None:
        """Write the whole batch or nothing; raise `BatchRejected` for a broken invariant."""

    def grouped_writes(self, size: int = 200) -> AbstractContextManager[None]:
        """Within the block, batches may be committed together, `size` at a time, for speed.

        Each batch still lands whole or not at all; a store may also ignore the hint.
        """

    def get_node(self, node_id: str) -> Node | None: ...

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        """The nodes that exist, in the order asked."""

    def find_artifact(self, name_or_slug: str) -> Node | None:
        """By slug; by name (case-insensitive; the smallest id wins a shared name);
        then by the slug the text gives, as a slug or as a recorded alias."""

    def source_facts(self, source_id: str) -> SourceFacts: ...

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        """Profiles of the artifacts that exist, in the order asked, in one round trip."""

    def claims_of(self, owner_ids: Sequence[str]) -> Mapping[str, list[Node]]:
        """The claims of each capability or artifact (CLAIMS edges), in reading order."""

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC,
    ) -> NodePage: ...

    def list_claims(
        self, *, first: int, offset: int = 0, artifact: str | None = None,
        verdict: str | None = None, claim_class: str | None = None,
    ) -> NodePage:
        """Claims in id order, filtered by artifact slug, verdict and class (all optional)."""

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        """Nodes of a label whose property `key` is one of `values`, in id order."""

    def incoming(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType],
    ) -> Mapping[str, list[tuple[EdgeType, Node]]]:
        """For each node, the (edge type, source node) of its incoming edges of those types."""

    def neighbourhood(
        self, node_id: str, depth: int, edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        """Nodes within `depth` hops (either direction), and the edges among them."""

    def export(self) -> Iterator[Node | Edge]:
        """Every node, then every edge, in a stable order."""

    def counts(self) -> Mapping[str, int]:
        """Nodes per label and edges per type."""

    def clear(self) -> None:
        """Delete everything (tests and `capgraph import --replace`)."""

    def close(self) -> None: ...


def encode_cursor(offset: int) -> str:
    """Opaque cursor for a position in a listing."""
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset after the item the cursor names; ValueError for a cursor we did not make."""
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "offset" or int(value) < 0:
            raise ValueError
        return int(value) + 1
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a cursor this API gave out: {cursor!r}") from exc
