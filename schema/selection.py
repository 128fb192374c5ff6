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
    return _reaches([s for f in info.selected_fields for s in f.selections], path)


def selected_names(info: strawberry.Info[Any, Any], *path: str) -> frozenset[str]:
    """The names of the fields the query selects directly below `path` (GraphQL field
    names) under the current field, through fragments too.

    Example:
        inside `rank`, `rank { score ...on Rank { basis } }` gives {"score", "basis"};
        inside `artifacts`, `selected_names(info, "edges", "node")` the artifact's fields.
    """
    return frozenset(_names([s for f in info.selected_fields for s in f.selections], path))


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
