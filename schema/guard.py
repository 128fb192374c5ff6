"""Checks each operation passes before it runs, and the shape of every error it answers with.

`RequestGuard` (before execution): reads need the `read` scope; every string a variable
carries is held to the budget's length and must be text (no lone surrogate); an operation
arriving over a WebSocket counts against its caller's rate (HTTP requests are counted by
the transport before their body is read). `ErrorCodes` (after): every error gets its stable
`extensions.code`; an unexpected one is masked, with the request id the log holds its
detail under; in production, field suggestions ("Did you mean ...?") are removed and long
messages cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any
from weakref import ref

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    GraphQLError,
    StringValueNode,
    ValidationRule,
    VariableNode,
    Visitor,
    visit,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types.graphql import OperationType

from graph.access import Scope
from schema.errors import ApiError, InputTooLarge, code_for, is_expected
from schema.sizes import LONG_ARGUMENTS

__all__ = ["ErrorCodes", "RequestGuard", "coded", "make_string_literal_rule", "refusal", "refused",
           "with_code"]

MAX_MESSAGE = 500
"""The longest error message sent back in production (bad input is not echoed in full)."""

_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


_LONG_VARIABLES: dict[int, tuple[ref[DocumentNode], dict[str, int]]] = {}
"""By the document's identity: a document hashes and compares by its whole tree."""


def _long_variables(document: DocumentNode | None) -> dict[str, int]:
    """Variables passed straight to an argument of `LONG_ARGUMENTS`, with their limit (the
    smallest when one variable feeds several arguments); found once per parsed document
    (documents are cached: a front end sends the same few again and again)."""
    if document is None:
        return {}
    key = id(document)
    entry = _LONG_VARIABLES.get(key)
    if entry is not None and entry[0]() is document:
        return entry[1]
    found = _find_long_variables(document)
    _LONG_VARIABLES[key] = (ref(document, lambda _gone: _LONG_VARIABLES.pop(key, None)), found)
    return found


def _find_long_variables(document: DocumentNode) -> dict[str, int]:
    found: dict[str, int] = {}
    other: set[str] = set()

    class Uses(Visitor):
        def enter_field(self, node: FieldNode, *_args: Any) -> None:
            for arg in node.arguments or ():
                if isinstance(arg.value, VariableNode):
                    name = arg.value.name.value
                    limit = LONG_ARGUMENTS.get((node.name.value, arg.name.value))
                    if limit is None:
                        other.add(name)
                    else:
                        found[name] = min(limit, found.get(name, limit))

    visit(document, Uses())
    return {name: limit for name, limit in found.items() if name not in other}


def _check_strings(value: Any, limit: int | None, path: str) -> None:
    """Refuse the first string in `value` longer than `limit` (InputTooLarge), or that is not
    text: JSON may carry a lone surrogate (`"\\ud800"`), which no store can write."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if limit is not None and len(item) > limit:
                raise InputTooLarge(f"{_printable(where)} ({len(item):,} characters) is longer "
                                    f"than the {limit:,} characters it may have")
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ApiError(f"{_printable(where)} is not text: it holds a lone surrogate "
                               f"(U+{ord(item[exc.start]):04X}) at character {exc.start}; "
                               "send UTF-8 text") from None
        elif isinstance(item, dict):
            stack.extend((f"{where}.{k}", v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(item))


def _printable(path: str) -> str:
    """A variable's path as a message may show it (a surrogate in a key escaped)."""
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


def refusal(context: Any, operation_type: OperationType, document: DocumentNode | None,
            variables: dict[str, Any] | None,
            check_rate: Callable[[Any], None] | None = None) -> ApiError | None:
    """Why an operation may not run, or None: the checks `RequestGuard` makes before
    execution (also made by `schema.prepared`'s path, which runs without extensions)."""
    try:
        if check_rate is not None and not getattr(context, "rate_checked", True):
            check_rate(context)
        principal = getattr(context, "principal", None)
        if principal is not None and operation_type is not OperationType.MUTATION:
            principal.require(Scope.READ, "reading")
        budget = getattr(context, "budget", None)
        if variables:
            long = _long_variables(document)
            default = budget.max_string if budget is not None else None
            for name, value in variables.items():
                _check_strings(value, long.get(name, default), f"$variables.{name}")
    except ApiError as error:
        return error
    return None


def refused(error: ApiError) -> GraphQLExecutionResult:
    """The result of an operation `refusal` stopped."""
    return GraphQLExecutionResult(data=None, errors=[
        GraphQLError(str(error), original_error=error, extensions={"code": error.code})])


class RequestGuard(SchemaExtension):
    """Scope of reads, sizes and text of variables, the rate of WebSocket operations."""

    def __init__(self, check_rate: Callable[[Any], None] | None = None) -> None:
        self.check_rate = check_rate

    def on_execute(self) -> Iterator[None]:
        ec = self.execution_context
        error = refusal(ec.context, ec.operation_type, ec.graphql_document, ec.variables,
                        self.check_rate)
        if error is not None:
            ec.result = refused(error)
        yield


def make_string_literal_rule(max_string: int) -> type[ValidationRule]:
    """A validation rule refusing string literals longer than `max_string` characters."""

    class StringLiteralLimit(ValidationRule):
        def enter_string_value(self, node: StringValueNode, _key: Any, parent: Any,
                               _path: Any, ancestors: Any) -> None:
            limit = max_string
            if isinstance(parent, ArgumentNode):
                field = next((a for a in reversed(ancestors) if isinstance(a, FieldNode)), None)
                if field is not None:
                    limit = LONG_ARGUMENTS.get((field.name.value, parent.name.value), limit)
            if len(node.value) > limit:
                self.report_error(GraphQLError(
                    f"A string in the query has {len(node.value):,} characters; at most "
                    f"{limit:,} are allowed there", node,
                    extensions={"code": InputTooLarge.code}))

    return StringLiteralLimit


class ErrorCodes(MaskErrors):
    """Codes on every error; unexpected ones masked with the request id."""

    def __init__(self, production: bool = True) -> None:
        super().__init__(should_mask_error=lambda e: not is_expected(e))
        self.production = production

    def _request_id(self) -> str:
        context = getattr(self, "execution_context", None)
        return str(getattr(getattr(context, "context", None), "request_id", "-"))

    def _process_result(self, result: object) -> None:
        # MaskErrors checks `result` against a runtime Protocol, which costs a small
        # request more than its error handling: any result with errors has `errors`
        errors = getattr(result, "errors", None)
        if errors:
            result.errors = self._process_errors(errors)  # type: ignore[attr-defined]

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return coded(errors, self._request_id(), self.production)


def coded(errors: list[GraphQLError], request_id: str,
          production: bool = True) -> list[GraphQLError]:
    """The errors of an operation as the client sees them (`with_code` each)."""
    return [with_code(error, request_id, production) for error in errors]


def with_code(error: GraphQLError, request_id: str, production: bool = True,
              expected: bool | None = None) -> GraphQLError:
    """The error as the client sees it: its code; masked with the request id unless
    `expected` (by default: `is_expected`); in production, no suggestions and cut short."""
    code = code_for(error) if expected is not False else "INTERNAL_SERVER_ERROR"
    extensions = {**(error.extensions or {}), "code": code}
    if not (is_expected(error) if expected is None else expected):
        message = f"Unexpected error (request {request_id}); the server log has the detail."
        extensions["requestId"] = request_id
    else:
        message = error.message
        if production:
            message = _SUGGESTION.sub("", message)
            if len(message) > MAX_MESSAGE:
                message = message[:MAX_MESSAGE] + " [...]"
    return GraphQLError(message, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path,
                        original_error=None, extensions=extensions)
