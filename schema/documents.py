"""Parsing and shape rules for the documents clients send, made safe for any text.

strawberry's parser cache and depth limiter do their work as their hooks start (the parse
before `on_parse` yields, the depth in the rule's constructor), so whatever they raise
leaves the parsing or validation step whole: the error skips `ErrorCodes` and reaches the
client without a code, or unmasked. The fuzzer found three such documents: any syntax
error (no code), `{}` or `{ a {} }` (graphql-core parses an empty selection set; the depth
limiter then takes `max()` of nothing), and `{ ...Missing }` (a spread of an unknown
fragment: a KeyError in the depth limiter). Here:

- `DocumentCache` caches parses that succeed and leaves a document that does not parse to
  strawberry's own parse, which reports it as a parse error (GRAPHQL_PARSE_FAILED);
- `NonEmptySelections` refuses an empty selection set, as the GraphQL grammar does;
- `depth_rule` measures depth only in documents it can measure: with an empty selection
  set or a spread of an unknown fragment, other rules refuse the document anyway.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from graphql import (
    BREAK,
    ASTValidationRule,
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    Visitor,
    visit,
)
from strawberry.extensions import ParserCache, QueryDepthLimiter

__all__ = ["DocumentCache", "NonEmptySelections", "depth_rule"]


class DocumentCache(ParserCache):
    """strawberry's ParserCache, except that a document that does not parse is left to
    strawberry's own parse (inside the parsing step, which reports it with its code)."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query:
            with contextlib.suppress(GraphQLError):
                context.graphql_document = self.cached_parse_document(
                    context.query, **context.parse_options)
        yield


class NonEmptySelections(ValidationRule):
    """A selection set must select something: `{}` is not a query."""

    def enter_selection_set(self, node: SelectionSetNode, *_args: Any) -> None:
        if not node.selections:
            self.report_error(GraphQLError(
                "A selection set must select at least one field ('{}' is empty).", node))


class _Unmeasurable(Visitor):
    """Finds what the depth limiter cannot measure: an empty selection set, or a spread of
    a fragment the document does not define."""

    def __init__(self, fragments: set[str]) -> None:
        super().__init__()
        self.fragments = fragments
        self.found = False

    def enter_selection_set(self, node: SelectionSetNode, *_args: Any) -> object:
        if not node.selections:
            self.found = True
            return BREAK
        return None

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: Any) -> object:
        if node.name.value not in self.fragments:
            self.found = True
            return BREAK
        return None


def measurable(document: DocumentNode) -> bool:
    """Whether strawberry's depth limiter can measure the document.

    Example:
        >>> from graphql import parse
        >>> [measurable(parse(q)) for q in ("{ a { b } }", "{}", "{ a {} }", "{ ...F }")]
        [True, False, False, False]
    """
    fragments = {d.name.value for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    finder = _Unmeasurable(fragments)
    visit(document, finder)
    return not finder.found


def depth_rule(max_depth: int) -> type[ASTValidationRule]:
    """strawberry's depth limit, skipped for a document it cannot measure (which
    `NonEmptySelections` or graphql-core's KnownFragmentNames refuses)."""
    (limiter,) = QueryDepthLimiter(max_depth=max_depth).validation_rules

    class DepthLimit(limiter):  # type: ignore[misc]
        def __init__(self, context: ValidationContext) -> None:
            if measurable(context.document):
                super().__init__(context)
            else:
                ValidationRule.__init__(self, context)

    return DepthLimit
