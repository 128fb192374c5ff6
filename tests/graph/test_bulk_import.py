"""Importing in bulk (`graph.ingest.bulk`: pages drafted in worker processes, planned a window
at a time through one view of the store, written together) gives the graph that importing one
page at a time gives: the same export, byte for byte, on both stores (the `store` fixture)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from graph.errors import PageFormatError
from graph.ingest.bulk import BulkImport
from graph.ingest.identity import page_uri
from graph.ingest.importer import ImportReport, import_parsed, iter_page_files
from graph.ingest.parse import parse_page
from graph.model import Label, Node
from graph.store import GraphStore
from graph.transfer import export_lines
from tests.conftest import SEED

NOW = "2026-12-01T00:00:00+00:00"

MODES = [pytest.param(500, 2000, id="one window"),
         pytest.param(4, 2000, id="windows planned before any write"),
         pytest.param(5, 0, id="pages checked first, then a window written at a time")]


def one_at_a_time(store: GraphStore, paths: list[Path]) -> list[ImportReport]:
    """What importing a page at a time does: each page planned against the store as the
    pages before it left it, and written on its own."""
    reports = []
    with store.grouped_writes():
        for path in paths:
            text = path.read_text()
            reports.append(import_parsed(store, parse_page(text, file=str(path)), text,
                                         uri=page_uri(path), file=str(path),
                                         legacy_uri=path.name, now=NOW))
    return reports


def in_bulk(store: GraphStore, paths: list[Path], window: int, keep: int,
            ) -> list[ImportReport]:
    with BulkImport(store, workers=2, window=window, keep=keep) as bulk:
        reports = bulk.import_files(paths, now=NOW)
        assert bulk._pool._executor is not None      # drafted by the worker processes
    return reports


def export(store: GraphStore) -> bytes:
    return b"".join(export_lines(store))


@pytest.fixture
def pages(tmp_path: Path, corpus_dir: Path) -> list[Path]:
    """The corpus of real pages and the seed, as files of their own (the tests change some)."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in [*sorted(corpus_dir.glob("*.txt")), SEED]:
        shutil.copy(page, folder / page.name)
    return iter_page_files([folder])


def write_version(pages: list[Path], version: int) -> list[Path]:
    """The pages as first copied (version 0), or (1) with every third page changed (a
    sentence, or its summary) and the first page's text again under another name (the same
    page, read from another place)."""
    twin = pages[0].with_name("another-copy-of-" + pages[0].name)
    twin.unlink(missing_ok=True)
    for index, path in enumerate(pages):
        original = path.with_suffix(".first")
        if not original.exists():
            shutil.copy(path, original)
        text = original.read_text()
        if version and index % 3 == 0:
            text = text.replace(" and ", " as well as ", 1) if " and " in text else text + "\n"
        path.write_text(text)
    if version:
        shutil.copy(pages[0], twin)
    return iter_page_files([pages[0].parent])


@pytest.mark.parametrize(("window", "keep"), MODES)
def test_bulk_gives_the_graph_a_page_at_a_time_gives(
    store: GraphStore, pages: list[Path], window: int, keep: int,
) -> None:
    expected_reports = one_at_a_time(store, pages)
    expected = export(store)
    store.clear()
    assert in_bulk(store, pages, window, keep) == expected_reports
    assert export(store) == expected

    again = in_bulk(store, pages, window, keep)              # idempotent
    assert {r.status for r in again} == {"unchanged"}
    assert export(store) == expected


@pytest.mark.parametrize(("window", "keep"), MODES)
def test_bulk_updates_changed_pages_as_a_page_at_a_time_does(
    store: GraphStore, pages: list[Path], window: int, keep: int,
) -> None:
    one_at_a_time(store, write_version(pages, 0))
    expected_reports = one_at_a_time(store, write_version(pages, 1))
    expected = export(store)
    assert {r.status for r in expected_reports} == {"unchanged", "updated", "created"}
    store.clear()
    one_at_a_time(store, write_version(pages, 0))
    assert in_bulk(store, write_version(pages, 1), window, keep) == expected_reports
    assert export(store) == expected


@pytest.mark.parametrize(("window", "keep"), MODES)
def test_a_bad_page_among_many_writes_nothing(
    store: GraphStore, pages: list[Path], window: int, keep: int,
) -> None:
    bad = next(p for p in pages[len(pages) // 2:] if "| UnfragileRank |" in p.read_text())
    bad.write_text(re.sub(r"\| UnfragileRank \| [^|]+ \|", "| UnfragileRank | high |",
                          bad.read_text(), count=1))
    with pytest.raises(PageFormatError) as caught:
        in_bulk(store, pages, window, keep)
    assert str(caught.value).startswith(f"{bad}:")       # the file and its line
    assert list(store.export()) == []


def test_pages_imported_in_bulk_are_dated_in_page_order(store: GraphStore,
                                                        pages: list[Path]) -> None:
    with BulkImport(store, workers=2, window=7) as bulk:
        reports = bulk.import_files(pages)
    dated = {n.id: n.props["imported_at"] for n in store.export()
             if isinstance(n, Node) and n.label is Label.SOURCE}
    stamps = [dated[r.source_id] for r in reports if r.status == "created"]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_progress_counts_pages_written_and_reports_follow_their_commit(
    store: GraphStore, pages: list[Path],
) -> None:
    events: list[str] = []
    with BulkImport(store, workers=2, window=10, step=5) as bulk:
        reports = bulk.import_files(pages, on_progress=lambda n: events.extend(["written"] * n),
                                    on_page=lambda report: events.append(report.file))
    assert events.count("written") == len(reports) == len(pages)
    assert [e for e in events if e != "written"] == [r.file for r in reports]
    held = all(e == "written" for e in events[: len(pages)])
    # the embedded store writes while pages are checked, and takes it all back for a bad
    # page: a page is reported once committed, at the end; Neo4j reports a page once written
    assert held == (type(store).__name__ == "EmbeddedStore")
