"""What only the embedded store has: its SQLite journal survives a restart."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
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


def _claim(slug: str, key: str, **props: object) -> Node:
    return Node(f"claim:{slug}:{key}", Label.CLAIM,
                {"artifact": slug, "text": f"claim {key}", "kind": "unique", **props})


def test_a_profile_reads_its_checked_claims_through_the_partial_index() -> None:
    store = EmbeddedStore()
    claims = (_claim("a", "1"), _claim("a", "2", verdict="TRUE"), _claim("a", "3"),
              _claim("b", "1", verdict="FALSE"))
    store.apply(WriteBatch(nodes=(_artifact("a"), _artifact("b"), *claims)))
    statements: list[str] = []
    store._db.set_trace_callback(statements.append)
    (profile,) = store.profiles(["a"])
    store._db.set_trace_callback(None)
    assert [c.id for c in profile.checked_claims] == ["claim:a:2"]
    (read,) = [s for s in statements if "label = 'Claim'" in s]
    plan = " ".join(str(row) for row in store._db.execute(f"EXPLAIN QUERY PLAN {read}"))
    assert "claims_checked" in plan, plan


def test_a_new_store_has_16k_pages_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "new.sqlite3").close()
    old = sqlite3.connect(tmp_path / "old.sqlite3")
    old.execute("PRAGMA page_size=4096")
    old.execute("CREATE TABLE t (x)")
    old.close()
    store = EmbeddedStore(tmp_path / "old.sqlite3")
    store.apply(WriteBatch(nodes=(_artifact("a"), _claim("a", "1", verdict="TRUE"))))
    assert [c.id for c in store.profiles(["a"])[0].checked_claims] == ["claim:a:1"]
    store.close()
    sizes = {name: sqlite3.connect(tmp_path / name).execute("PRAGMA page_size").fetchone()[0]
             for name in ("new.sqlite3", "old.sqlite3")}
    assert sizes == {"new.sqlite3": 16384, "old.sqlite3": 4096}


def test_opening_waits_for_another_process_s_schema_work(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    EmbeddedStore(path).close()
    # another process building an index the store is new to holds the write lock longer
    # than a write would wait (5 s): opening waits for it instead of refusing
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time; db = sqlite3.connect(sys.argv[1], isolation_level=None); "
        "db.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(6.5); "
        "db.execute('COMMIT')"), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        store = EmbeddedStore(path)
        assert time.monotonic() - started > 5
        store.apply(WriteBatch(nodes=(_artifact("a"),)))
        assert store.get_node("artifact:a") is not None
        store.close()
    finally:
        holder.wait(20)
        if holder.stdout is not None:
            holder.stdout.close()
