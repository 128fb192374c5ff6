"""What only the embedded store has: its SQLite journal survives a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import BatchRejected
from graph.model import Edge, EdgeType, Label, Node, WriteBatch


def _artifact(slug: str) -> Node:
    return Node(f"artifact:{slug}", Label.ARTIFACT, {"slug": slug, "name": slug.upper()})


def test_a_restart_finds_every_write(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    store = EmbeddedStore(path)
    src = Node("source:1", Label.SOURCE, {"uri": "a.txt", "kind": "page", "checksum": "x",
                                          "imported_at": "2026-01-01", "notes": ["n1", "n2"]})
    store.apply(WriteBatch(nodes=(_artifact("a"), src),
                           edges=(Edge(EdgeType.FROM, "artifact:a", "source:1"),)))
    before = list(store.export())
    store.close()
    reopened = EmbeddedStore(path)
    assert list(reopened.export()) == before
    assert reopened.find_artifact("A") is not None     # indexes are rebuilt on load
    reopened.close()


def test_a_journal_failure_leaves_memory_untouched(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    store = EmbeddedStore(path)
    store.apply(WriteBatch(nodes=(_artifact("a"),)))
    # another process holds the write lock: the journal refuses, memory must not change
    blocker = sqlite3.connect(path, timeout=0)
    blocker.execute("BEGIN IMMEDIATE")
    store._db.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
    with pytest.raises(BatchRejected, match="journal"):
        store.apply(WriteBatch(nodes=(_artifact("b"),)))
    blocker.rollback()
    blocker.close()
    assert store.get_node("artifact:b") is None
    store.close()
    assert EmbeddedStore(path).get_node("artifact:b") is None


def test_a_value_that_cannot_be_stored_leaves_nothing_half_written(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.sqlite3")
    bad = Node("artifact:x", Label.ARTIFACT, {"slug": "x", "name": "X", "rank_score": "high"})
    with pytest.raises(BatchRejected):
        store.apply(WriteBatch(nodes=(_artifact("a"), bad)))
    store.apply(WriteBatch(nodes=(_artifact("b"),)))
    assert store.get_node("artifact:a") is None and store.get_node("artifact:b") is not None


def test_a_node_that_stops_being_an_artifact_leaves_the_listing() -> None:
    store = EmbeddedStore(None)
    store.apply(WriteBatch(nodes=(_artifact("a"),)))
    store.apply(WriteBatch(nodes=(Node("artifact:a", Label.SOURCE, {"uri": "u"}),)))
    assert store.list_artifacts(first=5).total == 0 and store.find_artifact("a") is None


def test_reads_go_on_while_another_thread_holds_a_long_import(tmp_path: Path) -> None:
    import threading

    store = EmbeddedStore(tmp_path / "store.sqlite3")
    before = Node("artifact:before", Label.ARTIFACT, {"slug": "before", "name": "Before"})
    store.apply(WriteBatch(nodes=(before,)))
    inside, release = threading.Event(), threading.Event()

    def importing() -> None:
        with store.grouped_writes():
            store.apply(WriteBatch(nodes=(Node("artifact:during", Label.ARTIFACT,
                                               {"slug": "during", "name": "During"}),)))
            assert store.get_node("artifact:during") is not None   # the writer sees its own
            inside.set()
            release.wait(30)

    writer = threading.Thread(target=importing)
    writer.start()
    assert inside.wait(30)
    seen: dict[str, object] = {}
    reader = threading.Thread(target=lambda: seen.update(
        before=store.get_node("artifact:before"), during=store.get_node("artifact:during"),
        listed=store.list_artifacts(first=10).total))
    reader.start()
    reader.join(timeout=20)
    finished_while_importing = not reader.is_alive()
    release.set()
    writer.join()
    reader.join()
    # the reader did not wait for the import, and saw what was committed before it
    assert finished_while_importing
    assert seen == {"before": before, "during": None, "listed": 1}
    assert store.list_artifacts(first=10).total == 2          # the cached total moved on
    store.close()
