"""The workers' table of open connections (`app.connection_counts`): each worker sees the
others' counts, and a slot of a process that is gone neither holds a worker back nor stays
taken."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.connection_counts import ConnectionCounts


@pytest.fixture
def table(tmp_path: Path) -> Iterator[ConnectionCounts]:
    created = ConnectionCounts.create(slots=2, folder=tmp_path)
    yield created
    created.close()
    created.remove()


def _gone_pid() -> int:
    """The PID of a process that has ended (and been reaped)."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(ended.stdout)


def _hold(table: ConnectionCounts, slot: int, pid: int, count: int) -> None:
    """Write a slot as another worker would."""
    writer = ConnectionCounts(table.path)
    writer._words[2 * slot], writer._words[2 * slot + 1] = pid, count
    writer.close()


def test_a_worker_sees_another_with_fewer(table: ConnectionCounts) -> None:
    mine = ConnectionCounts.attach(table.path)
    other = ConnectionCounts.attach(table.path)
    mine.opened()
    assert mine.others_fewer() and not other.others_fewer()
    other.opened()
    assert not mine.others_fewer() and not other.others_fewer()    # a tie: either accepts
    mine.closed()
    assert other.others_fewer() and not mine.others_fewer()
    mine.close()
    assert not other.others_fewer()                 # a slot given back counts for no one
    other.close()


def test_a_gone_worker_holds_no_one_back_and_its_slot_is_taken_again(
        table: ConnectionCounts) -> None:
    gone = _gone_pid()
    _hold(table, 0, gone, 5)
    _hold(table, 1, gone, 0)
    mine = ConnectionCounts.attach(table.path)      # every slot was a gone process's
    mine.opened()
    assert not mine.others_fewer()                  # the other gone one, with 0, is cleared
    assert mine._slot == 0 and mine._words[2] == 0
    again = ConnectionCounts.attach(table.path)     # and its slot is free for the next
    assert again._slot != mine._slot
    with pytest.raises(RuntimeError, match="all 2 worker slots"):
        ConnectionCounts.attach(table.path)
    mine.close()
    again.close()
