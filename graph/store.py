"""The GraphStore seam: the primitives a backend provides (`GraphBackend`) and what callers
use (`GraphStore`: those, and the reads `graph.reads` writes once over them).

Two implementations answer it: `graph.embedded.EmbeddedStore` (networkx in memory, a
SQLite journal on disk; the default) and `graph.neo4j.Neo4jStore`. The contract
suite in `tests/graph/test_store_contract.py` holds both to the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from graph.artifact_lookup import ArtifactKey
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch

CHECKED = "verdict"
"""The claim property whose presence marks a claim as checked."""

MAX_SUBGRAPH_NODES = 500
"""The most nodes one neighbourhood returns; the answer says when it was cut."""


class ArtifactOrder(StrEnum):
    RANK_DESC = "RANK_DESC"
    NAME_ASC = "NAME_ASC"


@dataclass(frozen=True)
class MatchRecord:
    """A MATCHED edge into one of an artifact's capabilities: how often the intent was
    reported met (or not) by the artifact through that capability (`graph.match_graph`)."""

    intent: str          # the Intent node's id
    text: str            # the intent as people wrote it (normalised)
    capability: str      # the capability node's id
    times: int
    successes: int


@dataclass(frozen=True)
class ArtifactProfile:
    """Everything rank and compare need about one artifact, gathered in one read."""

    artifact: Node
    signals: tuple[Node, ...]
    sources: Mapping[str, Node]   # id -> Source node, for every source the signals cite
    capabilities: tuple[Node, ...]
    checked_claims: tuple[Node, ...] = ()   # the artifact's claims that carry a verdict
    matches: tuple[MatchRecord, ...] = ()   # MATCHED edges into its capabilities, in order


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


class GraphBackend(Protocol):
    """The primitives a store must provide: write one checked batch; read nodes by id, label
    and key; edges one step out, in or around; ordered pages; and the one-round-trip reads the
    hot paths need (`profiles`). Everything else is written once over these (`graph.reads`)."""

    def apply(self, batch: WriteBatch) -> None:
        """Write the whole batch or nothing; raise `BatchRejected` for a broken invariant.

        The batch is checked by `graph.batch_checks` (on its own, then against the store)."""

    def apply_many(self, batches: Sequence[WriteBatch]) -> None:
        """Write the batches in order, as `apply` one after another would: each whole or not
        at all, a rejected one raising with the ones before it written; in as few
        transactions and round trips as the store can (`graph.batch_runs`)."""

    def grouped_writes(self, size: int = 200) -> AbstractContextManager[None]:
        """Within the block, batches may be committed together, `size` at a time, for speed.

        Each batch still lands whole or not at all; a store may also ignore the hint.
        """

    def tentative_writes(self) -> AbstractContextManager[bool]:
        """Within the block, writes are kept back: committed together when it ends, all taken
        back when it raises. Yields whether the store can: one that cannot (Neo4j: a
        transaction that big would not fit its memory) yields False and writes as usual,
        and the caller then writes nothing it might have to take back."""

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        """The nodes that exist, in the order asked."""

    def artifacts_by(self, lookups: Sequence[tuple[ArtifactKey, str]]) -> list[list[Node]]:
        """For each (key, value), the artifacts whose slug, case-folded name or alias it is."""

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        """Nodes of a label whose property `key` is one of `values`, in id order."""

    def outgoing(self, node_ids: Sequence[str], edge_type: EdgeType) -> Mapping[str, list[Node]]:
        """For each of the nodes that exist (none left out), the targets of its edges."""

    def incoming(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType],
    ) -> Mapping[str, list[tuple[EdgeType, Node]]]:
        """For each node, the (edge type, source node) of its incoming edges of those types."""

    def incident(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> Mapping[str, Iterable[tuple[str, str]]]:
        """One step of a neighbourhood: each node's (neighbour id, edge type value) pairs."""

    def subgraph_among(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> Subgraph:
        """The nodes, and the edges (of those types, or all) whose two ends are among them."""

    def source_facts(self, source_id: str) -> SourceFacts: ...

    def text_candidates(
        self, terms: Sequence[str], labels: Sequence[Label], *, grams: bool = False,
        limit: int = 200,
    ) -> Mapping[str, list[str]]:
        """For each term, the ids of nodes of those labels (at most `limit`, in id order) whose
        indexed words (`graph.search_index.index_words`) have a word starting with it, or with
        `grams`, whose name bigrams (`index_grams`) include it. Candidates only: what matched
        and how well is decided above the seam (`graph.search`)."""

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        """Profiles of the artifacts that exist, in the order asked, in one round trip
        (put together by `graph.profiles.assemble_profile`)."""

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC, include_stubs: bool = True,
    ) -> NodePage:
        """A page of artifacts; `first` and `offset` are non-negative (the caller checks).

        `type` matches whatever its case (`graph.model.type_key`); without `include_stubs`,
        stub artifacts (known only as alternatives claims name) are left out."""

    def list_claims(
        self, *, first: int, offset: int = 0, artifact: str | None = None,
        verdict: str | None = None, claim_class: str | None = None,
    ) -> NodePage:
        """Claims in id order, filtered by artifact slug, verdict and class (all optional);
        `first` and `offset` are non-negative (the caller checks)."""

    def export(self) -> Iterator[Node | Edge]:
        """Every node, then every edge, in a stable order, from one consistent snapshot:
        writes committed while it is read are not in it, so every edge's two ends are."""

    def counts(self, labels: Sequence[Label] | None = None) -> Mapping[str, int]:
        """Nodes per label and edges per type; with `labels`, only those labels' nodes,
        cheaply (each label's ids are one range of the key), for callers that poll."""

    def clear(self) -> None:
        """Delete everything (tests and `capgraph import --replace`)."""

    def close(self) -> None: ...


@runtime_checkable
class GraphStore(GraphBackend, Protocol):
    """What callers use: a backend's primitives and the reads `graph.reads.DerivedReads`
    writes once over them."""

    def get_node(self, node_id: str) -> Node | None: ...

    def find_artifact(self, name_or_slug: str) -> Node | None:
        """By slug; by name (case-insensitive; the smallest id wins a shared name);
        then by the slug the text gives, as a slug or as a recorded alias."""

    def claims_of(self, owner_ids: Sequence[str]) -> Mapping[str, list[Node]]:
        """The claims of each capability or artifact (CLAIMS edges), in reading order."""

    def neighbourhood(
        self, node_id: str, depth: int, edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        """Nodes within `depth` hops (either direction), and the edges among them."""


def underlying(store: GraphStore) -> GraphStore:
    """The store behind a proxy (a request's budgeted view sets `underlying_store`), or the
    store itself: what a cache held per store is keyed on, so every request shares it."""
    return getattr(store, "underlying_store", store)
