"""Worker processes that read, parse and draft pages (`graph.ingest.drafts`), results in order.

Parsing, atomizing and hashing a page cost about as much as settling and writing it, and
need no store: `DraftPool(workers)` runs them in `workers - 1` processes while this one, the
importer, settles and writes the pages drafted before (so `workers` processes work on the
import, one a core by default: on two cores one drafts while the other writes; a third
process would only take turns with them). The processes are forked (they start in
milliseconds with everything imported, and need no `if __name__ == "__main__"` in the
program that imports; they only parse, so no lock a thread of this process holds is theirs
to take); where a system cannot fork they are spawned. A handful of pages is drafted in this
process instead, where starting workers would cost more than it saves. Workers run without
the cycle collector: what they make is freed by reference counting, and the collector's
passes cost a third of their time.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

from graph.ingest.drafts import PageDraft, PageJob, check_page, draft_page
from graph.settings import cores

A = TypeVar("A")
T = TypeVar("T")

POOL_FROM = 16
"""Fewer pages than this are drafted in this process (a page costs a few milliseconds)."""

CHUNK = 8
"""Pages a worker drafts per task: fewer round trips between the processes."""

PARENT_POLL_S = 0.5
"""How often a drafting process checks that the importer that started it is still there."""


def default_workers() -> int:
    """One process a core."""
    return cores()


class DraftPool:
    """Drafts pages, in order, in `workers - 1` processes besides this one (in this one when
    `workers` is 1)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = default_workers() if workers is None else workers
        self._drafters = self.workers - 1
        self._executor: Executor | None = None

    def __enter__(self) -> DraftPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def check(self, jobs: Sequence[PageJob]) -> None:
        """Read and parse every page, keeping nothing; the first page in order that is not
        one raises (naming file and line)."""
        for _ in self._map(check_page, jobs, pool=len(jobs) >= POOL_FROM):
            pass

    def drafts(self, jobs: Sequence[PageJob], *, window: int,
               all_at_once: bool = True) -> Iterator[list[PageDraft]]:
        """The pages drafted, `window` at a time and in order, each window as soon as it is
        drafted: all are drafted meanwhile, or with `all_at_once` False only the next window
        (memory then holds two windows of drafts, whatever the number of pages). A page that
        is not one raises when its window comes."""
        use_pool = len(jobs) >= POOL_FROM
        if all_at_once:
            drafted = self._map(draft_page, jobs, pool=use_pool)
            for _ in range(0, len(jobs), window):
                yield list(itertools.islice(drafted, window))
            return
        windows = [jobs[start: start + window] for start in range(0, len(jobs), window)]
        if not windows:
            return
        ahead = self._map(draft_page, windows[0], pool=use_pool)
        for following in [*windows[1:], None]:
            current = ahead
            if following is not None:       # submitted now: drafted while `current` is used
                ahead = self._map(draft_page, following, pool=use_pool)
            yield list(current)

    def _map(self, fn: Callable[[A], T], items: Sequence[A], *, pool: bool) -> Iterator[T]:
        if not pool or self._drafters < 1:
            return (fn(item) for item in items)     # lazily: a window is drafted when asked
        executor = self._start()
        chunk = max(1, min(CHUNK, len(items) // (4 * self._drafters)))
        return executor.map(fn, items, chunksize=chunk)

    def _start(self) -> Executor:
        if self._executor is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            self._executor = ProcessPoolExecutor(self._drafters, mp_context=context,
                                                 initializer=_drafter_starts,
                                                 initargs=(os.getpid(),))
        return self._executor


def _drafter_starts(importer: int) -> None:
    """What a drafting process does first: it runs without the cycle collector, and it ends
    when the importer does. An importer killed outright (SIGKILL, the out-of-memory killer)
    cannot tell it to stop, and a forked worker waiting for its next task holds the writing
    end of its own task pipe too, so it would wait forever (an import killed five times left
    five of them behind)."""
    gc.disable()
    threading.Thread(target=_end_with, args=(importer,), daemon=True,
                     name="end-with-importer").start()


def _end_with(importer: int) -> None:
    while os.getppid() == importer:
        time.sleep(PARENT_POLL_S)
    os._exit(1)
