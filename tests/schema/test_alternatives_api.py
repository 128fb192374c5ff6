"""`alternatives` and `paths` over GraphQL (embedded store; the contract suite holds both
stores to the same answers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from tests.conftest import SEED
from tests.graph.test_alternatives_contract import PAGES
from tests.schema.test_api import errors, run

ALTERNATIVES = """query ($a: String!, $first: Int) { alternatives(artifact: $a, first: $first) {
  artifact { slug } score why
  shared { capability { artifact { slug } } theirs { artifact { slug } } score lexical semantic
           words }
  claims { text } } }"""

PATHS = """query ($a: String!, $b: String!, $hops: Int, $types: [EdgeType!]) {
  paths(from: $a, to: $b, maxHops: $hops, first: 3, edgeTypes: $types) {
    source { slug } target { slug } truncated
    paths { length nodes { id label title } steps { type source target } } } }"""


@pytest.fixture
def corpus(embedded_store: EmbeddedStore, corpus_dir: object) -> Iterator[EmbeddedStore]:
    from inference import intent_index

    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    for page in PAGES:
        import_text(embedded_store, page.read_text(), uri=page.name)
    intent_index._BUILT.clear()
    yield embedded_store
    intent_index._BUILT.clear()


def test_alternatives_name_shared_capabilities_and_the_claims_that_name_them(
        corpus: EmbeddedStore) -> None:
    found = run(corpus, ALTERNATIVES, a="trocr-base-handwritten", first=4)["alternatives"]
    assert len(found) == 4
    best = found[0]
    assert best["artifact"]["slug"] == "trocr-base-printed" and best["shared"]
    pair = best["shared"][0]
    assert pair["capability"]["artifact"]["slug"] == "trocr-base-handwritten"
    assert pair["theirs"]["artifact"]["slug"] == "trocr-base-printed"
    assert 0.5 <= pair["score"] <= 1 and pair["words"]
    named = [a for a in found if a["claims"]]
    assert named and all("named by" in a["why"] for a in named)
    assert [a["score"] for a in found] == sorted((a["score"] for a in found), reverse=True)
    assert errors(corpus, ALTERNATIVES, a="nothing-like-it") == ["no artifact 'nothing-like-it'"]


def test_paths_show_each_hop_as_stored(corpus: EmbeddedStore) -> None:
    data = run(corpus, PATHS, a="trocr-base-handwritten", b="trocr-base-printed",
               hops=6)["paths"]
    assert (data["source"]["slug"], data["target"]["slug"], data["truncated"]) == (
        "trocr-base-handwritten", "trocr-base-printed", False)
    path = data["paths"][0]
    assert path["length"] == 6 == len(path["steps"]) == len(path["nodes"]) - 1
    assert [n["label"] for n in path["nodes"]][::3] == ["ARTIFACT", "ARTIFACT", "ARTIFACT"]
    assert path["steps"][0]["source"] == path["nodes"][0]["id"]
    assert run(corpus, PATHS, a="trocr-base-handwritten", b="trocr-base-printed",
               hops=4)["paths"]["paths"] == []
    via_page = run(corpus, PATHS, a="trocr-base-handwritten", b="FLUX.1 Pro", hops=2,
                   types=["FROM"])["paths"]["paths"]
    assert [[s["type"] for s in p["steps"]] for p in via_page] == [["FROM", "FROM"]]
    assert "maxHops must be between 1 and 8" in errors(
        corpus, PATHS, a="whisper", b="whisper-large-v3", hops=9)[0]
