"""Look-ahead (`schema.selection`): what a query selects below the field being resolved,
through aliases, inline fragments and named fragments, from the operation's syntax tree."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry

from schema.selection import selected_names, selects

seen: dict[str, Any] = {}


@strawberry.type
class Leaf:
    score: int = 1
    basis: str = "b"


@strawberry.type
class Item:
    name: str = "n"
    leaf: Leaf = strawberry.field(default_factory=Leaf)


@strawberry.type
class Box:
    items: list[Item] = strawberry.field(default_factory=lambda: [Item()])
    label: str = "l"


@strawberry.type
class Query:
    @strawberry.field
    def box(self, info: strawberry.Info) -> Box:
        seen.update(
            here=selected_names(info), items=selected_names(info, "items"),
            leaf=selected_names(info, "items", "leaf"),
            missing=selected_names(info, "nothing", "here"),
            selects_leaf=selects(info, "items", "leaf"),
            selects_basis=selects(info, "items", "leaf", "basis"),
            selects_label_below=selects(info, "label", "score"))
        return Box()


SCHEMA = strawberry.Schema(query=Query)


@pytest.mark.parametrize("document", [
    "{ box { label items { name leaf { score } } } }",
    "{ b: box { l: label items { n: name leaf { s: score } } } }",
    "{ box { ... on Box { label } items { ...I } } } fragment I on Item { name ...L } "
    "fragment L on Item { leaf { score } }",
    "{ box { label ... { items { name } } items { leaf { ... on Leaf { score } } } } }",
])
def test_the_same_selection_written_four_ways_looks_the_same(document: str) -> None:
    seen.clear()
    result = SCHEMA.execute_sync(document)
    assert not result.errors, result.errors
    expected = {
        "here": {"label", "items"}, "items": {"name", "leaf"}, "leaf": {"score"},
        "missing": frozenset(), "selects_leaf": True, "selects_basis": False,
        "selects_label_below": False,
    }
    assert seen == expected


def test_a_field_selected_in_two_places_counts_all_its_sub_fields() -> None:
    seen.clear()
    result = SCHEMA.execute_sync(
        "{ box { items { leaf { score } } items { leaf { basis } } } }")
    assert not result.errors, result.errors
    assert seen["leaf"] == {"score", "basis"} and seen["selects_basis"] is True
    assert seen["here"] == {"items"}
