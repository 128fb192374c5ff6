"""Item embeddings kept on disk, so a server restart (or a second process on the same
machine) does not embed a large graph's texts again.

One SQLite file beside the embedded store's data (`CAPGRAPH_DATA/embeddings.sqlite3`), keyed
by the embedding model and the text's SHA-256: a text embeds to the same vector whatever
store or artifact it came from, so the cache never goes stale, only grows (1.6 kB a text;
delete the file to reclaim it). Without a writable data folder it is skipped.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inference.facts.embed import DIMENSIONS, encode, model_name

__all__ = ["cache_path", "vectors"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)"
_CHUNK = 500
PAUSE_EVERY = 256
"""Texts embedded between two of background work's pauses (about a second of CPU)."""


def cache_path() -> Path:
    from graph.settings import current_settings

    return current_settings().data / "embeddings.sqlite3"


def _key(text: str) -> bytes:
    return hashlib.sha256(f"{model_name()}\0{text}".encode()).digest()


def vectors(texts: Sequence[str], progress: Callable[[int], None] | None = None,
            path: Path | None = None, pause: Callable[[], object] | None = None) -> Any:
    """Unit-length embeddings of `texts` (float32 rows), from the cache where it has them;
    the others are embedded (`progress` counts them) and added. With `pause` (background
    work), it is called before every `PAUSE_EVERY` texts embedded, outside the embedding
    model's lock, so a request that needs the model meanwhile gets it."""
    import numpy as np

    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    keys = [_key(t) for t in texts]
    db = _open(path or cache_path())
    found: dict[bytes, bytes] = {}
    if db is not None:
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _CHUNK):
            part = unique[start:start + _CHUNK]
            found.update(db.execute(
                f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                part).fetchall())
    first_row: dict[bytes, int] = {}
    for i, key in enumerate(keys):
        first_row.setdefault(key, i)
    missing = [i for k, i in first_row.items() if k not in found]     # each text once
    if missing:
        if pause is None:
            fresh = encode([texts[i] for i in missing], progress)
        else:
            fresh = np.zeros((len(missing), DIMENSIONS), dtype=np.float32)
            for start in range(0, len(missing), PAUSE_EVERY):
                pause()
                rows = missing[start:start + PAUSE_EVERY]
                fresh[start:start + len(rows)] = encode([texts[i] for i in rows], progress)
        found.update((keys[i], row.tobytes()) for i, row in zip(missing, fresh, strict=True))
        if db is not None:
            with db:
                db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                               [(keys[i], found[keys[i]]) for i in missing])
    for i, key in enumerate(keys):
        out[i] = np.frombuffer(found[key], dtype=np.float32)
    if db is not None:
        db.close()
    return out


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_SCHEMA)
        return db
    except (OSError, sqlite3.Error):
        return None
