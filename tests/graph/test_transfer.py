"""Export and load: a round trip through either store gives the identical graph."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import PageFormatError
from graph.ingest.identity import checksum
from graph.ingest.importer import import_files, import_text
from graph.model import Edge, EdgeType, Label, Node
from graph.neo4j.store import PAGE, Neo4jStore
from graph.store import GraphStore
from graph.transfer import load_export, write_export
from tests.conftest import SEED, corpus_files
from tests.graph.test_importer import listings_page


def export_to(store: GraphStore, path: Path) -> bytes:
    with path.open("wb") as out:
        write_export(store, out)
    return path.read_bytes()


def test_a_round_trip_through_the_store_is_identical(store: GraphStore, tmp_path: Path) -> None:
    origin = EmbeddedStore(None)
    import_files(origin, [SEED, *corpus_files()[:12]])
    first = export_to(origin, tmp_path / "first.jsonl")
    nodes, edges = load_export(store, tmp_path / "first.jsonl")
    assert (nodes, edges) == (sum(1 for _ in origin.export()) - edges, edges)
    middle = export_to(store, tmp_path / "middle.jsonl")
    back = EmbeddedStore(None)
    load_export(back, tmp_path / "middle.jsonl")
    assert middle == first
    assert export_to(back, tmp_path / "last.jsonl") == first
    assert list(back.export()) == list(origin.export())


def test_loading_twice_duplicates_nothing(store: GraphStore, tmp_path: Path) -> None:
    origin = EmbeddedStore(None)
    import_files(origin, [SEED])
    export_to(origin, tmp_path / "g.jsonl")
    load_export(store, tmp_path / "g.jsonl")
    load_export(store, tmp_path / "g.jsonl")
    assert list(store.export()) == list(origin.export())


@pytest.mark.parametrize(("lines", "where"), [
    (['{"format": "something-else"}'], "bad.jsonl:1: format"),
    (['{"format": "capgraph-export", "version": 9}'], "bad.jsonl:1: version"),
    (['{"format": "capgraph-export", "version": 1}', "{nope"], "bad.jsonl:2: not JSON"),
    (['{"format": "capgraph-export", "version": 1}',
      '{"node": "x:1", "label": "Gadget", "props": {}}'], "bad.jsonl:2: label"),
    (['{"format": "capgraph-export", "version": 1}',
      '{"edge": "FROM", "src": "a", "dst": "b", "props": {}}'], "2 nodes that neither"),
])
def test_a_bad_export_is_refused_whole(
    store: GraphStore, tmp_path: Path, lines: list[str], where: str,
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(PageFormatError, match=where.replace(".", r"\.")):
        load_export(store, path)
    assert list(store.export()) == []


def page_versions(count: int) -> list[tuple[str, tuple[str, str]]]:
    """(address, its two texts) of `count` pages; the second text drops a capability of the
    first and states another, so importing one over the other deletes facts and adds some."""
    pages = []
    for i in range(count):
        text = listings_page(f"Model {i}", f"Model {i + 1}")
        pages.append((f"https://example.org/page-{i}",
                      (text, text.replace("in 99 languages", f"in {i % 90 + 2} languages"))))
    return pages


def facts_per_page(pages: list[tuple[str, tuple[str, str]]]) -> dict[tuple[str, str], set[str]]:
    """For each (address, checksum), the ids of the facts the page states when whole."""
    expected = {}
    for uri, texts in pages:
        for text in texts:
            alone = EmbeddedStore(None)
            report = import_text(alone, text, uri=uri)
            expected[uri, checksum(text)] = set(alone.source_facts(report.source_id).cited_by)
    return expected


def assert_whole(path: Path, expected: dict[tuple[str, str], set[str]]) -> int:
    """Load the export (refused if an edge points at a node it lacks) and check that every
    page in it is whole: one version's facts, all of them. Returns the number of pages."""
    loaded = EmbeddedStore(None)
    load_export(loaded, path)
    items = list(loaded.export())
    sources = [n for n in items if isinstance(n, Node) and n.label is Label.SOURCE]
    for source in sources:
        cited = set(loaded.source_facts(source.id).cited_by)
        assert cited == expected[source.props["uri"], source.props["checksum"]], source
    cited_any = {i.src for i in items if isinstance(i, Edge) and i.type is EdgeType.FROM}
    assert all(n.id in cited_any for n in items
               if isinstance(n, Node) and n.label is not Label.SOURCE)
    return len(sources)


def test_an_export_taken_while_pages_are_imported_loads_back_whole(
    store: GraphStore, tmp_path: Path,
) -> None:
    """One consistent snapshot: no edge to a node the export lacks, no page in part."""
    if not isinstance(store, Neo4jStore):
        exports_while_importing(store, tmp_path, exports=6)
        return
    store.export_page = 40              # many reads of the real server per export, not one
    try:
        exports_while_importing(store, tmp_path, exports=6)
    finally:
        store.export_page = PAGE        # the server's store is shared by the session


def test_an_in_memory_store_exports_one_snapshot_too(tmp_path: Path) -> None:
    exports_while_importing(EmbeddedStore(None), tmp_path, exports=6)


def exports_while_importing(store: GraphStore, tmp_path: Path, *, exports: int) -> None:
    """Export `exports` times while a thread imports pages over and over; each loads back
    whole (`assert_whole`), and pages were imported while the exports were read."""
    pages = page_versions(12)
    expected = facts_per_page(pages)
    for uri, (text, _) in pages[:4]:
        import_text(store, text, uri=uri)
    stop = threading.Event()
    imported = [0]
    failures: list[BaseException] = []

    def keep_importing() -> None:
        try:
            while not stop.is_set():
                for uri, texts in pages:
                    import_text(store, texts[imported[0] // len(pages) % 2], uri=uri)
                    imported[0] += 1
                    if stop.is_set():
                        return
        except BaseException as exc:        # reported by the test, not lost in the thread
            failures.append(exc)

    writer = threading.Thread(target=keep_importing)
    writer.start()
    seen = []
    try:
        for n in range(exports):
            before = imported[0]
            export_to(store, tmp_path / f"live-{n}.jsonl")
            seen.append(imported[0] - before)
            assert_whole(tmp_path / f"live-{n}.jsonl", expected)
    finally:
        stop.set()
        writer.join()
    assert not failures, failures
    assert sum(seen) > 0, "no page was imported while an export was taken"
    for uri, (text, _) in pages:
        import_text(store, text, uri=uri)
    export_to(store, tmp_path / "quiet.jsonl")
    assert assert_whole(tmp_path / "quiet.jsonl", expected) == len(pages)
