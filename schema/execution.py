"""How an operation runs: in a worker thread or on the event loop, within its time budget,
logged once.

The resolvers are synchronous (they read the store). By default each query and mutation runs
in one of `threads` worker threads, so the process serves other clients while it waits on
the store; the event loop only waits for it, and stops waiting when the request's time budget
runs out (the operation itself stops at its next store read: the context's store checks the
deadline). With `threads` 0 an operation runs on the event loop itself, one at a time: no
hand-off to a thread and back (0.15 ms of CPU an operation, 0.2-0.5 ms for a profile read,
measured; README > Benchmarks), so a request alone is answered soonest, at the price of the
process doing nothing else meanwhile: its other requests queue (with several workers,
`capgraph serve --workers N --threads 0`, the others serve). Its budget is kept only by the
store's deadline check. With threads, a query alone takes that shortcut too when it is short:
a prepared query (`schema.prepared`) whose runs take under `ALONE_MAX_S`, when no other
operation of the process is in flight. Subscriptions stay on the event loop either way
(their resolvers await).

Errors are logged here, once each, before they are masked: an unexpected one with its
traceback under the request id the client is shown; a client's error as one short line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, ClassVar

import strawberry
from graphql import GraphQLError
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from graph.foreground import serving
from graph.settings import DEFAULT_THREADS
from schema.errors import ApiError, code_for, is_expected
from schema.guard import with_code
from schema.prepared import PreparedDocuments, PreparedQuery, run_prepared

__all__ = ["CapgraphSchema"]

log = logging.getLogger("capgraph.api")

GRACE_S = 0.5
"""How long past its budget the loop waits for an operation to stop by itself."""

ALONE_MAX_S = 0.005
"""A prepared query whose runs take less (their moving mean) runs on the event loop when no
other operation of the process is in flight: the hand-off to a thread and back costs
0.1-0.3 ms of such a query's 2 ms, and a request arriving meanwhile waits at most about
this long."""

_MAX_LOGGED = 300


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LOGGED else f"{text[:_MAX_LOGGED]} [... {len(text):,} chars]"


class CapgraphSchema(strawberry.Schema):
    """strawberry's Schema, running operations in worker threads within their budget."""

    _executors: ClassVar[dict[int, ThreadPoolExecutor]] = {}
    """The process's pools by size: schemas built alike (tests build many) share one."""
    production: bool = True
    """Whether error messages are cut and lose their suggestions (set by `build_schema`)."""
    threads: int = DEFAULT_THREADS
    """Operations run at once, each in a thread; 0: on the event loop (set by
    `build_schema`)."""
    prepared: PreparedDocuments | None = None
    """Queries that passed, run without the extension steps (`schema.prepared`; set by
    `build_schema` when nothing the steps add to execution would be skipped)."""
    check_rate: Callable[[Any], None] | None = None
    """The rate check of an operation over a WebSocket (set by `build_schema`)."""
    _in_flight: int = 0
    """Operations in `execute` now (changed on the event loop only)."""

    def executor(self) -> ThreadPoolExecutor:
        pool = self._executors.get(self.threads)
        if pool is None:
            pool = self._executors[self.threads] = ThreadPoolExecutor(
                self.threads, thread_name_prefix="capgraph-op")
        return pool

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        prepared = self._prepared(query, operation_name, allowed_operation_types)
        run = partial(self._run, prepared, query, variable_values, context_value, root_value,
                      operation_name, allowed_operation_types, operation_extensions)
        if self.threads == 0:
            return run()
        self._in_flight += 1
        try:
            if await self._alone_and_short(prepared):
                return run()
            return await self._in_thread(run, context_value)
        finally:
            self._in_flight -= 1

    async def _alone_and_short(self, prepared: PreparedQuery | None) -> bool:
        """Whether an operation runs on the loop though the schema has threads: a prepared
        query whose runs take under `ALONE_MAX_S`, with no other operation of the process
        in flight. The others the loop has already received reach `execute` first (it
        yields to them once), so a burst is handed to the threads as before."""
        mean_s = prepared.timing.mean_s if prepared is not None else None
        if mean_s is None or mean_s >= ALONE_MAX_S:
            return False
        await asyncio.sleep(0)
        return self._in_flight == 1

    async def _in_thread(self, run: Callable[[], ExecutionResult],
                         context: Any) -> ExecutionResult:
        """`run` in one of the worker threads; past the context's deadline (and a grace) the
        loop stops waiting for it and answers with the budget's error."""
        future = asyncio.get_running_loop().run_in_executor(self.executor(), run)
        deadline = getattr(context, "deadline", None)
        if deadline is None:
            return await future
        try:
            return await asyncio.wait_for(asyncio.shield(future),
                                          timeout=deadline.seconds + GRACE_S)
        except TimeoutError:
            error = deadline.exceeded()
            return ExecutionResult(data=None, errors=[GraphQLError(
                str(error), original_error=error, extensions={"code": error.code})])

    def execute_sync(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        return self._run(self._prepared(query, operation_name, allowed_operation_types),
                         query, variable_values, context_value, root_value, operation_name,
                         allowed_operation_types, operation_extensions)

    def _prepared(self, query: str | None, operation_name: str | None,
                  allowed: Iterable[OperationType] | None) -> PreparedQuery | None:
        if self.prepared is None:
            return None
        return self.prepared.get(query, operation_name, allowed)

    def _run(
        self, prepared: PreparedQuery | None, query: str | None,
        variable_values: dict[str, Any] | None, context_value: Any, root_value: Any,
        operation_name: str | None, allowed_operation_types: Iterable[OperationType] | None,
        operation_extensions: dict[str, Any] | None,
    ) -> ExecutionResult:
        with serving():     # background work waits for a pause (graph.foreground)
            if prepared is not None:
                result = run_prepared(self, prepared, variable_values, context_value,
                                      root_value, operation_extensions, self.check_rate,
                                      self.production)
            else:
                result = super().execute_sync(query, variable_values, context_value,
                                              root_value, operation_name,
                                              allowed_operation_types, operation_extensions)
        return self._escaped(result, context_value)

    def _escaped(self, result: ExecutionResult, context: Any) -> ExecutionResult:
        """The result with a code on every error. An error raised where `ErrorCodes` does not
        see it (by an extension's hook or a validation rule as it starts: strawberry then
        returns it as it is) has none; it gets its code here, and unless it is a GraphQL
        error of its own (a syntax or validation error) it is a bug: masked and logged."""
        if not any("code" not in (e.extensions or {}) for e in result.errors or ()):
            return result
        request_id = str(getattr(context, "request_id", "-"))
        errors = []
        for error in result.errors or ():
            if "code" in (error.extensions or {}):
                errors.append(error)
                continue
            original = error.original_error
            expected = original is None or isinstance(original, GraphQLError | ApiError)
            if not expected:
                log.error("request %s: unexpected error outside the resolvers: %s", request_id,
                          _short(repr(original)),
                          exc_info=(type(original), original, original.__traceback__)
                          if original is not None else None)
            errors.append(with_code(error, request_id, self.production, expected))
        result.errors = errors
        return result

    def process_errors(self, errors: list[GraphQLError],
                       execution_context: ExecutionContext | None = None) -> None:
        context = getattr(execution_context, "context", None)
        request_id = getattr(context, "request_id", "-")
        who = getattr(getattr(context, "principal", None), "who", "?")
        for error in errors:
            if is_expected(error):
                log.info("request %s by %s: %s: %s", request_id, who, code_for(error),
                         _short(error.message))
            else:
                original = error.original_error
                log.error("request %s by %s: unexpected error at %s: %s", request_id, who,
                          error.path, _short(repr(original)),
                          exc_info=(type(original), original, original.__traceback__)
                          if original is not None else None)

