"""Resolvers that take no arguments, called without strawberry's per-call wrapping.

For every call of a field with a resolver, strawberry converts the (absent) arguments,
looks the resolver's special parameters up again, chains the (absent) field extensions and
calls through four closures and the resolver object: about 30 Python calls before the
resolver runs, each time. A leaderboard's fifty `rank` fields paid that fifty times, 40% of
the request's calls. A field whose resolver is synchronous and has no arguments, field
extensions (permission classes are one) or exception handlers is given a resolve function
here that makes the same call directly: the object as `self`, `root` or `parent`, and
strawberry's `Info` as `info`, whichever the resolver declares. graphql-core still runs the
field (its path, errors and completion); only the wrapping between it and the resolver is
gone (`tests/schema/test_lean_resolvers.py` answers every field both ways).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLObjectType
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = ["lean_resolvers"]

_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # strawberry's field on a GraphQLField


def lean_resolvers(schema: strawberry.Schema) -> int:
    """Give every field of `schema` that qualifies (see the module) its direct resolve
    function (strawberry's is kept as its `__wrapped__`); how many did. A schema with
    exception handlers is left as it is."""
    if getattr(schema.schema_converter, "_exception_handler_specs", ()):
        return 0
    info_class = schema.config.info_class
    done = 0
    for kind in schema._schema.type_map.values():
        if not isinstance(kind, GraphQLObjectType) or kind.name.startswith("__"):
            continue
        for field in kind.fields.values():
            resolve = _direct(field, info_class)
            if resolve is not None:
                field.resolve = resolve
                done += 1
    return done


def _direct(field: GraphQLField, info_class: type[strawberry.Info[Any, Any]],
            ) -> Callable[..., Any] | None:
    """The direct resolve function of `field`, or None when strawberry's wrapping does
    something for it (arguments, extensions, an async or subscription resolver)."""
    definition = (field.extensions or {}).get(_DEFINITION)
    if not isinstance(definition, StrawberryField):
        return None
    resolver = definition.base_resolver
    if (resolver is None or field.args or definition.arguments or definition.extensions
            or resolver.is_async or definition.is_subscription
            or getattr(field.resolve, "__name__", None) != "_resolver"):
        return None
    func: Callable[..., Any] = resolver.wrapped_func  # type: ignore[assignment]
    if not callable(func):          # strawberry raises its own error for it: leave it so
        return None
    with_self = resolver.self_parameter is not None
    names = {p.name for p in (resolver.info_parameter,) if p is not None}
    objects = {p.name for p in (resolver.parent_parameter, resolver.root_parameter)
               if p is not None}
    if with_self and len(names) == 1 and not objects:        # `def field(self, info)`
        (info_name,) = names

        def resolve_with_info(source: Any, info: Any) -> Any:
            return func(source, **{info_name: info_class(_raw_info=info, _field=definition)})
        resolve_with_info.__wrapped__ = field.resolve  # type: ignore[attr-defined]
        return resolve_with_info

    def resolve(source: Any, info: Any) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(objects, source)
        for name in names:
            kwargs[name] = info_class(_raw_info=info, _field=definition)
        return func(source, **kwargs) if with_self else func(**kwargs)
    resolve.__wrapped__ = field.resolve  # type: ignore[attr-defined]
    return resolve
