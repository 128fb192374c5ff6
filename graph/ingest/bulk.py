"""Importing many pages: drafted in worker processes, planned a window at a time against one
read of the store, written a window at a time; the same graph as a page at a time.

Every page is read and checked (parsed, in the workers) before anything is written, or, on a
store that can take writes back (`GraphStore.tentative_writes`: the embedded store), before
anything is committed: a page that is not one raises, naming file and line, and the store is
as it was. Then, a window of pages at a time, the next window drafted by the workers
meanwhile, the window's drafts (`graph.ingest.draft_pool`) are settled and planned in order, as
`graph.ingest.page_import.import_draft` plans any page, through a `PendingView` that read
what they need of the store in a few round trips and lays each planned page over it for
the pages after it; the window is then written by one `apply_many` (each page whole or not
at all), and only then reported (`on_page`). Pages are dated as they are planned, in order.

What it costs (`python -m bench`, README "Benchmarks"): drafting is parallel; settling and
writing are this process's, about 2-4 ms a page.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from graph.clock import now_iso
from graph.ingest.draft_pool import DraftPool
from graph.ingest.drafts import PageDraft, PageJob
from graph.ingest.identity import page_uri
from graph.ingest.page_import import ImportReport, import_draft
from graph.ingest.pending_view import NeedsFlush, PendingView
from graph.store import GraphStore

WINDOW = 100
"""Pages planned against one read of the store (five round trips). The importer waits for the
first window's drafts before it starts, and the last window is written after the drafter is
done: a small window overlaps the two more (3,000 synthetic pages, embedded, two processes:
500 a window 97-100 pages/s, 100 108-113, 50 110-124)."""

STEP = 100
"""Pages written by one `apply_many` (one savepoint on the embedded store), and reported
together: how often a progress bar moves."""

KEEP = 2000
"""Up to this many pages, the pages parsed while checking them are kept and drafted from; past
it, they are checked keeping nothing, then read again a window at a time, so that memory
does not grow with the import."""


class BulkImport:
    """Imports pages into `store` with `workers` processes, this one included (`workers - 1`
    draft pages meanwhile: `graph.ingest.draft_pool`; see the module)."""

    def __init__(self, store: GraphStore, *, workers: int | None = None,
                 window: int = WINDOW, keep: int = KEEP, step: int = STEP) -> None:
        self.store = store
        self.window = window
        self.keep = keep
        self.step = step
        self._pool = DraftPool(workers)

    def __enter__(self) -> BulkImport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()

    def import_files(
        self, paths: Sequence[Path], *, seeds: Path | None = None,
        on_page: Callable[[ImportReport], None] | None = None,
        on_progress: Callable[[int], object] | None = None, imported_by: str = "local",
        now: str | None = None,
    ) -> list[ImportReport]:
        """Page files, identified by `graph.ingest.identity.page_uri`."""
        return self.import_jobs([
            PageJob(page_uri(path, seeds=seeds), str(path), path=path, legacy_uri=path.name,
                    imported_by=imported_by) for path in paths],
            on_page=on_page, on_progress=on_progress, now=now)

    def import_texts(
        self, pages: Sequence[tuple[str, str]], *,
        on_page: Callable[[ImportReport], None] | None = None,
        on_progress: Callable[[int], object] | None = None, imported_by: str = "local",
        now: str | None = None,
    ) -> list[ImportReport]:
        """Pages given as (uri, text)."""
        return self.import_jobs([PageJob(uri, uri, text=text, imported_by=imported_by)
                                 for uri, text in pages],
                                on_page=on_page, on_progress=on_progress, now=now)

    def import_jobs(
        self, jobs: Sequence[PageJob], *, on_page: Callable[[ImportReport], None] | None = None,
        on_progress: Callable[[int], object] | None = None, now: str | None = None,
    ) -> list[ImportReport]:
        """Check every page, then import them in order; `now` dates every page (tests), else
        each is dated when it is planned. `on_page` is given each page's report once the page
        is in the store for good; `on_progress` the number of pages written since it was last
        called (a progress bar: on the embedded store pages are written while later ones
        are still checked, and the writes are taken back if one is bad)."""
        reports: list[ImportReport] = []

        def written(report: ImportReport, committed: bool) -> None:
            reports.append(report)
            if on_progress is not None:
                on_progress(1)
            if on_page is not None and committed:
                on_page(report)

        with self.store.grouped_writes(), _without_cycle_collection():
            if len(jobs) <= self.keep:      # checked as they are drafted
                windows = self._pool.drafts(jobs, window=self.window)
                with self.store.tentative_writes() as held:
                    # a store that takes writes back writes while pages are still drafted
                    # (a bad page takes them all back), and reports them once committed
                    for report in self._import(windows, held, now):
                        written(report, committed=not held)
                if on_page is not None and held:
                    for report in reports:
                        on_page(report)
                return reports
            self._pool.check(jobs)
            windows = self._pool.drafts(jobs, window=self.window, all_at_once=False)
            for report in self._import(windows, True, now):
                written(report, committed=True)
        return reports

    def _import(self, windows: Iterator[list[PageDraft]], checked: bool, now: str | None,
                ) -> Iterator[ImportReport]:
        """Plan the pages in order through one view of the store and write them a window at a
        time once every page is `checked` (until then, windows are planned as their drafts
        come, and written once the last has come); the reports of the pages written, in
        order, `step` pages at a time."""
        view = PendingView(self.store)
        planned: deque[tuple[ImportReport, int]] = deque()   # (report, batches planned then)

        def write() -> Iterator[ImportReport]:
            for written in view.flush(self.step):
                while planned and planned[0][1] <= written:
                    yield planned.popleft()[0]
            yield from (report for report, _ in planned)
            planned.clear()

        while (drafts := next(windows, None)) is not None:
            view.prefetch(drafts)
            for position, draft in enumerate(drafts):
                dated = now or now_iso()
                try:
                    report = import_draft(view, draft, now=dated)
                except NeedsFlush:
                    if not checked:         # nothing is written before every page is checked
                        windows, checked = iter(list(windows)), True
                    yield from write()      # the pages before it, then read the store afresh
                    view.prefetch(drafts[position:])
                    report = import_draft(view, draft, now=dated)
                planned.append((report, view.pending))
            if checked:
                yield from write()
        yield from write()


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: an import makes millions of objects, none in a cycle
    that outlives a page, and the collector's passes over them cost a third of the importer's
    time (10k artifacts: 13.0 -> 8.8 ms of CPU a page, one process)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
