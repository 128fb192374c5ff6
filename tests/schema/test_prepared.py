"""Queries of documents that already passed run without strawberry's extension steps
(schema/prepared.py) and answer as strawberry's path does: the same data, the same errors
with the same codes and masks, the same refusals by the request guard, the same log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from graphql import parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.types.graphql import OperationType

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.auth import Principal
from schema.context import Context
from schema.errors import RateLimited
from schema.execution import CapgraphSchema
from schema.prepared import PreparedDocuments, bypassable
from tests.conftest import SEED

ARTIFACT = """query ($slug: String!) { artifact(slug: $slug) { slug name type
    capabilities { name description } signals { name raw kind observedAt } } }"""
COMPARE = """query ($a: String!, $b: String!) { compare(a: $a, b: $b) { verdict
    left { slug } right { slug } rows { key leader left { display } right { display } } } }"""
LISTING = """query ($first: Int!) { artifacts(first: $first) { totalCount
    edges { node { slug rank { score basis } } } } }"""
TWO = """query Top { artifacts(first: 2) { edges { node { slug } } } }
    query One($slug: String!) { artifact(slug: $slug) { name } }"""


def _answer(schema: CapgraphSchema, query: str, variables: dict[str, Any] | None,
            context: Context, operation_name: str | None = None,
            allowed: tuple[OperationType, ...] | None = None) -> dict[str, Any]:
    result = schema.execute_sync(query, variables, context_value=context,
                                 operation_name=operation_name,
                                 allowed_operation_types=allowed)
    return {"data": result.data, "errors": [e.formatted for e in result.errors or ()]}


def _twice(query: str, variables: dict[str, Any] | None, context: Callable[[], Context],
           operation_name: str | None = None, **schema_args: Any,
           ) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The answer of strawberry's path alone, the prepared path's answer (the second time
    the query is sent) and how many queries took the prepared path."""
    plain = build_schema(**schema_args)
    plain.prepared = None
    prepared = build_schema(**schema_args)
    assert prepared.prepared is not None
    expected = _answer(plain, query, variables, context(), operation_name)
    first = _answer(prepared, query, variables, context(), operation_name)
    assert first == expected        # the first time: strawberry's path, which prepares
    assert prepared.prepared.hits == 0
    second = _answer(prepared, query, variables, context(), operation_name)
    return expected, second, prepared.prepared.hits


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


def _slugs(store: GraphStore) -> list[str]:
    return [str(n.props["slug"]) for n in store.list_artifacts(first=3).nodes]


def test_queries_answer_alike_both_ways(seeded: GraphStore) -> None:
    a, b, _ = _slugs(seeded)
    compare: tuple[str, dict[str, Any] | None, str | None] = (COMPARE, {"a": a, "b": b}, None)
    unknown = (COMPARE, {"a": a, "b": "no-such-artifact"}, None)     # NOT_FOUND
    cases: list[tuple[str, dict[str, Any] | None, str | None]] = [
        (ARTIFACT, {"slug": a}, None),
        (ARTIFACT, {"slug": "no-such-artifact"}, None),     # null, no error
        compare,
        unknown,
        (LISTING, {"first": 3}, None),
        (LISTING, {"first": 1000}, None),                   # refused by the resolver
        (LISTING, {"first": "three"}, None),                # a variable of the wrong type
        (LISTING, {}, None),                                # a required variable missing
        (TWO, None, "Top"),
        (TWO, {"slug": a}, "One"),
        (TWO, None, None),                  # which one? graphql-core asks for a name
        ("{ __typename }", None, None),
    ]
    answers = []
    for query, variables, name in cases:
        expected, prepared, hits = _twice(
            query, variables, lambda: Context.for_store(seeded, request_id="r1"), name)
        assert prepared == expected, (query, variables)
        assert hits == 1, (query, variables)
        answers.append(prepared)
    # the cases answer what they stand for: data for the compare, a code for the refusals
    answered = answers[cases.index(compare)]
    assert answered["data"]["compare"]["rows"] and not answered["errors"]
    assert answers[cases.index(unknown)]["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_guard_refuses_alike(embedded_store: EmbeddedStore) -> None:
    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    slug = _slugs(embedded_store)[0]

    def no_scopes() -> Context:     # an anonymous caller of a server that asks for tokens
        return Context.for_store(embedded_store, principal=Principal(
            address="10.0.0.9", anonymous_scopes=frozenset()), request_id="r2")

    expected, prepared, hits = _twice(ARTIFACT, {"slug": slug}, no_scopes)
    assert expected["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (prepared, hits) == (expected, 1)

    long = {"slug": "x" * 30_000}   # past the budget's string length
    expected, prepared, hits = _twice(
        ARTIFACT, long, lambda: Context.for_store(embedded_store, request_id="r3"))
    assert expected["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"
    assert (prepared, hits) == (expected, 1)

    def limited(_context: Any) -> None:
        raise RateLimited("too many requests; try again in 1 s")

    def over_a_socket() -> Context:   # its operations count against the rate one by one
        context = Context.for_store(embedded_store, request_id="r4")
        context.rate_checked = False
        return context

    expected, prepared, hits = _twice(ARTIFACT, {"slug": slug}, over_a_socket,
                                      check_rate=limited)
    assert expected["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert (prepared, hits) == (expected, 1)


class _FailingStore(EmbeddedStore):
    """A real store whose profile read fails unexpectedly once `broken` (a bug's stand-in)."""

    broken = False

    def profiles(self, slugs: Any) -> Any:
        if self.broken:
            raise RuntimeError("the profile read broke")
        return super().profiles(slugs)


def test_an_unexpected_error_is_masked_and_logged_alike(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = _FailingStore(tmp_path / "failing.sqlite3")
    try:
        import_text(store, SEED.read_text(), uri=SEED.name)
        slug = _slugs(store)[0]
        store.broken = True
        with caplog.at_level(logging.INFO, logger="capgraph.api"):
            expected, prepared, hits = _twice(
                ARTIFACT, {"slug": slug}, lambda: Context.for_store(store, request_id="r5"))
    finally:
        store.close()
    assert expected["errors"][0]["extensions"] == {
        "code": "INTERNAL_SERVER_ERROR", "requestId": "r5"}
    assert "the profile read broke" not in str(expected)
    assert (prepared, hits) == (expected, 1)
    logged = [r for r in caplog.records if "the profile read broke" in r.getMessage()]
    assert len(logged) == 3 and all(r.exc_info for r in logged)     # once a request


def test_what_is_never_prepared(embedded_store: EmbeddedStore) -> None:
    schema = build_schema()
    assert schema.prepared is not None

    def context() -> Context:
        return Context.for_store(embedded_store)

    invalid = "{ artifacts(first: 2) { edges { node { nope } } } }"
    for _ in range(2):
        answer = _answer(schema, invalid, None, context())
        assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    mutation = 'mutation { revokeToken(id: "nope") }'
    for _ in range(2):
        _answer(schema, mutation, None, context())
    assert schema.prepared.hits == 0
    # a kept document's query asked for where only mutations may run: strawberry refuses it
    _answer(schema, TWO, None, context(), "Top")
    with pytest.raises(InvalidOperationTypeError):
        _answer(schema, TWO, None, context(), "Top", allowed=(OperationType.MUTATION,))
    assert schema.prepared.hits == 0
    # an operation name the document does not have: strawberry says so
    with pytest.raises(CannotGetOperationTypeError):
        _answer(schema, TWO, None, context(), "Missing")
    assert schema.prepared.hits == 0


def test_prepared_documents_drop_the_least_recently_used() -> None:
    kept = PreparedDocuments(maxsize=2)
    for text in ("{ a }", "{ b }"):
        kept.add(text, parse(text))
    assert kept.get("{ a }", None) is not None       # now the most recently used
    kept.add("{ c }", parse("{ c }"))
    assert kept.get("{ b }", None) is None
    assert kept.get("{ a }", None) is not None and kept.get("{ c }", None) is not None
    assert len(kept) == 2
    two = "query A { a } mutation B { b }"
    kept.add(two, parse(two))
    assert kept.get(two, "A") is not None
    assert kept.get(two, "B") is None               # a mutation: strawberry's path
    assert kept.get(two, None) is not None          # the first, as strawberry takes it
    assert kept.get(two, "A", (OperationType.MUTATION,)) is None
    assert kept.get(two, "A", (OperationType.QUERY,)) is not None


class _Resolving(SchemaExtension):
    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        return _next(root, info, *args, **kwargs)


def test_an_extension_that_resolves_fields_keeps_strawberrys_path() -> None:
    assert bypassable(build_schema())
    schema = build_schema()
    schema.extensions = (*schema.extensions, _Resolving)
    assert not bypassable(schema)
