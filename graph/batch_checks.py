"""What a write batch must keep, checked once for every store.

A store calls `check_batch` before it asks its database anything (the invariants a batch keeps
on its own), then looks up the slug owners and the edge ends the batch names and hands them to
`CheckedBatch.check_ends`, inside the transaction that writes the batch.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

from graph.errors import BatchRejected
from graph.model import Edge, EdgeType, Label, Node, WriteBatch


def clean_props(props: Mapping[str, Any]) -> Mapping[str, Any]:
    """Drop None values: an absent property and a null one are the same fact in both stores."""
    if None not in props.values():
        return props
    return {k: v for k, v in props.items() if v is not None}


@dataclass(frozen=True)
class CheckedBatch:
    """A batch with its enum values and properties normalised, and what it needs of the store."""

    nodes: list[Node]              # labels as `Label`, None properties dropped
    edges: list[Edge]              # types as `EdgeType`, None properties dropped
    slugs: dict[str, str]          # slug -> the artifact id the batch gives it
    new_ids: frozenset[str]
    deleted: frozenset[str]
    ends: list[str]                # edge ends the batch does not write: they must exist

    def check_ends(self, owners: Mapping[str, str], existing: Container[str]) -> None:
        """Raise unless the store's answers fit the batch.

        Args:
            owners: the artifact id that holds each of the batch's slugs in the store now.
            existing: which of `ends` the store holds.

        Raises:
            BatchRejected: a slug that belongs to another artifact, or an edge whose end is
                deleted by the batch or exists nowhere.
        """
        for slug, owner in owners.items():
            if owner != self.slugs[slug]:
                raise BatchRejected(f"slug {slug!r} already belongs to another artifact")
        for edge in self.edges:
            for end in (edge.src, edge.dst):
                if end in self.deleted or (end not in self.new_ids and end not in existing):
                    raise BatchRejected(
                        f"edge {edge.type.value} {edge.src} -> {edge.dst}: "
                        f"node {end!r} does not exist"
                    )


def check_batch(batch: WriteBatch) -> CheckedBatch:
    """The invariants a batch keeps on its own, before any store is asked.

    Raises:
        BatchRejected: a node both written and deleted, an artifact without slug or name,
            or one slug given to two artifacts.
    """
    nodes = [n if type(n.label) is Label and None not in n.props.values()
             else Node(n.id, Label(n.label), clean_props(n.props)) for n in batch.nodes]
    edges = [e if type(e.type) is EdgeType and not e.props
             else Edge(EdgeType(e.type), e.src, e.dst, clean_props(e.props))
             for e in batch.edges]
    new_ids = frozenset(n.id for n in nodes)
    deleted = frozenset(batch.delete_nodes)
    if both := new_ids & deleted:
        raise BatchRejected(f"batch both writes and deletes node {sorted(both)[0]!r}")
    slugs: dict[str, str] = {}
    for node in nodes:
        if node.label is Label.ARTIFACT:
            slug = node.props.get("slug")
            if not isinstance(slug, str) or not slug or not node.props.get("name"):
                raise BatchRejected(f"artifact {node.id!r} needs a slug and a name")
            if slugs.setdefault(slug, node.id) != node.id:
                raise BatchRejected(f"slug {slug!r} is given to two artifacts in one batch")
    ends = sorted({end for e in edges for end in (e.src, e.dst)} - new_ids)
    return CheckedBatch(nodes, edges, slugs, new_ids, deleted, ends)
