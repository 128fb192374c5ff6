"""The alternatives a claim names: safe names, and a cap on the stubs one sentence creates.

Asserted claims (the API's assessClaim, through `record_assertion`) and imported pages go
through the same `graph.claim_facts` functions, so both are tested here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.claim_facts import MAX_STUBS_PER_SENTENCE as CAP
from graph.claim_facts import FactBatch, add_mentions, resolve_mentions
from graph.claims.mentions import find_mentions, names_a_product
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_files, import_text, iter_page_files
from graph.model import EdgeType, Label, Node, WriteBatch
from graph.names import UnsafeName
from graph.ranking import RANK_FIELDS
from inference.check_claims import record_assertion


def artifact(slug: str, name: str) -> Node:
    return Node(f"artifact:{slug}", Label.ARTIFACT, {"slug": slug, "name": name})


def stubs(store: EmbeddedStore) -> list[str]:
    page = store.list_artifacts(first=10_000)
    return sorted(str(n.props["name"]) for n in page.nodes if n.props.get("stub"))


def mentioned(store: EmbeddedStore, claim_id: str) -> set[str]:
    sub = store.neighbourhood(claim_id, 1, [EdgeType.MENTIONS])
    return {str(n.props["name"]) for n in sub.nodes if n.label is Label.ARTIFACT}


@pytest.fixture
def known(embedded_store: EmbeddedStore) -> EmbeddedStore:
    embedded_store.apply(WriteBatch((artifact("subject", "Subject"),
                                     artifact("tesseract", "Tesseract"))))
    return embedded_store


def names(count: int, start: int = 0) -> list[str]:
    return [f"Zorblax{i} Pro" for i in range(start, start + count)]


# -- one assertion -----------------------------------------------------------------------

def test_an_assertion_naming_2000_alternatives_creates_at_most_the_cap(
    known: EmbeddedStore,
) -> None:
    subject = known.find_artifact("subject")
    assert subject is not None
    text = f"Subject is faster than {', '.join(names(2000))} and Tesseract."
    claim = record_assertion(known, subject, text)
    created = stubs(known)
    assert created == sorted(names(CAP))
    stored = known.get_node(claim.id)
    assert stored is not None
    assert stored.props["mentions_not_created"] == names(2000 - CAP, CAP)
    # a known artifact creates nothing, so the cap never hides it
    assert "Tesseract" in mentioned(known, claim.id)
    assert len(mentioned(known, claim.id)) == CAP + 1


def test_asserting_again_adds_no_stubs_and_links_those_that_exist(known: EmbeddedStore) -> None:
    subject = known.find_artifact("subject")
    assert subject is not None
    text = f"Subject beats {', '.join(names(CAP + 3))}."
    record_assertion(known, subject, text)
    claim = record_assertion(known, subject, text)
    assert len(stubs(known)) == CAP
    assert mentioned(known, claim.id) == set(names(CAP))


def test_an_assertion_within_the_cap_keeps_no_leftover_list(known: EmbeddedStore) -> None:
    subject = known.find_artifact("subject")
    assert subject is not None
    claim = record_assertion(known, subject, "Subject is faster than Zorblax0 Pro.")
    stored = known.get_node(claim.id)
    assert stored is not None and "mentions_not_created" not in stored.props
    assert stubs(known) == ["Zorblax0 Pro"]


@pytest.mark.parametrize("look_alike", [
    "FLUX.1 Pr\u043e",            # a Cyrillic letter inside a Latin word
    "Tesser\u0430ct",             # the same, imitating an artifact the graph holds
    "Pro\u0441 v2",
])
def test_an_assertion_naming_a_look_alike_is_refused_and_writes_nothing(
    known: EmbeddedStore, look_alike: str,
) -> None:
    subject = known.find_artifact("subject")
    assert subject is not None
    before = list(known.export())
    with pytest.raises(ValueError, match="could pass for another") as caught:
        record_assertion(known, subject, f"Subject is faster than {look_alike} on CPUs.")
    assert isinstance(caught.value, UnsafeName)
    assert "mixes scripts" in str(caught.value)
    assert stubs(known) == []
    assert list(known.export()) == before


def test_invisible_characters_in_a_name_are_removed_before_it_is_looked_up(
    known: EmbeddedStore,
) -> None:
    resolved = resolve_mentions(known, ["Tesseract\u3164", "Zorblax\u3164 Pro"])
    assert resolved["Tesseract\u3164"].id == "artifact:tesseract"     # found, not a stub
    stub = resolved["Zorblax\u3164 Pro"].props
    assert {k: v for k, v in stub.items() if k not in RANK_FIELDS} == {
        "slug": "zorblax-pro", "name": "Zorblax Pro", "stub": True}


# -- page sentences ----------------------------------------------------------------------

def claim(node_id: str, position: int, atom: int = 0) -> Node:
    return Node(node_id, Label.CLAIM, {"capability": "capability:x", "kind": "description",
                                       "position": position, "atom": atom,
                                       "artifact": "subject"})


def test_the_atoms_of_one_sentence_share_its_cap_and_other_sentences_have_their_own(
    known: EmbeddedStore,
) -> None:
    first, second, other = claim("claim:a", 0, 0), claim("claim:b", 0, 1), claim("claim:c", 1)
    all_names = names(3 * CAP)
    resolved = resolve_mentions(known, all_names)
    facts = FactBatch()
    for node in (first, second, other):
        facts.add(node)
    half = CAP - 2
    assert add_mentions(facts, first, all_names[:half], resolved, None) == ()
    skipped = add_mentions(facts, second, all_names[half:2 * CAP], resolved, None)
    assert len(skipped) == (2 * CAP - half) - 2  # the sentence had 2 places left
    assert add_mentions(facts, other, all_names[2 * CAP:], resolved, None) == ()
    assert facts.nodes["claim:b"].props["mentions_not_created"] == list(skipped)
    assert "mentions_not_created" not in facts.nodes["claim:a"].props
    created = [n for n in facts.nodes.values() if n.props.get("stub")]
    assert len(created) == 2 * CAP


PAGE = """Alpha vs Beta
Side-by-side comparison to help you choose.
| Feature | Alpha | Beta |
|---|---|---|
| Type | Model | Model |
Alpha Capabilities
Reads text.
Unique: Reads more text.
vs alternatives: Faster than {names}; unlike {more} it runs offline.
Beta Capabilities
Draws pictures.
Unique: Draws more pictures.
vs alternatives: Sharper than Zorblax900 Pro.
Verdict
Both are made up.
"""


def test_a_page_sentence_creates_at_most_the_cap_and_its_page_says_so(
    embedded_store: EmbeddedStore,
) -> None:
    text = PAGE.format(names=", ".join(names(10)), more=", ".join(names(10, 10)))
    report = import_text(embedded_store, text, uri="alpha-vs-beta.txt")
    created = stubs(embedded_store)
    assert len(created) == CAP + 1            # one sentence's cap, and Beta's one
    assert "Zorblax900 Pro" in created
    assert any(f"names 20 alternatives; at most {CAP}" in n
               for n in report.notes)


def test_a_page_naming_a_look_alike_alternative_is_refused_naming_line_and_field(
    embedded_store: EmbeddedStore,
) -> None:
    from graph.errors import PageFormatError

    text = PAGE.format(names="Zorblax Pr\u043e", more="Tesseract")
    with pytest.raises(PageFormatError) as caught:
        import_text(embedded_store, text, uri="alpha-vs-beta.txt")
    assert str(caught.value).startswith("alpha-vs-beta.txt:9: vs alternatives: ")
    assert "mixes scripts in the word 'Prо'" in str(caught.value)
    assert stubs(embedded_store) == []


# -- which mentions name products --------------------------------------------------------

# written from the mentions the corpus's claims make (../shared/corpus and the seed)
PRODUCTS = ("ARC", "Azure Speech Services", "ChartQA", "Claude", "Claude 3 Opus", "ControlNet",
            "Cursor", "DALL-E", "DALL-E 3", "EasyOCR", "EfficientNet", "Fiverr", "GPT-4V",
            "Gemini 1.5", "Google Speech-to-Text", "HellaSwag", "ImageNet-1k", "LiteLLM",
            "MMVP", "Midjourney", "Playwright", "PostgreSQL", "Prisma", "PyTorch", "ResNet",
            "SQuAD 1.1", "Stable Diffusion XL Turbo", "Tesseract", "TypeORM", "Upwork")
NOT_PRODUCTS = ("ARIA", "ASR", "CD", "CI", "CNN-LSTM", "CNN-RNN", "CRNN", "CNNs", "Code",
                "DOM", "Dev", "JDBC", "LLM-database", "MCP", "Pro", "QA", "REST APIs",
                "Cloud API", "Web UI")


@pytest.mark.parametrize("name", PRODUCTS)
def test_a_product_name_is_a_product(name: str) -> None:
    assert names_a_product(name)


@pytest.mark.parametrize("name", NOT_PRODUCTS)
def test_a_generic_word_or_acronym_is_not(name: str) -> None:
    assert not names_a_product(name)


def test_vs_in_capitals_is_a_name_not_a_contrast() -> None:
    assert find_mentions("Works in any client (Claude Desktop, VS Code, Cursor)") == ()
    assert find_mentions("Faster vs. Tesseract") == ("Tesseract",)


def test_generic_mentions_make_no_stub_but_known_artifacts_still_link(
    known: EmbeddedStore,
) -> None:
    known.apply(WriteBatch((artifact("mcp", "MCP"),)))
    subject = known.find_artifact("subject")
    assert subject is not None
    claim = record_assertion(known, subject, "Subject is faster than CI/CD, DOM parsing, "
                             "Pro/Dev variants, MCP and Tesseract or Zorblax.")
    assert stubs(known) == ["Zorblax"]
    assert mentioned(known, claim.id) == {"MCP", "Tesseract", "Zorblax"}


def test_a_stored_stub_that_names_no_product_is_no_longer_linked(
    known: EmbeddedStore,
) -> None:
    known.apply(WriteBatch((Node("artifact:dom", Label.ARTIFACT,
                                 {"slug": "dom", "name": "DOM", "stub": True}),)))
    assert resolve_mentions(known, ["DOM", "Tesseract"]).keys() == {"Tesseract"}


def test_the_corpus_makes_stubs_of_products_only(embedded_store: EmbeddedStore,
                                                  corpus_dir: Path) -> None:
    import_files(embedded_store, iter_page_files([corpus_dir]))
    made = stubs(embedded_store)
    assert made and not set(made) & set(NOT_PRODUCTS), made
    assert all(names_a_product(name) for name in made)
    # the products claims name that pages list are linked, not made again as stubs
    assert "Cursor" not in made and "Midjourney" not in made
