"""The stores a benchmark runs on: the Neo4j test harness server (with a larger page cache)
and a fresh embedded file store, each in turn (`on_each_store`)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from graph.neo4j import Neo4jStore
from graph.store import GraphStore
from tests.neo4j_server import Neo4jTestServer


@contextmanager
def neo4j_server_store() -> Iterator[tuple[Neo4jTestServer, Neo4jStore]]:
    """The harness server (2 GB heap and page cache) and an empty store on it; prints the
    JVM's RSS at the end."""
    server = Neo4jTestServer(heap="2g", page_cache_bytes=2 * 1024**3, reuse_env=True)
    server.start()
    store = Neo4jStore.connect(server.uri, user="neo4j", password="", database="neo4j")
    try:
        store.clear()
        yield server, store
        rss = server.rss_bytes()
        if rss:
            print(f"neo4j     JVM RSS at the end: {rss / 1024**2:.0f} MB", flush=True)
    finally:
        store.close()
        server.stop()


@contextmanager
def neo4j_store() -> Iterator[Neo4jStore]:
    with neo4j_server_store() as (_server, store):
        yield store


def on_each_store(labels: str, measure: Callable[[str, GraphStore], object]) -> bool:
    """Run `measure(label, store)` on each store `labels` names ("embedded,neo4j": a fresh
    file store, the harness server), print whether they gave the same answers, and return
    False for an unknown label."""
    from graph.embedded import EmbeddedStore

    answers = {}
    for label in labels.split(","):
        if label == "embedded":
            with TemporaryDirectory() as folder:
                store = EmbeddedStore(Path(folder) / "bench.sqlite3")
                try:
                    answers[label] = measure(label, store)
                finally:
                    store.close()
        elif label == "neo4j":
            with neo4j_store() as neo4j:
                answers[label] = measure(label, neo4j)
        else:
            print(f"unknown store {label!r}: embedded or neo4j", file=sys.stderr)
            return False
    if len(answers) > 1:
        same = len({repr(a) for a in answers.values()}) == 1
        print(f"the stores give the same answers: {same}")
    return True
