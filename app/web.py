"""The starlette app: GraphQL at /graphql (GraphiQL in development; subscriptions over
graphql-transport-ws on the same path), measurement plots at /plots, and /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from app.stores import open_seeded
from graph.ingest.importer import ImportReport
from graph.settings import Settings
from graph.store import GraphStore
from inference.autocheck import ClaimCheck
from inference.jobs import JobRunner
from schema import build_schema
from schema.context import Context


class CapgraphGraphQL(GraphQL[Context, None]):
    def __init__(self, store: GraphStore, settings: Settings, jobs: JobRunner) -> None:
        super().__init__(
            build_schema(),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=True,     # queries only: GET mutations are refused
            multipart_uploads_enabled=False,
            allowed_origins=list(settings.allowed_origins),
        )
        self.store = store
        self.settings = settings
        self.jobs = jobs

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context.for_store(self.store, self.settings.model_roots, jobs=self.jobs,
                                 plots=self.settings.plots)


def create_app(
    store: GraphStore, settings: Settings, *,
    imported: Sequence[ImportReport] | None = None,
    log: Callable[[str], None] | None = None,
) -> Starlette:
    """The app over `store`. With `imported` (what the start-up import did), the claims those
    pages touched are checked against the model files in a background thread once the app
    starts: `app.state.claim_check` (its `done` event, `status()`; also in /healthz)."""
    jobs = JobRunner(store)
    jobs.recover()              # jobs a stopped server left behind are marked INTERRUPTED
    graphql = CapgraphGraphQL(store, settings, jobs)
    settings.plots.mkdir(parents=True, exist_ok=True)
    check = (ClaimCheck(store, imported, settings.model_roots, log=log)
             if imported is not None else None)

    async def healthz(request: Request) -> JSONResponse:
        body: dict[str, object] = {"status": "ok", "store": settings.store}
        if check is not None:
            body["claimCheck"] = check.status()
        return JSONResponse(body)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        if check is not None:
            check.start()
        yield {}
        if check is not None:
            check.stop()        # after the claims in hand; the rest are checked next start
        jobs.shutdown()
        store.close()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Mount("/plots", StaticFiles(directory=settings.plots), name="plots"),
        ],
        lifespan=lifespan,
    )
    app.state.claim_check = check
    return app


def serve_app(settings: Settings, log: Callable[[str], None] | None = None) -> Starlette:
    """The app `capgraph serve` runs: the configured store with the seeds imported (when
    enabled), their claims checked against the model files in the background once the app
    starts (`app.state.claim_check.done` is set when that has finished)."""
    store, reports = open_seeded(settings)
    if log is not None:
        for report in reports:
            log(f"seed {report.summary()}")
    return create_app(store, settings, imported=reports, log=log)
