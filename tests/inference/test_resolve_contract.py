"""`resolve` on both stores: the same matches (artifacts, scores, items, words) for the same
data, in every mode, and the index following the store's writes."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.store import GraphStore
from inference import intent_index
from inference.intent_index import resolve_intent
from tests.conftest import CORPUS, SEED

PAGES = [CORPUS / name for name in (
    "microsoft--trocr-base-printed-vs-stable-diffusion.txt",
    "openai--whisper-vs-whisper-large-v3.txt",
    "mcp-microsoft-playwright-mcp-vs-langchain.txt",
)]
INTENTS = ["transcribe a podcast into text", "drive a web browser from my agent",
           "read handwritten notes", "make pictures from a prompt", "chain llm calls",
           "zzzz qqqq"]


def load(store: GraphStore) -> None:
    for page in [SEED, *PAGES]:
        import_text(store, page.read_text(), uri=page.name, now="2026-12-01T00:00:00+00:00")


def answers(store: GraphStore) -> list[object]:
    return [[(m.slug, m.score, [(i.slug, i.text, lex, sem, words)
                                for i, lex, sem, words in m.items])
             for m in resolve_intent(store, intent, 8, mode)]
            for intent in INTENTS for mode in ("both", "lexical", "semantic")]


def test_both_stores_resolve_alike(store: GraphStore) -> None:
    load(store)
    reference = EmbeddedStore()
    load(reference)
    found = answers(store)
    assert found == answers(reference)
    assert any(found) and not found[-1]          # something matched; gibberish matched nothing


def test_the_index_follows_new_artifacts(store: GraphStore,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(intent_index, "REFRESH_S", 0.0)
    import_text(store, SEED.read_text(), uri=SEED.name)
    assert all(m.slug not in {"whisper", "whisper-large-v3"}
               for m in resolve_intent(store, "transcribe speech in many languages", 3))
    import_text(store, PAGES[1].read_text(), uri=PAGES[1].name)
    found = [m.slug for m in resolve_intent(store, "transcribe speech in many languages", 3)]
    assert found and found[0].startswith("whisper"), found
