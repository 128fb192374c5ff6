"""Background work waits for a pause in the operations served (graph/foreground.py)."""

from __future__ import annotations

import threading
import time

from graph.foreground import serving, settle_heap, wait_for_pause


class OperationInFlight:
    """An operation held in flight in another thread, from construction until `end()`."""

    def __init__(self) -> None:
        self._release = threading.Event()
        inside = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(inside,))
        self._thread.start()
        inside.wait(5)

    def _run(self, inside: threading.Event) -> None:
        with serving():
            inside.set()
            self._release.wait(60)

    def end(self) -> None:
        self._release.set()
        self._thread.join(5)


def test_no_pause_while_an_operation_is_in_flight() -> None:
    with serving():
        assert not wait_for_pause(quiet_s=0.0, longest_s=0.2)
    assert wait_for_pause(quiet_s=0.0, longest_s=0.2)


def test_a_pause_is_quiet_for_a_while_after_the_last_operation() -> None:
    with serving():
        pass
    started = time.monotonic()
    assert wait_for_pause(quiet_s=0.3, longest_s=5.0)
    assert time.monotonic() - started >= 0.25


def test_waiting_ends_when_the_operations_do() -> None:
    operation = OperationInFlight()
    assert not wait_for_pause(quiet_s=0.0, longest_s=0.1)   # still in flight
    operation.end()
    assert wait_for_pause(quiet_s=0.0, longest_s=5.0)


class _Cyclic:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


def test_settling_takes_the_live_heap_out_of_the_collectors_walks() -> None:
    import gc

    kept = _Cyclic()
    assert settle_heap() > 0
    assert not any(o is kept for o in gc.get_objects())     # in the permanent generation


def test_what_was_settled_and_dropped_is_freed_at_the_next_settling() -> None:
    import weakref

    dropped = _Cyclic()
    gone = weakref.ref(dropped)
    settle_heap()
    del dropped
    assert gone() is not None       # frozen: no collection reaches it
    settle_heap()
    assert gone() is not None       # settling again walks the young objects only
    settle_heap(reclaim=True)
    assert gone() is None


def test_settling_does_not_walk_the_whole_heap() -> None:
    """A full collection stops every thread while it walks the heap (hundreds of ms in a
    server with a large index): settling collects the young generations only."""
    import gc

    walked: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            walked.append(info["generation"])

    gc.callbacks.append(note)
    try:
        settle_heap()
        assert walked and max(walked) < 2
        walked.clear()
        settle_heap(reclaim=True)
        assert 2 in walked
    finally:
        gc.callbacks.remove(note)
