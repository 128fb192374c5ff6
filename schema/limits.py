"""Every limit and security setting of the API, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

__all__ = ["MAX_DEPTH", "MAX_PAGE", "extensions"]

MAX_PAGE = 100
"""The most items one page of a list may hold (`first` is capped here)."""

MAX_DEPTH = 3
"""The deepest neighbourhood `explore` may ask for."""
MAX_QUERY_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 4000
DOCUMENT_CACHE = 256
"""Distinct query texts whose parse and validation are kept (LRU): front ends send the same
few documents again and again, and validating one costs more than running a compare."""

EXPECTED_ERRORS: tuple[type[Exception], ...] = (ValueError, LookupError)
"""Errors whose message is for the client (bad arguments, unknown ids); all else is masked."""


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:
        return False            # validation and syntax errors: the client needs them
    from graph.errors import CapgraphError
    return not isinstance(original, (*EXPECTED_ERRORS, CapgraphError))


# The depth and alias rules are built once: each limiter makes a new rule class when it is
# constructed, and a new class per request would make every validation a cache miss.
_RULES = (*QueryDepthLimiter(max_depth=MAX_QUERY_DEPTH).validation_rules,
          *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules)


def extensions() -> list[Callable[[], SchemaExtension]]:
    return [
        partial(AddValidationRules, list(_RULES)),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=_should_mask),
        partial(ParserCache, maxsize=DOCUMENT_CACHE),
        partial(ValidationCache, maxsize=DOCUMENT_CACHE),
    ]


def check_first(first: int) -> int:
    """`first` must be 1..MAX_PAGE: a list never returns more than the cap."""
    if not 1 <= first <= MAX_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE}, got {first}")
    return first
