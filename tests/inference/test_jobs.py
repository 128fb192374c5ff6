"""The job runner over both stores: states, progress, cancel, time limit, restart."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.jobs import JobState, new_job, with_state
from graph.model import Label, WriteBatch
from graph.store import GraphStore
from inference.jobs import JobControl, JobRunner


@pytest.fixture
def runner(store: GraphStore) -> Iterator[JobRunner]:
    jobs = JobRunner(store, time_limit_s=30)
    yield jobs
    jobs.shutdown()


def test_a_job_reports_progress_and_succeeds(runner: JobRunner) -> None:
    seen: list[float] = []

    def work(control: JobControl) -> Sequence[str]:
        for step in range(1, 5):
            control.progress(step / 4, f"step {step}")
            seen.append(float(runner.get(control.job_id).props["progress"]))
            time.sleep(0.3)
        return ["evidence:x:1"]

    job = runner.submit("test", "claim:x:1", work)
    assert job.props["state"] == "QUEUED"
    done = runner.wait(job.id, timeout=20)
    assert done.props["state"] == "SUCCEEDED" and done.props["evidence"] == ["evidence:x:1"]
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert done.props["started_at"] <= done.props["finished_at"]


def test_cancel_stops_running_work(runner: JobRunner) -> None:
    started = threading.Event()

    def work(control: JobControl) -> Sequence[str]:
        started.set()
        while True:
            control.check()
            time.sleep(0.02)

    job = runner.submit("test", "claim:x:2", work)
    assert started.wait(10)
    runner.cancel(job.id)
    assert runner.wait(job.id, timeout=10).props["state"] == "CANCELLED"


def test_the_time_limit_stops_a_job_and_failures_are_recorded(store: GraphStore) -> None:
    jobs = JobRunner(store, time_limit_s=0.2)
    try:
        def slow(control: JobControl) -> Sequence[str]:
            while True:
                control.check()
                time.sleep(0.02)

        def broken(control: JobControl) -> Sequence[str]:
            raise RuntimeError("the model would not load")

        timed = jobs.submit("test", "claim:x:3", slow)
        failed = jobs.submit("test", "claim:x:4", broken)
        assert jobs.wait(timed.id, 10).props["state"] == "TIMED_OUT"
        result = jobs.wait(failed.id, 10)
        assert result.props["state"] == "FAILED"
        assert "the model would not load" in result.props["message"]
    finally:
        jobs.shutdown()


def test_one_heavy_job_runs_at_a_time(runner: JobRunner) -> None:
    running: list[int] = []
    overlap: list[bool] = []

    def work(control: JobControl) -> Sequence[str]:
        running.append(1)
        overlap.append(len(running) > 1)
        time.sleep(0.2)
        running.pop()
        return []

    ids = [runner.submit("test", f"claim:x:{i}", work).id for i in range(3)]
    for job_id in ids:
        assert runner.wait(job_id, 10).props["state"] == "SUCCEEDED"
    assert overlap == [False, False, False]


def test_a_restart_marks_unfinished_jobs_interrupted_and_they_can_rerun(
    store: GraphStore,
) -> None:
    left = new_job("test", "claim:x:9", now="2026-01-01T00:00:00+00:00", time_limit_s=5)
    store.apply(WriteBatch(nodes=(left,)))
    jobs = JobRunner(store)
    try:
        (marked,) = jobs.recover()
        assert marked.id == left.id and marked.props["state"] == "INTERRUPTED"
        assert store.nodes_with(Label.JOB, "state", ["RUNNING", "QUEUED"]) == []
        again = jobs.rerun(left.id, lambda control: [])
        assert jobs.wait(again.id, 10).props["state"] == JobState.SUCCEEDED.value
    finally:
        jobs.shutdown()


# -- several processes on one store: each runner keeps its jobs alive and takes no other's --

def _blocking(release: threading.Event) -> Callable[[JobControl], Sequence[str]]:
    def work(control: JobControl) -> Sequence[str]:
        while not release.wait(0.02):
            control.check()
        return []
    return work


def _until_running(runner: JobRunner, job_id: str) -> None:
    deadline = time.monotonic() + 5
    while runner.get(job_id).props["state"] != "RUNNING":
        assert time.monotonic() < deadline, f"job {job_id} never started"
        time.sleep(0.02)


def _left_by(store: GraphStore, runner: str, alive_at: str, subject: str) -> str:
    job = new_job("test", subject, now=alive_at, time_limit_s=60, runner=runner)
    store.apply(WriteBatch(nodes=(with_state(job, JobState.RUNNING),)))
    return job.id


def _ago(seconds: float) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def test_a_live_runners_jobs_are_never_taken_by_another(store: GraphStore) -> None:
    mine = JobRunner(store, heartbeat_s=0.05, stale_s=0.5)
    other = JobRunner(store, heartbeat_s=0.05, stale_s=0.5)
    release = threading.Event()
    try:
        job = mine.submit("test", "claim:x:live", _blocking(release))
        taken: list[str] = []
        deadline = time.monotonic() + 1.5         # three times the staleness
        while time.monotonic() < deadline:
            taken += [n.id for n in other.recover()]
            time.sleep(0.05)
        release.set()
        assert mine.wait(job.id, 10).props["state"] == "SUCCEEDED"
        assert job.id not in taken
    finally:
        release.set()
        mine.shutdown()
        other.shutdown()


def test_a_job_whose_runner_stopped_is_interrupted_by_a_live_runner(store: GraphStore) -> None:
    silent = _left_by(store, "elsewhere:12345:ab", _ago(120), "claim:x:silent")
    lively = _left_by(store, "elsewhere:12345:ab", _ago(1), "claim:x:lively")
    runner = JobRunner(store, heartbeat_s=0.05, stale_s=60)
    try:
        deadline = time.monotonic() + 5           # no recover() call: the heartbeat sweeps
        while runner.get(silent).props["state"] != "INTERRUPTED":
            assert time.monotonic() < deadline, "the abandoned job was never interrupted"
            time.sleep(0.05)
        assert runner.get(lively).props["state"] == "RUNNING"
    finally:
        runner.shutdown()


def test_a_restart_on_the_same_host_interrupts_its_dead_processes_jobs_at_once(
    store: GraphStore,
) -> None:
    ended = subprocess.Popen(["true"])          # a process of this host that has ended
    ended.wait()
    dead = _left_by(store, f"{socket.gethostname()}:{ended.pid}:ab", _ago(1), "claim:x:dead")
    runner = JobRunner(store, heartbeat_s=3600)
    try:
        assert [n.id for n in runner.recover()] == [dead]
    finally:
        runner.shutdown()


def test_a_cancel_from_another_runner_stops_the_running_job(store: GraphStore) -> None:
    mine, other = JobRunner(store), JobRunner(store)
    release = threading.Event()
    try:
        job = mine.submit("test", "claim:x:far", _blocking(release))
        _until_running(mine, job.id)
        other.cancel(job.id)
        assert mine.wait(job.id, 10).props["state"] == "CANCELLED"
    finally:
        release.set()
        mine.shutdown()
        other.shutdown()


def test_failing_heartbeats_are_logged_once_and_so_is_their_recovery(tmp_path: Path) -> None:
    path = tmp_path / "g.sqlite3"
    store = EmbeddedStore(path)
    lines: list[str] = []
    runner = JobRunner(store, heartbeat_s=0.05, stale_s=60, log=lines.append)
    release = threading.Event()
    blocker = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        job = runner.submit("test", "claim:x:beat", _blocking(release))
        _until_running(runner, job.id)
        store._db.execute("PRAGMA busy_timeout=0")
        blocker.execute("BEGIN IMMEDIATE")     # another process holds the write lock
        time.sleep(0.5)                        # ten beats, each failing to renew alive_at
        blocker.execute("ROLLBACK")
        deadline = time.monotonic() + 5
        while len(lines) < 2:
            assert time.monotonic() < deadline, lines
            time.sleep(0.02)
        time.sleep(0.2)
        assert len(lines) == 2, lines
        assert "job heartbeat failed" in lines[0] and "60 s" in lines[0]
        assert lines[1] == "job heartbeat works again"
    finally:
        release.set()
        blocker.close()
        runner.shutdown()
        store.close()
