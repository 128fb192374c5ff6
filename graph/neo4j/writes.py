"""The write planner: a batch checked in Python, then as the rows of one write statement."""

from __future__ import annotations

import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import neo4j

from graph.batch_checks import check_batch
from graph.batch_runs import check_run, merged
from graph.errors import BatchRejected
from graph.model import Edge, EdgeType, Label, Node, WriteBatch, type_key
from graph.neo4j import cypher
from graph.neo4j.codec import (
    ALIASES,
    EDGE_TYPES,
    GRAMS,
    NAME,
    RANK,
    SLUG,
    SORT,
    TYPE,
    WORDS,
    encode_props,
    sort_key,
)
from graph.search_index import node_index


class Checked(Protocol):
    """A checked batch (`graph.batch_checks.CheckedBatch`) or run of them
    (`graph.batch_runs.CheckedRun`): what the write statement's check needs of it."""

    @property
    def edges(self) -> list[Edge]: ...

    def check_ends(self, owners: Mapping[str, str], existing: Container[str]) -> None: ...


@dataclass(frozen=True)
class BatchPlan:
    """A batch (or a run of batches) checked in Python, ready to write: the rows of each
    part of the statement."""

    checked: Checked
    deleted: frozenset[str]                            # the nodes it deletes
    nodes: dict[Label, list[dict[str, Any]]]           # label -> [{id, props}]
    edges: dict[EdgeType, list[tuple[str, str, dict[str, Any]]]]   # -> [(src, dst, props)]
    delete_edges: dict[EdgeType, list[dict[str, str]]]
    delete_nodes: list[str]
    slugs: dict[str, str]              # the slugs the statement checks (see CheckedBatch)
    ends: list[str]                    # the edge ends the statement checks
    batches: int = 1                   # how many batches it writes

    @property
    def items(self) -> int:
        """Rows it writes or deletes."""
        return (sum(map(len, self.nodes.values())) + sum(map(len, self.edges.values()))
                + sum(map(len, self.delete_edges.values())) + len(self.delete_nodes))


def plan_batch(batch: WriteBatch) -> BatchPlan:
    """Check what needs no database (`check_batch`) and build the query rows."""
    checked = check_batch(batch)
    return _plan(checked, checked.deleted, checked.nodes, checked.edges, batch,
                 checked.slugs, checked.ends, 1)


def plan_run(batches: Sequence[WriteBatch]) -> BatchPlan:
    """A run of batches (`graph.batch_runs.runs`) as one statement's rows: each batch checked
    on its own (`check_run`); the check in the statement is the run's."""
    run = check_run(batches)
    gone = merged(batches)
    return _plan(run, frozenset(gone.delete_nodes), run.nodes, run.edges, gone, run.slugs,
                 run.ends, len(batches))


def _plan(checked: Checked, deleted: frozenset[str], nodes: Sequence[Node],
          edges: Sequence[Edge], gone: WriteBatch, slugs: dict[str, str], ends: list[str],
          batches: int) -> BatchPlan:
    # the last write of an id or an edge wins, as in the embedded store
    last_nodes = {node.id: node for node in nodes}
    node_rows: dict[Label, list[dict[str, Any]]] = {}
    for node_id, node in last_nodes.items():
        node_rows.setdefault(node.label, []).append(
            {"id": node_id, "props": _node_props(node)})
    last_edges = {edge.key: edge.props for edge in edges}
    edge_rows: dict[EdgeType, list[tuple[str, str, dict[str, Any]]]] = {}
    for (etype, src, dst), props in last_edges.items():
        edge_rows.setdefault(EdgeType(etype), []).append(
            (src, dst, encode_props(props) if props else {}))
    gone_edges: dict[EdgeType, list[dict[str, str]]] = {}
    for gone_type, src, dst in gone.delete_edges:
        known = EDGE_TYPES.get(str(gone_type))
        if known is not None:       # an edge of a type we do not know does not exist
            gone_edges.setdefault(known, []).append({"src": src, "dst": dst})
    return BatchPlan(
        checked=checked, deleted=deleted, nodes=node_rows, edges=edge_rows,
        delete_edges=gone_edges, delete_nodes=list(dict.fromkeys(gone.delete_nodes)),
        slugs=slugs, ends=ends, batches=batches,
    )


def _node_props(node: Node) -> dict[str, Any]:
    """A node's stored properties: its own, its id, and the keys the store sorts and finds by."""
    node_id, label, props = node.id, node.label, node.props
    stored = encode_props(props)
    stored["id"] = node_id
    stored[SORT] = sort_key(node_id)
    index = node_index(node)
    if index is not None:
        stored[WORDS], stored[GRAMS] = index
    if label is Label.ARTIFACT:
        try:
            rank = float(props.get("rank_score", -1.0))
        except (TypeError, ValueError) as exc:
            raise BatchRejected(
                f"artifact {node_id!r}: rank_score {props['rank_score']!r} is not a number"
            ) from exc
        if math.isnan(rank):
            raise BatchRejected(f"artifact {node_id!r}: rank_score is NaN")
        stored[RANK] = rank
        stored[NAME] = sort_key(str(props["name"]).casefold())
        stored[SLUG] = sort_key(props["slug"])
        aliases = [str(alias) for alias in props.get("aliases", ())]
        if aliases:
            stored[ALIASES] = aliases
        kind = type_key(props.get("type"))
        if kind is not None:
            stored[TYPE] = kind
    return stored


def _check(tx: neo4j.ManagedTransaction, plan: BatchPlan) -> None:
    """Raise the BatchRejected that names what the batch's check finds wrong, if anything."""
    owners: dict[str, str] = {}
    existing: set[str] = set()
    if plan.slugs or plan.ends:
        record = tx.run(cypher.VALIDATE, {"slugs": list(plan.slugs), "ends": plan.ends}).single()
        if record:
            owners, existing = dict(record["owners"]), set(record["existing"])
    plan.checked.check_ends(owners, existing)


def write_batch(tx: neo4j.ManagedTransaction, plan: BatchPlan) -> None:
    """The whole batch in one statement, in one transaction; safe to run again (the driver
    retries it): MERGE and SET, and the check writes nothing."""
    deleted = plan.deleted
    if deleted and any(e.src in deleted or e.dst in deleted for e in plan.checked.edges):
        _check(tx, plan)    # an edge to a node the batch deletes: raises, naming it
    shape = cypher.WriteShape(
        slugs=bool(plan.slugs), ends=bool(plan.ends),
        labels=tuple(label for label in Label if label in plan.nodes),
        types=tuple(etype for etype in EdgeType if etype in plan.edges),
        gone_types=tuple(etype for etype in EdgeType if etype in plan.delete_edges),
        gone_nodes=bool(plan.delete_nodes),
    )
    params: dict[str, Any] = {}
    if plan.slugs:
        params["slugs"] = [[slug, owner] for slug, owner in plan.slugs.items()]
    if plan.ends:
        params["ends"] = plan.ends
    for label in shape.labels:
        params[f"n_{label.value}"] = plan.nodes[label]
    if shape.types:
        # positions in `refs`: the ends the check found, then each label's nodes, in order
        position = {end: i for i, end in enumerate(plan.ends)}
        for label in shape.labels:
            for row in plan.nodes[label]:
                position[row["id"]] = len(position)
        missing = len(position)
        for etype in shape.types:
            params[f"e_{etype.value}"] = [
                [position.get(src, missing), position.get(dst, missing), props]
                for src, dst, props in plan.edges[etype]]
    for etype in shape.gone_types:
        params[f"d_{etype.value}"] = plan.delete_edges[etype]
    if plan.delete_nodes:
        params["gone"] = plan.delete_nodes
    record = tx.run(cypher.write_query(shape), params).single()
    if record is None:      # the check failed: nothing was written
        _check(tx, plan)
        raise BatchRejected("a slug or an edge end the batch needs changed while it was checked")
    for etype, written in zip(shape.types, record["written"], strict=True):
        rows = plan.edges[etype]
        if written != len(rows):    # an end vanished since the check (a concurrent delete)
            raise BatchRejected(
                f"{len(rows) - written} {etype.value} edge(s) lost an end while writing")


def clear_chunk(tx: neo4j.ManagedTransaction, size: int) -> int:
    record = tx.run(cypher.CLEAR_CHUNK, {"size": size}).single()
    return int(record["deleted"]) if record else 0
