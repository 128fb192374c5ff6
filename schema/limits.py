"""Every limit and security setting of the API, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    SchemaExtension,
    ValidationCache,
)

from graph.settings import Settings
from schema.cost import MAX_COST, make_cost_rule
from schema.documents import DocumentCache, NonEmptySelections, depth_rule
from schema.guard import ErrorCodes, RequestGuard, make_string_literal_rule
from schema.prepared import Prepare
from schema.sizes import MAX_CLAIM_TEXT

__all__ = ["MAX_CLAIM_TEXT", "MAX_DEPTH", "MAX_PAGE", "ApiLimits", "extensions"]

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

# The depth and alias rules are built once: each limiter makes a new rule class when it is
# constructed, and a new class per request would make every validation a cache miss.
_RULES: tuple[type[ASTValidationRule], ...] = (
    NonEmptySelections, depth_rule(MAX_QUERY_DEPTH),
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules)


@dataclass(frozen=True)
class ApiLimits:
    """The configurable part of the limits (from `graph.settings.Settings`)."""

    production: bool = True
    introspection: bool = False
    max_string: int = 20_000
    max_cost: int = MAX_COST

    @classmethod
    def from_settings(cls, settings: Settings) -> ApiLimits:
        return cls(production=not settings.development, introspection=settings.introspection,
                   max_string=settings.max_string, max_cost=settings.max_cost)


def extensions(limits: ApiLimits | None = None,
               check_rate: Callable[[Any], None] | None = None,
               ) -> list[Callable[[], SchemaExtension]]:
    """The schema's extensions: validation rules (shape, cost, string sizes, introspection),
    the request guard, error codes and masking, the document caches, and the keeping of
    the documents that passed (`schema.prepared`)."""
    limits = limits or ApiLimits()
    rules: list[type[ASTValidationRule]] = [
        *_RULES, make_cost_rule(limits.max_cost, MAX_PAGE),
        make_string_literal_rule(limits.max_string)]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        partial(AddValidationRules, rules),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(RequestGuard, check_rate),
        partial(ErrorCodes, limits.production),
        partial(DocumentCache, maxsize=DOCUMENT_CACHE),
        partial(ValidationCache, maxsize=DOCUMENT_CACHE),
        Prepare,
    ]


def check_first(first: int) -> int:
    """`first` must be 1..MAX_PAGE: a list never returns more than the cap."""
    if not 1 <= first <= MAX_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE}, got {first}")
    return first
