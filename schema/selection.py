"""Look-ahead: what a query selects below the field being resolved, so a resolver reads
only what is asked for."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry.types.nodes import SelectedField, Selection


def selects(info: strawberry.Info[Any, Any], *path: str) -> bool:
    """Whether the query selects `path` (GraphQL field names) below the current field,
    directly or through fragments.

    Example:
        `selects(info, "leftCapabilities", "claims")` inside `compare` is true for
        `compare(...) { leftCapabilities { claims { text } } }`.
    """
    return _reaches(_selections(info), path)


def selected_names(info: strawberry.Info[Any, Any], *path: str) -> frozenset[str]:
    """The names of the fields the query selects directly below `path` (GraphQL field
    names) under the current field, through fragments too.

    Example:
        inside `rank`, `rank { score ...on Rank { basis } }` gives {"score", "basis"};
        inside `artifacts`, `selected_names(info, "edges", "node")` the artifact's fields.
    """
    cache = getattr(info.context, "selections", None)
    if cache is None:
        return frozenset(_names(_selections(info), path))
    key = (tuple(map(id, info._raw_info.field_nodes)), path)
    found = cache.get(key)
    if found is None:
        found = cache[key] = frozenset(_names(_selections(info), path))
    return found  # type: ignore[no-any-return]


def _selections(info: strawberry.Info[Any, Any]) -> list[Selection]:
    """What the current field selects. strawberry converts the field's syntax tree again for
    every `Info` (every item of a list); the selection depends only on the field's nodes and
    the request's variables, so it is converted once per request and field (kept in the
    context's `selections`, where the context has one)."""
    cache = getattr(info.context, "selections", None)
    if cache is None:
        return [s for f in info.selected_fields for s in f.selections]
    key = tuple(map(id, info._raw_info.field_nodes))
    found: list[Selection] | None = cache.get(key)
    if found is None:
        found = cache[key] = [s for f in info.selected_fields for s in f.selections]
    return found


def _names(selections: Iterable[Selection], path: tuple[str, ...]) -> Iterable[str]:
    for selection in selections:
        if not isinstance(selection, SelectedField):    # an inline fragment or a spread
            yield from _names(selection.selections, path)
        elif not path:
            yield selection.name
        elif selection.name == path[0]:
            yield from _names(selection.selections, path[1:])


def _reaches(selections: Iterable[Selection], path: tuple[str, ...]) -> bool:
    if not path:
        return True
    for selection in selections:
        if isinstance(selection, SelectedField):
            if selection.name == path[0] and _reaches(selection.selections, path[1:]):
                return True
        elif _reaches(selection.selections, path):   # an inline fragment or a spread
            return True
    return False
