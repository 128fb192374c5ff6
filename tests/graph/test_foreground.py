"""Background work waits for a pause in the operations served (graph/foreground.py)."""

from __future__ import annotations

import threading
import time

from graph.foreground import serving, wait_for_pause


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
