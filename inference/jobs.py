"""The job runner: one heavy job at a time, each with a time limit, all kept in the graph.

`submit` writes a QUEUED job and returns it at once; a single worker thread runs jobs in
order. Work reports progress through its `JobControl` (written to the job node, so any
process sees it) and asks `control.check()` between steps, which raises when the job was
cancelled (from any process sharing the store) or ran past its time limit.

Several processes may share one store, each with its runner: a runner names itself on
its jobs and renews their `alive_at` every `heartbeat_s` while they are pending. On start
(`recover()`) and at every heartbeat, it marks INTERRUPTED the unfinished jobs whose runner
stopped (`graph.jobs.abandoned`: no sign of life for `stale_s`, or a process of this host
that is gone), never a live process's; `rerun` queues one again.
"""

from __future__ import annotations

import os
import queue
import secrets
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from graph.clock import now_iso
from graph.errors import CapgraphError, NotFound
from graph.jobs import JobState, abandoned, new_job, with_state
from graph.model import Label, Node, WriteBatch
from graph.store import GraphStore

DEFAULT_TIME_LIMIT_S = 30 * 60.0
PROGRESS_EVERY_S = 0.25   # at most this often is progress written to the store
HEARTBEAT_S = 10.0        # how often a runner renews its pending jobs' `alive_at`
STALE_S = 60.0            # a job without a sign of life this long is abandoned
CANCEL_POLL_S = 1.0       # how often running work looks for a cancel from another process


class JobLimitReached(CapgraphError):
    """Too many jobs are queued or running (for this caller, or in all); nothing was queued."""

    code = "JOB_LIMIT_REACHED"


class JobStopped(CapgraphError):
    """Raised inside work by `JobControl.check()`: the job was cancelled or timed out."""

    def __init__(self, state: JobState, message: str) -> None:
        super().__init__(message)
        self.state = state


@dataclass
class JobControl:
    """What running work may do: report progress, and check whether it should stop."""

    runner: JobRunner
    job_id: str
    deadline: float
    _last_write: float = 0.0
    _fraction: float = 0.0
    _last_poll: float = 0.0

    def check(self) -> None:
        now = time.monotonic()
        polled = now - self._last_poll >= CANCEL_POLL_S
        if polled:
            self._last_poll = now
        if self.runner.cancel_requested(self.job_id, read_store=polled):
            raise JobStopped(JobState.CANCELLED, "cancelled on request")
        if time.monotonic() > self.deadline:
            raise JobStopped(JobState.TIMED_OUT, "stopped at its time limit")

    def progress(self, fraction: float, message: str) -> None:
        """Report progress; it never goes back (a step that restarts its own count at 0
        keeps the job where it was)."""
        self.check()
        self._fraction = max(self._fraction, min(1.0, fraction))
        now = time.monotonic()
        if now - self._last_write >= PROGRESS_EVERY_S or fraction >= 1.0:
            self._last_write = now
            self.runner.update(self.job_id, progress=round(self._fraction, 4), message=message)


Work = Callable[[JobControl], Sequence[str]]
"""Job work: does its thing, returns the ids of the evidence it wrote."""


class JobRunner:
    """Runs submitted work on one worker thread, one job at a time."""

    def __init__(self, store: GraphStore, *, time_limit_s: float = DEFAULT_TIME_LIMIT_S,
                 max_per_owner: int = 4, max_pending: int = 32,
                 heartbeat_s: float = HEARTBEAT_S, stale_s: float = STALE_S,
                 log: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.log = log          # told when heartbeats start failing, and when they recover
        self.time_limit_s = time_limit_s
        self.max_per_owner = max_per_owner      # queued or running jobs one owner may have
        self.max_pending = max_pending          # queued or running jobs in all
        self.heartbeat_s = heartbeat_s
        self.stale_s = stale_s
        self.host = socket.gethostname()
        self.runner_id = f"{self.host}:{os.getpid()}:{secrets.token_hex(4)}"
        """Who runs this runner's jobs (written on them as `runner`)."""
        self._stopping = threading.Event()
        self._queue: queue.Queue[tuple[str, Work] | None] = queue.Queue()
        self._work: dict[str, Work] = {}
        self._owners: dict[str, str] = {}       # pending job id -> its owner
        self._cancel: set[str] = set()
        self._lock = threading.Lock()
        self._update_lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="capgraph-jobs", daemon=True)
        self._thread.start()
        self._heart = threading.Thread(target=self._heartbeat, name="capgraph-jobs-heartbeat",
                                       daemon=True)
        self._heart.start()

    # -- the API -----------------------------------------------------------------------

    def recover(self) -> list[Node]:
        """Mark INTERRUPTED the unfinished jobs whose runner stopped (any process's, never
        a live one's: `graph.jobs.abandoned`); return them. Runs at start and at every
        heartbeat."""
        left = self.store.nodes_with(Label.JOB, "state",
                                     [JobState.QUEUED.value, JobState.RUNNING.value])
        now = datetime.fromisoformat(now_iso())     # the one clock (graph.clock)
        marked = [with_state(job, JobState.INTERRUPTED, finished_at=now_iso(),
                             message="interrupted: the process running it stopped; run it "
                                     "again")
                  for job in left if job.id not in self._work
                  and abandoned(job, now, self.stale_s, self.host)]
        if marked:
            self.store.apply(WriteBatch(nodes=tuple(marked)))
        return marked

    def submit(self, kind: str, subject: str, work: Work, *,
               params: dict[str, str] | None = None, owner: str = "local",
               requested_by: str | None = None) -> Node:
        """Queue work; JobLimitReached when the owner, or the runner, has too many pending."""
        job = new_job(kind, subject, now=now_iso(), time_limit_s=self.time_limit_s,
                      params=params, owner=owner, requested_by=requested_by,
                      runner=self.runner_id)
        with self._lock:
            mine = sum(1 for o in self._owners.values() if o == owner)
            if mine >= self.max_per_owner:
                raise JobLimitReached(
                    f"{mine} of your jobs are queued or running, the most one caller may "
                    "have; wait for one to finish or cancel one")
            if len(self._work) >= self.max_pending:
                raise JobLimitReached(
                    f"{len(self._work)} jobs are queued or running, the most this server "
                    "takes; try again when some have finished")
            self._work[job.id] = work
            self._owners[job.id] = owner
        try:
            self.store.apply(WriteBatch(nodes=(job,)))
        except BaseException:
            with self._lock:
                self._work.pop(job.id, None)
                self._owners.pop(job.id, None)
            raise
        self._queue.put((job.id, work))
        return job

    def rerun(self, job_id: str, work: Work, *, owner: str = "local",
              requested_by: str | None = None) -> Node:
        job = self.get(job_id)
        if not JobState(job.props["state"]).finished:
            raise ValueError(f"job {job_id} is {job.props['state']}; it can be run again "
                             "once it has finished")
        return self.submit(str(job.props["kind"]), str(job.props["subject"]), work,
                           owner=owner, requested_by=requested_by)

    def cancel(self, job_id: str) -> Node:
        job = self.get(job_id)
        state = JobState(job.props["state"])
        if state.finished:
            return job
        with self._lock:
            if job_id in self._work:        # a job of this runner; another's looks itself
                self._cancel.add(job_id)
        if state is JobState.QUEUED:
            return self.update(job_id, state=JobState.CANCELLED, message="cancelled before it ran",
                               finished_at=now_iso())
        # on the node too: the process running it may be another one (it looks every
        # `CANCEL_POLL_S`)
        return self.update(job_id, message="cancelling", cancel_requested=True)

    def get(self, job_id: str) -> Node:
        job = self.store.get_node(job_id)
        if job is None or job.label is not Label.JOB:
            raise NotFound(f"no job with id {job_id!r}")
        return job

    def cancel_requested(self, job_id: str, *, read_store: bool = False) -> bool:
        """Whether the job was cancelled here, or (`read_store`) from any process."""
        with self._lock:
            if job_id in self._cancel:
                return True
        if read_store and self.get(job_id).props.get("cancel_requested") is True:
            with self._lock:
                self._cancel.add(job_id)
            return True
        return False

    def update(self, job_id: str, *, state: JobState | None = None, **changes: object) -> Node:
        # read and write under one lock: a "cancelling" note written from a request thread
        # must never put back the RUNNING state the worker has just replaced
        with self._update_lock:
            job = self.get(job_id)
            current = JobState(job.props["state"])
            if current.finished and state is None:
                return job                    # a finished job keeps its final record
            updated = with_state(job, state or current, **changes)
            self.store.apply(WriteBatch(nodes=(updated,)))
            return updated

    def wait(self, job_id: str, timeout: float = 60.0) -> Node:
        """The job once finished (for the CLI and tests); TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if JobState(job.props["state"]).finished:
                return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job.props['state']} after {timeout} s")
            time.sleep(0.05)

    def shutdown(self) -> None:
        self._stopping.set()
        self._queue.put(None)
        self._thread.join(timeout=5)
        self._heart.join(timeout=5)

    # -- the worker --------------------------------------------------------------------

    def _heartbeat(self) -> None:
        """Renew this runner's pending jobs' `alive_at`, then interrupt abandoned ones. A
        failing beat (a store that is closing or unreachable) is tried again at the next;
        the first failure of a run of them, and the recovery, are logged."""
        failing = False
        while not self._stopping.wait(self.heartbeat_s):
            try:
                with self._lock:
                    pending = list(self._work)
                for job_id in pending:
                    self.update(job_id, alive_at=now_iso())
                self.recover()
            except Exception as exc:
                if not failing and self.log is not None and not self._stopping.is_set():
                    self.log(f"job heartbeat failed ({type(exc).__name__}: {exc}); trying "
                             f"again every {self.heartbeat_s:g} s: other processes take this "
                             f"one's jobs as abandoned after {self.stale_s:g} s")
                failing = True
                continue
            if failing and self.log is not None:
                self.log("job heartbeat works again")
            failing = False

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            job_id, work = item
            try:
                self._run(job_id, work)
            finally:
                with self._lock:
                    self._work.pop(job_id, None)
                    self._owners.pop(job_id, None)
                    self._cancel.discard(job_id)

    def _run(self, job_id: str, work: Work) -> None:
        if JobState(self.get(job_id).props["state"]) is not JobState.QUEUED:
            return                       # cancelled while it waited
        job = self.update(job_id, state=JobState.RUNNING, started_at=now_iso(),
                          message="running")
        control = JobControl(self, job_id, time.monotonic() + float(job.props["time_limit_s"]))
        try:
            evidence = list(work(control))
        except JobStopped as stop:
            self.update(job_id, state=stop.state, message=str(stop), finished_at=now_iso())
        except Exception as exc:  # the job fails; the runner goes on with the next one
            self.update(job_id, state=JobState.FAILED, finished_at=now_iso(),
                        message=f"failed: {type(exc).__name__}: {exc}")
        else:
            self.update(job_id, state=JobState.SUCCEEDED, progress=1.0, finished_at=now_iso(),
                        message="done", evidence=evidence)
