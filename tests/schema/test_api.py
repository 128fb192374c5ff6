"""The GraphQL API, executed in-process on both stores."""

from __future__ import annotations

from typing import Any

import pytest

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.context import Context
from tests.conftest import SEED

SCHEMA = build_schema()


def run(store: GraphStore, query: str, **variables: Any) -> dict[str, Any]:
    result = SCHEMA.execute_sync(query, variables, Context.for_store(store))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def errors(store: GraphStore, query: str, **variables: Any) -> list[str]:
    result = SCHEMA.execute_sync(query, variables, Context.for_store(store))
    assert result.errors, "expected an error"
    return [e.message for e in result.errors]


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


COMPARE = """query ($a: String!, $b: String!) { compare(a: $a, b: $b) {
  left { slug } right { slug } verdict
  statements { kind side rows text }
  rows { key label leader left { display number sources { sourceUri } } right { display number } }
  leftCapabilities { title claims { text kind } } rightCapabilities { title } } }"""


def test_compare_the_seed_by_slug_and_name(seeded: GraphStore) -> None:
    data = run(seeded, COMPARE, a="trocr-base-handwritten", b="FLUX.1 Pro")["compare"]
    assert (data["left"]["slug"], data["right"]["slug"]) == ("trocr-base-handwritten",
                                                             "flux-1-pro")
    rows = {r["key"]: r for r in data["rows"]}
    assert [r["key"] for r in data["rows"]] == ["type", "rank", "adoption", "quality",
                                                "ecosystem", "match_graph", "pricing",
                                                "capabilities", "times_matched"]
    assert (rows["rank"]["left"]["number"], rows["rank"]["right"]["number"]) == (43, 58)
    assert rows["rank"]["left"]["sources"][0]["sourceUri"] == SEED.name
    assert rows["adoption"]["leader"] == "TIE"
    assert (rows["capabilities"]["left"]["number"], rows["capabilities"]["right"]["number"]) \
        == (9, 13)
    assert rows["times_matched"]["left"]["display"] == "0"
    assert data["verdict"].startswith("FLUX.1 Pro ranks higher at 58/100 vs "
                                      "trocr-base-handwritten at 43/100 (reported ranks).")
    for statement in data["statements"]:
        if statement["kind"] == "LEADS":
            assert all(rows[k]["leader"] == statement["side"] for k in statement["rows"])
    assert len(data["leftCapabilities"]) == 8 and len(data["rightCapabilities"]) == 8
    assert data["leftCapabilities"][0]["claims"][0]["kind"] == "description"


def test_compare_refuses_unknown_and_identical_artifacts(seeded: GraphStore) -> None:
    assert "no artifact 'nope'" in errors(
        seeded, COMPARE, a="nope", b="FLUX.1 Pro")[0]
    assert "same artifact" in errors(seeded, COMPARE, a="flux-1-pro", b="FLUX.1 Pro")[0]


RANK = """query ($slug: String!) { artifact(slug: $slug) { id name type
  rank { score basis computedScore weightsVersion explanation
         components { name weight value contribution note signals { raw sourceUri } }
         reported { value sourceUri } }
  signals { name value text source { uri } } sources { uri truncated } } }"""


def test_every_artifact_has_its_rank_breakdown(seeded: GraphStore) -> None:
    artifact = run(seeded, RANK, slug="flux-1-pro")["artifact"]
    rank = artifact["rank"]
    assert rank["score"] == 58 and rank["basis"] == "REPORTED"
    assert SEED.name in rank["explanation"]
    components = {c["name"]: c for c in rank["components"]}
    assert components["quality"]["value"] == 1
    assert components["quality"]["signals"][0]["sourceUri"] == SEED.name
    assert components["evidence"]["value"] is None
    assert rank["reported"] == [{"value": 58, "sourceUri": SEED.name}]
    assert {s["name"] for s in artifact["signals"]} >= {"rank", "pricing", "capabilities"}
    assert artifact["sources"] == [{"uri": SEED.name, "truncated": False}]
    assert run(seeded, RANK, slug="no-such-thing")["artifact"] is None


LIST = """query ($first: Int!, $after: String, $type: String, $order: ArtifactOrder!,
                 $stubs: Boolean = true) {
  artifacts(first: $first, after: $after, type: $type, orderBy: $order, includeStubs: $stubs) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { slug stub rank { score } } } } }"""


def test_artifacts_are_a_capped_relay_connection(seeded: GraphStore) -> None:
    first = run(seeded, LIST, first=1, order="RANK_DESC")["artifacts"]
    assert first["pageInfo"]["hasNextPage"]
    assert first["edges"][0]["node"] == {"slug": "flux-1-pro", "stub": False,
                                         "rank": {"score": 58}}
    rest = run(seeded, LIST, first=100, after=first["pageInfo"]["endCursor"],
               order="RANK_DESC")["artifacts"]
    nodes = [e["node"] for e in rest["edges"]]
    assert nodes[0]["slug"] == "trocr-base-handwritten" and not rest["pageInfo"]["hasNextPage"]
    # the rest are alternatives the claims name (Tesseract, DALL-E 3...): stubs, unranked
    assert nodes[1:] and all(n["stub"] and n["rank"]["score"] is None for n in nodes[1:])
    assert first["totalCount"] == len(nodes) + 1
    by_name = run(seeded, LIST, first=100, order="NAME_ASC")["artifacts"]["edges"]
    names = [e["node"]["slug"] for e in by_name if not e["node"]["stub"]]
    assert names == ["flux-1-pro", "trocr-base-handwritten"]
    assert run(seeded, LIST, first=10, type="Dataset", order="RANK_DESC")["artifacts"][
        "totalCount"] == 0
    real = run(seeded, LIST, first=100, order="NAME_ASC", stubs=False)["artifacts"]
    assert [e["node"]["slug"] for e in real["edges"]] == names and real["totalCount"] == 2
    default = run(seeded, '{ artifacts(first: 100) { totalCount edges { node { stub } } } }')
    assert default["artifacts"]["totalCount"] == 2      # stubs only when asked for
    for kind in ("model", "MODEL", "Model"):
        models = run(seeded, LIST, first=10, type=kind, order="RANK_DESC", stubs=False)
        assert models["artifacts"]["totalCount"] == 2, kind
    assert "first must be between 1 and 100" in errors(seeded, LIST, first=101,
                                                       order="RANK_DESC")[0]
    assert "cursor" in errors(seeded, LIST, first=1, after="garbage", order="RANK_DESC")[0]


def test_global_ids_resolve_through_node_and_capability(seeded: GraphStore) -> None:
    artifact = run(seeded, RANK, slug="flux-1-pro")["artifact"]
    node = run(seeded, "query ($id: ID!) { node(id: $id) { id ... on Artifact { slug } } }",
               id=artifact["id"])["node"]
    assert node == {"id": artifact["id"], "slug": "flux-1-pro"}
    caps = run(seeded, '{ artifact(slug: "flux-1-pro") { capabilities { id title } } }')
    cap = caps["artifact"]["capabilities"][0]
    found = run(seeded, "query ($id: ID!) { capability(id: $id) { id title artifact { slug } } }",
                id=cap["id"])["capability"]
    assert found == {**cap, "artifact": {"slug": "flux-1-pro"}}
    assert "not an id this API gave out" in errors(
        seeded, 'query { node(id: "bm9wZQ") { id } }')[0]
    assert "is an Artifact's id, not a Capability's" in errors(
        seeded, "query ($id: ID!) { capability(id: $id) { id } }", id=artifact["id"])[0]


EXPLORE = """query ($id: ID!, $depth: Int!, $types: [EdgeType!]) {
  explore(id: $id, depth: $depth, edgeTypes: $types) {
    truncated nodes { id label title } edges { type source target } } }"""


def test_explore_returns_the_typed_subgraph(seeded: GraphStore) -> None:
    artifact = run(seeded, RANK, slug="trocr-base-handwritten")["artifact"]
    view = run(seeded, EXPLORE, id=artifact["id"], depth=2,
               types=["HAS_CAPABILITY", "CLAIMS"])["explore"]
    labels = {n["label"] for n in view["nodes"]}
    assert labels == {"ARTIFACT", "CAPABILITY", "CLAIM"}
    assert {e["type"] for e in view["edges"]} == {"HAS_CAPABILITY", "CLAIMS"}
    ids = {n["id"] for n in view["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    whole = run(seeded, EXPLORE, id=artifact["id"], depth=1, types=None)["explore"]
    assert {n["label"] for n in whole["nodes"]} == {"ARTIFACT", "CAPABILITY", "SIGNAL", "SOURCE"}
    assert "depth must be between 0 and 3" in errors(seeded, EXPLORE, id=artifact["id"],
                                                     depth=4, types=None)[0]


def test_limits_refuse_abusive_queries(seeded: GraphStore) -> None:
    aliases = " ".join(f"a{i}: artifact(slug: \"x\") {{ slug }}" for i in range(40))
    assert any("aliases" in m for m in errors(seeded, "{ " + aliases + " }"))
    deep = "capabilities { artifact { " * 7 + "slug" + " } }" * 7
    query = '{ artifact(slug: "trocr-base-handwritten") { ' + deep + " } }"
    for _ in range(2):                   # the second answer comes from the validation cache
        assert any("exceeds maximum operation depth" in m for m in errors(seeded, query))


@pytest.mark.neo4j
def test_the_seed_comparison_is_identical_from_both_stores(_neo4j_store: GraphStore) -> None:
    from graph.embedded import EmbeddedStore

    answers = []
    for store in (EmbeddedStore(None), _neo4j_store):
        store.clear()
        import_text(store, SEED.read_text(), uri=SEED.name)
        answers.append(run(store, COMPARE, a="trocr-base-handwritten", b="FLUX.1 Pro"))
        answers.append(run(store, RANK, slug="flux-1-pro")["artifact"]["rank"])
    _neo4j_store.clear()
    assert answers[0] == answers[2] and answers[1] == answers[3]


RESOLVE = """query ($i: String!) { resolve(intent: $i, first: 2) { score
  artifact { slug } evidence { text capability { name } lexical semantic words } } }"""


def test_resolve_answers_with_the_artifact_and_why(seeded: GraphStore) -> None:
    result = SCHEMA.execute_sync(RESOLVE, variable_values={"i": "read handwritten notes"},
                                 context_value=Context.for_store(seeded))
    assert result.errors is None, result.errors
    (first, *_) = result.data["resolve"]
    assert first["artifact"]["slug"] == "trocr-base-handwritten"
    assert first["evidence"] and first["evidence"][0]["semantic"] > 0
