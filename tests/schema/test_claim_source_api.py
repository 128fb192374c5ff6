"""A claim names the page and the line its text came from (`Claim.source`, `Claim.line`),
so a reader can open the page at that line; an asserted claim has neither."""

from __future__ import annotations

import pytest

from graph.ingest.importer import import_text
from graph.store import GraphStore
from tests.conftest import SEED
from tests.schema.test_api import run

CLAIMS = """query ($a: String!, $after: String) {
  claims(artifact: $a, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { text kind sentence line source { uri title } } } } }"""
ASSESS = """mutation ($a: String!, $t: String!) { assessClaim(artifact: $a, text: $t) {
  claim { id line source { uri } } } }"""


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return store


def _claims(store: GraphStore, slug: str) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    after = None
    while True:
        page = run(store, CLAIMS, a=slug, after=after)["claims"]
        found += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("slug", ["trocr-base-handwritten", "flux-1-pro"])
def test_every_imported_claim_names_its_page_and_the_line_holding_its_sentence(
    seeded: GraphStore, slug: str,
) -> None:
    lines = SEED.read_text().splitlines()
    claims = _claims(seeded, slug)
    assert len(claims) > 20
    kinds_on_their_line = set()
    for claim in claims:
        assert claim["source"] == {"uri": SEED.name,
                                   "title": "trocr-base-handwritten vs FLUX.1 Pro"}
        line = claim["line"]
        assert isinstance(line, int) and 1 <= line <= len(lines), claim
        assert _words(str(claim["sentence"])) in _words(lines[line - 1]), (line, claim)
        kinds_on_their_line.add(claim["kind"])
    # each of a capability's texts has its own line: the description's is not reused
    assert kinds_on_their_line == {"description", "unique", "vs_alternatives"}


def test_an_asserted_claim_has_no_page_and_no_line(seeded: GraphStore) -> None:
    claim = run(seeded, ASSESS, a="trocr-base-handwritten",
                t="Its vision encoder stacks 12 transformer layers.")["assessClaim"]["claim"]
    assert claim["line"] is None and claim["source"] is None
