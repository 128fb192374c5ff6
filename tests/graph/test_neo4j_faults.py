"""Faults against a real Neo4j: the server dies mid-import; a write is retried."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import StoreError
from graph.ingest.bulk import BulkImport
from graph.ingest.importer import ImportReport, import_files
from graph.model import Node, WriteBatch
from tests.conftest import SEED, corpus_files
from tests.neo4j_server import Neo4jTestServer

pytestmark = pytest.mark.neo4j


@pytest.fixture
def own_server() -> Iterator[Neo4jTestServer]:
    """A server of this test's own: it gets killed, so it cannot be the shared one."""
    server = Neo4jTestServer(reuse_env=False)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_server_killed_mid_import_fails_it_and_a_rerun_completes_without_duplicates(
    own_server: Neo4jTestServer, corpus_dir: Path,
) -> None:
    from graph.neo4j import Neo4jStore

    pages = [SEED, *corpus_files()]
    store = Neo4jStore.connect(own_server.uri, user="neo4j", password="", database="neo4j",
                               connection_timeout=5.0)
    landed: list[ImportReport] = []
    three_done = threading.Event()

    def on_page(report: ImportReport) -> None:
        landed.append(report)
        if len(landed) == 3:
            three_done.set()

    killer = threading.Thread(target=lambda: three_done.wait(60) and own_server.kill())
    killer.start()
    with pytest.raises(StoreError), BulkImport(store, step=1) as bulk:   # a write a page
        bulk.import_files(pages, on_page=on_page)
    killer.join()
    store.close()
    assert 3 <= len(landed) < len(pages)          # it failed part-way, and said so

    own_server.restart()
    store = Neo4jStore.connect(own_server.uri, user="neo4j", password="", database="neo4j")
    try:
        reports = import_files(store, pages)
        assert {r.status for r in reports[: len(landed)]} <= {"unchanged"}
        expected = EmbeddedStore(None)
        import_files(expected, pages)
        ours = _without_times(store.export())
        assert ours == _without_times(expected.export())
        ids = [i[0] for i in ours]
        assert len(ids) == len(set(ids))           # no duplicate nodes or edges
    finally:
        store.close()


def _without_times(items: object) -> list[tuple[object, ...]]:
    """Export items with import times left out: the two stores imported at other moments."""
    out = []
    for item in items:  # type: ignore[attr-defined]
        if isinstance(item, Node):
            props = {k: v for k, v in item.props.items()
                     if k not in ("imported_at", "observed_at", "rank_score")}
            out.append((item.id, item.label, tuple(sorted(props.items(), key=str))))
        else:
            out.append((item.key, tuple(sorted(item.props.items()))))
    return out


def test_a_retried_write_does_not_duplicate(neo4j_uri: str) -> None:
    """The driver runs a write function again after a transient error, and a commit whose
    answer was lost is re-sent by the caller: neither may leave two copies of anything."""
    import neo4j
    from neo4j.exceptions import TransientError

    from graph.neo4j import Neo4jStore
    from graph.neo4j.writes import plan_batch, write_batch

    store = Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="neo4j")
    pages = EmbeddedStore(None)
    import_files(pages, [SEED])
    batch = WriteBatch(nodes=tuple(i for i in pages.export() if isinstance(i, Node)))
    attempts = 0

    def flaky(tx: neo4j.ManagedTransaction) -> None:
        nonlocal attempts
        attempts += 1
        write_batch(tx, plan_batch(batch))
        if attempts == 1:       # the writes ran, then the transaction failed transiently
            raise TransientError("injected transient failure")

    try:
        store.clear()
        with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver, \
                driver.session(database="neo4j") as session:
            session.execute_write(flaky)
        assert attempts == 2
        store.apply(batch)      # the same batch sent again, as after a lost commit answer
        assert dict(store.counts()) == {k: v for k, v in pages.counts().items()
                                        if k[0].isupper() and k != k.upper()}
    finally:
        store.clear()
        store.close()
