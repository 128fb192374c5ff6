"""Item embeddings kept on disk, so a server restart (or a second process on the same
machine) does not embed a large graph's texts again.

One SQLite file beside the embedded store's data (`CAPGRAPH_DATA/embeddings.sqlite3`), keyed
by the embedding model and the text's SHA-256: a text embeds to the same vector whatever
store or artifact it came from, so the cache never goes stale, only grows (1.6 kB a text;
delete the file to reclaim it). Without a writable data folder it is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from graph.file_locks import exclusive
from inference.facts.embed import DIMENSIONS, encode, model_name

__all__ = ["cache_path", "fill_in_background", "lowest_priority", "missing", "vectors"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
_CHUNK = 500
STORE_EVERY = 256
"""Texts embedded between two writes to the cache (about a second of CPU)."""
_log = logging.getLogger(__name__)


def cache_path() -> Path:
    from graph.settings import current_settings

    return current_settings().data / "embeddings.sqlite3"


def _key(text: str) -> bytes:
    return hashlib.sha256(f"{model_name()}\0{text}".encode()).digest()


def vectors(texts: Sequence[str], progress: Callable[[int], None] | None = None,
            path: Path | None = None) -> Any:
    """Unit-length embeddings of `texts` (float32 rows), from the cache where it has them;
    the others are embedded (`progress` counts them) and added, `STORE_EVERY` at a time (an
    embedding stopped half-way keeps what it did)."""
    import numpy as np

    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    keys = [_key(t) for t in texts]
    db = _open(path or cache_path())
    found = _cached(db, keys)
    first_row: dict[bytes, int] = {}
    for i, key in enumerate(keys):
        first_row.setdefault(key, i)
    missing = [i for k, i in first_row.items() if k not in found]     # each text once
    for start in range(0, len(missing), STORE_EVERY):
        rows = missing[start:start + STORE_EVERY]
        fresh = encode([texts[i] for i in rows], progress)
        found.update((keys[i], row.tobytes()) for i, row in zip(rows, fresh, strict=True))
        if db is not None:
            with db:
                db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                               [(keys[i], found[keys[i]]) for i in rows])
    for i, key in enumerate(keys):
        out[i] = np.frombuffer(found[key], dtype=np.float32)
    if db is not None:
        db.close()
    return out


def _cached(db: sqlite3.Connection | None, keys: Sequence[bytes]) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    if db is not None:
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _CHUNK):
            part = unique[start:start + _CHUNK]
            found.update(db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                part).fetchall())
    return found


def missing(texts: Sequence[str], path: Path | None = None) -> list[str]:
    """The distinct texts the cache does not hold (all of them without a cache)."""
    db = _open(path or cache_path())
    if db is None:
        return list(dict.fromkeys(texts))
    try:
        return _lacking(db, texts)
    finally:
        db.close()


def _lacking(db: sqlite3.Connection, texts: Sequence[str]) -> list[str]:
    keys = {text: _key(text) for text in texts}
    found = _cached(db, list(keys.values()))
    return [text for text, key in keys.items() if key not in found]


def fill_in_background(texts: Sequence[str], path: Path | None = None) -> bool:
    """Embed the texts the cache lacks in a child process at the lowest CPU priority, and
    wait for it: its own interpreter, so it never holds the lock this process's requests
    run under, and the scheduler gives it only the CPU they leave. It stores as it goes,
    and stops if this process dies. Whether the cache now holds every text (without a
    writable cache, nothing is done: the caller embeds them itself)."""
    import json
    import subprocess
    import sys

    path = path or cache_path()
    with _one_filler(path):
        db = _open(path)
        if db is None:
            return False
        try:
            lacking = _lacking(db, texts)
        finally:
            db.close()
        if not lacking:
            return True
        child = subprocess.run(
            [sys.executable, "-m", "inference.embedding_cache", str(path), str(os.getpid())],
            input="\n".join(json.dumps(t) for t in lacking), text=True, capture_output=True,
            check=False)
    if child.returncode != 0:
        _log.warning("background embedding failed (%s): %s", child.returncode,
                     child.stderr.strip()[-2000:])
        return False
    return True


@contextlib.contextmanager
def _one_filler(path: Path) -> Iterator[None]:
    """One process fills a cache at a time: the others (the workers of `serve --workers N`
    start together) wait here, then find what the first embedded already there. The lock
    goes with the process that holds it, however it ends."""
    with contextlib.ExitStack() as held:
        with contextlib.suppress(OSError):  # no writable folder: no cache to fill (`_open`)
            held.enter_context(exclusive(path.with_name(path.name + ".fill-lock")))
        yield


def lowest_priority() -> None:
    """Let this process run only on CPU nothing else wants: nice 19, and Linux's idle
    scheduling class where there is one (a thread of another process that wakes, a request's
    answer from the store, then takes the core at once, not after a time slice). The threads
    started after it (torch's) inherit both."""
    with contextlib.suppress(OSError):
        os.nice(19)
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def _embed_from_stdin(path: Path, parent: int) -> None:
    """The child of `fill_in_background`: texts as JSON lines on stdin, into the cache."""
    import json
    import sys

    lowest_priority()
    texts = [json.loads(line) for line in sys.stdin if line.strip()]
    for start in range(0, len(texts), STORE_EVERY):
        if os.getppid() != parent:      # the server is gone: nobody waits for these
            return
        vectors(texts[start:start + STORE_EVERY], path=path)


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_SCHEMA)
        return db
    except (OSError, sqlite3.Error):
        return None


if __name__ == "__main__":     # python -m inference.embedding_cache PATH PARENT_PID
    import sys

    _embed_from_stdin(Path(sys.argv[1]), int(sys.argv[2]))
