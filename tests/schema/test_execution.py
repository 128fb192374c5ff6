"""Where an operation runs (`schema.execution`): in a worker thread by default, on the event
loop itself with `threads=0` (and, with threads, a short prepared query alone), with the
same answers either way."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from schema import build_schema
from schema.context import Budget, Context
from schema.execution import ALONE_MAX_S
from tests.conftest import SEED

QUERY = """{ artifacts(first: 3) { totalCount edges { node { slug rank { score } } } }
  compare(a: "trocr-base-handwritten", b: "flux-1-pro") { rows { key leader } verdict } }"""


class ReadThreads(EmbeddedStore):
    """A real embedded store that notes which thread each listing ran on."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.threads: list[int] = []

    def list_artifacts(self, **kwargs: Any) -> Any:
        self.threads.append(threading.get_ident())
        return super().list_artifacts(**kwargs)


def _run(store: ReadThreads, threads: int, budget: Budget | None = None,
         query: str = QUERY) -> tuple[Any, int]:
    """The operation's result through `Schema.execute`, and the event loop's thread."""
    schema = build_schema(threads=threads)

    async def main() -> tuple[Any, int]:
        context = Context.for_store(store, budget=budget)
        return await schema.execute(query, context_value=context), threading.get_ident()

    return asyncio.run(main())


def test_threads_zero_runs_on_the_event_loop_with_the_same_answers(tmp_path: Path) -> None:
    store = ReadThreads(tmp_path / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    on_loop, loop_thread = _run(store, threads=0)
    assert store.threads == [loop_thread]
    in_thread, loop_thread = _run(store, threads=4)
    assert store.threads[1] != loop_thread
    assert not on_loop.errors and not in_thread.errors
    assert on_loop.data == in_thread.data and on_loop.data["compare"]["rows"]


def test_on_the_event_loop_the_time_budget_still_stops_an_operation(tmp_path: Path) -> None:
    store = ReadThreads(tmp_path / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    budget = Budget(time_s=1e-6)
    result, _ = _run(store, threads=0, budget=budget)
    codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
    assert codes == {"TIME_BUDGET_EXCEEDED"}


class SlowReads(ReadThreads):
    """A real store whose listing takes `pause` seconds longer (a slow disk's stand-in)."""

    pause = 0.0

    def list_artifacts(self, **kwargs: Any) -> Any:
        time.sleep(self.pause)
        return super().list_artifacts(**kwargs)


LISTING = "{ artifacts(first: 3) { totalCount edges { node { slug name } } } }"


def _threads_of(store: ReadThreads, runs: list[int]) -> tuple[list[list[int]], int]:
    """For each entry of `runs`, that many operations of LISTING sent at once to one schema
    with threads (one batch after the other): the threads their listings ran on, and the
    event loop's thread."""
    schema = build_schema(threads=4)

    async def main() -> tuple[list[list[int]], int]:
        seen = []
        for at_once in runs:
            before = len(store.threads)
            results = await asyncio.gather(*(
                schema.execute(LISTING, context_value=Context.for_store(store))
                for _ in range(at_once)))
            assert all(not r.errors for r in results)
            seen.append(store.threads[before:])
        return seen, threading.get_ident()

    return asyncio.run(main())


def test_a_short_query_alone_runs_on_the_loop_and_a_burst_in_threads(tmp_path: Path) -> None:
    store = SlowReads(tmp_path / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    seen, loop = _threads_of(store, [1, 1, 1, 3, 1])
    # first validated (strawberry's path), then prepared and timed: both in threads
    assert loop not in seen[0] and loop not in seen[1]
    assert seen[2] == [loop]                        # short, and alone: on the loop
    assert len(seen[3]) == 3 and loop not in seen[3]   # three at once: threads, as before
    assert seen[4] == [loop]


def test_a_slow_query_alone_still_runs_in_a_thread(tmp_path: Path) -> None:
    store = SlowReads(tmp_path / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    store.pause = ALONE_MAX_S * 2
    seen, loop = _threads_of(store, [1, 1, 1, 1])
    assert all(loop not in threads for threads in seen)
