"""`resolve` on both stores: the same matches (artifacts, scores, items, words) for the same
data, in every mode, and the index following the store's writes."""

from __future__ import annotations

import time

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
    need = "transcribe speech in many languages"
    before = [m.slug for m in resolve_intent(store, need, 3)]
    assert not any(s.startswith("whisper") for s in before)
    import_text(store, PAGES[1].read_text(), uri=PAGES[1].name)
    # requests go on with the index they have while a fresh one is built behind them
    deadline = time.monotonic() + 120
    while not (found := [m.slug for m in resolve_intent(store, need, 3)])[0].startswith(
            "whisper"):
        assert time.monotonic() < deadline, found
        time.sleep(0.05)


def test_every_request_view_of_a_store_shares_one_index(store: GraphStore) -> None:
    from schema.context import Budget, Context

    import_text(store, SEED.read_text(), uri=SEED.name)
    views = [Context.for_store(store, (), budget=Budget(time_s=10)).store for _ in range(3)]
    for view in views:
        resolve_intent(view, "read handwritten notes")
    assert store in intent_index._BUILT
    assert not any(view in intent_index._BUILT for view in views)
