"""The starlette app: GraphQL at /graphql (GraphiQL in development) and /healthz."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from app.settings import Settings
from graph.store import GraphStore
from schema import build_schema
from schema.context import Context


class CapgraphGraphQL(GraphQL[Context, None]):
    def __init__(self, store: GraphStore, settings: Settings) -> None:
        super().__init__(
            build_schema(),
            graphql_ide="graphiql" if settings.development else None,
            allow_queries_via_get=True,     # queries only: GET mutations are refused
            multipart_uploads_enabled=False,
            allowed_origins=list(settings.allowed_origins),
        )
        self.store = store

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context.for_store(self.store)


def create_app(store: GraphStore, settings: Settings) -> Starlette:
    graphql = CapgraphGraphQL(store, settings)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "store": settings.store,
                             "counts": dict(store.counts())})

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        yield {}
        store.close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
    )
