"""Intents resolved to artifacts: the graph's items embedded once, each intent scored.

`graph.intent_match` scores and explains; this module adds the semantic side: every item's
text embedded with all-MiniLM-L6-v2 (from its PyPI wheel, offline: `inference.facts.embed`;
kept on disk by `inference.embedding_cache`, so a restart embeds only new texts), held per
store as one matrix and rebuilt in the background when the store's artifacts or
capabilities change (checked at most every `REFRESH_S` seconds; requests meanwhile use the
index they have), and the intent embedded per call: one matrix-vector
product scores it against every item.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from graph import alternatives as graph_alternatives
from graph.foreground import settle_heap, wait_for_pause
from graph.intent_match import IntentIndex, Match, intent_items
from graph.model import Label, Node
from graph.store import GraphStore, underlying

if TYPE_CHECKING:
    from inference.semantic_index import SemanticIndex

__all__ = ["Mode", "find_alternatives", "resolve_intent"]

REFRESH_S = 5.0
Mode = str          # "both", "lexical" or "semantic"


class _Built:
    def __init__(self, store: GraphStore, key: tuple[int, int], *,
                 background: bool = False) -> None:
        """The index of the store's items. In the `background`, each step waits for a pause
        in the requests this process serves (`graph.foreground`), and the texts not yet
        embedded are embedded by a child process at the lowest CPU priority, which shares
        neither this process's interpreter lock nor its CPU share with the requests."""
        from inference.embedding_cache import fill_in_background, vectors
        from inference.semantic_index import SemanticIndex

        self.key = key
        self.checked = time.monotonic()
        self.refreshing = False
        if background:
            wait_for_pause()
        self.index = IntentIndex(intent_items(store))
        texts = [item.text for item in self.index.items]
        if background and texts:
            # the lexical index is the bulk of the heap and lives as long as the process:
            # settled now, not once the texts are embedded (minutes with a cold cache: 45,000
            # texts took 6 min of two cores), meanwhile every full collection walked it
            # and stopped the requests (77-140 ms at 4,000 artifacts; 5 ms settled)
            settle_heap()
            fill_in_background(texts)
            wait_for_pause()
        self.semantic: SemanticIndex | None = SemanticIndex(vectors(texts)) if texts else None


def _key(store: GraphStore) -> tuple[int, int]:
    """What tells an index it is stale: the artifacts and capabilities there are (two range
    counts, cheap to poll; a capability's text edited in place is seen at the next change
    of either, or a restart)."""
    counts = store.counts([Label.ARTIFACT, Label.CAPABILITY])
    return counts[Label.ARTIFACT.value], counts[Label.CAPABILITY.value]


_BUILT: weakref.WeakKeyDictionary[GraphStore, _Built] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


def _index(store: GraphStore) -> _Built:
    """The store's index. The first call builds it; later ones get the one built, and at
    most every `REFRESH_S` seconds start a check in the background that rebuilds it when
    the store's artifacts or capabilities changed, so no request waits on a rebuild."""
    store = underlying(store)
    with _LOCK:
        built = _BUILT.get(store)
        if built is None:
            built = _Built(store, _key(store))
            _BUILT[store] = built
        elif time.monotonic() - built.checked >= REFRESH_S and not built.refreshing:
            built.refreshing = True
            threading.Thread(target=_refresh, args=(store, built), daemon=True,
                             name="intent-index-refresh").start()
        return built


def _refresh(store: GraphStore, built: _Built) -> None:
    _yield_to_requests()
    try:
        key = _key(store)
        if key != built.key:
            fresh = _Built(store, key, background=True)
            with _LOCK:
                _BUILT[store] = fresh
            settle_heap(reclaim=True)   # the index replaced was settled: freed now
    except Exception:               # a closed store, a lost connection: try again later
        _log.warning("the intent index could not be refreshed", exc_info=True)
    finally:
        built.checked = time.monotonic()
        built.refreshing = False


def warm(store: GraphStore) -> None:
    """Build the store's index now, in the background: at the lowest CPU priority, each step
    after a pause in the requests (`graph.foreground`), and without holding the index's lock
    (a `resolve` that comes first builds its own, and this one is dropped); then the heap is
    settled (`settle_heap`), so the requests' collections no longer walk the index. With a
    semantic side, the model that embeds each intent is loaded too, after another pause."""
    _yield_to_requests()
    store = underlying(store)
    with _LOCK:
        if store in _BUILT:
            return
    built = _Built(store, _key(store), background=True)
    with _LOCK:
        _BUILT.setdefault(store, built)
    if built.semantic is not None:
        # the index's vectors may all have come from the disk cache: the model that
        # embeds each intent is loaded here too, so the first `resolve` does not wait for
        # it (seconds; on a busy machine past a request's time budget)
        from inference.facts.embed import load_model

        wait_for_pause()
        load_model()
    settle_heap()


def _yield_to_requests() -> None:
    """Lower this thread's CPU priority (Linux: a thread is scheduled on its own; the torch
    threads it starts inherit it). Nothing happens where that is not possible."""
    import contextlib
    import os

    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


def refresh(store: GraphStore) -> None:
    """Bring the store's index up to date now (after an import, in tests)."""
    store = underlying(store)
    with _LOCK:
        built = _BUILT.get(store)
        key = _key(store)
        if built is None or built.key != key:
            _BUILT[store] = _Built(store, key)


def resolve_intent(store: GraphStore, intent: str, first: int = 5,
                   mode: Mode = "both") -> list[Match]:
    """The `first` artifacts that best meet the intent, with why."""
    intent = " ".join(intent.split())
    if not intent:
        raise ValueError("an intent needs words: say what you want to do")
    built = _index(store)
    semantic = None
    if mode != "lexical" and built.semantic is not None:
        from inference.facts.embed import embed_query

        semantic = built.semantic.similarities(embed_query(intent))
    weights = {"lexical": (1.0, 0.0), "semantic": (0.0, 1.0)}.get(mode)
    if weights is None:
        return built.index.rank(intent, semantic, first)
    return built.index.rank(intent, semantic, first, lexical_weight=weights[0],
                            semantic_weight=weights[1])


def find_alternatives(store: GraphStore, artifact: Node, first: int = 5,
                      ) -> list[graph_alternatives.Alternative]:
    """The `first` alternatives to an artifact (`graph.alternatives`), its capabilities
    matched to the others' by words and by meaning: each of its capability texts is scored
    against every item with the embeddings the index already holds (none is computed)."""
    built = _index(store)
    slug = str(artifact.props.get("slug"))
    similarities = None
    if built.semantic is not None:
        rows = [i for i, item in enumerate(built.index.items)
                if item.slug == slug and item.capability is not None]
        if rows:
            vectors = built.semantic.vectors
            matrix = (vectors[rows] @ vectors.T).tolist()
            similarities = dict(zip(rows, matrix, strict=True))
    shared = graph_alternatives.shared_capabilities(built.index, slug, similarities)
    return graph_alternatives.find_alternatives(store, artifact, shared, first)


def matched_capabilities(store: GraphStore, intent: str, slug: str,
                         depth: int = 100) -> list[str]:
    """The ids of the artifact's capabilities that match the intent, as `resolve` shows them
    (the artifact looked for among the first `depth` matches); empty when none does."""
    match = next((m for m in resolve_intent(store, intent, depth) if m.slug == slug), None)
    return [item.capability for item, *_ in match.items if item.capability] if match else []


def resolver(mode: Mode) -> Callable[[GraphStore], Callable[[str, int], list[str]]]:
    """A factory for `python -m bench.intent_eval --resolver`."""
    def make(store: GraphStore) -> Callable[[str, int], list[str]]:
        return lambda intent, first: [m.slug for m in resolve_intent(store, intent, first,
                                                                     mode)]
    return make


both = resolver("both")
lexical = resolver("lexical")
semantic = resolver("semantic")
