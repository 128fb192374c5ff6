"""Item embeddings kept on disk: each distinct text embedded once, then read back."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from inference.embedding_cache import vectors
from inference.facts.embed import embed


def test_texts_are_embedded_once_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite3"
    texts = ["reads handwritten lines", "draws images from a prompt", "reads handwritten lines"]
    counted: list[int] = []
    first = vectors(texts, counted.append, path=path)
    assert sum(counted) == 2                        # the repeated text once
    assert np.array_equal(first[0], first[2])
    assert np.allclose(first, embed(texts).numpy(), atol=1e-5)
    counted.clear()
    again = vectors(list(reversed(texts)), counted.append, path=path)
    assert counted == [] and np.array_equal(again, first[::-1])   # from disk, none embedded


def test_an_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    found = vectors(["one text"], path=blocker / "embeddings.sqlite3")
    assert found.shape == (1, 384) and abs(float(np.linalg.norm(found[0])) - 1) < 1e-5
