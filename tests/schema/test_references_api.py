"""Every field that takes an artifact or a claim takes the ids the API hands out as well as
slugs and names (graph/references.py), and says what it was given when nothing matches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from tests.conftest import SEED
from tests.schema.test_api import errors, run


@pytest.fixture
def seeded(embedded_store: EmbeddedStore) -> Iterator[EmbeddedStore]:
    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    yield embedded_store


def ids(store: EmbeddedStore) -> tuple[str, str, str]:
    """The API's ids of FLUX.1 Pro, trocr-base-handwritten and one of FLUX.1 Pro's claims."""
    found = run(store, """{ flux: artifact(slug: "FLUX.1 Pro") { id }
        trocr: artifact(slug: "trocr") { id }
        claims(first: 1, artifact: "flux-1-pro") { edges { node { id } } } }""")
    return (found["flux"]["id"], found["trocr"]["id"],
            found["claims"]["edges"][0]["node"]["id"])


def test_queries_take_the_ids_they_hand_out(seeded: EmbeddedStore) -> None:
    flux, trocr, claim = ids(seeded)
    assert run(seeded, "query ($a: String!) { artifact(slug: $a) { slug } }",
               a=flux)["artifact"] == {"slug": "flux-1-pro"}
    compared = run(seeded, "query ($a: String!, $b: String!) { compare(a: $a, b: $b) "
                           "{ left { slug } right { slug } } }", a=trocr, b=flux)["compare"]
    assert compared == {"left": {"slug": "trocr-base-handwritten"},
                        "right": {"slug": "flux-1-pro"}}
    paths = run(seeded, 'query ($a: String!) { paths(from: $a, to: "flux-1-pro", maxHops: 4) '
                        "{ source { slug } } }", a=trocr)["paths"]
    assert paths["source"] == {"slug": "trocr-base-handwritten"}
    listed = run(seeded, "query ($a: String!) { claims(first: 5, artifact: $a) "
                         "{ totalCount } }", a=flux)["claims"]
    assert listed["totalCount"] > 0
    assert run(seeded, "query ($id: ID!) { claim(id: $id) { artifact { slug } } }",
               id=claim)["claim"] == {"artifact": {"slug": "flux-1-pro"}}


def test_explore_takes_a_slug_or_a_name_as_well_as_an_id(seeded: EmbeddedStore) -> None:
    flux, _, claim = ids(seeded)
    query = "query ($id: ID!) { explore(id: $id, depth: 1) { center nodes { id } } }"
    by_name = run(seeded, query, id="FLUX.1 Pro")["explore"]
    assert by_name == run(seeded, query, id=flux)["explore"]
    assert by_name["center"] == flux and len(by_name["nodes"]) > 1
    assert run(seeded, query, id=claim)["explore"]["center"] == claim


def test_mutations_take_the_ids_they_hand_out(seeded: EmbeddedStore) -> None:
    flux, _, claim = ids(seeded)
    checked = run(seeded, "mutation ($id: ID!) { verifyClaim(id: $id) { claim { id } } }",
                  id=claim)["verifyClaim"]
    assert checked["claim"]["id"] == claim
    stub = run(seeded, '{ artifact(slug: "dall-e-3") { id } }')["artifact"]["id"]
    merged = run(seeded, "mutation ($k: String!, $d: String!) { mergeArtifacts(keep: $k, "
                         "duplicate: $d) { artifact { slug } mergedSlug } }",
                 k=flux, d=stub)["mergeArtifacts"]
    assert merged == {"artifact": {"slug": "flux-1-pro"}, "mergedSlug": "dall-e-3"}


def test_what_names_nothing_is_named_in_the_error(seeded: EmbeddedStore) -> None:
    flux, _, claim = ids(seeded)
    assert errors(seeded, 'query { compare(a: "FLUX.1 Por", b: "trocr") { verdict } }') == [
        "no artifact 'FLUX.1 Por'; did you mean 'FLUX.1 Pro'?"]
    wrong = errors(seeded, "mutation ($a: String!) { recordOutcome(intent: \"draw a cat\", "
                           "artifact: $a, success: true) { intent } }", a=claim)
    assert wrong == [f"id {claim!r} is a Claim's id, not an Artifact's"]
    assert errors(seeded, "mutation ($id: ID!) { verifyClaim(id: $id) { verdict } }",
                  id=flux) == [f"id {flux!r} is an Artifact's id, not a Claim's"]
    assert "not a claim's id" in errors(
        seeded, 'mutation { verifyClaim(id: "FLUX.1 Pro") { verdict } }')[0]
    assert run(seeded, '{ artifact(slug: "no-such-thing") { slug } }')["artifact"] is None
