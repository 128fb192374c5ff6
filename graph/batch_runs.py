"""Many write batches as one write, with the answer of writing them one after another.

A store's `apply_many` writes consecutive batches together: `runs` cuts the sequence where a
batch would see what an earlier one deleted (writing a node, or an edge to a node, deleted
before it; re-writing a deleted edge), since one write makes its upserts before its
deletions; `check_run` checks each batch on its own (`graph.batch_checks`) and lists what the
store must answer for all of them at once (the owners of their slugs, the edge ends none of
them writes before it is needed); `CheckedRun.check_ends` then checks each batch against the
store as the batches before it leave it. A run that fails any check is written again a batch
at a time, so the batch at fault raises with those before it written, as `apply` would.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass

from graph.batch_checks import CheckedBatch, check_batch
from graph.errors import BatchRejected
from graph.model import Edge, Node, WriteBatch


def runs(batches: Sequence[WriteBatch], *, max_items: int | None = None) -> Iterator[
        list[WriteBatch]]:
    """Consecutive batches that can be written as one (see the module), each run holding at
    most `max_items` nodes, edges and deletions when one batch does not hold more."""
    run: list[WriteBatch] = []
    items = 0
    gone_nodes: set[str] = set()
    gone_edges: set[tuple[str, str, str]] = set()
    for batch in batches:
        size = (len(batch.nodes) + len(batch.edges) + len(batch.delete_nodes)
                + len(batch.delete_edges))
        if run and ((max_items is not None and items + size > max_items)
                    or _sees_deletions(batch, gone_nodes, gone_edges)):
            yield run
            run, items = [], 0
            gone_nodes, gone_edges = set(), set()
        run.append(batch)
        items += size
        gone_nodes.update(batch.delete_nodes)
        gone_edges.update((str(t), s, d) for t, s, d in batch.delete_edges)
    if run:
        yield run


def _sees_deletions(batch: WriteBatch, nodes: set[str], edges: set[tuple[str, str, str]],
                    ) -> bool:
    if not nodes and not edges:
        return False
    return any(n.id in nodes for n in batch.nodes) or any(
        e.src in nodes or e.dst in nodes or (str(e.type), e.src, e.dst) in edges
        for e in batch.edges)


@dataclass(frozen=True)
class CheckedRun:
    """A run of batches, each checked on its own, and what the store must answer for them."""

    batches: list[CheckedBatch]
    slugs: dict[str, str]          # every slug the run gives, and the artifact id it gives it
    ends: list[str]                # edge ends the store must hold (no batch writes them first)

    @property
    def nodes(self) -> list[Node]:
        """Every node the run writes, the last write of each id."""
        return list({n.id: n for b in self.batches for n in b.nodes}.values())

    @property
    def edges(self) -> list[Edge]:
        """Every edge the run writes, in order (a later write of one replaces an earlier)."""
        return [e for b in self.batches for e in b.edges]

    def check_ends(self, owners: Mapping[str, str], existing: Container[str]) -> None:
        """Each batch's `CheckedBatch.check_ends`, against the store (`owners` of the run's
        slugs, which of the run's `ends` it holds) as the batches before it leave it."""
        owner = dict(owners)
        created: set[str] = set()
        for batch in self.batches:
            batch.check_ends({s: owner[s] for s in batch.slugs if s in owner},
                             _Either(existing, created))
            created |= batch.new_ids
            owner.update(batch.slugs)


class _Either:
    """Membership in either of two collections, without copying them."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self.first, self.second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self.second or item in self.first


def check_run(batches: Sequence[WriteBatch]) -> CheckedRun:
    """Check each batch of a run on its own; what the run needs of the store.

    Raises:
        BatchRejected: a batch breaks an invariant on its own, or gives a slug to another
            artifact than a batch before it in the run did (the caller then writes the run a
            batch at a time, so that the batch at fault is the one that raises).
    """
    checked = [check_batch(b) for b in batches]
    slugs: dict[str, str] = {}
    ends: dict[str, None] = {}
    created: set[str] = set()
    for batch in checked:
        for slug, node_id in batch.slugs.items():
            if slugs.setdefault(slug, node_id) != node_id:
                raise BatchRejected(f"slug {slug!r} is given to two artifacts in one run")
        ends.update((end, None) for end in batch.ends if end not in created)
        created |= batch.new_ids
    return CheckedRun(checked, slugs, list(ends))


def merged(batches: Sequence[WriteBatch]) -> WriteBatch:
    """The run's deletions as one batch's (its upserts are `CheckedRun.nodes` and `edges`)."""
    return WriteBatch(
        delete_nodes=tuple(dict.fromkeys(i for b in batches for i in b.delete_nodes)),
        delete_edges=tuple(dict.fromkeys(
            (str(t), s, d) for b in batches for t, s, d in b.delete_edges)),
    )
