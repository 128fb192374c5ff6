"""Every limit and security setting of the API, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from graph.store import MAX_DEPTH, MAX_PAGE

__all__ = ["MAX_DEPTH", "MAX_PAGE", "extensions"]

MAX_QUERY_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000

EXPECTED_ERRORS: tuple[type[Exception], ...] = (ValueError, LookupError)
"""Errors whose message is for the client (bad arguments, unknown ids); all else is masked."""


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:
        return False            # validation and syntax errors: the client needs them
    from graph.errors import CapgraphError
    return not isinstance(original, (*EXPECTED_ERRORS, CapgraphError))


def extensions() -> list[Callable[[], SchemaExtension]]:
    return [
        partial(QueryDepthLimiter, max_depth=MAX_QUERY_DEPTH),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=_should_mask),
    ]


def check_first(first: int) -> int:
    """`first` must be 1..MAX_PAGE: a list never returns more than the cap."""
    if not 1 <= first <= MAX_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE}, got {first}")
    return first
