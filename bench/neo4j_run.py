"""A Neo4j server for the benchmark: the test harness server, with a larger page cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph.neo4j import Neo4jStore
from tests.neo4j_server import Neo4jTestServer


@contextmanager
def neo4j_store() -> Iterator[Neo4jStore]:
    server = Neo4jTestServer(heap="2g", page_cache_bytes=2 * 1024**3, reuse_env=True)
    server.start()
    store = Neo4jStore.connect(server.uri, user="neo4j", password="", database="neo4j")
    try:
        store.clear()
        yield store
        rss = server.rss_bytes()
        if rss:
            print(f"neo4j     JVM RSS at the end: {rss / 1024**2:.0f} MB", flush=True)
    finally:
        store.close()
        server.stop()
