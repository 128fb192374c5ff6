"""The API's errors and the stable `extensions.code` every response error carries.

    ApiError                       an error whose message is for the client
    ├── Unauthenticated            UNAUTHENTICATED: no token, or not a valid one
    ├── Forbidden                  FORBIDDEN: the token lacks the scope
    ├── RateLimited                RATE_LIMITED: too many requests; retry after a while
    ├── TooExpensive               QUERY_TOO_EXPENSIVE: the estimated work exceeds the budget
    ├── TimeBudgetExceeded         TIME_BUDGET_EXCEEDED: the request ran past its time budget
    └── InputTooLarge              INPUT_TOO_LARGE: a string, a variable or the body is too long

The other codes come from what went wrong: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED,
BAD_USER_INPUT (a bad argument: ValueError), NOT_FOUND (an id, slug or name the graph does
not hold), IMPORT_FAILED (a page that could not be imported), JOB_LIMIT_REACHED (too many
jobs queued; nothing was queued) and INTERNAL_SERVER_ERROR (a
bug or an outage: the message is masked, the log holds the detail under the request id).
"""

from __future__ import annotations

from graphql import GraphQLError

from graph.errors import CapgraphError, ImportFailed, NotFound

__all__ = ["ApiError", "Forbidden", "InputTooLarge", "RateLimited", "TimeBudgetExceeded",
           "TooExpensive", "Unauthenticated", "code_for", "is_expected"]


class ApiError(Exception):
    """An error whose message is for the client, with its code."""

    code = "BAD_USER_INPUT"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class RateLimited(ApiError):
    code = "RATE_LIMITED"


class TooExpensive(ApiError):
    code = "QUERY_TOO_EXPENSIVE"


class TimeBudgetExceeded(ApiError):
    code = "TIME_BUDGET_EXCEEDED"


class InputTooLarge(ApiError):
    code = "INPUT_TOO_LARGE"


CLIENT_ERRORS: tuple[type[Exception], ...] = (ValueError, ApiError, CapgraphError)
"""Errors whose message is for the client (bad arguments, unknown ids); all else is masked.
A bare KeyError or IndexError is not among them: no resolver raises one on purpose (an
unknown id is `NotFound`), so one is a bug, and its message (`'slug'`) tells a client
nothing."""


def is_expected(error: GraphQLError) -> bool:
    """Whether the client may read the error's message (else it is masked)."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return True             # syntax and validation errors: the client needs them
    return isinstance(original, CLIENT_ERRORS) and not _is_internal(original)


def _is_internal(error: Exception) -> bool:
    from graph.errors import StoreError
    return isinstance(error, StoreError)     # the store's trouble is ours, not the client's


def code_for(error: GraphQLError) -> str:
    """The stable code of one response error.

    Example:
        >>> code_for(GraphQLError("Syntax Error: Unexpected Name 'x'."))
        'GRAPHQL_PARSE_FAILED'
        >>> code_for(GraphQLError("x", original_error=Forbidden("no")))
        'FORBIDDEN'
        >>> code_for(GraphQLError("x", original_error=NotFound("no artifact 'x'")))
        'NOT_FOUND'
        >>> code_for(GraphQLError("x", original_error=KeyError("slug")))
        'INTERNAL_SERVER_ERROR'
    """
    given = (error.extensions or {}).get("code")
    if isinstance(given, str):
        return given
    original = error.original_error
    if isinstance(original, GraphQLError):
        return code_for(original)
    if original is None:
        return ("GRAPHQL_PARSE_FAILED" if error.message.startswith("Syntax Error")
                else "GRAPHQL_VALIDATION_FAILED")
    if not is_expected(error):
        return "INTERNAL_SERVER_ERROR"
    own = getattr(original, "code", None)          # ApiError, and graph errors that name one
    if isinstance(own, str):
        return own
    if isinstance(original, NotFound):
        return "NOT_FOUND"
    if isinstance(original, ImportFailed):
        return "IMPORT_FAILED"
    return "BAD_USER_INPUT"
