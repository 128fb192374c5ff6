"""Turn parsed comparison pages into graph facts, one all-or-nothing batch per page.

A page's facts are everything that carries a FROM edge to its Source. Importing a page
again with the same text changes nothing; importing a changed page replaces that page's
facts (facts other pages also state stay, with their other sources). Two pages that
disagree about an artifact each keep their own signal, with their own source.

Which page a file is, and what happens to the same text read from two places, is
`graph.ingest.identity`'s rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from graph.ingest.bulk import BulkImport
from graph.ingest.drafts import PageDraft
from graph.ingest.identity import checksum
from graph.ingest.page import ParsedPage
from graph.ingest.page_import import ImportReport, import_draft
from graph.ingest.page_reads import PageStore
from graph.ingest.parse import parse_page
from graph.store import GraphStore

__all__ = ["ImportReport", "import_files", "import_parsed", "import_text", "iter_page_files"]


def import_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    on_page: Callable[[ImportReport], None] | None = None,
    seeds: Path | None = None,
    imported_by: str = "local",
    workers: int | None = None,
    now: str | None = None,
    on_progress: Callable[[int], object] | None = None,
) -> list[ImportReport]:
    """Import page files. Every file is read and checked before anything is written.

    Each page then lands whole or not at all; a store failure stops the run and the
    pages before it stay imported (importing again finishes the job without duplicates).
    A page is identified by its resolved path, or by its path under `seeds` for the files
    there (`page_uri`; the module's docstring gives the rule). Pages are read and drafted
    by `workers - 1` processes besides this one (`workers` is one a core by default;
    `graph.ingest.bulk`) and written by this one in order, many at a time: the graph is
    the one a page at a time would give. `now` dates
    every page (tests); by default each is dated as it is imported. `on_page` has each
    page's report once the page is in the store for good, `on_progress` how many pages were
    written since its last call (`BulkImport.import_jobs`).
    """
    with BulkImport(store, workers=workers) as bulk:
        return bulk.import_files(paths, seeds=seeds, on_page=on_page, on_progress=on_progress,
                                 imported_by=imported_by, now=now)


def import_text(store: PageStore, text: str, *, uri: str, now: str | None = None,
                imported_by: str = "local") -> ImportReport:
    """Parse and import one page's text, identified by `uri` (a file name or address)."""
    return import_parsed(store, parse_page(text, file=uri), text, uri=uri, now=now,
                         imported_by=imported_by)


def import_parsed(
    store: PageStore, page: ParsedPage, text: str, *, uri: str, now: str | None = None,
    file: str | None = None, legacy_uri: str | None = None, imported_by: str = "local",
) -> ImportReport:
    """Import one parsed page identified by `uri` (shown as `file`); `legacy_uri` is the
    address an older store knew it by (its bare file name), adopted as the module says.
    The Source records who imported it (`imported_by`: "local", or the API's caller)."""
    draft = PageDraft(page, uri, file or uri, checksum(text), legacy_uri, imported_by)
    return import_draft(store, draft, now=now)


def iter_page_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the `*.txt` files of folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.txt") if p.is_file()))
        else:
            files.append(path)
    return files
