"""`search` and `artifact(slug:)` by hub id or short name, over GraphQL on both stores."""

from __future__ import annotations

import pytest
from graphql import OperationDefinitionNode, TypeInfo, ValidationContext, parse

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema.cost import estimate
from tests.conftest import SEED
from tests.schema.test_api import SCHEMA, errors, run

SEARCH = """query ($q: String!, $first: Int, $after: String, $types: [SearchType!]) {
  search(query: $q, first: $first, after: $after, types: $types) {
    totalCount terms didYouMean
    pageInfo { hasNextPage endCursor }
    edges { cursor score resolved matchedTerms
      node { __typename id ... on Artifact { slug } ... on Claim { text } }
      highlights { field snippet marked terms spans { start end } } } } }"""


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


def test_a_hub_id_finds_its_artifact_first_with_highlights(seeded: GraphStore) -> None:
    data = run(seeded, SEARCH, q="microsoft/trocr-base-handwritten", first=3)["search"]
    assert data["terms"] == ["microsoft", "trocr", "base", "handwritten"]
    top = data["edges"][0]
    assert (top["node"]["__typename"], top["node"]["slug"], top["score"], top["resolved"]) == \
        ("Artifact", "trocr-base-handwritten", 1.0, True)
    name = top["highlights"][0]
    assert name["field"] == "name" and name["marked"] == "**trocr**-**base**-**handwritten**"
    assert name["spans"][0] == {"start": 0, "end": 5}
    assert data["pageInfo"]["hasNextPage"] and data["totalCount"] > 3


def test_pages_follow_one_another_and_types_filter(seeded: GraphStore) -> None:
    first = run(seeded, SEARCH, q="handwritten text", first=2)["search"]
    after = first["pageInfo"]["endCursor"]
    second = run(seeded, SEARCH, q="handwritten text", first=2, after=after)["search"]
    everything = run(seeded, SEARCH, q="handwritten text", first=4)["search"]
    assert [e["node"]["id"] for e in first["edges"] + second["edges"]] == \
        [e["node"]["id"] for e in everything["edges"]]
    scores = [e["score"] for e in everything["edges"]]
    assert scores == sorted(scores, reverse=True)
    claims = run(seeded, SEARCH, q="handwritten", first=50, types=["CLAIM"])["search"]
    assert {e["node"]["__typename"] for e in claims["edges"]} == {"Claim"}


def test_a_miss_suggests_near_names(seeded: GraphStore) -> None:
    data = run(seeded, SEARCH, q="fluxx")["search"]
    assert (data["totalCount"], data["didYouMean"]) == (0, ["FLUX.1 Pro"])


def test_artifact_resolves_hub_ids_and_short_names(seeded: GraphStore) -> None:
    query = "query ($s: String!) { artifact(slug: $s) { slug } }"
    for text in ("microsoft/trocr-base-handwritten", "trocr", "trocr-base-handwritten"):
        assert run(seeded, query, s=text)["artifact"] == {"slug": "trocr-base-handwritten"}
    assert run(seeded, query, s="nobody/nothing")["artifact"] is None


def test_bad_arguments_are_refused(seeded: GraphStore) -> None:
    assert "first must be between 1 and 100" in errors(seeded, SEARCH, q="x", first=0)[0]
    assert "not a cursor" in errors(seeded, SEARCH, q="x", after="nope")[0]


def test_a_search_page_is_costed_by_first() -> None:
    document = parse(SEARCH)        # `first` a variable: costed as the largest page, 100
    schema = SCHEMA._schema
    context = ValidationContext(schema, document, TypeInfo(schema), lambda _error: None)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    assert 1_000 < estimate(context, operation) < 20_000
