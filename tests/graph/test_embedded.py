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
