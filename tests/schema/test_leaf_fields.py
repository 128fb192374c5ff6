"""Plain leaf fields completed in one step (schema/leaf_fields.py) give the answers, errors
and paths graphql-core's own path gives: on a small schema with every edge case a plain
field has, and on the real schema over the seed and three corpus pages."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.context import Context
from schema.leaf_fields import LeafFieldsExecutionContext, plain_leaves
from tests.conftest import SEED


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    colour: Colour
    maybe_colour: Colour | None
    when: datetime
    broken_name: str            # set to None: a non-null field that is null
    wrong_count: int            # set to a text: the scalar refuses it
    huge: int                   # beyond GraphQL's 32-bit Int

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    def repeat(self, times: int) -> str:
        return self.name * times


@strawberry.type
class Holder:
    item: Item
    items: list[Item]
    maybe: Item | None


def _item(n: int, **bad: Any) -> Item:
    values: dict[str, Any] = dict(
        name=f"item {n}", note=None if n % 2 else f"note {n}", count=n, colour=Colour.RED,
        maybe_colour=None if n % 2 else Colour.BLUE,
        when=datetime(2026, 1, n + 1, tzinfo=UTC), broken_name=f"ok {n}", wrong_count=n,
        huge=n)
    values.update(bad)
    return Item(**values)


@strawberry.type
class Query:
    @strawberry.field
    def holder(self) -> Holder:
        return Holder(item=_item(1), items=[_item(2), _item(3), _item(4)], maybe=_item(5))

    @strawberry.field
    def broken(self) -> Holder:
        return Holder(item=_item(1, broken_name=None),
                      items=[_item(2), _item(3, wrong_count="three"), _item(4, huge=2**40)],
                      maybe=_item(5, broken_name=None))

    @strawberry.field
    def missing(self) -> Holder:
        item = _item(1)
        object.__delattr__(item, "note")        # an attribute the object does not have
        return Holder(item=item, items=[], maybe=None)


def _both(query: type, **kwargs: Any) -> tuple[strawberry.Schema, strawberry.Schema]:
    fast = strawberry.Schema(query=query, execution_context_class=LeafFieldsExecutionContext,
                             **kwargs)
    plain = strawberry.Schema(
        query=query, execution_context_class=StrawberryGraphQLCoreExecutionContext, **kwargs)
    return fast, plain


def _answer(schema: strawberry.Schema, query: str, context: Any = None,
            **variables: Any) -> tuple[Any, list[dict[str, Any]]]:
    result = schema.execute_sync(query, variables, context_value=context)
    return result.data, [e.formatted for e in result.errors or ()]


ITEM = """name note count colour maybeColour when shout repeat(times: 2) __typename
          aliased: name again: name"""


@pytest.mark.parametrize("query", [
    f"{{ holder {{ item {{ {ITEM} }} items {{ {ITEM} }} maybe {{ {ITEM} }} }} }}",
    f"{{ broken {{ item {{ {ITEM} brokenName }} }} }}",
    "{ broken { items { name wrongCount huge } maybe { name brokenName } } }",
    "{ missing { item { name note count } } }",
    "query ($skip: Boolean!) { holder { items { name note @skip(if: $skip) count } } }",
    "{ holder { items { ... on Item { name } ...F count } } } fragment F on Item { colour }",
])
def test_the_answer_and_errors_are_graphql_cores(query: str) -> None:
    fast, plain = _both(Query)
    variables = {"skip": True} if "$skip" in query else {}
    assert _answer(fast, query, **variables) == _answer(plain, query, **variables)


def test_only_plain_attributes_of_a_leaf_type_take_the_short_path() -> None:
    fast, _ = _both(Query)
    item = fast._schema.get_type("Item")
    assert set(plain_leaves(item)) == {"name", "note", "count", "colour", "maybeColour",
                                       "when", "brokenName", "wrongCount", "huge"}
    holder = fast._schema.get_type("Holder")
    assert plain_leaves(holder) == {}       # objects and lists: graphql-core's path



QUERIES = [
    """{ artifacts(first: 20, includeStubs: true) { totalCount edges { cursor node {
        id slug name type tagline stub rank { score basis weightsVersion }
        capabilities { id name title description uniqueAspect confidence }
        signals { id name value text raw unit kind observedAt source { uri title } } } } } }""",
    """query ($a: String!, $b: String!) { compare(a: $a, b: $b) {
        left { slug name type } right { slug name } verdict
        rows { key label leader left { display number } right { display number } }
        leftCapabilities { name description claims { text kind verdict } } } }""",
    """{ claims(first: 30) { edges { node { id text kind verdict
        artifact { slug } capability { title } } } } }""",
]


@pytest.fixture
def seeded(store: GraphStore, corpus_dir: Path) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    for path in sorted(corpus_dir.glob("*.txt"))[:3]:
        import_text(store, path.read_text(), uri=path.name)
    return store


@pytest.mark.parametrize("query", QUERIES)
def test_the_real_schema_answers_alike_both_ways(seeded: GraphStore, query: str) -> None:
    fast = build_schema()
    plain = build_schema()
    plain.execution_context_class = StrawberryGraphQLCoreExecutionContext
    slugs = [e["node"]["slug"] for e in _answer(
        fast, "{ artifacts(first: 5) { edges { node { slug } } } }",
        Context.for_store(seeded))[0]["artifacts"]["edges"]]
    variables = {"a": slugs[0], "b": slugs[1]} if "$a" in query else {}
    got = _answer(fast, query, Context.for_store(seeded), **variables)
    assert got == _answer(plain, query, Context.for_store(seeded), **variables)
    assert not got[1] and got[0]
