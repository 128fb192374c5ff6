"""Intents scored against artifacts' items: lexical and semantic fused, with why."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.intent_match import IntentIndex, Item, intent_items
from graph.store import GraphStore
from tests.conftest import SEED

ITEMS = [
    Item("ocr-one", None, "OCR One (model)"),
    Item("ocr-one", "capability:1", "Handwriting recognition: reads handwritten lines"),
    Item("painter", None, "Painter (model)"),
    Item("painter", "capability:2", "Image generation: draws images from a text prompt"),
    Item("painter", "capability:3", "Image editing: changes parts of images"),
]


def test_lexical_scores_the_share_of_the_intent_found_and_names_the_words() -> None:
    index = IntentIndex(ITEMS)
    (best, *_) = index.rank("generate images from my prompt", None, 5,
                            lexical_weight=1.0, semantic_weight=0.0)
    assert best.slug == "painter"
    item, lexical, _, words = best.items[0]
    assert item.capability == "capability:2" and set(words) == {"generate", "image", "prompt"}
    assert lexical == 1.0


def test_semantic_similarities_decide_when_no_word_is_shared() -> None:
    index = IntentIndex(ITEMS)
    similarity = [0.1, 0.8, 0.1, 0.2, 0.2]          # as the embeddings would say
    assert [m.slug for m in index.rank("turn my scribbles into typed notes", similarity, 5,
                                       lexical_weight=0.0, semantic_weight=1.0)][:1] == [
        "ocr-one"]
    assert index.rank("zzz", [0.0] * 5, 5) == []   # nothing matched: nothing returned


def test_a_second_matching_item_ranks_an_artifact_above_a_single_one() -> None:
    index = IntentIndex(ITEMS)
    ranked = index.rank("images", [0.0, 0.0, 0.0, 0.5, 0.5], 5)
    assert ranked[0].slug == "painter" and len(ranked[0].items) >= 2


def test_both_stores_give_the_same_items(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    reference = EmbeddedStore()
    import_text(reference, SEED.read_text(), uri=SEED.name)
    assert intent_items(store) == intent_items(reference)
    assert {i.slug for i in intent_items(store)} >= {"trocr-base-handwritten", "flux-1-pro"}


@pytest.mark.parametrize(("intent", "expected"), [
    ("turn scanned handwriting into text", "trocr-base-handwritten"),
    ("make a picture from a description", "flux-1-pro"),
])
def test_the_seed_resolves_plain_needs(store: GraphStore, intent: str, expected: str) -> None:
    from inference.intent_index import resolve_intent

    import_text(store, SEED.read_text(), uri=SEED.name)
    matches = resolve_intent(store, intent, 2)
    assert matches[0].slug == expected and matches[0].items
    assert all(0 < m.score <= 1 for m in matches)
