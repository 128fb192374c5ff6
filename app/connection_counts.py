"""The open connections of each `capgraph serve` worker process, in a small file they all map.

Each worker holds one slot (its PID and how many connections it has open) and writes only
that slot; any worker reads all of them to decide whether to accept the next connection
(`app.balanced_server`). A slot is one 8-byte-aligned machine word for the PID and one for
the count, so a read never sees half a write. A slot whose process is gone is cleared by the
first worker that finds it so, and taken again by the next worker to start.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import tempfile
from pathlib import Path

__all__ = ["ConnectionCounts"]

_WORD = 8
_SLOT = 2 * _WORD


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:         # alive, another user's (a PID taken again)
        return True
    return True


class ConnectionCounts:
    """The table in `path`, as one process sees it. `create` makes it (the supervisor);
    `attach` maps it and takes a slot (a worker).

    Example:
        >>> table = ConnectionCounts.create(slots=4)
        >>> mine = ConnectionCounts.attach(table.path)
        >>> mine.opened(); mine.opened()
        >>> mine.open, mine.others_fewer()          # no other worker: none has fewer
        (2, False)
        >>> table.close(); table.remove(); mine.close()
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "r+b") as handle:
            self._map = mmap.mmap(handle.fileno(), 0)
        self._words = memoryview(self._map).cast("q")
        self.slots = len(self._map) // _SLOT
        self._slot = -1
        self.open = 0
        """Connections this process has open (its slot's count)."""

    @classmethod
    def create(cls, slots: int, folder: Path | None = None) -> ConnectionCounts:
        """A new, empty table of `slots` slots in a file of its own (in /dev/shm where there
        is one: memory, not disk). Remove it with `remove` when the workers are gone."""
        if folder is None and Path("/dev/shm").is_dir():
            folder = Path("/dev/shm")
        handle, name = tempfile.mkstemp(prefix="capgraph-serve-", suffix=".connections",
                                        dir=folder)
        with os.fdopen(handle, "wb") as file:
            file.write(bytes(max(1, slots) * _SLOT))
        return cls(Path(name))

    @classmethod
    def attach(cls, path: Path) -> ConnectionCounts:
        """The table at `path`, with a slot taken for this process (an empty one, or one
        whose process is gone). RuntimeError when every slot is held by a live process."""
        table = cls(path)
        with open(path, "r+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)          # one worker takes a slot at a time
            words = table._words
            for slot in range(table.slots):
                pid = words[2 * slot]
                if pid == 0 or not _alive(pid):
                    words[2 * slot + 1] = 0
                    words[2 * slot] = os.getpid()
                    table._slot = slot
                    return table
        table.close()
        raise RuntimeError(f"capgraph serve: all {table.slots} worker slots of {path} are "
                           "taken by live processes")

    def opened(self) -> None:
        self.open += 1
        self._words[2 * self._slot + 1] = self.open

    def closed(self) -> None:
        self.open = max(0, self.open - 1)
        self._words[2 * self._slot + 1] = self.open

    def others_fewer(self) -> bool:
        """Whether another live worker has fewer connections open than this one (a slot
        of a process that is gone is cleared on the way)."""
        words, mine = self._words, self.open
        for slot in range(self.slots):
            pid = words[2 * slot]
            if pid == 0 or slot == self._slot or words[2 * slot + 1] >= mine:
                continue
            if _alive(pid):
                return True
            words[2 * slot] = 0
        return False

    def close(self) -> None:
        """Give the slot back (if this process holds one) and unmap the table."""
        if self._slot >= 0:
            self._words[2 * self._slot] = 0
            self._slot = -1
        self._words.release()
        self._map.close()

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)
