"""Plain leaf fields completed in one step.

Most fields of an answer are plain attributes of a Python object (a slug, a name, a score):
strawberry resolves them with `getattr`, and graphql-core still gives each one the whole
field machinery (a path, a resolve-info object, the resolver call, `complete_value`'s
dispatch), which costs more than anything else in a list of fifty artifacts. Here a field
that is a plain attribute — a strawberry field without a resolver, arguments, extensions or
permission classes, read with the default `getattr`, of a scalar or enum type — is read and
serialised directly. Anything else, and any plain field whose value is not simply
serialisable (null for a non-null field, a missing attribute, a value the scalar refuses),
goes through graphql-core's own path, which reports the error as it always does: the answer
is the same either way (tests/schema/test_leaf_fields.py runs both and compares).
"""

from __future__ import annotations

from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.collect_fields import GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.field import StrawberryField

__all__ = ["LeafFieldsExecutionContext", "plain_leaves"]

_DEFINITION = "strawberry-definition"     # strawberry's back-reference on a GraphQLField
_MISSING = object()


class _Leaf(NamedTuple):
    attribute: str
    type: GraphQLScalarType | GraphQLEnumType
    non_null: bool


_PLANS: WeakKeyDictionary[GraphQLObjectType, dict[str, _Leaf]] = WeakKeyDictionary()


def plain_leaves(parent: GraphQLObjectType) -> dict[str, _Leaf]:
    """The fields of `parent` that are plain attributes of a leaf type, by GraphQL name
    (computed once per type)."""
    plans = _PLANS.get(parent)
    if plans is None:
        plans = _PLANS[parent] = {}
        for name, field in parent.fields.items():
            definition = (field.extensions or {}).get(_DEFINITION)
            if (not isinstance(definition, StrawberryField) or field.args
                    or not getattr(field.resolve, "_is_default", False)
                    or definition.base_resolver is not None or definition.extensions
                    or getattr(definition, "permission_classes", None)
                    or definition.default_resolver is not getattr):
                continue
            kind = field.type
            non_null = isinstance(kind, GraphQLNonNull)
            if non_null:
                kind = kind.of_type
            if isinstance(kind, GraphQLScalarType | GraphQLEnumType):
                plans[name] = _Leaf(definition.python_name, kind, non_null)
    return plans


class _Split(NamedTuple):
    """A selection set split once: its plain leaves, and the fields graphql-core runs."""

    fields: GroupedFieldSet                 # kept alive: the split is found by its id
    leaves: tuple[tuple[str, _Leaf], ...]   # (response name, leaf), in document order
    others: GroupedFieldSet


class LeafFieldsExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, completing plain leaf fields in one step."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._splits: dict[tuple[GraphQLObjectType, int], _Split] = {}

    def _split(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Split:
        # graphql-core collects a list's sub-selection once for all its items: one split
        splits = self._splits
        key = (parent_type, id(fields))
        split = splits.get(key)
        if split is None:
            plain = plain_leaves(parent_type)
            leaves = tuple((name, plain[details[0].node.name.value])
                           for name, details in fields.items()
                           if details[0].node.name.value in plain)
            names = {name for name, _ in leaves}
            split = splits[key] = _Split(fields, leaves, {
                name: details for name, details in fields.items() if name not in names})
        return split

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        manager = self.middleware_manager
        split = (None if manager is not None and manager.middlewares   # wraps every field
                 else self._split(parent_type, grouped_field_set))
        if split is None or not split.leaves:
            return super().execute_fields(parent_type, source_value, path,
                                          grouped_field_set, position_context)
        results: dict[str, Any] = {}
        refused: list[str] = []
        for name, leaf in split.leaves:
            value = getattr(source_value, leaf.attribute, _MISSING)
            if value is None:
                if not leaf.non_null:
                    results[name] = None
                    continue
            elif value is not _MISSING:
                try:
                    coerced = leaf.type.coerce_output_value(value)
                except Exception:   # graphql-core's path reports it
                    coerced = None
                if coerced is not None and coerced is not Undefined:
                    results[name] = coerced
                    continue
            refused.append(name)
        if not split.others and not refused:
            return results
        # the rest, and any leaf that was not simply serialisable (graphql-core reports
        # it), in document order: errors come in the order graphql-core gives them
        others = (split.others if not refused else
                  {name: details for name, details in grouped_field_set.items()
                   if name in split.others or name in refused})
        rest = super().execute_fields(parent_type, source_value, path, others,
                                      position_context)
        if self.is_awaitable(rest):
            async def merged() -> dict[str, Any]:
                return _merge(grouped_field_set, results, await rest)
            return merged()
        return _merge(grouped_field_set, results, rest)  # type: ignore[arg-type]


def _merge(fields: GroupedFieldSet, results: dict[str, Any],
           rest: dict[str, Any]) -> dict[str, Any]:
    """Both parts in document order; a field graphql-core left out (not in the schema) is
    left out here too."""
    return {name: results[name] if name in results else rest[name]
            for name in fields if name in results or name in rest}
