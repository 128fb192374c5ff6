"""Jobs as graph facts: long work (a measurement) with a state, progress and evidence.

A job node is written when the job is submitted, on every progress step and when it
ends, so a restart finds every job; one that was running when the process stopped is
marked INTERRUPTED and can be run again.
"""

from __future__ import annotations

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
            requested_by: str | None = None) -> Node:
    """A queued job about `subject` (a claim id, say), owned by `owner` (a token id, an
    address or "local"): only its owner or an admin may cancel or rerun it."""
    return Node(stable_id("job", kind, subject, now, owner), Label.JOB, {
        "kind": kind, "subject": subject, "state": JobState.QUEUED.value, "progress": 0.0,
        "message": "queued", "created_at": now, "time_limit_s": time_limit_s,
        "params": sorted(f"{k}={v}" for k, v in (params or {}).items()),
        "owner": owner, "requested_by": requested_by or owner,
    })


def with_state(job: Node, state: JobState, **changes: Any) -> Node:
    """The job node in a new state (and with any other props changed)."""
    return Node(job.id, Label.JOB, {**job.props, **changes, "state": state.value})
