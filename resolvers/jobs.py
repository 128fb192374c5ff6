"""Jobs: look one up, cancel it, run it again, and stream its progress."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from graph.errors import NotFound
from graph.jobs import JobState
from graph.model import Label, Node
from inference.jobs import JobRunner
from schema.context import Context
from schema.errors import Forbidden
from schema.ids import graph_id_of, to_global_id
from schema.types import Job

POLL_S = 0.2


def _job_id(global_id: str) -> str:
    return graph_id_of(global_id, "Job")


def _runner(context: Context) -> JobRunner:
    if context.jobs is None:
        raise ValueError("this capgraph process runs no jobs (start `capgraph serve`)")
    return context.jobs


def job(context: Context, id: str) -> Job | None:
    node = context.store.get_node(_job_id(id))
    return Job.from_node(node) if node and node.label is Label.JOB else None


def _own(context: Context, job: Node) -> Node:
    """The job, if the caller owns it or is an admin; FORBIDDEN otherwise."""
    principal = context.principal
    if job.props.get("owner") != principal.key and not principal.is_admin:
        raise Forbidden(f"job {to_global_id(job.label, job.id)} belongs to someone else: only "
                        "its owner or an admin may cancel or rerun it")
    return job


def cancel_job(context: Context, id: str) -> Job:
    runner = _runner(context)
    job = _own(context, runner.get(_job_id(id)))
    return Job.from_node(runner.cancel(job.id))


def rerun_job(context: Context, id: str) -> Job:
    from resolvers.claims import measurement_for

    runner = _runner(context)
    old = _own(context, runner.get(_job_id(id)))
    claim = context.store.get_node(str(old.props["subject"]))
    if claim is None or claim.label is not Label.CLAIM:
        raise NotFound(f"the claim job {id} measured is gone")
    principal = context.principal
    return Job.from_node(runner.rerun(old.id, measurement_for(context, claim),
                                      owner=principal.key, requested_by=principal.who))


async def job_progress(context: Context, id: str) -> AsyncGenerator[Job, None]:
    """Yield the job whenever its state, progress or message changes, until it ends."""
    graph_id = _job_id(id)
    last: tuple[object, ...] | None = None
    while True:
        node = await asyncio.to_thread(context.store.get_node, graph_id)
        if node is None or node.label is not Label.JOB:
            raise NotFound(f"no job with id {id!r}")
        key = (node.props["state"], node.props.get("progress"), node.props.get("message"))
        if key != last:
            last = key
            yield Job.from_node(node)
        if JobState(node.props["state"]).finished:
            return
        await asyncio.sleep(POLL_S)
