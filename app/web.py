"""The starlette app: GraphQL at /graphql (GraphiQL in development; subscriptions over
graphql-transport-ws on the same path), measurement plots at /plots, and /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from app.settings import Settings
from graph.store import GraphStore
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


def create_app(store: GraphStore, settings: Settings) -> Starlette:
    jobs = JobRunner(store)
    jobs.recover()              # jobs a stopped server left behind are marked INTERRUPTED
    graphql = CapgraphGraphQL(store, settings, jobs)
    settings.plots.mkdir(parents=True, exist_ok=True)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "store": settings.store})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        yield {}
        jobs.shutdown()
        store.close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Mount("/plots", StaticFiles(directory=settings.plots), name="plots"),
        ],
        lifespan=lifespan,
    )
