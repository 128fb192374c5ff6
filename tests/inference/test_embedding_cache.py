"""Item embeddings kept on disk: each distinct text embedded once, then read back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from inference.embedding_cache import STORE_EVERY, fill_in_background, missing, vectors
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


def test_a_child_process_fills_the_cache_in_the_background(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite3"
    texts = ["indexes vectors for retrieval", "transcribes speech", "indexes vectors for retrieval"]
    assert missing(texts, path) == ["indexes vectors for retrieval", "transcribes speech"]
    assert fill_in_background(texts, path)
    assert missing(texts, path) == []
    counted: list[int] = []
    found = vectors(texts, counted.append, path=path)
    assert counted == []                        # all from disk: the child embedded them
    assert np.allclose(found, embed(texts).numpy(), atol=1e-5)


def test_an_embedding_stopped_half_way_keeps_what_it_did(tmp_path: Path) -> None:
    path = tmp_path / "embeddings.sqlite3"
    texts = [f"capability number {i}" for i in range(STORE_EVERY + 3)]
    done = 0

    def stop_after_the_first_step(count: int) -> None:
        nonlocal done
        done += count
        if done > STORE_EVERY:          # in the second step
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        vectors(texts, stop_after_the_first_step, path=path)
    assert len(missing(texts, path)) == 3       # the first step was stored
