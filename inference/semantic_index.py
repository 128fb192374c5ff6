"""Cosine similarities of one query against every item's embedding, fast at any size.

Up to `EXACT_ITEMS` items the similarities are one exact matrix-vector product. Above, that
product reads the whole float32 matrix per query (170 MB at 110,000 items: ~16 ms on this
machine, most of a `resolve`'s budget), so the index keeps the items projected on their
`REDUCED` principal components as well (a quarter of the bytes): every similarity is
estimated there, and the `CANDIDATES` best estimates are recomputed exactly. The items that
decide a ranking are those most like the query, so they carry exact numbers; the rest carry
estimates (off by a few hundredths), which only matter when words alone lift such an item.
Deterministic: the same items in the same order give the same answers on every store.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CANDIDATES", "EXACT_ITEMS", "REDUCED", "SemanticIndex"]

EXACT_ITEMS = 20_000
REDUCED = 96
CANDIDATES = 2_000
_SAMPLE = 20_000     # rows the principal components are fitted on (evenly spaced)


class SemanticIndex:
    """Unit-length item embeddings (`vectors`, float32 rows) ready to score queries."""

    def __init__(self, vectors: Any, exact_items: int = EXACT_ITEMS) -> None:
        import numpy as np

        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._reduced: Any = None
        if len(self.vectors) > max(exact_items, CANDIDATES):
            step = max(1, len(self.vectors) // _SAMPLE)
            self._mean = self.vectors[::step].mean(axis=0)
            _, _, components = np.linalg.svd(self.vectors[::step] - self._mean,
                                             full_matrices=False)
            self._basis = np.ascontiguousarray(components[:REDUCED].T, dtype=np.float32)
            self._reduced = np.ascontiguousarray((self.vectors - self._mean) @ self._basis)
            # x·q = (x-m)·(q-m) + x·m + q·m - m·m: the terms not in the projection
            self._offset = self.vectors @ self._mean - float(self._mean @ self._mean)

    def __len__(self) -> int:
        return len(self.vectors)

    def similarities(self, query: Any) -> Any:
        """The cosine similarity of the unit-length `query` with every item (float32)."""
        with _one_blas_thread():
            return self._similarities(query)

    def _similarities(self, query: Any) -> Any:
        import numpy as np

        query = np.asarray(query, dtype=np.float32)
        if self._reduced is None:
            return self.vectors @ query
        estimate = self._reduced @ ((query - self._mean) @ self._basis)
        estimate += self._offset + float(query @ self._mean)
        best = np.argpartition(estimate, len(estimate) - CANDIDATES)[-CANDIDATES:]
        estimate[best] = self.vectors[best] @ query
        return estimate


def _one_blas_thread() -> Any:
    """BLAS on one thread for the block: these products are bound by memory, and on a small
    machine a second BLAS thread fights the requests' other work (and spins on after, slowing
    the intent's embedding): on 2 busy cores one thread made them 4x faster (13.9 -> 3.1 ms
    at 110,000 items) and the embedding 1.7x."""
    global _CONTROLLER
    if _CONTROLLER is None:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1, user_api="blas")


_CONTROLLER: Any = None
