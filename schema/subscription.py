"""The root Subscription type: job progress over graphql-transport-ws."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from resolvers import jobs as job_resolvers
from schema.arguments import JobId
from schema.context import Context
from schema.types import Job

Info = strawberry.Info[Context, None]


@strawberry.type(description="Live updates over a WebSocket on /graphql "
                             "(graphql-transport-ws).")
class Subscription:
    @strawberry.subscription(description="The job each time its state, progress or message "
                                         "changes, until it has finished.")
    async def job_progress(self, info: Info, id: JobId) -> AsyncGenerator[Job, None]:
        async for job in job_resolvers.job_progress(info.context, id):
            yield job
