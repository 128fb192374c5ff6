"""Background work waits for a pause in the operations served (graph/foreground.py)."""

from __future__ import annotations

import threading
import time

from graph.foreground import serving, wait_for_pause


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
    release = threading.Event()
    inside = threading.Event()

    def operation() -> None:
        with serving():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=operation)
    worker.start()
    inside.wait(5)
    assert not wait_for_pause(quiet_s=0.0, longest_s=0.1)   # still in flight
    release.set()
    assert wait_for_pause(quiet_s=0.0, longest_s=5.0)
    worker.join(5)
