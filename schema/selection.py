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
