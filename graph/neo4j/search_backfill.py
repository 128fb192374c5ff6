"""Giving a graph written before search existed its search words (`_cg_words`, `_cg_grams`).

New writes set them (`graph.neo4j.writes`); nodes written by an older capgraph have none, and
the full-text index cannot see them. Once per database, when a store connects, those nodes are
read a page at a time and their words written back; a marker outside the graph (a
`CapgraphLock` node, no `:Entity`) records that it is done, so later starts cost one read.
"""

from __future__ import annotations

import neo4j

from graph.neo4j import cypher
from graph.neo4j.codec import GRAMS, WORDS, read_node
from graph.neo4j.connection import Connection
from graph.search_index import SEARCHABLE, index_grams, index_words

MARKER = "search-words-v1"
PAGE = 2000

_DONE = "MATCH (m:CapgraphLock {name: $marker}) RETURN count(m) AS done"
_UNINDEXED = (
    f"MATCH (n:{'|'.join(label.value for label in SEARCHABLE)}) WHERE n.{WORDS} IS NULL "
    "RETURN [labels(n), properties(n)] AS node LIMIT $size"
)
_SET_WORDS = (
    cypher.WRITE_LOCK + "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) "
    f"SET n.{WORDS} = row.words, n.{GRAMS} = row.grams"
)
_MARK_DONE = "MERGE (m:CapgraphLock {name: $marker})"


def index_old_nodes(connection: Connection) -> int:
    """Write the search words of every searchable node that has none; the number written."""
    if connection.rows(_DONE, marker=MARKER)[0]["done"]:
        return 0
    written = 0
    while rows := connection.rows(_UNINDEXED, size=PAGE):
        nodes = [read_node(row["node"]) for row in rows]
        words = [{"id": n.id, "words": index_words(n.label, n.props) or "",
                  "grams": index_grams(n.label, n.props)} for n in nodes]

        def write(tx: neo4j.ManagedTransaction, batch: list[dict[str, str]] = words) -> None:
            tx.run(_SET_WORDS, rows=batch).consume()

        with connection.session() as session:
            session.execute_write(write)
        written += len(words)
    with connection.session() as session:
        session.run(_MARK_DONE, marker=MARKER).consume()
    return written
