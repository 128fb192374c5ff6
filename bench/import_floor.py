"""What an import's writes cost the store itself: the floor under `python -m bench`'s import
figures (README > Benchmarks > "What the writes alone cost").

`python -m bench.import_floor [--stores embedded,neo4j] [--pages 1000]` imports `--pages`
synthetic pages (`bench.pages`) onto as many already there, as `capgraph import --workers 1`
does, and prints the CPU time a page costs:

- embedded: the import (this process), then every statement it sent to SQLite replayed
  alone, in order, into a fresh store: SQLite's own work, with nothing of the importer
  around it; the statements that cost most; and the same replay without WAL checkpoints
  (a checkpoint copies what the WAL holds back into the database file);
- neo4j: the import (the server's CPU from /proc, and this process's), then the same nodes and
  edges, read back, written by the simplest statements there are (`UNWIND ... CREATE`, edge
  ends found by the unique id index), with the full-text index and without it.

No importer can take a page for less than its writes cost the store, so these say what
pages/s a machine can reach: the embedded store has one writer at a time (a page's SQLite
time bounds it on any number of cores), and Neo4j's CPU a page, times the pages/s wanted,
is the cores its server needs for itself.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from bench.pages import synthetic_page
from graph.embedded import EmbeddedStore
from graph.ingest.bulk import BulkImport
from graph.model import Edge, Node
from graph.store import GraphStore
from inference.machine import CpuClock, busy_text, machine_text, process_cpu_seconds

STATEMENT_ROWS = 10_000
"""Rows a statement of the simplest writes holds (as `graph.neo4j.store.WRITE_ITEMS`)."""


@dataclass
class _Recording:
    """A SQLite connection that keeps every statement sent through it, in order, with its
    parameters (each row of an `executemany`): the writes of an import, to replay."""

    db: sqlite3.Connection
    sent: list[tuple[bool, str, Any]] = field(default_factory=list)

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        self.sent.append((False, sql, params))
        return self.db.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        kept = list(rows)
        self.sent.append((True, sql, kept))
        return self.db.executemany(sql, kept)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.db, name)


@dataclass(frozen=True)
class Replay:
    """CPU seconds of one replay, in all and by statement text."""

    seconds: float
    by_statement: dict[str, tuple[float, int]]      # text -> (seconds, rows)


_MARKS = re.compile(r"\((?:\?, ?)*\?\)")


def _statement_key(sql: str) -> str:
    return " ".join(_MARKS.sub("(?...)", sql).split())


def replay(db: sqlite3.Connection, sent: Sequence[tuple[bool, str, Any]],
           clock: Callable[[], float] = time.process_time) -> Replay:
    """Send `sent` to `db` again, in order; the time each statement took."""
    by: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    total = 0.0
    for many, sql, params in sent:
        start = clock()
        if many:
            db.executemany(sql, params)
        else:
            db.execute(sql, params).fetchall()
        spent = clock() - start
        total += spent
        entry = by[_statement_key(sql)]
        entry[0] += spent
        entry[1] += len(params) if many else 1
    return Replay(total, {k: (v[0], int(v[1])) for k, v in by.items()})


@dataclass(frozen=True)
class EmbeddedFloor:
    pages: int
    import_cpu: float               # seconds, this process
    import_wall: float
    replays: dict[str, Replay]      # "checkpoints" / "no checkpoints"
    imported: list[Node | Edge]     # the store the import wrote, exported
    replayed: list[Node | Edge]     # the store the replay wrote (with checkpoints), exported


def _swap_connection(store: EmbeddedStore, db: Any) -> None:
    # the measuring apparatus reaches into the store: its writing connection, recorded
    vars(store)["_db"] = db


def embedded_floor(folder: Path, pages: int, warm: int) -> EmbeddedFloor:
    """Import `warm` pages, then `pages` more (timed), recording the statements; replay them
    into fresh stores in `folder`."""
    store = EmbeddedStore(folder / "imported.sqlite3")
    recording = _Recording(vars(store)["_db"])
    _swap_connection(store, recording)
    bulk = BulkImport(store, workers=1)
    bulk.import_texts([synthetic_page(i) for i in range(warm)])
    mark = len(recording.sent)
    texts = [synthetic_page(i) for i in range(warm, warm + pages)]
    cpu, wall = time.process_time(), time.perf_counter()
    bulk.import_texts(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    bulk.close()
    _swap_connection(store, recording.db)
    imported = list(store.export())
    store.close()
    replays: dict[str, Replay] = {}
    replayed: list[Node | Edge] = []
    for variant in ("checkpoints", "no checkpoints"):
        fresh = EmbeddedStore(folder / f"replayed-{len(replays)}.sqlite3")
        db: sqlite3.Connection = vars(fresh)["_db"]
        if variant == "no checkpoints":
            db.execute("PRAGMA wal_autocheckpoint=0")
        replay(db, recording.sent[:mark])
        replays[variant] = replay(db, recording.sent[mark:])
        if not replayed:
            replayed = list(fresh.export())
        fresh.close()
    return EmbeddedFloor(pages, cpu, wall, replays, imported, replayed)


@dataclass(frozen=True)
class Neo4jFloor:
    pages: int
    import_server: float | None     # server CPU seconds
    import_client: float            # this process's CPU seconds
    import_wall: float
    nodes: int
    edges: int
    simplest: dict[str, tuple[float | None, float]]     # variant -> (server CPU, wall)


def _chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def neo4j_floor(store: GraphStore, uri: str, server_cpu: Callable[[], float | None],
                pages: int, warm: int) -> Neo4jFloor:
    """Import `warm` pages, then `pages` more (timed); then clear the graph and write the same
    nodes and edges by the simplest statements, the last `pages`' share timed, with the
    full-text index and without it (put back after). `store` is emptied first and last."""
    from neo4j import GraphDatabase

    from graph.neo4j.cypher import SCHEMA, SEARCH_INDEX

    store.clear()
    bulk = BulkImport(store, workers=1)
    bulk.import_texts([synthetic_page(i) for i in range(warm)])
    texts = [synthetic_page(i) for i in range(warm, warm + pages)]
    before, cpu, wall = server_cpu(), time.process_time(), time.perf_counter()
    bulk.import_texts(texts)
    after, cpu, wall = server_cpu(), time.process_time() - cpu, time.perf_counter() - wall
    bulk.close()
    import_server = None if before is None or after is None else after - before
    fulltext = next(s for s in SCHEMA if f"INDEX {SEARCH_INDEX} " in s)
    share = pages / (warm + pages)
    simplest: dict[str, tuple[float | None, float]] = {}
    with GraphDatabase.driver(uri, auth=None) as driver:
        nodes = driver.execute_query(
            "MATCH (n:Entity) RETURN labels(n) AS labels, properties(n) AS props").records
        edges = driver.execute_query(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, "
            "[a.id, b.id, properties(r)] AS row").records
        node_rows = [(tuple(sorted(r["labels"])), r["props"]) for r in nodes]
        edge_rows = [(r["type"], r["row"]) for r in edges]

        def write(rows: Sequence[tuple[Any, Any]], statement: Callable[[Any], str]) -> int:
            done = 0
            for part in _chunks(rows, STATEMENT_ROWS):
                grouped: dict[Any, list[Any]] = defaultdict(list)
                for key, row in part:
                    grouped[key].append(row)
                with driver.session() as session:
                    def work(tx: Any, grouped: dict[Any, list[Any]] = grouped) -> int:
                        return sum(tx.run(statement(key), rows=rows).single(strict=True)[0]
                                   for key, rows in grouped.items())
                    done += session.execute_write(work)
            return done

        def node_statement(labels: tuple[str, ...]) -> str:
            return f"UNWIND $rows AS p CREATE (n:{':'.join(labels)}) SET n = p RETURN count(n)"

        def edge_statement(etype: str) -> str:
            return ("UNWIND $rows AS r MATCH (a:Entity {id: r[0]}) MATCH (b:Entity {id: r[1]}) "
                    f"CREATE (a)-[x:{etype}]->(b) SET x = r[2] RETURN count(x)")

        for variant in ("full-text index", "no full-text index"):
            store.clear()
            if variant == "no full-text index":
                driver.execute_query(f"DROP INDEX {SEARCH_INDEX} IF EXISTS")
            cut_nodes, cut_edges = (round(len(rows) * (1 - share))
                                    for rows in (node_rows, edge_rows))
            written = write(node_rows[:cut_nodes], node_statement)
            before, wall = server_cpu(), time.perf_counter()
            written += write(node_rows[cut_nodes:], node_statement)
            server = server_cpu()
            written += write(edge_rows[:cut_edges], edge_statement)
            resumed = server_cpu()
            written += write(edge_rows[cut_edges:], edge_statement)
            after, wall = server_cpu(), time.perf_counter() - wall
            if written != len(node_rows) + len(edge_rows):
                raise RuntimeError(f"the simplest writes wrote {written} of "
                                   f"{len(node_rows) + len(edge_rows)} nodes and edges")
            known = None not in (before, server, resumed, after)
            simplest[variant] = (
                (server - before) + (after - resumed) if known else None,  # type: ignore[operator]
                wall)
        driver.execute_query(fulltext)
        driver.execute_query("CALL db.awaitIndexes(300)")
    store.clear()
    return Neo4jFloor(pages, import_server, cpu, wall, len(node_rows), len(edge_rows), simplest)


def _ms(seconds: float | None, pages: int) -> str:
    return "?" if seconds is None else f"{seconds / pages * 1000:5.2f} ms"


def print_embedded(floor: EmbeddedFloor, top: int = 6) -> None:
    n = floor.pages
    print(f"embedded  import ({n} pages, --workers 1): {n / floor.import_wall:5.0f} pages/s, "
          f"{_ms(floor.import_cpu, n)} CPU a page", flush=True)
    for variant, run in floor.replays.items():
        print(f"embedded  its SQLite statements replayed alone ({variant}): "
              f"{_ms(run.seconds, n)} CPU a page = at most {n / run.seconds:5.0f} pages/s "
              "on one core", flush=True)
    costly = sorted(floor.replays["checkpoints"].by_statement.items(), key=lambda kv: -kv[1][0])
    for text, (seconds, rows) in costly[:top]:
        print(f"          {_ms(seconds, n)} {rows / n:6.0f} rows a page  {text[:80]}")


def print_neo4j(floor: Neo4jFloor) -> None:
    n = floor.pages
    print(f"neo4j     import ({n} pages, --workers 1): {n / floor.import_wall:5.0f} pages/s, "
          f"server {_ms(floor.import_server, n)} CPU a page, importer "
          f"{_ms(floor.import_client, n)}; {floor.nodes + floor.edges} nodes and edges in all",
          flush=True)
    for variant, (server, wall) in floor.simplest.items():
        print(f"neo4j     the same nodes and edges by UNWIND ... CREATE ({variant}): server "
              f"{_ms(server, n)} CPU a page, {n / wall:5.0f} pages/s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_floor", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", default="embedded,neo4j", help="embedded and/or neo4j")
    parser.add_argument("--pages", type=int, default=1000, help="pages timed (default 1000)")
    parser.add_argument("--warm", type=int, default=1000,
                        help="pages imported first, untimed (default 1000)")
    args = parser.parse_args()
    if args.pages < 1 or args.warm < 0:
        parser.error("--pages must be at least 1 and --warm at least 0")
    print(f"capgraph import floor: {args.pages} synthetic pages onto {args.warm}; "
          f"{machine_text()}", flush=True)
    for label in args.stores.split(","):
        clock = CpuClock.now()
        if label == "embedded":
            with TemporaryDirectory() as folder:
                print_embedded(embedded_floor(Path(folder), args.pages, args.warm))
        elif label == "neo4j":
            from bench.neo4j_run import neo4j_server_store

            with neo4j_server_store() as (server, store):
                pid = server.pid
                if pid is None:
                    raise RuntimeError("the Neo4j server is not running")
                print_neo4j(neo4j_floor(store, server.uri, partial(process_cpu_seconds, pid),
                                        args.pages, args.warm))
        else:
            parser.error(f"unknown store {label!r}: embedded or neo4j")
        print(f"{'':<9} {busy_text(CpuClock.now().since(clock))}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
