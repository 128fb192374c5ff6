"""The starlette app: GraphQL at /graphql (GraphiQL in development, served from its own
bundle under /static/graphiql; subscriptions over graphql-transport-ws on the same path),
measurement plots at /plots, and /healthz. HTML pages carry app.content_policy's CSP."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UNSET, UnsetType
from uvicorn.config import STARTUP_FAILURE

from app.auth import Authenticator
from app.content_policy import ContentSecurityPolicy
from app.graphiql import GraphiQLAssets, log_if_missing
from app.middleware import BodyLimit, RequestId, error_body
from app.rate_limit import Exemptions, RateLimiter
from app.stores import open_seeded, open_store
from app.web_app import WebApp
from graph.file_locks import exclusive
from graph.foreground import settle_heap
from graph.ingest.importer import ImportReport
from graph.settings import Settings
from graph.store import GraphStore
from inference.autocheck import ClaimCheck
from inference.jobs import JobRunner
from schema import build_schema
from schema.auth import Principal
from schema.context import Budget, Context
from schema.errors import RateLimited, Unauthenticated
from schema.limits import ApiLimits

_HTTP_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND",
               405: "METHOD_NOT_ALLOWED", 413: "INPUT_TOO_LARGE", 415: "BAD_REQUEST",
               429: "RATE_LIMITED"}


class Refused(HTTPException):
    """A request refused before GraphQL runs, answered as a GraphQL-shaped JSON error."""

    def __init__(self, status_code: int, reason: str, *, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code, reason)
        self.code = code or _HTTP_CODES.get(status_code, "BAD_REQUEST")
        self.headers = headers or {}


class CapgraphGraphQL(GraphQL[Context, None]):
    def __init__(self, store: GraphStore, settings: Settings, jobs: JobRunner,
                 graphiql: GraphiQLAssets) -> None:
        self.rates = RateLimiter()
        self.rate_exempt = Exemptions(settings.rate_exempt)
        super().__init__(
            build_schema(ApiLimits.from_settings(settings), check_rate=self.check_rate,
                         threads=settings.threads),
            # strawberry decides when a request wants the IDE; render_graphql_ide serves ours
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,     # queries only: GET mutations are refused
            multipart_uploads_enabled=False,
            allowed_origins=list(settings.allowed_origins),
        )
        self.store = store
        self.settings = settings
        # settings' paths are computed properties: once here, not on every request
        self.model_roots = settings.model_roots
        self.plots = settings.plots
        self.jobs = jobs
        self.graphiql = graphiql
        self.auth = Authenticator(store, anonymous_read=settings.anonymous_read)
        self.budget = Budget(time_s=settings.time_budget_s, max_string=settings.max_string,
                             jobs_per_caller=settings.jobs_per_caller,
                             jobs_queued=settings.jobs_queued)

    def _rate_wait(self, principal: Principal) -> float | None:
        if principal.local_admin or principal.address in self.rate_exempt:
            return None
        limit = (self.settings.rate_token if principal.token is not None
                 else self.settings.rate_anonymous)
        return self.rates.take(principal.key, limit)

    def check_rate(self, context: Context) -> None:
        """The rate check of an operation sent over a WebSocket."""
        wait = self._rate_wait(context.principal)
        if wait is not None:
            raise RateLimited(f"too many requests; try again in {wait:g} s")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive=receive))
        except HTTPException as refusal:
            code = getattr(refusal, "code", _HTTP_CODES.get(refusal.status_code, "BAD_REQUEST"))
            response = Response(error_body(refusal.reason, code), refusal.status_code,
                                headers=getattr(refusal, "headers", None),
                                media_type="application/json")
        await response(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        """capgraph's own GraphiQL page (offline; see app.graphiql), not strawberry's."""
        return self.graphiql.page(request)

    def encode_json(self, data: object) -> str:
        """Answers encoded by orjson (several times faster than the json module's
        encoder, which took a tenth of a small request's CPU). Text, not bytes: strawberry
        sends bytes over a WebSocket as binary frames, which graphql-transport-ws refuses."""
        return orjson.dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        try:
            decoded = orjson.loads(data)
        except orjson.JSONDecodeError:     # the json module's reading and its words
            decoded = _decode_slowly(data)
        if not isinstance(decoded, dict):
            raise Refused(400, "the request body must be a JSON object with a `query` "
                               f"(got {type(decoded).__name__})")
        return decoded

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        address = request.client.host if request.client else "unknown"
        request_id = str(request.scope.get("state", {}).get("request_id", "-"))
        if isinstance(request, WebSocket):
            # the caller is known once connection_init arrives (on_ws_connect); a socket
            # lives long, so it has no time budget: subscriptions end with their job
            context = Context.for_store(self.store, self.model_roots,
                                        jobs=self.jobs, plots=self.plots,
                                        request_id=request_id)
            context.principal = self.auth.principal(None, address)
            return context
        credentials = request.headers.get("authorization")
        try:
            # a token is looked up off the event loop; an anonymous caller needs no lookup
            principal = (await asyncio.to_thread(self.auth.principal, credentials, address)
                         if credentials else self.auth.principal(None, address))
        except Unauthenticated as exc:
            raise Refused(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
        wait = self._rate_wait(principal)
        if wait is not None:
            raise Refused(429, f"too many requests; try again in {wait:g} s",
                          headers={"Retry-After": str(max(1, round(wait)))})
        context = Context.for_store(self.store, self.model_roots, jobs=self.jobs,
                                    plots=self.plots, principal=principal,
                                    request_id=request_id, budget=self.budget)
        context.rate_checked = True
        return context

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        try:
            context.principal = await asyncio.to_thread(
                self.auth.from_connection_params, context.connection_params,
                context.principal.address)
        except Unauthenticated as exc:
            raise ConnectionRejectionError({"message": str(exc),
                                            "code": Unauthenticated.code}) from exc
        unset: UnsetType = UNSET
        return unset


def _decode_slowly(data: str | bytes) -> object:
    """The json module's reading of a body orjson refused: it takes what orjson does not
    (a NaN, an escaped lone surrogate, a huge integer) and says where a body is not JSON."""
    try:
        return json.loads(data)
    except UnicodeDecodeError as exc:
        raise Refused(400, "the request body is not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise Refused(400, f"the request body is not JSON: {exc.msg} at "
                           f"line {exc.lineno} column {exc.colno}") from exc


def create_app(
    store: GraphStore, settings: Settings, *,
    imported: Sequence[ImportReport] | None = None,
    log: Callable[[str], None] | None = None,
    warm: bool = False,
    recover: bool = True,
) -> Starlette:
    """The app over `store`. With `imported` (what the start-up import did), the claims those
    pages touched are checked against the model files in a background thread once the app
    starts: `app.state.claim_check` (its `done` event, `status()`; also in /healthz). With
    `recover`, jobs a stopped server left behind are marked INTERRUPTED first."""
    jobs = JobRunner(store, max_per_owner=settings.jobs_per_caller,
                     max_pending=settings.jobs_queued, log=log)
    if recover:
        jobs.recover()
    graphiql = GraphiQLAssets(settings.graphiql_dist)
    if settings.graphiql:
        log_if_missing(graphiql, log)
    graphql = CapgraphGraphQL(store, settings, jobs, graphiql)
    settings.plots.mkdir(parents=True, exist_ok=True)
    check = (ClaimCheck(store, imported, settings.model_roots, log=log)
             if imported is not None else None)

    readiness: dict[str, str] = {"intentIndex": "building"} if warm else {}

    async def healthz(request: Request) -> JSONResponse:
        body: dict[str, object] = {"status": "ok", "store": settings.store, **readiness}
        if check is not None:
            body["claimCheck"] = check.status()
        return JSONResponse(body)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        if check is not None:
            check.start()
        if warm:        # the intent index (and its model) ready before the first `resolve`
            threading.Thread(target=_warm_intents, args=(store, log, readiness),
                             daemon=True, name="capgraph-warm").start()
        settle_heap()   # the app's own long-lived objects out of the collector's way
        yield {}
        if check is not None:
            check.stop()        # after the claims in hand; the rest are checked next start
        jobs.shutdown()
        store.close()

    middleware = [Middleware(RequestId), Middleware(ContentSecurityPolicy),
                  Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    if settings.allowed_origins:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(settings.allowed_origins),
            allow_methods=["GET", "POST"], allow_headers=["authorization", "content-type"],
            expose_headers=["x-request-id", "retry-after"], max_age=600))
    web_app = WebApp(settings.web_dir / "app" / "dist")
    web_app.log_if_missing(log)
    app = Starlette(
        middleware=middleware,
        exception_handlers={404: web_app.not_found},
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Mount("/plots", StaticFiles(directory=settings.plots), name="plots"),
            *([graphiql.mount()] if settings.graphiql else []),
            *web_app.routes(),
        ],
        lifespan=lifespan,
    )
    app.state.claim_check = check
    app.state.jobs = jobs
    return app


def _warm_intents(store: GraphStore, log: Callable[[str], None] | None,
                  readiness: dict[str, str]) -> None:
    """Build the intent index once in the background, so the first `resolve` or
    `alternatives` does not spend its time budget loading the embedding model; /healthz
    says `intentIndex`: building, ready, or failed (then the first request builds it)."""
    try:
        from inference.intent_index import warm

        warm(store)
        readiness["intentIndex"] = "ready"
    except Exception as exc:  # a failed warm-up only costs the first request its speed
        readiness["intentIndex"] = "failed"
        if log is not None:
            log(f"intent index warm-up failed: {type(exc).__name__}: {exc}")


SWITCH_INTERVAL_S = 0.001
"""How long a thread of a serving process may hold the interpreter lock before another gets
it (Python's default is 5 ms). The event loop and the operations' threads share one lock:
each time a thread's store read returns, it waits for the lock, up to the whole interval
while another thread computes. At 1 ms, `capgraph serve` (embedded store, the seeds, 16
operations' threads) served 12-27% more requests at 4 and 16 in flight, p50 lower, in two
alternating runs; on Neo4j beside the peer the passes did not agree (README > Benchmarks)."""


def serving_process() -> None:
    """What a process that serves sets for itself (each process of `serve --workers N`)."""
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def serve_app(settings: Settings, log: Callable[[str], None] | None = None) -> Starlette:
    """The app `capgraph serve` runs: the configured store with the seeds imported (when
    enabled), their claims checked against the model files in the background once the app
    starts (`app.state.claim_check.done` is set when that has finished)."""
    serving_process()
    store, reports = open_seeded(settings)
    if log is not None:
        for report in reports:
            log(f"seed {report.summary()}")
    return create_app(store, settings, imported=reports, log=log, warm=True)


def worker_app() -> Starlette:
    """The app each process of `capgraph serve --workers N` runs (a uvicorn factory; its
    settings from the environment). The first worker to take the data folder's start-up
    lock does what one process must do once: import the seeds, mark the jobs a stopped
    server left behind, check the seeds' claims; the others wait until its seeds are in,
    then serve the store as it is (none answers from a graph the seeds are missing from)."""
    serving_process()
    settings = Settings.from_env()

    def log(message: str) -> None:
        print(f"capgraph[{os.getpid()}]: {message}", file=sys.stderr, flush=True)

    # each worker decides under this lock whether it does the start-up work, and the one
    # that does keeps it until its app is built: the others wait for the seeds
    try:
        with exclusive(settings.data / "serve.starting"):
            if _take_startup_lock(settings):
                log("this worker does the start-up work (seeds, jobs left behind, claim "
                    "check)")
                return serve_app(settings, log=log)
        return create_app(open_store(settings), settings, log=log, warm=True, recover=False)
    except Exception as exc:
        # uvicorn's status for a worker that cannot start: its supervisor stops, where it
        # would start another worker to fail the same way (a store gone, a bad seed page)
        log(f"could not start: {exc}")
        raise SystemExit(STARTUP_FAILURE) from exc


_STARTUP_LOCK: list[object] = []        # the lock file, held open for the process's life


def _take_startup_lock(settings: Settings) -> bool:
    """Whether this process is the one that does the start-up work: it holds an exclusive
    lock on `<data>/serve.lock` until it exits (the others do not wait for it)."""
    import fcntl

    settings.data.mkdir(parents=True, exist_ok=True)
    handle = open(settings.data / "serve.lock", "a+")  # noqa: SIM115 (held for life)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _STARTUP_LOCK.append(handle)
    return True
