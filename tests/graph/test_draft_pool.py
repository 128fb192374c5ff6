"""The processes that draft an import's pages end with the import, however it ends: one
killed outright cannot tell them to stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.ingest.draft_pool import PARENT_POLL_S

# an importer that drafts pages in a pool, says its drafting processes, then waits to be killed
IMPORTER = """
import multiprocessing, sys, time
from bench.pages import synthetic_page
from graph.ingest.draft_pool import DraftPool
from graph.ingest.drafts import PageJob

pool = DraftPool(3)
jobs = [PageJob(uri=name, file=name, text=text)
        for name, text in (synthetic_page(i) for i in range(40))]
pool.check(jobs)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"             # ended, not yet reaped by whoever adopted it


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_drafting_processes_end_when_the_importer_is_killed() -> None:
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen([sys.executable, "-c", IMPORTER], cwd=root, text=True,
                          stdout=subprocess.PIPE,
                          env={**os.environ, "PYTHONPATH": str(root)}) as importer:
        try:
            assert importer.stdout is not None
            drafters = [int(pid) for pid in importer.stdout.readline().split()]
            assert len(drafters) == 2 and all(_alive(pid) for pid in drafters)
        finally:
            importer.send_signal(signal.SIGKILL)
            importer.wait()
    deadline = time.monotonic() + 20 * PARENT_POLL_S + 10
    while any(_alive(pid) for pid in drafters) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in drafters if _alive(pid)]
    for pid in left:                # not to leave them to the rest of the run
        os.kill(pid, signal.SIGKILL)
    assert not left, f"drafting processes {left} outlived their importer"
