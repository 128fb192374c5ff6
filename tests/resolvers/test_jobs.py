"""resolvers/jobs.py: job ids, and a process that runs no jobs says so."""

from __future__ import annotations

import pytest

from graph.model import Label
from resolvers.jobs import cancel_job, job
from schema.context import Context
from schema.ids import to_global_id


def test_a_job_id_must_name_a_job(context: Context) -> None:
    with pytest.raises(ValueError, match="not a Job"):
        job(context, to_global_id(Label.CLAIM, "claim:x"))
    assert job(context, to_global_id(Label.JOB, "job:none")) is None


def test_without_a_runner_jobs_cannot_be_cancelled(context: Context) -> None:
    assert context.jobs is None
    with pytest.raises(ValueError, match="runs no jobs"):
        cancel_job(context, to_global_id(Label.JOB, "job:none"))
