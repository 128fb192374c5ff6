"""Requests first: whether this process is serving operations, so background work (the
intent index's build at start, its refreshes) waits for a pause instead of taking the CPU
and the interpreter's lock from the requests.

The API layer wraps each operation in `serving()`; background work calls `wait_for_pause()`
between its steps. A pause is `QUIET_S` without an operation in flight; background work waits
at most `LONGEST_WAIT_S` for one, so a server that is never idle still gets it done, a step at
a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["LONGEST_WAIT_S", "QUIET_S", "serving", "wait_for_pause"]

QUIET_S = 0.5
"""How long without an operation in flight counts as a pause."""
LONGEST_WAIT_S = 5.0
"""The longest a step of background work waits for a pause."""
_POLL_S = 0.05

_lock = threading.Lock()
_in_flight = 0
_last_done = float("-inf")


@contextmanager
def serving() -> Iterator[None]:
    """Count an operation as in flight while the block runs."""
    global _in_flight, _last_done
    with _lock:
        _in_flight += 1
    try:
        yield
    finally:
        with _lock:
            _in_flight -= 1
            _last_done = time.monotonic()


def wait_for_pause(quiet_s: float | None = None, longest_s: float | None = None) -> bool:
    """Wait until no operation has been in flight for `quiet_s` (`QUIET_S`), or `longest_s`
    (`LONGEST_WAIT_S`) has passed; whether a pause came.

    Example:
        >>> wait_for_pause(quiet_s=0.0, longest_s=0.0)
        True
    """
    quiet_s = QUIET_S if quiet_s is None else quiet_s
    deadline = time.monotonic() + (LONGEST_WAIT_S if longest_s is None else longest_s)
    while True:
        with _lock:
            idle = _in_flight == 0 and time.monotonic() - _last_done >= quiet_s
        if idle:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_S)
