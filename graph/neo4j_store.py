"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server or cluster.

Storage model. Every node is `(:Entity:<Label> {id, ...props})`: its one label from
`graph.model.Label`, the common label `:Entity` (unique `id`) and its properties as Neo4j
properties. Every edge is a relationship of its `EdgeType`, at most one per (type, src, dst).
Properties round-trip exactly as the embedded store's JSON does them:

- values Neo4j holds as they are (str, bool, int64, finite float, a list of one of those, the
  empty list) are stored as they are, so Cypher can index and compare them;
- anything else (mappings, mixed or nested lists, NaN, ints past int64) is stored as JSON text
  and its key is listed in `_cg_json` (Neo4j would refuse it, or turn `[1, 2.5]` into floats);
- properties whose names start with `_cg_` are the store's own: a user key `id`, `""` or
  `_cg_...` is kept under `_cg_k_<key>` and reads back under its own name.

Python (and SQLite) order strings by code points. Neo4j 5.26 orders stored values that way but
strings from parameters or expressions by UTF-16 code units; the two disagree when a character
past U+FFFF meets one in U+E000..U+FFFF. So every ordering the store leaves to Neo4j runs on a
sort key that both orders agree on, the string's UTF-8 bytes spelt as Latin-1 (`sort_key`):
`_cg_sort` (the id) on every node, `_cg_name` (case-folded name) and `_cg_slug` on artifacts,
next to `_cg_rank` (rank_score, -1 when missing) and `_cg_aliases` (the aliases as strings).
Pages are also re-sorted in Python, so a page holds the same nodes in the same order as the
embedded store's.

Queries are parameterised; the only text spliced into Cypher is a `Label` or `EdgeType` value,
and every such query is built once, here, from the enums. A batch is one statement in one
managed write transaction: the check, the upserts and the deletions are steps of that statement
(`_write_query`), so a page of the importer costs one round trip to write, not one per label and
edge type (the function the driver may retry is idempotent: MERGE and SET). Reads run in managed
read transactions; every transaction names the database and shares the driver's bookmark
manager, so a read sees the writes before it on a cluster too.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import neo4j
import orjson
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.embedded import claim_order, clean_props
from graph.errors import BatchRejected, StoreError, StoreUnavailable
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch, slugify
from graph.store import (
    CHECKED,
    MAX_SUBGRAPH_NODES,
    ArtifactOrder,
    ArtifactProfile,
    GraphStore,
    NodePage,
    SourceFacts,
)

T = TypeVar("T")

_META = "_cg_"
_ESCAPED = "_cg_k_"
_JSON_KEYS = "_cg_json"
_SORT = "_cg_sort"
_RANK = "_cg_rank"
_NAME = "_cg_name"
_SLUG = "_cg_slug"
_ALIASES = "_cg_aliases"

_PAGE = 2000
"""Rows per read while exporting, and nodes per transaction while clearing."""

_INT64 = (-(2**63), 2**63 - 1)
_LABELS = {label.value: label for label in Label}
_EDGE_TYPES = {etype.value: etype for etype in EdgeType}


def sort_key(text: str) -> str:
    """`text` spelt so that Neo4j's string order is Python's: its UTF-8 bytes as Latin-1.

    Example:
        >>> sort_key("abc")
        'abc'
        >>> sort_key("\\ue000") < sort_key("\\U0001f600")   # Cypher on parameters: the opposite
        True
    """
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


# -- property encoding ------------------------------------------------------------------------


def _scalar_kind(value: Any) -> type | None:
    """The Neo4j property type `value` is stored as unchanged, or None."""
    if isinstance(value, bool):
        return bool
    if isinstance(value, str):
        return str
    if isinstance(value, int):
        return int if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, float):
        return float if math.isfinite(value) else None
    return None


def _native(value: Any) -> Any | None:
    """`value` as Neo4j can hold it and give back equal, or None when it cannot."""
    if _scalar_kind(value) is not None:
        return value
    if isinstance(value, list | tuple):
        kinds = {_scalar_kind(v) for v in value}
        if not value or (len(kinds) == 1 and None not in kinds):
            return list(value)
    return None


def encode_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties (None already dropped) as Neo4j stores them; BatchRejected if not JSON."""
    stored: dict[str, Any] = {}
    as_json: list[str] = []
    low, high = _INT64
    for key, value in props.items():
        if not isinstance(key, str):
            raise BatchRejected(f"property name {key!r} is not a string")
        name = _ESCAPED + key if key in ("", "id") or key.startswith(_META) else key
        kind = type(value)
        if kind is str or kind is bool or (kind is int and low <= value <= high) or (
                kind is float and math.isfinite(value)):
            stored[name] = value    # the common case, without _native's calls
            continue
        native = _native(value)
        if native is not None:
            stored[name] = native
            continue
        try:
            stored[name] = orjson.dumps(value).decode()
        except TypeError as exc:
            raise BatchRejected(f"property {key!r} is not a JSON value: {exc}") from exc
        as_json.append(name)
    if as_json:
        stored[_JSON_KEYS] = as_json
    return stored


def decode_props(stored: Mapping[str, Any]) -> dict[str, Any]:
    """What `encode_props` was given, keys sorted (as the embedded store gives them)."""
    as_json = stored.get(_JSON_KEYS)
    props: dict[str, Any] = {}
    for name, value in stored.items():
        if name.startswith(_META) or name == "id":
            if not name.startswith(_ESCAPED):
                continue
            key = name[len(_ESCAPED):]
        else:
            key = name
        props[key] = orjson.loads(value) if as_json and name in as_json else value
    return {key: props[key] for key in sorted(props)}


def _claim_prefix(slug: str | None) -> str:
    """Where an artifact's claim ids start (stable_id's scope), or where all claim ids do."""
    return f"claim:{slug}:" if slug else "claim:"


def _node(row: Sequence[Any]) -> Node:
    """A node from `[labels(n), properties(n)]`."""
    labels, stored = row
    label = next((_LABELS[name] for name in labels if name in _LABELS), None)
    if label is None:
        raise StoreError(f"node {stored.get('id')!r} has no capgraph label (labels {labels})")
    return Node(stored["id"], label, decode_props(stored))


def _edge(row: Sequence[Any]) -> Edge:
    """An edge from `[type(r), src id, dst id, properties(r)]`."""
    etype, src, dst, stored = row
    return Edge(_EDGE_TYPES[etype], src, dst, decode_props(stored))


# -- Cypher -----------------------------------------------------------------------------------
# Labels and relationship types are spliced from the enums only, each query built once.

_NODE = "[labels(n), properties(n)]"

_SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT capgraph_entity_id IF NOT EXISTS "
    "FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT capgraph_artifact_slug IF NOT EXISTS "
    "FOR (n:Artifact) REQUIRE n.slug IS UNIQUE",
    "CREATE INDEX capgraph_entity_sort IF NOT EXISTS FOR (n:Entity) ON (n._cg_sort)",
    "CREATE INDEX capgraph_artifact_rank IF NOT EXISTS FOR (n:Artifact) ON (n._cg_rank)",
    "CREATE INDEX capgraph_artifact_name IF NOT EXISTS FOR (n:Artifact) ON (n._cg_name)",
    "CREATE INDEX capgraph_artifact_type IF NOT EXISTS FOR (n:Artifact) ON (n.type)",
    "CREATE INDEX capgraph_artifact_type_rank IF NOT EXISTS "
    "FOR (n:Artifact) ON (n.type, n._cg_rank)",
    "CREATE INDEX capgraph_artifact_type_name IF NOT EXISTS "
    "FOR (n:Artifact) ON (n.type, n._cg_name)",
    # a claim is in it once it has a verdict (a composite index holds the nodes that have all
    # its properties), so the import of unchecked claims does not pay for it
    "CREATE INDEX capgraph_claim_checked IF NOT EXISTS "
    "FOR (c:Claim) ON (c.artifact, c.`" + CHECKED + "`)",
)
_AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


# A batch is written by one statement (`_write_query`), in steps that CALL subqueries run in
# order: the check, which also gathers the edge ends the batch does not write; the upserts of
# each label, each gathering its nodes in the order of its rows; then the edges, which name their
# ends by position in what the steps before gathered (`refs`), so that no edge seeks an index;
# then the deletions.


def _upsert_nodes(label: Label) -> str:
    others = ":".join(other.value for other in Label if other is not label)
    rows = f"$n_{label.value}"
    return (
        f"CALL () {{ UNWIND range(0, size({rows}) - 1) AS i WITH i, {rows}[i] AS row "
        "MERGE (n:Entity {id: row.id}) "
        f"SET n = row.props REMOVE n:{others} SET n:{label.value} "
        f"WITH i, n ORDER BY i RETURN collect(n) AS nodes_{label.value} }} "
    )


def _upsert_edges(etype: EdgeType) -> str:
    # a row is [position of src, position of dst, properties]; a position past the end of
    # `refs` (an end the statement did not find) merges nothing, and the count comes up short
    return (
        f"CALL (refs) {{ UNWIND $e_{etype.value} AS row "
        "WITH refs[row[0]] AS a, refs[row[1]] AS b, row[2] AS props "
        "WHERE a IS NOT NULL AND b IS NOT NULL "
        f"MERGE (a)-[r:{etype.value}]->(b) SET r = props "
        f"RETURN count(r) AS w_{etype.value} }} "
    )


def _delete_edges(etype: EdgeType) -> str:
    return (
        f"CALL () {{ UNWIND $d_{etype.value} AS row "
        f"MATCH (:Entity {{id: row.src}})-[r:{etype.value}]->(:Entity {{id: row.dst}}) "
        "DELETE r } "
    )


# The check drops the row that drives the writes when a slug the batch gives already belongs to
# another artifact or an edge end it needs is missing. The slug is sought as the range [s, s]
# (the same nodes as `slug = s`): in a statement that writes, an equality seek on a unique
# index takes the index entry's lock, and so would wait for a concurrent writer of the slug;
# the range seek reads what is committed, as the check should, and the uniqueness constraint
# refuses a race that the check could not see.
_CHECK_SLUGS = (
    "CALL () { UNWIND $slugs AS s MATCH (a:Artifact) "
    "WHERE a.slug >= s[0] AND a.slug <= s[0] AND a.id <> s[1] RETURN count(a) AS taken } "
)
_CHECK_ENDS = (
    "CALL () { UNWIND range(0, size($ends) - 1) AS i MATCH (n:Entity {id: $ends[i]}) "
    "WITH i, n ORDER BY i RETURN collect(n) AS found } "
)
_DELETE_NODES = "CALL () { UNWIND $gone AS i MATCH (n:Entity {id: i}) DETACH DELETE n } "


@dataclass(frozen=True)
class _Shape:
    """Which parts a batch has: the key of its write statement."""

    slugs: bool
    ends: bool
    labels: tuple[Label, ...]           # in enum order, so equal shapes share one text
    types: tuple[EdgeType, ...]
    gone_types: tuple[EdgeType, ...]
    gone_nodes: bool


_WRITES: dict[_Shape, str] = {}
"""Write statements by shape, each built once (the server plans each text once, too)."""


def _write_query(shape: _Shape) -> str:
    """One statement for a whole batch: check, upsert nodes, upsert edges, delete.

    It returns one row, `written` (the edges merged per type, in `shape.types` order), or no
    row when the check failed and nothing was written.
    """
    query = _WRITES.get(shape)
    if query is None:
        parts = []
        if shape.slugs:
            parts.append(_CHECK_SLUGS)
        if shape.ends:
            parts.append(_CHECK_ENDS)
        if shape.slugs or shape.ends:
            conditions = (["taken = 0"] if shape.slugs else []) + (
                ["size(found) = size($ends)"] if shape.ends else [])
            parts.append(f"WITH * WHERE {' AND '.join(conditions)} ")
        parts += [_upsert_nodes(label) for label in shape.labels]
        if shape.types:
            gathered = (["found"] if shape.ends else []) + [
                f"nodes_{label.value}" for label in shape.labels]
            parts.append(f"WITH {' + '.join(['[]', *gathered])} AS refs ")
            parts += [_upsert_edges(etype) for etype in shape.types]
        parts += [_delete_edges(etype) for etype in shape.gone_types]
        if shape.gone_nodes:
            parts.append(_DELETE_NODES)
        written = ", ".join(f"w_{etype.value}" for etype in shape.types)
        parts.append(f"RETURN [{written}] AS written")
        query = _WRITES.setdefault(shape, "".join(parts))
    return query


def _export_edges_query(etype: EdgeType, *, first: bool) -> str:
    # the sources of `etype` edges in id order (the index's), a page at a time
    where = "a._cg_sort IS NOT NULL" if first else "a._cg_sort > $after"
    return (
        f"MATCH (a:Entity) WHERE {where} AND EXISTS {{ (a)-[:{etype.value}]->(:Entity) }} "
        "WITH a ORDER BY a._cg_sort LIMIT $size "
        f"RETURN a._cg_sort AS key, a.id AS src, "
        f"[(a)-[r:{etype.value}]->(b:Entity) | [b.id, properties(r)]] AS out"
    )


_EXPORT_EDGES = {
    (etype, first): _export_edges_query(etype, first=first)
    for etype in EdgeType for first in (True, False)
}
_CLEAR_CHUNK = (
    "MATCH (n:Entity) WITH n LIMIT $size DETACH DELETE n RETURN count(*) AS deleted"
)
_COUNTS = " UNION ALL ".join(
    [f"MATCH (n:{label.value}) RETURN '{label.value}' AS key, count(n) AS n" for label in Label]
    + [f"MATCH ()-[r:{etype.value}]->() RETURN '{etype.value}' AS key, count(r) AS n"
       for etype in EdgeType]
)

_VALIDATE = (
    "CALL () { UNWIND $slugs AS s MATCH (a:Artifact {slug: s}) "
    "RETURN collect([s, a.id]) AS owners } "
    "CALL () { UNWIND $ends AS e MATCH (n:Entity {id: e}) RETURN collect(e) AS existing } "
    "RETURN owners, existing"
)
_GET_NODES = f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN {_NODE} AS node"
_FIND_ARTIFACT = (
    "CALL () { MATCH (n:Artifact {slug: $text}) RETURN n, 0 AS step "
    "UNION ALL MATCH (n:Artifact {_cg_name: $name}) RETURN n, 1 AS step "
    "UNION ALL MATCH (n:Artifact {slug: $slug}) RETURN n, 2 AS step } "
    f"RETURN step, {_NODE} AS node"
)
_FIND_BY_ALIAS = (
    f"MATCH (n:Artifact) WHERE $alias IN n._cg_aliases RETURN {_NODE} AS node"
)
_SOURCE_FACTS = (
    "MATCH (n:Entity {id: $id}) "
    f"RETURN {_NODE} AS node, "
    "[(x:Entity)-[:FROM]->(n) | [x.id, COUNT { (x)-[:FROM]->() }]] AS cited"
)
if not CHECKED.isidentifier() or CHECKED == "id" or CHECKED.startswith(_META):
    raise ImportError(f"graph.store.CHECKED = {CHECKED!r} is not a property this store can query")
_CHECKED = f"c.`{CHECKED}` IS NOT NULL"
"""A claim is checked when it has this property (graph.store.CHECKED)."""

# A claim "of an artifact" is, as in the embedded store, a :Claim whose id starts with
# `claim:<slug>:` (stable_id's scope) and whose `artifact` is the slug. Ids are matched by
# their sort key: the key of a prefix is a prefix of the key, and the index gives id order.
_PROFILES = (
    "UNWIND $rows AS row MATCH (n:Artifact {slug: row.slug}) "
    "WITH row, n, [(n)-[:HAS_SIGNAL]->(s:Entity) | s] AS signals "
    f"RETURN {_NODE} AS node, "
    "[s IN signals | [labels(s), properties(s)]] AS signals, "
    "[(n)-[:HAS_CAPABILITY]->(c:Entity) | [labels(c), properties(c)]] AS capabilities, "
    # each source the signals cite, sought once
    "COLLECT { UNWIND signals AS s WITH DISTINCT s.source AS source "
    "MATCH (src:Entity {id: source}) RETURN [labels(src), properties(src)] } AS sources, "
    # the artifact's checked claims from the index that holds only checked claims (a scan of
    # that index is what the planner picks while it is small: the hint keeps it a seek)
    "COLLECT { MATCH (c:Claim) USING INDEX SEEK c:Claim(artifact, `" + CHECKED + "`) "
    f"WHERE c.artifact = row.slug AND {_CHECKED} AND c._cg_sort STARTS WITH row.claims "
    "AND c:Entity RETURN [labels(c), properties(c)] } AS checked"
)
_CLAIMS_WHERE = (
    "MATCH (c:Entity) WHERE c._cg_sort STARTS WITH $prefix AND c:Claim "
    "AND ($artifact IS NULL OR c.artifact = $artifact) "
    "AND ($verdict IS NULL OR c.verdict = $verdict) "
    "AND ($claim_class IS NULL OR c.claim_class = $claim_class) "
)
_LIST_CLAIMS = (
    f"CALL () {{ {_CLAIMS_WHERE} RETURN count(c) AS total }} "
    f"CALL () {{ {_CLAIMS_WHERE} WITH c ORDER BY c._cg_sort SKIP $skip LIMIT $limit "
    "RETURN collect([labels(c), properties(c)]) AS page } "
    "RETURN total, page"
)
_COUNT_CLAIMS = f"{_CLAIMS_WHERE} RETURN count(c) AS total"
_INCOMING = (
    "UNWIND $ids AS i MATCH (n:Entity)-[r]->(:Entity {id: i}) WHERE type(r) IN $types "
    f"RETURN i AS id, type(r) AS type, {_NODE} AS node"
)
_NODES_WITH = {
    label: f"MATCH (n:{label.value}) WHERE n[$key] IN $values RETURN {_NODE} AS node"
    for label in Label
}
_CLAIMS_OF = (
    "UNWIND $ids AS i MATCH (n:Entity {id: i}) "
    "RETURN i AS id, [(n)-[:CLAIMS]->(c:Entity) | [labels(c), properties(c)]] AS claims"
)


def _list_query(order: ArtifactOrder, *, typed: bool) -> str:
    # `IS NOT NULL` on the first sort key (every artifact has it) and, with a type, a hint for
    # the composite index: Neo4j then reads artifacts in index order and stops after the page
    if typed:
        match = "MATCH (n:Artifact) WHERE n.type = $type "
        total = f"{match}RETURN count(n) AS total"
        if order is ArtifactOrder.RANK_DESC:
            match = ("MATCH (n:Artifact) USING INDEX n:Artifact(type, _cg_rank) "
                     "WHERE n.type = $type AND n._cg_rank IS NOT NULL ")
            sort = "n.type DESC, n._cg_rank DESC, n._cg_slug"
        else:
            match = ("MATCH (n:Artifact) USING INDEX n:Artifact(type, _cg_name) "
                     "WHERE n.type = $type AND n._cg_name IS NOT NULL ")
            sort = "n.type, n._cg_name, n._cg_slug"
    else:
        total = "MATCH (n:Artifact) RETURN count(n) AS total"
        if order is ArtifactOrder.RANK_DESC:
            match = "MATCH (n:Artifact) WHERE n._cg_rank IS NOT NULL "
            sort = "n._cg_rank DESC, n._cg_slug"
        else:
            match = "MATCH (n:Artifact) WHERE n._cg_name IS NOT NULL "
            sort = "n._cg_name, n._cg_slug"
    return (
        f"CALL () {{ {total} }} "
        f"CALL () {{ {match}WITH n ORDER BY {sort} SKIP $skip LIMIT $limit "
        f"RETURN collect({_NODE}) AS page }} "
        "RETURN total, page"
    )


_LIST = {(order, typed): _list_query(order, typed=typed)
         for order in ArtifactOrder for typed in (False, True)}
_NO_LIMIT = 2**62

_NODE_EXISTS = "MATCH (n:Entity {id: $id}) RETURN n.id AS id"
_INCIDENT = (
    "UNWIND $ids AS i MATCH (:Entity {id: i})-[r]-(m:Entity) "
    "RETURN DISTINCT i AS id, m.id AS other, type(r) AS type"
)
_INCIDENT_TYPED = (
    "UNWIND $ids AS i MATCH (:Entity {id: i})-[r]-(m:Entity) WHERE type(r) IN $types "
    "RETURN DISTINCT i AS id, m.id AS other, type(r) AS type"
)
_SUBGRAPH = (
    "UNWIND $ids AS i MATCH (n:Entity {id: i}) "
    f"RETURN {_NODE} AS node, "
    "[(n)-[r]->(m:Entity) WHERE m.id IN $ids | [type(r), n.id, m.id, properties(r)]] AS out"
)
_EXPORT_NODES_FIRST = (
    f"MATCH (n:Entity) WHERE n._cg_sort IS NOT NULL RETURN n._cg_sort AS key, {_NODE} AS node "
    "ORDER BY n._cg_sort LIMIT $size"
)
_EXPORT_NODES = (
    f"MATCH (n:Entity) WHERE n._cg_sort > $after RETURN n._cg_sort AS key, {_NODE} AS node "
    "ORDER BY n._cg_sort LIMIT $size"
)


# -- writes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """A validated-in-Python batch, ready to write: the rows of each part of the statement."""

    nodes: dict[Label, list[dict[str, Any]]]           # label -> [{id, props}]
    edges: dict[EdgeType, list[tuple[str, str, dict[str, Any]]]]   # -> [(src, dst, props)]
    delete_edges: dict[EdgeType, list[dict[str, str]]]
    delete_nodes: list[str]
    slugs: dict[str, str]              # slug -> the artifact id the batch gives it
    new_ids: frozenset[str]
    deleted: frozenset[str]
    edge_ends: list[tuple[EdgeType, str, str]]   # (type, src, dst) of every edge, in order
    ends: list[str]                    # edge ends the batch does not write: must exist


def _plan(batch: WriteBatch) -> _Plan:
    """Check what needs no database (as the embedded store does) and build the query rows."""
    nodes = [(n.id, n.label if type(n.label) is Label else Label(n.label), clean_props(n.props))
             for n in batch.nodes]
    edges = [(e.type if type(e.type) is EdgeType else EdgeType(e.type), e.src, e.dst,
              clean_props(e.props)) for e in batch.edges]
    # the last write of an id or an edge wins, as in the embedded store
    last_nodes = {node_id: (label, props) for node_id, label, props in nodes}
    new_ids = last_nodes.keys()
    deleted = set(batch.delete_nodes)
    if both := new_ids & deleted:
        raise BatchRejected(f"batch both writes and deletes node {sorted(both)[0]!r}")
    slugs: dict[str, str] = {}
    for node_id, label, props in nodes:
        if label is Label.ARTIFACT:
            slug = props.get("slug")
            if not isinstance(slug, str) or not slug or not props.get("name"):
                raise BatchRejected(f"artifact {node_id!r} needs a slug and a name")
            if slugs.setdefault(slug, node_id) != node_id:
                raise BatchRejected(f"slug {slug!r} is given to two artifacts in one batch")
    node_rows: dict[Label, list[dict[str, Any]]] = {}
    for node_id, (label, props) in last_nodes.items():
        node_rows.setdefault(label, []).append(
            {"id": node_id, "props": _node_props(node_id, label, props)})
    last_edges = {(etype, src, dst): props for etype, src, dst, props in edges}
    edge_rows: dict[EdgeType, list[tuple[str, str, dict[str, Any]]]] = {}
    for (etype, src, dst), props in last_edges.items():
        edge_rows.setdefault(etype, []).append((src, dst, encode_props(props) if props else {}))
    gone_edges: dict[EdgeType, list[dict[str, str]]] = {}
    for gone_type, src, dst in batch.delete_edges:
        known = _EDGE_TYPES.get(str(gone_type))
        if known is not None:       # an edge of a type we do not know does not exist
            gone_edges.setdefault(known, []).append({"src": src, "dst": dst})
    edge_ends = [(etype, src, dst) for etype, src, dst, _ in edges]
    ends = sorted({end for _, src, dst in edge_ends for end in (src, dst)} - new_ids)
    return _Plan(
        nodes=node_rows, edges=edge_rows, delete_edges=gone_edges,
        delete_nodes=list(dict.fromkeys(batch.delete_nodes)), slugs=slugs,
        new_ids=frozenset(new_ids), deleted=frozenset(deleted), edge_ends=edge_ends, ends=ends,
    )


def _node_props(node_id: str, label: Label, props: Mapping[str, Any]) -> dict[str, Any]:
    """A node's stored properties: its own, its id, and the keys the store sorts and finds by."""
    stored = encode_props(props)
    stored["id"] = node_id
    stored[_SORT] = sort_key(node_id)
    if label is Label.ARTIFACT:
        try:
            rank = float(props.get("rank_score", -1.0))
        except (TypeError, ValueError) as exc:
            raise BatchRejected(
                f"artifact {node_id!r}: rank_score {props['rank_score']!r} is not a number"
            ) from exc
        if math.isnan(rank):
            raise BatchRejected(f"artifact {node_id!r}: rank_score is NaN")
        stored[_RANK] = rank
        stored[_NAME] = sort_key(str(props["name"]).casefold())
        stored[_SLUG] = sort_key(props["slug"])
        aliases = [str(alias) for alias in props.get("aliases", ())]
        if aliases:
            stored[_ALIASES] = aliases
    return stored


def _check(tx: neo4j.ManagedTransaction, plan: _Plan) -> None:
    """Raise the BatchRejected that names what the batch's check finds wrong, if anything."""
    owners: dict[str, str] = {}
    existing: set[str] = set()
    if plan.slugs or plan.ends:
        record = tx.run(_VALIDATE, {"slugs": list(plan.slugs), "ends": plan.ends}).single()
        if record:
            owners, existing = dict(record["owners"]), set(record["existing"])
    for slug, owner in owners.items():
        if owner != plan.slugs[slug]:
            raise BatchRejected(f"slug {slug!r} already belongs to another artifact")
    for etype, src, dst in plan.edge_ends:
        for end in (src, dst):
            if end in plan.deleted or (end not in plan.new_ids and end not in existing):
                raise BatchRejected(
                    f"edge {etype.value} {src} -> {dst}: node {end!r} does not exist")


def _write_batch(tx: neo4j.ManagedTransaction, plan: _Plan) -> None:
    """The whole batch in one statement, in one transaction; safe to run again (the driver
    retries it): MERGE and SET, and the check writes nothing."""
    if plan.deleted and any(src in plan.deleted or dst in plan.deleted
                            for _, src, dst in plan.edge_ends):
        _check(tx, plan)    # an edge to a node the batch deletes: raises, naming it
    shape = _Shape(
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
    record = tx.run(_write_query(shape), params).single()
    if record is None:      # the check failed: nothing was written
        _check(tx, plan)
        raise BatchRejected("a slug or an edge end the batch needs changed while it was checked")
    for etype, written in zip(shape.types, record["written"], strict=True):
        rows = plan.edges[etype]
        if written != len(rows):    # an end vanished since the check (a concurrent delete)
            raise BatchRejected(
                f"{len(rows) - written} {etype.value} edge(s) lost an end while writing")


def _clear_chunk(tx: neo4j.ManagedTransaction, size: int) -> int:
    record = tx.run(_CLEAR_CHUNK, {"size": size}).single()
    return int(record["deleted"]) if record else 0


# -- the store --------------------------------------------------------------------------------


_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""Bolt, direct or routing (a cluster); the driver's HTTP preview is not for this store."""


def _reason(exc: Exception) -> str:
    """What went wrong, in the server's words when it said something."""
    if isinstance(exc, Neo4jError) and exc.message:
        return str(exc.message)
    return str(exc) or type(exc).__name__


def redact_uri(uri: str) -> str:
    """The URI without any password in it (`bolt://user:pw@host` -> `bolt://user@host`)."""
    try:
        parts = urlsplit(uri)
        if parts.password is None:
            return uri
        host = parts.netloc.rpartition("@")[2]
        user = f"{parts.username}@" if parts.username else ""
        return urlunsplit(parts._replace(netloc=user + host))
    except ValueError:
        return "<unparseable URI>"


class Neo4jStore:
    """The GraphStore over a Neo4j 5 server (`bolt://`) or cluster (`neo4j://`)."""

    def __init__(self, driver: neo4j.Driver, *, uri: str, database: str) -> None:
        """Use `connect`; this takes a driver that is already verified."""
        self._driver = driver
        self._database = database
        self._where = f"Neo4j at {redact_uri(uri)} (database {database!r})"
        self._bookmarks = driver.execute_query_bookmark_manager
        self._applied = 0       # batches written, so far (see grouped_writes)

    @classmethod
    def connect(
        cls, uri: str, *, user: str, password: str, database: str,
        connection_timeout: float = 15.0,
    ) -> Neo4jStore:
        """Connect, check the server answers for `database`, create constraints and indexes.

        An empty password means no authentication. Failing to reach the server, to log in or
        to find the database raises `StoreUnavailable` naming the URI and the database.
        """
        where = f"Neo4j at {redact_uri(uri)} (database {database!r})"

        def unavailable(what: str, exc: Exception) -> StoreUnavailable:
            reason = _reason(exc)
            if password:
                reason = reason.replace(password, "***")
            return StoreUnavailable(f"{what} {where}: {reason}")

        scheme = uri.partition("://")[0].lower() if "://" in uri else ""
        if scheme not in _SCHEMES:
            raise StoreUnavailable(
                f"cannot use {where}: the URI must start with one of "
                f"{', '.join(s + '://' for s in _SCHEMES)}"
            )
        auth = (user, password) if password else None
        try:
            driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=connection_timeout,
                # no usage report to the server before every transaction: a message less each
                telemetry_disabled=True,
                # "property `verdict` does not exist" on a young graph is not worth a log line
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED],
            )
        except (ConfigurationError, ValueError) as exc:
            raise unavailable("cannot use", exc) from None
        try:
            driver.verify_connectivity()
            store = cls(driver, uri=uri, database=database)
            store._create_schema()
        except AuthError as exc:
            driver.close()
            raise unavailable(f"authentication as {user!r} failed at", exc) from None
        except Neo4jError as exc:
            driver.close()
            raise unavailable("cannot open", exc) from None
        except (DriverError, OSError) as exc:
            driver.close()
            raise unavailable("cannot reach", exc) from None
        except BaseException:
            driver.close()
            raise
        return store

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database, bookmark_manager=self._bookmarks)

    def _create_schema(self) -> None:
        with self._session() as session:
            for statement in _SCHEMA:
                try:
                    session.run(statement).consume()
                except ClientError as exc:
                    # a concurrent start created it first
                    if exc.code != "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists":
                        raise
            session.run(_AWAIT_INDEXES).consume()

    def _fail(self, exc: Exception) -> StoreError:
        if isinstance(exc, ServiceUnavailable | SessionExpired):
            return StoreUnavailable(f"cannot reach {self._where}: {_reason(exc)}")
        if isinstance(exc, Neo4jError) and (exc.code or "").startswith(
            ("Neo.ClientError.Database.", "Neo.ClientError.Security.")
        ):
            return StoreUnavailable(f"{self._where} refused: {_reason(exc)}")
        return StoreError(f"{self._where} failed: {_reason(exc)}")

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self._session() as session:
                return session.execute_read(work)
        except (DriverError, Neo4jError) as exc:
            raise self._fail(exc) from exc

    def _rows(self, query: str, **params: Any) -> list[neo4j.Record]:
        """One query's rows, in a managed read transaction (the driver's `execute_query`: it
        retries as `execute_read` does, and sends BEGIN with the query, one round trip less)."""
        try:
            return self._driver.execute_query(
                query, params, database_=self._database, routing_=neo4j.RoutingControl.READ,
                bookmark_manager_=self._bookmarks, result_transformer_=list,
            )
        except (DriverError, Neo4jError) as exc:
            raise self._fail(exc) from exc

    # -- writes ---------------------------------------------------------------------------

    def apply(self, batch: WriteBatch) -> None:
        if not batch:
            return
        plan = _plan(batch)
        try:
            with self._session() as session:
                session.execute_write(_write_batch, plan)
            self._applied += 1
        except ConstraintError as exc:
            raise BatchRejected(f"{self._where} refused the batch: {_reason(exc)}") from exc
        except ClientError as exc:
            failure = self._fail(exc)
            if isinstance(failure, StoreUnavailable):
                raise failure from exc
            raise BatchRejected(f"{self._where} refused the batch: {_reason(exc)}") from exc
        except (DriverError, Neo4jError) as exc:
            raise self._fail(exc) from exc

    @contextmanager
    def grouped_writes(self, size: int = 200) -> Iterator[None]:
        """Each batch still commits on its own: Neo4j has no savepoints, so a batch that shares
        a transaction cannot fail alone, and a group committed at its end would lose pages the
        importer has already reported as imported if the server went away before it.

        After a bulk write (`size` batches or more), the queries readers use are run once: the
        statistics have changed enough that Neo4j plans them again on their next run, and that
        is better paid here, once, than by the first request after the import.
        """
        before = self._applied
        yield
        if self._applied - before >= size:
            self._plan_reads()

    def _plan_reads(self) -> None:
        """Run the reads of a leaderboard and a comparison once (see `grouped_writes`)."""
        try:
            top = self.list_artifacts(first=50).nodes
            slugs = [str(node.props["slug"]) for node in top]
            if slugs:
                self.find_artifact(slugs[0])
                found = self.profiles(slugs)
                self.claims_of([cap.id for profile in found[:2] for cap in profile.capabilities])
        except StoreError:
            pass        # only a head start: the next read plans what this did not

    def clear(self) -> None:
        try:
            with self._session() as session:
                while session.execute_write(_clear_chunk, _PAGE) >= _PAGE:
                    pass
        except (DriverError, Neo4jError) as exc:
            raise self._fail(exc) from exc

    def close(self) -> None:
        self._driver.close()

    # -- reads ----------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        found = self.get_nodes([node_id])
        return found[0] if found else None

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        if not node_ids:
            return []
        rows = self._rows(_GET_NODES, ids=list(dict.fromkeys(node_ids)))
        found = {node.id: node for node in (_node(r["node"]) for r in rows)}
        return [found[i] for i in node_ids if i in found]

    def find_artifact(self, name_or_slug: str) -> Node | None:
        try:
            slug: str | None = slugify(name_or_slug)
        except ValueError:
            slug = None
        rows = self._rows(_FIND_ARTIFACT, text=name_or_slug,
                          name=sort_key(name_or_slug.casefold()), slug=slug)
        if rows:
            step = min(r["step"] for r in rows)
            # a shared name: the smallest id wins
            return min((_node(r["node"]) for r in rows if r["step"] == step),
                       key=lambda n: n.id)
        if slug is None:
            return None
        aliased = [_node(r["node"]) for r in self._rows(_FIND_BY_ALIAS, alias=slug)]
        return min(aliased, key=lambda n: n.id) if aliased else None

    def source_facts(self, source_id: str) -> SourceFacts:
        rows = self._rows(_SOURCE_FACTS, id=source_id)
        if not rows:
            return SourceFacts(None, (), ())
        cited = sorted((str(i), int(n)) for i, n in rows[0]["cited"])
        return SourceFacts(_node(rows[0]["node"]), tuple(i for i, _ in cited),
                           tuple(i for i, n in cited if n == 1))

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        if not slugs:
            return []
        by_slug: dict[str, ArtifactProfile] = {}
        rows = [{"slug": slug, "claims": sort_key(_claim_prefix(slug))}
                for slug in dict.fromkeys(slugs)]
        for row in self._rows(_PROFILES, rows=rows):
            artifact = _node(row["node"])
            sigs = tuple(sorted((_node(s) for s in row["signals"]), key=lambda n: n.id))
            caps = tuple(sorted((_node(c) for c in row["capabilities"]),
                                key=lambda n: (n.props.get("position", 0), n.id)))
            found = {n.id: n for n in (_node(s) for s in row["sources"])}
            cited = {str(s.props["source"]) for s in sigs}
            sources = {i: found[i] for i in sorted(cited) if i in found}
            checked = tuple(sorted((_node(c) for c in row["checked"]), key=lambda n: n.id))
            by_slug[artifact.props["slug"]] = ArtifactProfile(
                artifact, sigs, sources, caps, checked)
        return [by_slug[slug] for slug in slugs if slug in by_slug]

    def claims_of(self, owner_ids: Sequence[str]) -> Mapping[str, list[Node]]:
        if not owner_ids:
            return {}
        rows = self._rows(_CLAIMS_OF, ids=list(dict.fromkeys(owner_ids)))
        found = {r["id"]: sorted((_node(c) for c in r["claims"]), key=claim_order)
                 for r in rows}
        return {c: found[c] for c in owner_ids if c in found}

    def list_claims(
        self, *, first: int, offset: int = 0, artifact: str | None = None,
        verdict: str | None = None, claim_class: str | None = None,
    ) -> NodePage:
        params: dict[str, Any] = {
            "prefix": sort_key(_claim_prefix(artifact)), "artifact": artifact,
            "verdict": verdict, "claim_class": claim_class,
        }
        if offset >= 0 and first >= 0:
            rows = self._rows(_LIST_CLAIMS, **params, skip=offset, limit=first)
            total, page = (int(rows[0]["total"]), rows[0]["page"]) if rows else (0, [])
        else:
            # the embedded store slices a Python list: negative bounds count from the end
            counted = self._rows(_COUNT_CLAIMS, **params)
            total = int(counted[0]["total"]) if counted else 0
            start, stop, _ = slice(offset, offset + first).indices(total)
            rows = self._rows(_LIST_CLAIMS, **params, skip=start, limit=max(stop - start, 0))
            page = rows[0]["page"] if rows else []
        nodes = sorted((_node(c) for c in page), key=lambda n: n.id)
        return NodePage(tuple(nodes), offset, total)

    def incoming(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType],
    ) -> Mapping[str, list[tuple[EdgeType, Node]]]:
        result: dict[str, list[tuple[EdgeType, Node]]] = {i: [] for i in node_ids}
        types = [EdgeType(t).value for t in edge_types]
        if not result or not types:
            return result
        rows = self._rows(_INCOMING, ids=list(result), types=types)
        found = sorted(((r["id"], r["type"], _node(r["node"])) for r in rows),
                       key=lambda row: (row[0], row[1], row[2].id))
        for dst, etype, node in found:
            result[dst].append((_EDGE_TYPES[etype], node))
        return result

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        if not key.isidentifier() or key == "id" or key.startswith(_META) or not values:
            return []
        rows = self._rows(_NODES_WITH[Label(label)], key=key, values=list(values))
        return sorted((_node(r["node"]) for r in rows), key=lambda n: sort_key(n.id))

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC,
    ) -> NodePage:
        order = ArtifactOrder(order)
        query = _LIST[(order, type is not None)]
        # SQLite's LIMIT/OFFSET, as the embedded store has them: a negative limit is none,
        # a negative offset is 0
        rows = self._rows(query, type=type, skip=max(offset, 0),
                          limit=first if first >= 0 else _NO_LIMIT)
        total, page = (rows[0]["total"], rows[0]["page"]) if rows else (0, [])
        # the stored sort keys, compared in Python: the same order, whatever collect() keeps
        if order is ArtifactOrder.RANK_DESC:
            page = sorted(page, key=lambda row: (-row[1][_RANK], row[1][_SLUG]))
        else:
            page = sorted(page, key=lambda row: (row[1][_NAME], row[1][_SLUG]))
        return NodePage(tuple(_node(row) for row in page), offset, int(total))

    def neighbourhood(
        self, node_id: str, depth: int, edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        allowed = sorted({EdgeType(t).value for t in edge_types}) if edge_types else None

        def work(tx: neo4j.ManagedTransaction) -> Subgraph:
            if tx.run(_NODE_EXISTS, {"id": node_id}).single() is None:
                return Subgraph((), ())
            # the embedded store's breadth-first search, one query per level
            seen = {node_id}
            queue = deque([(node_id, 0)])
            while queue and len(seen) < MAX_SUBGRAPH_NODES:
                level = [queue.popleft()]
                while queue and queue[0][1] == level[0][1]:
                    level.append(queue.popleft())
                if level[0][1] == depth:
                    continue
                ids = [n for n, _ in level]
                if allowed is None:
                    result = tx.run(_INCIDENT, {"ids": ids})
                else:
                    result = tx.run(_INCIDENT_TYPED, {"ids": ids, "types": allowed})
                incident: dict[str, set[tuple[str, str]]] = {i: set() for i in ids}
                for row in result:
                    incident[row["id"]].add((row["other"], row["type"]))
                for current, dist in level:
                    for other, _ in sorted(incident[current]):
                        if other not in seen:
                            if len(seen) >= MAX_SUBGRAPH_NODES:
                                break
                            seen.add(other)
                            queue.append((other, dist + 1))
            ids = sorted(seen)
            nodes: list[Node] = []
            edges: list[Edge] = []
            for row in tx.run(_SUBGRAPH, {"ids": ids}):
                nodes.append(_node(row["node"]))
                edges.extend(_edge(out) for out in row["out"]
                             if allowed is None or out[0] in allowed)
            nodes.sort(key=lambda n: n.id)
            edges.sort(key=lambda e: e.key)
            return Subgraph(tuple(nodes), tuple(edges))

        return self._read(work)

    def export(self) -> Iterator[Node | Edge]:
        """Nodes by id, then edges by (type, src, dst); read a page at a time."""
        after: str | None = None
        while True:
            if after is None:
                rows = self._rows(_EXPORT_NODES_FIRST, size=_PAGE)
            else:
                rows = self._rows(_EXPORT_NODES, after=after, size=_PAGE)
            yield from sorted((_node(r["node"]) for r in rows), key=lambda n: n.id)
            if len(rows) < _PAGE:
                break
            after = max(r["key"] for r in rows)
        for etype in sorted(EdgeType, key=lambda t: t.value):
            after = None
            while True:
                if after is None:
                    rows = self._rows(_EXPORT_EDGES[(etype, True)], size=_PAGE)
                else:
                    rows = self._rows(_EXPORT_EDGES[(etype, False)], after=after, size=_PAGE)
                page = [Edge(etype, r["src"], dst, decode_props(props))
                        for r in rows for dst, props in r["out"]]
                yield from sorted(page, key=lambda e: (e.src, e.dst))
                if len(rows) < _PAGE:
                    break
                after = max(r["key"] for r in rows)

    def counts(self) -> Mapping[str, int]:
        rows = self._rows(_COUNTS)
        return dict(sorted((r["key"], int(r["n"])) for r in rows if r["n"]))


if TYPE_CHECKING:
    def _is_a_graph_store(store: Neo4jStore) -> GraphStore:
        return store    # mypy holds the class to the protocol here
