"""Exclusive locks on files, across processes (`flock`): a block that one process at a time
runs, such as the start-up work of `serve --workers N` or filling a shared cache."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["exclusive"]


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Wait for, then hold, the exclusive lock on `path` (made, with its folder, if missing)
    while the block runs. The lock goes with the process that holds it, however it ends.
    OSError when the file cannot be made or opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
