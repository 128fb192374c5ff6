"""The Cypher catalogue: every statement the Neo4j store runs, each built once, here.

Queries are parameterised; the only text spliced into Cypher is a `Label` or `EdgeType` value
(from the enums, never from input). A batch is one statement (`write_query`): the check, the
upserts and the deletions are steps of that statement, so a page of the importer costs one
round trip to write, not one per label and edge type.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import EdgeType, Label
from graph.neo4j.codec import GRAMS, META, SORT, WORDS
from graph.search_index import SEARCHABLE
from graph.store import CHECKED, ArtifactOrder

# Labels and relationship types are spliced from the enums only, each query built once.

_NODE = "[labels(n), properties(n)]"

SEARCH_INDEX = "capgraph_search"
"""The full-text index search reads (graph.search_index's words and grams)."""

SCHEMA: tuple[str, ...] = (
    "CREATE CONSTRAINT capgraph_entity_id IF NOT EXISTS "
    "FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT capgraph_artifact_slug IF NOT EXISTS "
    "FOR (n:Artifact) REQUIRE n.slug IS UNIQUE",
    "CREATE INDEX capgraph_entity_sort IF NOT EXISTS FOR (n:Entity) ON (n._cg_sort)",
    "CREATE INDEX capgraph_artifact_rank IF NOT EXISTS FOR (n:Artifact) ON (n._cg_rank)",
    "CREATE INDEX capgraph_artifact_name IF NOT EXISTS FOR (n:Artifact) ON (n._cg_name)",
    # types are filtered by graph.model.type_key (`_cg_type`); the indexes on the type as
    # given served the filter before, and a graph written then gets its keys here
    "DROP INDEX capgraph_artifact_type IF EXISTS",
    "DROP INDEX capgraph_artifact_type_rank IF EXISTS",
    "DROP INDEX capgraph_artifact_type_name IF EXISTS",
    "CREATE INDEX capgraph_artifact_type_key_rank IF NOT EXISTS "
    "FOR (n:Artifact) ON (n._cg_type, n._cg_rank)",
    "CREATE INDEX capgraph_artifact_type_key_name IF NOT EXISTS "
    "FOR (n:Artifact) ON (n._cg_type, n._cg_name)",
    "MATCH (n:Artifact) WHERE n.type IS NOT NULL AND n._cg_type IS NULL "
    "SET n._cg_type = toLower(trim(n.type))",
    # a claim is in it once it has a verdict (a composite index holds the nodes that have all
    # its properties), so the import of unchecked claims does not pay for it
    "CREATE INDEX capgraph_claim_checked IF NOT EXISTS "
    "FOR (c:Claim) ON (c.artifact, c.`" + CHECKED + "`)",
    # the importer finds a page by its text's checksum (graph.ingest.identity)
    "CREATE INDEX capgraph_source_checksum IF NOT EXISTS FOR (n:Source) ON (n.checksum)",
    # search (graph.search_index): the words are split and folded in Python, so the index
    # only splits on spaces, as the embedded store's FTS5 does; updated as writes commit
    f"CREATE FULLTEXT INDEX {SEARCH_INDEX} IF NOT EXISTS "
    "FOR (n:" + "|".join(label.value for label in SEARCHABLE) + ") "
    f"ON EACH [n.{WORDS}, n.{GRAMS}] OPTIONS {{indexConfig: {{"
    "`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
    "CREATE CONSTRAINT capgraph_lock_name IF NOT EXISTS "
    "FOR (n:CapgraphLock) REQUIRE n.name IS UNIQUE",
)

# Neo4j reads committed data: one transaction is not a snapshot (a node page read before an
# import commits and an edge page read after it disagree). So every write transaction begins by
# taking one lock, the exclusive lock of a node outside the graph (no :Entity label: no read,
# export, count or clear sees it), and an export holds that lock while it reads: the writers
# wait, one after another, and the export reads the graph as it was when it took the lock.
_TAKE_WRITE_LOCK = (
    "MERGE (lock:CapgraphLock {name: 'writes'}) SET lock.writes = coalesce(lock.writes, 0) + 1"
)
WRITE_LOCK = f"CALL () {{ {_TAKE_WRITE_LOCK} }} "
"""The start of every write statement: take the write lock (see above)."""
EXPORT_LOCK = _TAKE_WRITE_LOCK
"""What an export runs first, in the transaction it then reads in (and rolls back)."""
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"


# A batch is written by one statement (`_write_query`), in steps that CALL subqueries run in
# order: the check, which also gathers the edge ends the batch does not write; the upserts of
# each label, each gathering its nodes in the order of its rows; then the edges, which name their
# ends by position in what the steps before gathered (`refs`), so that no edge seeks an index;
# then the deletions.


def _upsert_nodes(label: Label) -> str:
    # the other labels are removed only from a node that has one (it was another kind of
    # node): removing nine absent labels from every node written was a sixth of the server's
    # CPU for an import (measured with the next statement's change: 15.4 -> 12.7 ms a page)
    others = ":".join(other.value for other in Label if other is not label)
    rows = f"$n_{label.value}"
    return (
        f"CALL () {{ UNWIND range(0, size({rows}) - 1) AS i WITH i, {rows}[i] AS row "
        "MERGE (n:Entity {id: row.id}) SET n = row.props "
        f"FOREACH (_ IN CASE WHEN size(labels(n)) = 1 OR (size(labels(n)) = 2 "
        f"AND n:{label.value}) THEN [] ELSE [1] END | REMOVE n:{others}) "
        f"SET n:{label.value} "
        f"WITH i, n ORDER BY i RETURN collect(n) AS nodes_{label.value} }} "
    )


def _upsert_edges(etype: EdgeType) -> str:
    # a row is [position of src, position of dst, properties]; a position past the end of
    # `refs` (an end the statement did not find) merges nothing, and the count comes up short.
    # A new edge gets its properties added (most have none: nothing to clear), one that was
    # there has them replaced
    return (
        f"CALL (refs) {{ UNWIND $e_{etype.value} AS row "
        "WITH refs[row[0]] AS a, refs[row[1]] AS b, row[2] AS props "
        "WHERE a IS NOT NULL AND b IS NOT NULL "
        f"MERGE (a)-[r:{etype.value}]->(b) ON CREATE SET r += props ON MATCH SET r = props "
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
class WriteShape:
    """Which parts a batch has: the key of its write statement."""

    slugs: bool
    ends: bool
    labels: tuple[Label, ...]           # in enum order, so equal shapes share one text
    types: tuple[EdgeType, ...]
    gone_types: tuple[EdgeType, ...]
    gone_nodes: bool


_WRITES: dict[WriteShape, str] = {}
"""Write statements by shape, each built once (the server plans each text once, too)."""


def write_query(shape: WriteShape) -> str:
    """One statement for a whole batch: take the write lock, check, upsert nodes, upsert
    edges, delete.

    It returns one row, `written` (the edges merged per type, in `shape.types` order), or no
    row when the check failed and nothing was written.
    """
    query = _WRITES.get(shape)
    if query is None:
        parts = [WRITE_LOCK]
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


EXPORT_EDGES = {
    (etype, first): _export_edges_query(etype, first=first)
    for etype in EdgeType for first in (True, False)
}
CLEAR_CHUNK = (
    f"{WRITE_LOCK}MATCH (n:Entity) WITH n LIMIT $size DETACH DELETE n RETURN count(*) AS deleted"
)
COUNT_LABEL = {label: f"MATCH (n:{label.value}) RETURN count(n) AS n" for label in Label}
COUNTS = " UNION ALL ".join(
    [f"MATCH (n:{label.value}) RETURN '{label.value}' AS key, count(n) AS n" for label in Label]
    + [f"MATCH ()-[r:{etype.value}]->() RETURN '{etype.value}' AS key, count(r) AS n"
       for etype in EdgeType]
)

VALIDATE = (
    "CALL () { UNWIND $slugs AS s MATCH (a:Artifact {slug: s}) "
    "RETURN collect([s, a.id]) AS owners } "
    "CALL () { UNWIND $ends AS e MATCH (n:Entity {id: e}) RETURN collect(e) AS existing } "
    "RETURN owners, existing"
)
GET_NODES = f"UNWIND $ids AS i MATCH (n:Entity {{id: i}}) RETURN {_NODE} AS node"
# each lookup is [its position, the value]; an empty list costs nothing (the alias lookup,
# which reads every artifact, is asked only when the others found nothing). Aliases have no
# index: every artifact is read once for all the alias lookups of a call, not once for each
# (the importer asks a window's new slugs at once: 1,000 scans of 10,000 artifacts were
# 0.9 ms of a page's import)
ARTIFACTS_BY = (
    "CALL () { UNWIND $slugs AS s MATCH (n:Artifact {slug: s[1]}) RETURN s[0] AS step, n "
    "UNION ALL UNWIND $names AS s MATCH (n:Artifact {_cg_name: s[1]}) RETURN s[0] AS step, n "
    "UNION ALL UNWIND CASE WHEN size($aliases) > 0 THEN [1] ELSE [] END AS asked "
    "MATCH (n:Artifact) WHERE n._cg_aliases IS NOT NULL UNWIND $aliases AS s "
    "WITH s, n WHERE s[1] IN n._cg_aliases RETURN s[0] AS step, n } "
    f"RETURN step, {_NODE} AS node"
)
SOURCE_FACTS = (
    "MATCH (n:Entity {id: $id}) "
    f"RETURN {_NODE} AS node, "
    "[(x:Entity)-[:FROM]->(n) | [x.id, COUNT { (x)-[:FROM]->() }]] AS cited"
)
if not CHECKED.isidentifier() or CHECKED == "id" or CHECKED.startswith(META):
    raise ImportError(f"graph.store.CHECKED = {CHECKED!r} is not a property this store can query")
_CHECKED = f"c.`{CHECKED}` IS NOT NULL"
"""A claim is checked when it has this property (graph.store.CHECKED)."""

# A claim "of an artifact" is, as in the embedded store, a :Claim whose id starts with
# `claim:<slug>:` (stable_id's scope) and whose `artifact` is the slug. Ids are matched by
# their sort key: the key of a prefix is a prefix of the key, and the index gives id order.
PROFILES = (
    "UNWIND $rows AS row MATCH (n:Artifact {slug: row.slug}) "
    "WITH row, n, [(n)-[:HAS_SIGNAL]->(s:Entity) | s] AS signals "
    f"RETURN {_NODE} AS node, "
    "[s IN signals | [labels(s), properties(s)]] AS signals, "
    "[(n)-[:HAS_CAPABILITY]->(c:Entity) | [labels(c), properties(c)]] AS capabilities, "
    # the match graph's outcomes on its capabilities
    "[(n)-[:HAS_CAPABILITY]->(c:Entity)<-[m:MATCHED]-(i:Entity) "
    "| [[labels(i), properties(i)], c.id, properties(m)]] AS matches, "
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
LIST_CLAIMS = (
    f"CALL () {{ {_CLAIMS_WHERE} RETURN count(c) AS total }} "
    f"CALL () {{ {_CLAIMS_WHERE} WITH c ORDER BY c._cg_sort SKIP $skip LIMIT $limit "
    "RETURN collect([labels(c), properties(c)]) AS page } "
    "RETURN total, page"
)
INCOMING = (
    "UNWIND $ids AS i MATCH (n:Entity)-[r]->(:Entity {id: i}) WHERE type(r) IN $types "
    f"RETURN i AS id, type(r) AS type, {_NODE} AS node"
)
NODES_WITH = {
    label: f"MATCH (n:{label.value}) WHERE n[$key] IN $values RETURN {_NODE} AS node"
    for label in Label
}
NODES_WITH_INDEXED = {
    (Label.SOURCE, "checksum"):
        f"MATCH (n:Source) WHERE n.checksum IN $values RETURN {_NODE} AS node",
}
"""`NODES_WITH` for the (label, key) pairs an index answers (a `n[$key]` lookup uses none)."""
OUTGOING = {
    etype: "UNWIND $ids AS i MATCH (n:Entity {id: i}) "
    f"RETURN i AS id, [(n)-[:{etype.value}]->(m:Entity) | [labels(m), properties(m)]] AS targets"
    for etype in EdgeType
}


def _list_query(order: ArtifactOrder, *, typed: bool, stubs: bool) -> str:
    # `IS NOT NULL` on the first sort key (every artifact has it) and, with a type, a hint for
    # the composite index: Neo4j then reads artifacts in index order and stops after the page
    real = "" if stubs else "AND coalesce(n.stub, false) = false "
    if typed:
        match = f"MATCH (n:Artifact) WHERE n._cg_type = $type {real}"
        total = f"{match}RETURN count(n) AS total"
        if order is ArtifactOrder.RANK_DESC:
            match = ("MATCH (n:Artifact) USING INDEX n:Artifact(_cg_type, _cg_rank) "
                     f"WHERE n._cg_type = $type AND n._cg_rank IS NOT NULL {real}")
            sort = "n._cg_type DESC, n._cg_rank DESC, n._cg_slug"
        else:
            match = ("MATCH (n:Artifact) USING INDEX n:Artifact(_cg_type, _cg_name) "
                     f"WHERE n._cg_type = $type AND n._cg_name IS NOT NULL {real}")
            sort = "n._cg_type, n._cg_name, n._cg_slug"
    else:
        total = f"MATCH (n:Artifact) WHERE true {real}RETURN count(n) AS total"
        if order is ArtifactOrder.RANK_DESC:
            match = f"MATCH (n:Artifact) WHERE n._cg_rank IS NOT NULL {real}"
            sort = "n._cg_rank DESC, n._cg_slug"
        else:
            match = f"MATCH (n:Artifact) WHERE n._cg_name IS NOT NULL {real}"
            sort = "n._cg_name, n._cg_slug"
    return (
        f"CALL () {{ {total} }} "
        f"CALL () {{ {match}WITH n ORDER BY {sort} SKIP $skip LIMIT $limit "
        f"RETURN collect({_NODE}) AS page }} "
        "RETURN total, page"
    )


LIST_ARTIFACTS = {(order, typed, stubs): _list_query(order, typed=typed, stubs=stubs)
                  for order in ArtifactOrder for typed in (False, True) for stubs in (False, True)}

INCIDENT = (
    "UNWIND $ids AS i MATCH (:Entity {id: i})-[r]-(m:Entity) "
    "RETURN DISTINCT i AS id, m.id AS other, type(r) AS type"
)
INCIDENT_TYPED = (
    "UNWIND $ids AS i MATCH (:Entity {id: i})-[r]-(m:Entity) WHERE type(r) IN $types "
    "RETURN DISTINCT i AS id, m.id AS other, type(r) AS type"
)
SUBGRAPH = (
    "UNWIND $ids AS i MATCH (n:Entity {id: i}) "
    f"RETURN {_NODE} AS node, "
    "[(n)-[r]->(m:Entity) WHERE m.id IN $ids | [type(r), n.id, m.id, properties(r)]] AS out"
)
EXPORT_NODES_FIRST = (
    f"MATCH (n:Entity) WHERE n._cg_sort IS NOT NULL RETURN n._cg_sort AS key, {_NODE} AS node "
    "ORDER BY n._cg_sort LIMIT $size"
)
EXPORT_NODES = (
    f"MATCH (n:Entity) WHERE n._cg_sort > $after RETURN n._cg_sort AS key, {_NODE} AS node "
    "ORDER BY n._cg_sort LIMIT $size"
)


SEARCH_CANDIDATES = (
    "UNWIND $queries AS q CALL (q) { "
    f"CALL db.index.fulltext.queryNodes('{SEARCH_INDEX}', q[1]) YIELD node "
    "WHERE any(label IN labels(node) WHERE label IN $labels) "
    f"WITH node ORDER BY node.{SORT} LIMIT $limit RETURN collect(node.id) AS ids }} "
    "RETURN q[0] AS term, ids"
)
"""For each [term, Lucene query], the ids of the nodes it finds (in id order, at most $limit)."""


SEARCH_MATCHES_UP_TO = (
    f"CALL db.index.fulltext.queryNodes('{SEARCH_INDEX}', $lucene, {{limit: $cap}}) YIELD node "
    "RETURN count(node) AS n"
)
"""How many nodes (of any searched label) a term matches, counted up to a cap."""


def search_in_id_order(label: Label) -> str:
    """A common term's first candidates of one label: the label's ids walked in order (the sort
    index), each one's words read for a word starting with the term, until there are enough."""
    return (
        f"MATCH (n:Entity) WHERE n.{SORT} >= $low AND n.{SORT} < $high AND n:{label.value} "
        f"AND (' ' + n.{WORDS}) CONTAINS (' ' + $term) "
        f"RETURN n.id AS id ORDER BY n.{SORT} LIMIT $limit"
    )


SEARCH_IN_ID_ORDER = {label: search_in_id_order(label) for label in SEARCHABLE}


def search_query(term: str, grams: bool) -> str:
    """The Lucene query for one term: letters and digits only (graph.search_index), so nothing
    in it is Lucene syntax."""
    return f"{GRAMS}:{term}" if grams else f"{WORDS}:{term}*"
