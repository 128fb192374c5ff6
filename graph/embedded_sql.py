"""The embedded store's SQLite tables, the small helpers its queries are built with, and its
export read (one snapshot)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from graph.artifact_lookup import ArtifactKey
from graph.errors import StoreUnavailable
from graph.model import Edge, EdgeType, Label, Node
from graph.search_index import SEARCHABLE, node_index
from graph.store import CHECKED

CHECKED_CLAIM = f"label = 'Claim' AND json_extract(props, '$.{CHECKED}') IS NOT NULL"
"""The condition of a checked claim's row, word for word in the partial index below and in the
reads that use it (SQLite uses a partial index only for a query that repeats its condition)."""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edges (
    type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, props TEXT NOT NULL,
    PRIMARY KEY (src, type, dst)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS edges_by_dst ON edges (dst, type);
CREATE TABLE IF NOT EXISTS artifacts (
    id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name_key TEXT NOT NULL,
    type TEXT, rank_key REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS artifacts_by_name ON artifacts (name_key, id);
CREATE INDEX IF NOT EXISTS artifacts_by_rank ON artifacts (rank_key DESC, slug);
CREATE INDEX IF NOT EXISTS artifacts_by_type_rank ON artifacts (type, rank_key DESC, slug);
CREATE INDEX IF NOT EXISTS artifacts_by_type_name ON artifacts (type, name_key, slug);
CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, id TEXT NOT NULL);
-- types are filtered by graph.model.type_key (lower case): a store written before keeps none
UPDATE artifacts SET type = lower(trim(type)) WHERE type <> lower(trim(type));
-- full-text search (graph.search_index): one row per searchable node, and an FTS5 index over
-- it (external content), kept in step inside each write's transaction: rows are added to the
-- index by one statement per write (`insert_search_rows`; an insert trigger, one FTS5 insert a
-- row, cost 5x as much: 3 ms of a 142-row page against 0.6) and removed by the trigger below
CREATE TABLE IF NOT EXISTS search_docs (
    rowid INTEGER PRIMARY KEY, node TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
    words TEXT NOT NULL, grams TEXT NOT NULL
);
-- (search_fts, of the first version, had no label column)
DROP TRIGGER IF EXISTS search_docs_added;
DROP TRIGGER IF EXISTS search_docs_removed;
DROP TABLE IF EXISTS search_fts;
CREATE VIRTUAL TABLE IF NOT EXISTS search_text USING fts5(
    words, grams, label, content='search_docs', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 0'
);
DROP TRIGGER IF EXISTS search_text_added;
CREATE TRIGGER IF NOT EXISTS search_text_removed AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_text (search_text, rowid, words, grams, label)
    VALUES ('delete', old.rowid, old.words, old.grams, old.label);
END;
-- the importer finds a page by its text's checksum (graph.ingest.identity)
CREATE INDEX IF NOT EXISTS sources_by_checksum ON nodes (json_extract(props, '$.checksum'))
    WHERE label = 'Source';
-- a profile reads its artifact's checked claims: without this index, every claim of the
-- artifact (60 rows, 8 pages, on the bench's pages) was read to find the few checked ones
CREATE INDEX IF NOT EXISTS claims_checked ON nodes (id) WHERE {CHECKED_CLAIM};
"""

ARTIFACTS_BY = {
    ArtifactKey.SLUG: "SELECT n.id, n.label, n.props FROM artifacts a JOIN nodes n "
                      "ON n.id = a.id WHERE a.slug = ?",
    ArtifactKey.NAME: "SELECT n.id, n.label, n.props FROM artifacts a JOIN nodes n "
                      "ON n.id = a.id WHERE a.name_key = ? ORDER BY a.id LIMIT 1",
    ArtifactKey.ALIAS: "SELECT n.id, n.label, n.props FROM aliases a JOIN nodes n "
                       "ON n.id = a.id WHERE a.alias = ?",
}

SEARCH_CANDIDATES = (
    "SELECT d.node FROM search_text f JOIN search_docs d ON d.rowid = f.rowid "
    "WHERE search_text MATCH ? ORDER BY d.node LIMIT ?"
)
"""A term's candidates of one label (the label is in the MATCH), sorted by id."""


SEARCH_MATCHES_UP_TO = (
    "SELECT count(*) FROM (SELECT 1 FROM search_text WHERE search_text MATCH ? LIMIT ?)"
)
"""How many nodes of one label a term matches, counted up to a cap (in rowid order: no sort)."""
SEARCH_IN_ID_ORDER = (
    "SELECT d.node FROM search_docs d INDEXED BY sqlite_autoindex_search_docs_1 "
    "WHERE d.node >= ? AND d.node < ? AND d.label = ? "
    "AND instr(' ' || d.words, ' ' || ?) > 0 ORDER BY d.node LIMIT ?"
)
"""A common term's first candidates of one label: the label's ids walked in order, each one's
words read for a word starting with the term, until there are enough (a probe of the FTS index
per row costs a whole doclist)."""


def search_match(term: str, grams: bool, label: Label) -> str:
    """The FTS5 query for one term (letters and digits only: `graph.search_index`) among the
    nodes of one label."""
    quoted = '"' + term.replace('"', '""') + '"'
    words = f"grams : {quoted}" if grams else f"words : {quoted} *"
    return f'{words} AND label : "{label.value}"'


def search_rows(nodes: Sequence[Node]) -> list[tuple[str, str, str, str]]:
    """The search_docs rows of the searchable nodes among `nodes`."""
    return [(node.id, node.label.value, *index) for node in nodes
            if (index := node_index(node)) is not None]


def insert_search_rows(db: sqlite3.Connection, rows: Sequence[tuple[str, str, str, str]]) -> None:
    """Add `search_rows` to search_docs (none of their nodes may have a row) and their words to
    the FTS index, the index in one statement: the new rows are the ones past the largest
    rowid before them (rowids of an INTEGER PRIMARY KEY grow from the largest)."""
    if not rows:
        return
    (last,) = db.execute("SELECT coalesce(max(rowid), 0) FROM search_docs").fetchone()
    db.executemany("INSERT INTO search_docs (node, label, words, grams) VALUES (?, ?, ?, ?)",
                   rows)
    db.execute("INSERT INTO search_text (rowid, words, grams, label) "
               "SELECT rowid, words, grams, label FROM search_docs WHERE rowid > ?", (last,))


def fill_search(db: sqlite3.Connection) -> None:
    """Index the nodes a store written before search existed holds (once: when the index is
    empty and there are nodes to index)."""
    if db.execute("SELECT 1 FROM search_docs LIMIT 1").fetchone():
        if not db.execute("SELECT 1 FROM search_text_docsize LIMIT 1").fetchone():
            db.execute("INSERT INTO search_text (search_text) VALUES ('rebuild')")
        return
    labels = [label.value for label in SEARCHABLE]
    cursor = db.execute(
        f"SELECT id, label, props FROM nodes WHERE label IN ({marks(labels)})", labels)
    while batch := cursor.fetchmany(2000):
        nodes = [Node(i, Label(label), orjson.loads(props)) for i, label, props in batch]
        insert_search_rows(db, search_rows(nodes))


_CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit


def dumps(props: Mapping[str, Any]) -> str:
    if not props:
        return "{}"
    return orjson.dumps(props, option=orjson.OPT_SORT_KEYS).decode()


def chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start: start + _CHUNK]


def marks(items: Sequence[str]) -> str:
    return ",".join("?" * len(items))


def export_items(db: sqlite3.Connection) -> Iterator[Node | Edge]:
    """Every node by id, then every edge by (type, src, dst), row by row: a consistent
    snapshot when `db` is in a read transaction (or nothing writes meanwhile)."""
    for node_id, label, props in db.execute("SELECT id, label, props FROM nodes ORDER BY id"):
        yield Node(node_id, Label(label), orjson.loads(props))
    for etype, src, dst, props in db.execute(
        "SELECT type, src, dst, props FROM edges ORDER BY type, src, dst"
    ):
        yield Edge(EdgeType(etype), src, dst, orjson.loads(props))


def export_snapshot(path: Path) -> Iterator[Node | Edge]:
    """`export_items` of the store file at `path`, in one read transaction on a connection
    of its own: in WAL mode it keeps the snapshot its first read took while writers commit."""
    try:
        reader = sqlite3.connect(path, timeout=60, check_same_thread=False,
                                 isolation_level=None)
        reader.execute("PRAGMA query_only=1")
    except sqlite3.Error as exc:
        raise StoreUnavailable(f"cannot read the embedded store at {path}: {exc}") from exc
    try:
        reader.execute("BEGIN")
        yield from export_items(reader)
        reader.execute("COMMIT")
    finally:
        reader.close()
