"""The intent index's warm-up at start lets requests go first: it waits for a pause in
the operations served, and never holds the index's lock while it builds."""

from __future__ import annotations

import threading

import pytest

from graph import foreground
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from inference import intent_index
from inference.intent_index import resolve_intent
from tests.conftest import SEED
from tests.graph.test_foreground import OperationInFlight


def _built(store: EmbeddedStore) -> bool:
    with intent_index._LOCK:
        return store in intent_index._BUILT


@pytest.fixture(autouse=True)
def _patient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(foreground, "LONGEST_WAIT_S", 60.0)     # no step taken unasked


def test_the_warm_up_waits_for_a_pause_in_the_requests() -> None:
    store = EmbeddedStore()
    import_text(store, SEED.read_text(), uri=SEED.name)
    request = OperationInFlight()
    warming = threading.Thread(target=intent_index.warm, args=(store,))
    warming.start()
    warming.join(1.0)
    assert warming.is_alive() and not _built(store)     # waiting: a request is in flight
    request.end()
    warming.join(120)
    assert not warming.is_alive() and _built(store)


def test_a_request_during_the_warm_up_does_not_wait_for_it() -> None:
    store = EmbeddedStore()
    import_text(store, SEED.read_text(), uri=SEED.name)
    request = OperationInFlight()
    warming = threading.Thread(target=intent_index.warm, args=(store,))
    warming.start()
    # the warm-up waits; a resolve meanwhile builds its own index and answers
    assert [m.slug for m in resolve_intent(store, "read handwritten notes", 3)]
    assert warming.is_alive()
    request.end()
    warming.join(120)
    assert not warming.is_alive()


def test_the_warm_up_loads_the_model_that_embeds_intents() -> None:
    """The index's vectors may come from the disk cache alone: the first `resolve` would
    then load the model itself, seconds inside a request's time budget."""
    from inference.facts import embed

    store = EmbeddedStore()
    import_text(store, SEED.read_text(), uri=SEED.name)
    embed._model.cache_clear()
    intent_index.warm(store)
    assert _built(store) and embed._model.cache_info().currsize == 1


def test_the_lexical_index_is_settled_before_the_texts_are_embedded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Embedding a large graph's texts with a cold cache takes minutes: the index built so
    far is out of the collector's way meanwhile, not only once they are done."""
    import gc

    from inference import embedding_cache

    store = EmbeddedStore()
    import_text(store, SEED.read_text(), uri=SEED.name)
    gc.unfreeze()
    frozen_when_embedding: list[int] = []

    def embed_later(texts: list[str], path: object = None) -> bool:
        frozen_when_embedding.append(gc.get_freeze_count())
        return False        # as a cache that cannot be written: the index embeds itself

    monkeypatch.setattr(embedding_cache, "fill_in_background", embed_later)
    built = intent_index._Built(store, intent_index._key(store), background=True)
    assert frozen_when_embedding, "the build embedded nothing in the background"
    assert frozen_when_embedding[0] > len(built.index.items)
    assert all(o is not built.index for o in gc.get_objects(generation=2))
