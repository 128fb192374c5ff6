"""Jobs as graph facts: long work (a measurement) with a state, progress and evidence.

A job node is written when the job is submitted, on every progress step and when it
ends, so a restart finds every job. The process that runs a job names itself on it
(`runner`) and shows it is alive (`alive_at`, renewed while the job is pending); a job
whose runner stopped (`abandoned`) is marked INTERRUPTED by any process and can be run
again. Several processes (`capgraph serve --workers`, several hosts on one Neo4j) share
the jobs this way without taking each other's.
"""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from typing import Any

from graph.model import Label, Node, stable_id


class JobState(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    TIMED_OUT = "TIMED_OUT"
    INTERRUPTED = "INTERRUPTED"     # the process stopped while the job was queued or running

    @property
    def finished(self) -> bool:
        return self not in (JobState.QUEUED, JobState.RUNNING)


def new_job(kind: str, subject: str, *, now: str, time_limit_s: float,
            params: dict[str, Any] | None = None, owner: str = "local",
            requested_by: str | None = None, runner: str | None = None) -> Node:
    """A queued job about `subject` (a claim id, say), owned by `owner` (a token id, an
    address or "local"): only its owner or an admin may cancel or rerun it."""
    return Node(stable_id("job", kind, subject, now, owner), Label.JOB, {
        "kind": kind, "subject": subject, "state": JobState.QUEUED.value, "progress": 0.0,
        "message": "queued", "created_at": now, "time_limit_s": time_limit_s,
        "params": sorted(f"{k}={v}" for k, v in (params or {}).items()),
        "owner": owner, "requested_by": requested_by or owner,
        **({"runner": runner, "alive_at": now} if runner else {}),
    })


def abandoned(job: Node, now: datetime, stale_s: float, host: str) -> bool:
    """Whether an unfinished job's runner has stopped: it has shown no sign of life for
    `stale_s` seconds (`alive_at`; a job written before runners showed one has none), or
    it ran on this `host` in a process that is gone (a restart sees its own jobs at once).

    Example:
        >>> from datetime import UTC
        >>> job = new_job("measure", "claim:x", now="2026-12-02T10:00:00+00:00",
        ...               time_limit_s=60, runner="elsewhere:1:ab")
        >>> at = lambda s: datetime.fromisoformat(f"2026-12-02T10:00:{s:02d}+00:00")
        >>> abandoned(job, at(20), 30, "here"), abandoned(job, at(40), 30, "here")
        (False, True)
    """
    if JobState(job.props["state"]).finished:
        return False
    alive_at = job.props.get("alive_at")
    if not isinstance(alive_at, str):
        return True
    if (now - datetime.fromisoformat(alive_at)).total_seconds() > stale_s:
        return True
    return _gone_from(host, str(job.props.get("runner") or ""))


def _gone_from(host: str, runner: str) -> bool:
    """Whether `runner` (host:pid:token) was a process on `host` that no longer runs."""
    runner_host, _, rest = runner.partition(":")
    pid = rest.partition(":")[0]
    if runner_host != host or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:             # alive, not ours to signal
        return False
    return False


def with_state(job: Node, state: JobState, **changes: Any) -> Node:
    """The job node in a new state (and with any other props changed)."""
    return Node(job.id, Label.JOB, {**job.props, **changes, "state": state.value})
