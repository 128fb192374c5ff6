"""Item embeddings kept on disk: each distinct text embedded once, then read back."""

from __future__ import annotations

import subprocess
import sys
import threading
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


def test_one_process_fills_a_cache_at_a_time(tmp_path: Path) -> None:
    # another process holds the fill lock while it embeds the texts: this one waits for it,
    # then finds them there (the workers of `serve --workers N` start together)
    path = tmp_path / "embeddings.sqlite3"
    texts = ["ranks documents", "answers questions about tables"]
    done: list[bool] = []
    with subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys\n"
         "h = open(sys.argv[1], 'a+'); fcntl.flock(h, fcntl.LOCK_EX); print(flush=True)\n"
         "sys.stdin.readline()", str(path) + ".fill-lock"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        holder.stdout.readline()                             # it holds the lock
        vectors(texts, path=path)                            # and has embedded them
        filler = threading.Thread(
            target=lambda: done.append(fill_in_background(texts, path)))
        filler.start()
        filler.join(timeout=1.0)
        assert filler.is_alive()                             # waiting, though none lacks
        holder.stdin.write("\n")
        holder.stdin.flush()
        filler.join(timeout=60)
    assert done == [True] and holder.returncode == 0


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


@pytest.mark.skipif(not hasattr(__import__("os"), "SCHED_IDLE"), reason="Linux scheduling")
def test_the_background_embedder_runs_only_on_idle_cpu() -> None:
    """Its threads take a core only when no request's thread wants it (nice 19 alone still
    gets time slices beside the requests)."""
    probe = ("import os; from inference.embedding_cache import lowest_priority; "
             "lowest_priority(); print(os.sched_getscheduler(0) == os.SCHED_IDLE, "
             "os.getpriority(os.PRIO_PROCESS, 0))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "19"]
