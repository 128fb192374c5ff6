"""An answered operation is freed by reference counting alone (`schema.acyclic_execution`),
on either store: nothing of it waits for the cycle collector, and the helpers resolvers get
still work while it runs."""

from __future__ import annotations

import asyncio
import gc
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import strawberry

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.acyclic_execution import AcyclicExecutionContext
from schema.context import Context
from tests.conftest import SEED

QUERY = """{ artifacts(first: 3) { edges { node { slug rank { score basis } } } }
  compare(a: "trocr-base-handwritten", b: "flux-1-pro") { rows { key leader } verdict
    leftCapabilities { name claims { text } } } }"""


@pytest.fixture
def collector_off() -> Iterator[None]:
    """Only reference counting frees anything while the test runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


def _answered(store: GraphStore, execute: Callable[[Context], Any]) -> weakref.ref[Context]:
    """Answer QUERY with a fresh request context; a weak reference to that context."""
    context = Context.for_store(store)
    result = execute(context)
    assert not result.errors, result.errors
    assert result.data["compare"]["rows"] and result.data["artifacts"]["edges"]
    return weakref.ref(context)


def test_an_answered_operation_is_freed_without_the_collector(
        seeded: GraphStore, collector_off: None) -> None:
    schema = build_schema()
    gone = _answered(seeded, lambda context: schema.execute_sync(QUERY, context_value=context))
    assert gone() is None


@pytest.mark.parametrize("threads", [0, 4])
def test_so_is_one_run_on_the_event_loop_or_in_a_worker_thread(
        seeded: GraphStore, collector_off: None, threads: int) -> None:
    schema = build_schema(threads=threads)
    gone = _answered(seeded, lambda context: asyncio.run(
        schema.execute(QUERY, context_value=context)))
    # the worker thread lets go of its work item just after handing the answer back: wait
    # for it (bounded). With the collector off, only reference counting can free it here
    deadline = time.monotonic() + 5
    while gone() is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert gone() is None


kept: dict[str, Any] = {}     # what a resolver keeps past its operation


@strawberry.type
class Query:
    @strawberry.field
    async def both(self, info: strawberry.Info) -> list[int]:
        async def value(n: int) -> int:
            await asyncio.sleep(0)
            return n

        helpers = kept["helpers"] = info._raw_info.async_helpers
        return list(await helpers.gather([value(1), value(2)]))


def test_the_resolvers_helpers_work_while_it_runs_and_say_so_after() -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=AcyclicExecutionContext)
    result = asyncio.run(schema.execute("{ both }"))
    assert not result.errors, result.errors
    assert result.data == {"both": [1, 2]}
    gc.collect()
    with pytest.raises(RuntimeError, match="after its operation's execution ended"):
        kept["helpers"].gather([])
