"""Resolvers without arguments called directly (`schema.lean_resolvers`) answer what
strawberry's wrapping answers, on both stores: every such field of an artifact, its
capabilities, claims, evidence and signals, and a resolver's error."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import GraphQLObjectType

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.context import Context
from schema.lean_resolvers import lean_resolvers
from tests.conftest import SEED

CLAIM = ("text verdict source { uri } evidence { protocol outcome } mentions { slug } "
         "artifact { slug }")
EVERY = f"""query ($slug: String!) {{ artifact(slug: $slug) {{ slug
  rank {{ score basis components {{ name contribution }} }}
  sources {{ uri }} signals {{ name raw source {{ uri }} }} modelFiles {{ hubId }}
  capabilities {{ name artifact {{ slug }}
    claims {{ {CLAIM} capability {{ name }} }} }} }}
  artifacts(first: 3) {{ edges {{ node {{ slug rank {{ score }} }} }} }} }}"""


def _strawberrys(schema: strawberry.Schema) -> int:
    """Put strawberry's own resolve functions back; how many there were."""
    restored = 0
    for kind in schema._schema.type_map.values():
        if isinstance(kind, GraphQLObjectType):
            for field in kind.fields.values():
                original = getattr(field.resolve, "__wrapped__", None)
                if original is not None:
                    field.resolve, restored = original, restored + 1
    return restored


def _answer(schema: strawberry.Schema, store: GraphStore, query: str,
            variables: dict[str, Any]) -> dict[str, Any]:
    result = schema.execute_sync(query, variables, Context.for_store(store))
    return {"data": result.data, "errors": [e.formatted for e in result.errors or ()]}


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


def test_every_lean_field_answers_as_strawberrys(seeded: GraphStore) -> None:
    lean, plain = build_schema(), build_schema()
    assert _strawberrys(plain) >= 12            # rank, capabilities, claims, sources...
    assert lean_resolvers(plain) == _strawberrys(build_schema())
    _strawberrys(plain)
    slug = str(seeded.list_artifacts(first=1).nodes[0].props["slug"])
    expected = _answer(plain, seeded, EVERY, {"slug": slug})
    answered = _answer(lean, seeded, EVERY, {"slug": slug})
    assert answered == expected
    artifact = answered["data"]["artifact"]
    assert not answered["errors"] and artifact["rank"]["components"]
    claims = [c for cap in artifact["capabilities"] for c in cap["claims"]]
    assert claims and all(c["artifact"]["slug"] == slug for c in claims)


def test_a_resolvers_error_is_reported_alike(seeded: GraphStore,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A resolver that raises: the same error at the same path, the rest answered."""
    from resolvers import fields

    def broken(info: Any, artifact: Any) -> Any:
        raise RuntimeError(f"no sources for {artifact.slug}")

    monkeypatch.setattr(fields, "artifact_sources", broken)
    lean, plain = build_schema(), build_schema()
    _strawberrys(plain)
    slug = str(seeded.list_artifacts(first=1).nodes[0].props["slug"])
    query = "query ($slug: String!) { artifact(slug: $slug) { slug sources { uri } } }"
    answered = _answer(lean, seeded, query, {"slug": slug})
    assert answered == _answer(plain, seeded, query, {"slug": slug})
    assert answered["errors"][0]["path"] == ["artifact", "sources"]
    assert answered["errors"][0]["message"].startswith("Unexpected error")  # masked
    assert answered["data"] == {"artifact": None}       # a non-null list: null goes up
