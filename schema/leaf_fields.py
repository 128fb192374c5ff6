"""Plain fields completed without graphql-core's per-field machinery.

Most fields of an answer are plain attributes of a Python object (a slug, a name, a score, a
connection's edges, an edge's node): strawberry resolves them with `getattr`, and
graphql-core still gives each one the whole field machinery (a path, a resolve-info object,
the resolver call, `complete_value`'s dispatch, `is_type_of`), which costs more than
anything else in a list of fifty artifacts. Here a plain field — a strawberry field without
a resolver, arguments, extensions or permission classes, read with the default `getattr` —
takes a short path:

- of a scalar or enum type, it is read and serialised directly;
- of an object type, or a list of one object type, its value's sub-selection is executed
  directly (the same sub-fields, paths and error handling graphql-core gives it).

And an object a resolver returns, or a list or tuple of objects of one object type, has its
sub-selection executed at once (`complete_value`), without `complete_object_value`'s and
`complete_list_value`'s steps for each item.

Anything else, and any plain field whose value is not simply completed (null for a non-null
field, a missing attribute, a value the scalar refuses, an object strawberry's `is_type_of`
would have to judge, a list that is not a list or tuple, a deferred or streamed selection),
goes through graphql-core's own path, which reports the error as it always does: the answer
is the same either way (tests/schema/test_leaf_fields.py runs both and compares).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from graphql.pyutils.gather_with_cancel import gather_with_cancel
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE as _TYPE_CAST
from strawberry.types.field import StrawberryField

from schema.acyclic_execution import AcyclicExecutionContext

__all__ = ["LeafFieldsExecutionContext", "plain_leaves", "plain_objects"]

_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # strawberry's field on a GraphQLField
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
        for name, field, definition in _plain_fields(parent):
            kind, non_null = _unwrap(field.type)
            if isinstance(kind, GraphQLScalarType | GraphQLEnumType):
                plans[name] = _Leaf(definition.python_name, kind, non_null)
    return plans


class _Object(NamedTuple):
    """A plain attribute of an object type, or a list of them (one level)."""

    attribute: str
    type: GraphQLObjectType
    non_null: bool
    is_list: bool
    item_non_null: bool
    field_type: Any          # the field's GraphQL type, as errors are handled for it
    item_type: Any           # a list's item type (None for a single object)


_OBJECTS: WeakKeyDictionary[GraphQLObjectType, dict[str, _Object]] = WeakKeyDictionary()


def plain_objects(parent: GraphQLObjectType) -> dict[str, _Object]:
    """The fields of `parent` that are plain attributes holding an object, or a list of
    objects, of one object type (not an interface or union), by GraphQL name."""
    plans = _OBJECTS.get(parent)
    if plans is None:
        plans = _OBJECTS[parent] = {}
        for name, field, definition in _plain_fields(parent):
            step = _object_step(definition.python_name, field.type)
            if step is not None:
                plans[name] = step
    return plans


def _object_step(attribute: str, field_type: Any) -> _Object | None:
    """How a field of `field_type` read from `attribute` is completed when its type is one
    object type or a list of one (one level); None for anything else."""
    kind, non_null = _unwrap(field_type)
    is_list = isinstance(kind, GraphQLList)
    item_type, item_non_null = (kind.of_type, False) if is_list else (None, False)
    if is_list:
        kind, item_non_null = _unwrap(item_type)
    if not isinstance(kind, GraphQLObjectType):
        return None
    return _Object(attribute, kind, non_null, is_list, item_non_null, field_type, item_type)


def _plain_fields(parent: GraphQLObjectType) -> Iterator[tuple[str, GraphQLField,
                                                                StrawberryField]]:
    """The fields of `parent` read with the default `getattr`, with their strawberry
    fields."""
    for name, field in parent.fields.items():
        definition = _plain_definition(field)
        if definition is not None:
            yield name, field, definition


def _plain_definition(field: GraphQLField) -> StrawberryField | None:
    """The strawberry field behind `field` if it is read with the default `getattr`: no
    resolver, arguments, extensions or permission classes; else None."""
    definition = (field.extensions or {}).get(_DEFINITION)
    if (isinstance(definition, StrawberryField) and not field.args
            and getattr(field.resolve, "_is_default", False)
            and definition.base_resolver is None and not definition.extensions
            and not getattr(definition, "permission_classes", None)
            and definition.default_resolver is getattr):
        return definition
    return None


def _unwrap(kind: Any) -> tuple[Any, bool]:
    """A GraphQL type without its non-null wrapper, and whether it had one."""
    if isinstance(kind, GraphQLNonNull):
        return kind.of_type, True
    return kind, False


class _Split(NamedTuple):
    """A selection set split once: each field with its short path, if it has one."""

    fields: GroupedFieldSet                 # kept alive: the split is found by its id
    steps: tuple[tuple[str, FieldDetailsList, _Leaf | _Object | None], ...]  # document order


_FALLBACK = object()     # the short path declines: graphql-core's own path runs the field


class LeafFieldsExecutionContext(AcyclicExecutionContext):
    """strawberry's execution context (one that leaves no cycle behind), completing plain
    leaf fields in one step, and plain object fields without a resolver call or resolve
    info."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._splits: dict[tuple[GraphQLObjectType, int], _Split] = {}

    def _split(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Split:
        # graphql-core collects a list's sub-selection once for all its items: one split
        splits = self._splits
        key = (parent_type, id(fields))
        split = splits.get(key)
        if split is None:
            leaves, objects = plain_leaves(parent_type), plain_objects(parent_type)
            steps = []
            for name, details in fields.items():
                field_name = details[0].node.name.value
                step: _Leaf | _Object | None = leaves.get(field_name)
                # a directive left after collection (@stream) is graphql-core's to apply
                if step is None and not any(d.node.directives for d in details):
                    step = objects.get(field_name)
                steps.append((name, details, step))
            split = splits[key] = _Split(fields, tuple(steps))
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
        if manager is not None and manager.middlewares:     # wraps every field
            return super().execute_fields(parent_type, source_value, path,
                                          grouped_field_set, position_context)
        # graphql-core's execute_fields, each field given its short path first
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        awaitable_fields: list[str] = []
        try:
            for name, details, step in self._split(parent_type, grouped_field_set).steps:
                if isinstance(step, _Leaf):
                    result = _leaf_value(step, source_value)
                elif step is not None and position_context is None:
                    result = self._object_value(step, parent_type, source_value, details,
                                                path, name)
                else:
                    result = _FALLBACK
                if result is _FALLBACK:
                    result = self.execute_field(parent_type, source_value, details,
                                                Path(path, name, parent_type.name),
                                                position_context)
                    if result is Undefined:
                        continue
                results[name] = result
                if is_awaitable(result):
                    awaitable_fields.append(name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:      # as graphql-core gathers them
            awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
            results.update(zip(awaitable_fields, awaited, strict=True))
            return results
        return get_results()

    def _object_value(
        self, step: _Object, parent_type: GraphQLObjectType, source_value: Any,
        details: FieldDetailsList, path: Path | None, name: str,
    ) -> Any:
        """A plain object field completed as graphql-core would, without calling its
        resolver: `_FALLBACK` for anything not simply an object (or a list of objects) of
        its type, which graphql-core's path then reports."""
        value = getattr(source_value, step.attribute, _MISSING)
        if value is None:
            return _FALLBACK if step.non_null else None
        if value is _MISSING:
            return _FALLBACK
        return self._objects_value(step, value, details, Path(path, name, parent_type.name))

    def _objects_value(self, step: _Object, value: Any, details: FieldDetailsList,
                       field_path: Path) -> Any:
        """An object, or a list of objects, of `step`'s type completed at `field_path` as
        graphql-core would: `_FALLBACK` when it is not simply that."""
        items = value if step.is_list else (value,)
        if not isinstance(items, list | tuple) or not all(_fits(step, item) for item in items):
            return _FALLBACK
        collected = self.collect_subfields(step.type, details)
        if collected[1]:                                    # a @defer in the sub-selection
            return _FALLBACK
        fields = collected[0]
        field_type, item_type = step.field_type, step.item_type
        completed: list[Any] = []
        awaiting: list[int] = []        # indices of items still to be awaited
        try:
            if not step.is_list:
                done = self.execute_fields(step.type, value, field_path, fields, None)
                if self.is_awaitable(done):
                    return self._item_settled(done, field_type, details, field_path)
                return done
            for index, item in enumerate(items):
                if item is None:
                    completed.append(None)
                    continue
                item_path = field_path.add_key(index, None)
                item_done: Any
                try:
                    item_done = self.execute_fields(step.type, item, item_path, fields, None)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, details, item_path)
                    item_done = None
                if self.is_awaitable(item_done):
                    item_done = self._item_settled(item_done, item_type, details, item_path)
                    awaiting.append(index)
                completed.append(item_done)
        except Exception as raw_error:
            if awaiting:
                self.settle_in_background([completed[index] for index in awaiting])
            self.handle_field_error(raw_error, field_type, details, field_path)
            return None
        if not awaiting:
            return completed

        async def settled() -> list[Any] | None:
            try:
                awaited = await gather_with_cancel(*(completed[index] for index in awaiting))
            except Exception as raw_error:
                self.handle_field_error(raw_error, field_type, details, field_path)
                return None
            for index, done in zip(awaiting, awaited, strict=True):
                completed[index] = done
            return completed
        return settled()

    def complete_value(
        self, return_type: Any, field_details_list: FieldDetailsList, info: Any, path: Path,
        result: Any, position_context: Any,
    ) -> AwaitableOrValue[Any]:
        """graphql-core's, but an object of an object type (a resolver's result, or an item
        of a list it returned) whose class `is_type_of` need not judge has its sub-selection
        executed at once, and so has each item of a list or tuple of such objects (the same
        fields, paths and errors)."""
        kind, _ = _unwrap(return_type)
        if (position_context is None and result is not None
                and not isinstance(result, Exception)):
            if isinstance(kind, GraphQLObjectType) and _is_instance(kind, result):
                fields, defers, _ = self.collect_subfields(kind, field_details_list)
                if not defers:
                    return self.execute_fields(kind, result, path, fields, None)
            elif isinstance(kind, GraphQLList) and isinstance(result, list | tuple):
                step = _list_of_objects(return_type)
                # a directive on the field (@stream) is graphql-core's to apply
                if step is not None and not any(d.node.directives for d in field_details_list):
                    done = self._objects_value(step, result, field_details_list, path)
                    if done is not _FALLBACK:
                        return done
        return super().complete_value(return_type, field_details_list, info, path, result,
                                      position_context)

    async def _item_settled(self, done: Any, item_type: Any, details: FieldDetailsList,
                            item_path: Path) -> Any:
        try:
            return await done
        except Exception as raw_error:
            self.handle_field_error(raw_error, item_type, details, item_path)
            return None


_LISTS: WeakKeyDictionary[Any, _Object | None] = WeakKeyDictionary()
"""By a resolver's list type (one of the schema's type objects)."""


def _list_of_objects(field_type: Any) -> _Object | None:
    """How a list of one object type a resolver returns is completed, or None for a list
    of anything else (scalars, interfaces, unions, nested lists)."""
    if field_type not in _LISTS:                    # no attribute: the resolver gave the list
        _LISTS[field_type] = _object_step("", field_type)
    return _LISTS[field_type]


def _fits(step: _Object, item: Any) -> bool:
    """`item` completes as `step`'s object type: null only where allowed, and of the
    class strawberry's `is_type_of` accepts (when the type has one)."""
    if item is None:
        return step.is_list and not step.item_non_null
    return _is_instance(step.type, item)


def _is_instance(kind: GraphQLObjectType, value: Any) -> bool:
    """`value` completes as `kind` with no `is_type_of` to ask, or is of the very class
    strawberry's `is_type_of` accepts (not a subclass, not cast to another type)."""
    if kind.is_type_of is None:
        return True
    definition = (kind.extensions or {}).get(_DEFINITION)
    return (value.__class__ is getattr(definition, "origin", None)
            and not hasattr(value, _TYPE_CAST))


def _leaf_value(leaf: _Leaf, source_value: Any) -> Any:
    """The serialised value of a plain leaf, or `_FALLBACK` when it is not simply
    serialisable (graphql-core's path reports it)."""
    value = getattr(source_value, leaf.attribute, _MISSING)
    if value is None:
        return _FALLBACK if leaf.non_null else None
    if value is _MISSING:
        return _FALLBACK
    try:
        coerced = leaf.type.coerce_output_value(value)
    except Exception:   # graphql-core's path reports it
        return _FALLBACK
    return _FALLBACK if coerced is None or coerced is Undefined else coerced
