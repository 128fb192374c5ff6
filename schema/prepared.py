"""Queries of documents that already passed, run without strawberry's extension steps.

strawberry takes every operation through its extension pipeline: each of the schema's
extensions is built, and for each of four steps (operation, parse, validation, execution)
every extension's hook is looked up, inspected and wrapped in a context manager. That is
0.14 ms of CPU an operation (`{ __typename }` through the whole ASGI app: 0.32 ms, 0.18 ms
without; measured, README > Benchmarks), as much as graphql-core spends executing a small
query. Yet once a document has parsed and validated with no error, its parse and validation
steps can only give the same answer again (the caches hand back the same document and no
errors), so a later query of it needs only the steps after them:

- the request guard (`schema.guard.refusal`: scope, rate over a WebSocket, variables'
  strings), the same function `RequestGuard` calls;
- graphql-core's execution, with the schema's execution context and the arguments
  strawberry passes;
- the errors logged (`Schema.process_errors`, as strawberry does before masking) and coded
  (`schema.guard.coded`, the same function `ErrorCodes` calls).

`PreparedDocuments` keeps the documents (per schema, by query text, the least recently
used dropped first); the `Prepare` extension adds one when its validation
passes on strawberry's path. Only queries are kept: mutations and subscriptions always take
strawberry's path. The schema takes this path only while no extension hooks into field
resolution and no custom directive is declared (`bypassable`), the two things strawberry's
path adds to execution itself.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterable, Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, TypeGuard, cast

from graphql import DocumentNode, GraphQLError
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import execute as graphql_execute
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.operation import get_first_operation, get_operation_type

from schema.guard import coded, refusal, refused

if TYPE_CHECKING:
    from strawberry.schema import Schema

__all__ = ["Prepare", "PreparedDocuments", "PreparedQuery", "Timing", "bypassable",
           "run_prepared"]


class Timing:
    """How long a prepared query takes to run: a moving mean of its last runs (each new one
    weighs a fifth), None until it has run once."""

    __slots__ = ("mean_s",)

    def __init__(self) -> None:
        self.mean_s: float | None = None

    def note(self, seconds: float) -> None:
        self.mean_s = seconds if self.mean_s is None else 0.8 * self.mean_s + 0.2 * seconds


class PreparedQuery(NamedTuple):
    document: DocumentNode
    operation_name: str | None
    timing: Timing


class _Entry(NamedTuple):
    document: DocumentNode
    operations: dict[str | None, PreparedQuery | None]
    """By the operation name asked for: the query it selects, or None (not a query)."""


class PreparedDocuments:
    """Documents that parsed and validated with no error, by query text: at most `maxsize`,
    the least recently used dropped first. Safe across the schema's worker threads."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        """Operations that took the prepared path (for tests and diagnostics)."""

    def get(self, query: str | None, operation_name: str | None,
            allowed: Iterable[OperationType] | None = None) -> PreparedQuery | None:
        """The query `operation_name` selects in the document `query` is, if the document is
        kept, the operation it selects is a query and queries are `allowed` (None: every
        operation type is). As on strawberry's path, no name selects the first operation."""
        if query is None or (allowed is not None and OperationType.QUERY not in allowed):
            return None
        with self._lock:
            entry = self._entries.get(query)
            if entry is None:
                return None
            self._entries.move_to_end(query)
            if operation_name in entry.operations:
                prepared = entry.operations[operation_name]
            else:
                try:
                    kind = get_operation_type(entry.document, operation_name)
                except RuntimeError:    # no such operation: strawberry's path says so
                    return None         # (not kept: the names kept are the document's)
                prepared = entry.operations[operation_name] = (
                    PreparedQuery(entry.document,
                                  _selected_name(entry.document, operation_name), Timing())
                    if kind is OperationType.QUERY else None)
            if prepared is not None:
                self.hits += 1
            return prepared

    def add(self, query: str, document: DocumentNode) -> None:
        with self._lock:
            if query not in self._entries:
                self._entries[query] = _Entry(document, {})
            self._entries.move_to_end(query)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


class Prepare(SchemaExtension):
    """Keeps a document once its validation passes (in the schema's `prepared`)."""

    def on_validate(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        prepared = getattr(ec.schema, "prepared", None)
        if (prepared is not None and not ec.pre_execution_errors and ec.query is not None
                and ec.graphql_document is not None):
            prepared.add(ec.query, ec.graphql_document)


def _selected_name(document: DocumentNode, operation_name: str | None) -> str | None:
    """The operation name strawberry passes to graphql-core: the one asked for, else the
    first operation's (strawberry's `ExecutionContext.operation_name`)."""
    if operation_name is not None:
        return operation_name
    first = get_first_operation(document)
    return first.name.value if first is not None and first.name is not None else None


def bypassable(schema: Schema) -> bool:
    """Whether strawberry's path adds nothing to the execution of a validated query: no
    extension resolves fields (strawberry's middleware) and no custom directive (its
    directives extension)."""
    return not schema.directives and not any(
        extension._implements_resolve()
        for extension in schema.get_extensions(sync=True))


def run_prepared(
    schema: Schema, prepared: PreparedQuery, variables: dict[str, Any] | None,
    context: Any, root_value: Any, operation_extensions: dict[str, Any] | None,
    check_rate: Callable[[Any], None] | None, production: bool,
) -> ExecutionResult:
    """A query of a prepared document: the request guard, graphql-core's execution as
    strawberry makes it (its time noted in the query's `timing`), the errors logged, then
    coded for the client."""
    error = refusal(context, OperationType.QUERY, prepared.document, variables, check_rate)
    result: GraphQLExecutionResult
    if error is not None:
        result = refused(error)     # refused before it ran: nothing logged (as strawberry)
    else:
        started = time.perf_counter()
        try:
            outcome = graphql_execute(
                schema._schema, prepared.document, root_value=root_value,
                variable_values=variables, operation_name=prepared.operation_name,
                context_value=context, is_awaitable=_is_awaitable,
                executor_class=schema.execution_context_class,
                operation_extensions=operation_extensions,
                is_async_iterable=_no_stream)
            prepared.timing.note(time.perf_counter() - started)
        except Exception as exc:    # as strawberry: an error of the operation, returned
            errors = [exc if isinstance(exc, GraphQLError)
                      else GraphQLError(str(exc), original_error=exc)]
            schema._process_errors(errors, _context_of(schema, prepared, context, variables))
            # uncoded, as on strawberry's path: the schema codes and masks it
            return ExecutionResult(data=None, errors=errors)
        if not isinstance(outcome, GraphQLExecutionResult):
            raise TypeError(f"a query executed to {type(outcome).__name__}, not a result")
        result = outcome
        if result.errors:
            schema._process_errors(result.errors,
                                   _context_of(schema, prepared, context, variables))
    if not result.errors:
        return ExecutionResult(data=result.data, errors=result.errors)
    return ExecutionResult(data=result.data, errors=coded(
        result.errors, str(getattr(context, "request_id", "-")), production))


_is_awaitable = cast("Callable[[Any], TypeGuard[Awaitable[Any]]]", optimized_is_awaitable)


def _no_stream(_value: Any) -> TypeGuard[AsyncIterable[Any]]:
    """A synchronous execution streams nothing (strawberry's sync path passes the same)."""
    return False


def _context_of(schema: Schema, prepared: PreparedQuery, context: Any,
                variables: dict[str, Any] | None) -> ExecutionContext:
    """strawberry's execution context for logging an error, as its path would have it."""
    ec = ExecutionContext(query=None, schema=schema, allowed_operations=(OperationType.QUERY,),
                          context=context, variables=variables,
                          provided_operation_name=prepared.operation_name)
    ec.graphql_document = prepared.document
    return ec
