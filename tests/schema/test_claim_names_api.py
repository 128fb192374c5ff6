"""assessClaim and the alternatives a claim names: a look-alike is a client error, and one
assertion links (and so creates) at most a sentence's share of stub artifacts."""

from __future__ import annotations

from graph.claim_facts import MAX_STUBS_PER_SENTENCE
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from schema.context import Context
from schema.errors import code_for
from tests.conftest import SEED
from tests.schema.test_api import SCHEMA, run

ASSESS = """mutation ($a: String!, $t: String!) { assessClaim(artifact: $a, text: $t) {
  claim { mentions { slug stub } } verdict } }"""


def test_a_look_alike_alternative_is_a_bad_input_and_nothing_is_written(
    embedded_store: EmbeddedStore,
) -> None:
    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    before = list(embedded_store.export())
    result = SCHEMA.execute_sync(ASSESS, {"a": "trocr-base-handwritten",
                                          "t": "It reads better than FLUX.1 Pr\u043e."},
                                 Context.for_store(embedded_store))
    assert result.errors and len(result.errors) == 1
    assert "could pass for another" in result.errors[0].message
    assert code_for(result.errors[0]) == "BAD_USER_INPUT"
    assert list(embedded_store.export()) == before


def test_one_assertion_naming_200_alternatives_links_at_most_the_cap(
    embedded_store: EmbeddedStore,
) -> None:
    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    seed_stubs = _stubs(embedded_store)
    names = ", ".join(f"Zorb{i}" for i in range(200))     # within the claim text limit
    result = run(embedded_store, ASSESS, a="trocr-base-handwritten",
                 t=f"It reads better than {names} and FLUX.1 Pro.")["assessClaim"]
    mentions = result["claim"]["mentions"]
    assert sum(m["stub"] for m in mentions) == MAX_STUBS_PER_SENTENCE
    assert {"slug": "flux-1-pro", "stub": False} in mentions       # known: always linked
    assert _stubs(embedded_store) - seed_stubs == MAX_STUBS_PER_SENTENCE


def _stubs(store: EmbeddedStore) -> int:
    return sum(bool(n.props.get("stub")) for n in store.list_artifacts(first=10_000).nodes)
