"""What importing a page asks of a store: a few reads, and one write.

Every `GraphStore` answers it; so does `graph.ingest.pending_view.PendingView`, a store with
the pages planned but not yet written laid over it, which the bulk importer reads through.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph.artifact_lookup import Lookup
from graph.model import Label, Node, WriteBatch
from graph.store import ArtifactProfile, SourceFacts


class PageReads(Protocol):
    """The reads a page's facts are settled with (see `graph.store.GraphStore` for each)."""

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]: ...

    def get_node(self, node_id: str) -> Node | None: ...

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]: ...

    def find_artifact(self, name_or_slug: str) -> Node | None: ...

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]: ...

    def source_facts(self, source_id: str) -> SourceFacts: ...

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]: ...


class PageStore(PageReads, Protocol):
    """`PageReads` and the write a page's import ends with."""

    def apply(self, batch: WriteBatch) -> None: ...
