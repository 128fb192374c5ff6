"""The semantic index past its exact size: the items most like a query carry exact numbers."""

from __future__ import annotations

import numpy as np

from inference.semantic_index import CANDIDATES, SemanticIndex


def _clustered(rows: int, seed: int = 7) -> np.ndarray:
    """Unit vectors around 40 topics, the way sentence embeddings of capabilities cluster."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((40, 384))
    vectors = topics[rng.integers(0, 40, rows)] + 0.6 * rng.standard_normal((rows, 384))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_small_indexes_are_exact() -> None:
    vectors = _clustered(500)
    index = SemanticIndex(vectors)
    assert np.array_equal(index.similarities(vectors[3]), vectors @ vectors[3])


def test_large_indexes_give_the_best_items_their_exact_similarity() -> None:
    vectors = _clustered(12_000)
    index = SemanticIndex(vectors, exact_items=5_000)
    for row in (0, 777, 11_999):
        query = vectors[row] + 0.05 * _clustered(1, seed=row)[0]
        query /= np.linalg.norm(query)
        exact = vectors @ query
        found = index.similarities(query)
        best = np.argsort(-exact)[:200]
        assert np.array_equal(found[best], exact[best])          # the best, exactly
        assert int(np.argmax(found)) == int(np.argmax(exact))
        rest = np.argsort(-exact)[CANDIDATES * 2:]
        assert np.abs(found[rest] - exact[rest]).max() < 0.25     # the rest, estimated
