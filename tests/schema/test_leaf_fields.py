"""Plain leaf fields completed in one step (schema/leaf_fields.py) give the answers, errors
and paths graphql-core's own path gives: on a small schema with every edge case a plain
field has, and on the real schema over the seed and three corpus pages."""

from __future__ import annotations

import asyncio
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
from schema.leaf_fields import LeafFieldsExecutionContext, plain_leaves, plain_objects
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

    @strawberry.field
    async def later(self) -> str | None:
        if self.count == 3:
            raise ValueError("no third")
        return self.name


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Tag(Named):
    weight: int


@strawberry.type
class HeavyTag(Tag):        # a subclass: is_type_of still accepts it as a Tag
    heft: int = 1


@strawberry.type
class Holder:
    item: Item
    items: list[Item]
    maybe: Item | None
    loose: list[Item | None] = strawberry.field(default_factory=list)
    maybe_list: list[Item] | None = None
    tag: Tag | None = None
    tags: list[Tag] = strawberry.field(default_factory=list)
    named: Named | None = None
    wrong: Item | None = None
    lazy: list[Item] | None = None


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
    def lists(self) -> Holder:
        broken = _item(3, broken_name=None)
        return Holder(item=_item(1), items=[], maybe=None, loose=[_item(1), None, broken],
                      maybe_list=[_item(2), broken], tag=HeavyTag(name="h", weight=2),
                      tags=[Tag(name="t", weight=1), HeavyTag(name="u", weight=3)],
                      named=Tag(name="n", weight=4))

    @strawberry.field
    def odd(self) -> Holder:
        return Holder(item=_item(1), items=(_item(2), _item(3)),   # type: ignore[arg-type]
                      maybe=None, wrong=Tag(name="x", weight=1),   # type: ignore[arg-type]
                      tag=_item(4),                                # type: ignore[arg-type]
                      lazy=(_item(n) for n in range(2)))           # type: ignore[arg-type]

    @strawberry.field
    def many(self) -> list[Item | None]:
        return [_item(1), None, _item(2, broken_name=None), _item(3, wrong_count="x")]

    @strawberry.field
    def tagged(self) -> list[Tag]:
        return [Tag(name="t", weight=1), HeavyTag(name="h", weight=2),
                _item(3)]                                  # type: ignore[list-item]

    @strawberry.field
    def strict(self) -> list[Item]:                 # a null where the items are non-null
        return [_item(1), None, _item(2)]           # type: ignore[list-item]

    @strawberry.field
    def as_tuple(self) -> list[Item]:
        return (_item(1), _item(2, broken_name=None))   # type: ignore[return-value]

    @strawberry.field
    def generated(self) -> list[Item]:
        return (_item(n) for n in range(2))         # type: ignore[return-value]

    @strawberry.field
    def nested(self) -> list[list[Item]]:
        return [[_item(1)], [_item(2), _item(3, broken_name=None)]]

    @strawberry.field
    def names(self) -> list[Named]:
        return [Tag(name="t", weight=1), HeavyTag(name="h", weight=2)]

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
    "{ lists { loose { name brokenName } } }",
    "{ lists { maybeList { name brokenName } item { name } } }",
    "{ lists { tag { name weight } tags { name weight __typename } named { name } } }",
    "{ odd { items { name } wrong { name } lazy { name count } } }",
    "{ odd { tag { name } item { name } } }",
    "{ many { name brokenName wrongCount } }",
    "{ many { name } tagged { name weight } }",
    "{ strict { name } asTuple { name brokenName count } generated { name } }",
    "{ nested { name brokenName } names { name ... on Tag { weight } } }",
    "{ asTuple { name } strict { count } }",
    "{ a: holder { item { name } } b: holder { item { count } maybe { name } } }",
])
def test_the_answer_and_errors_are_graphql_cores(query: str) -> None:
    fast, plain = _both(Query)
    variables = {"skip": True} if "$skip" in query else {}
    assert _answer(fast, query, **variables) == _answer(plain, query, **variables)


def test_awaited_fields_inside_plain_objects_answer_as_graphql_core_s() -> None:
    fast, plain = _both(Query)
    query = "{ holder { item { name later } items { name later } maybe { later } } }"
    answers = []
    for schema in (fast, plain):
        result = asyncio.run(schema.execute(query))
        answers.append((result.data, [e.formatted for e in result.errors or ()]))
    assert answers[0] == answers[1]
    assert answers[0][1] and answers[0][0]["holder"]["items"][0]["later"] == "item 2"


def test_only_plain_attributes_of_a_leaf_type_take_the_short_path() -> None:
    fast, _ = _both(Query)
    item = fast._schema.get_type("Item")
    assert set(plain_leaves(item)) == {"name", "note", "count", "colour", "maybeColour",
                                       "when", "brokenName", "wrongCount", "huge"}
    holder = fast._schema.get_type("Holder")
    assert plain_leaves(holder) == {}       # objects and lists: graphql-core's path
    assert set(plain_objects(holder)) == {"item", "items", "maybe", "loose", "maybeList",
                                          "tag", "tags", "wrong", "lazy"}   # not `named`



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
