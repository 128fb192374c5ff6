"""What the peer benchmark's three answers cost without the GraphQL layers.

`python -m bench.floor_server --port P` serves the three queries of the peer harness
(`../shared/peer-bench/queries.mjs`: (a) an artifact with its capabilities and signals,
(b) the top 50 by rank, (c) a compare) over plain HTTP on capgraph's own store, domain code
and worker threads, but without starlette's routing and middlewares, strawberry's HTTP view,
graphql-core's execution or strawberry's resolver layers: each request's body is read with
orjson, its variables pick the query ((a): `slug`, (c): `a` and `b`, (b): none), the same
store reads and the same domain functions (`resolvers.artifacts`, `resolvers.compare`) run
in a worker thread, and the answer is shaped by hand into capgraph's JSON.

It is a measuring stick, not a server: point the harness's `loadgen.mjs` at it
(`CAPGRAPH_URL=http://127.0.0.1:P/`) and the harness checks its answers equal the peer's
as it does capgraph's. The difference between it and `capgraph serve` on the same load is
what the GraphQL layers cost a request; it answers nothing but those three shapes.
"""

from __future__ import annotations

import argparse
import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import orjson
from starlette.types import Receive, Scope, Send

from graph.comparison import Leader
from graph.ordering import signal_order
from graph.settings import DEFAULT_THREADS, Settings
from graph.store import ArtifactOrder, GraphStore

from schema.context import Context  # isort: skip (before resolvers: they import each other)
from resolvers.artifacts import artifact, artifacts
from resolvers.compare import compare
from resolvers.fields import stored_rank_answers
from schema.scalars import iso_utc
from schema.types import Artifact, Capability, Rank, Signal


def _capability(c: Capability) -> dict[str, Any]:
    return {"name": c.name, "description": c.description}


def _signal(s: Signal) -> dict[str, Any]:
    return {"name": s.name, "raw": s.raw, "kind": s.kind,
            "observedAt": iso_utc(s.observed_at) if s.observed_at else None}


def _head(a: Artifact) -> dict[str, Any]:
    return {"slug": a.slug, "name": a.name, "type": a.type}


def answer_a(context: Context, slug: str) -> dict[str, Any]:
    found = artifact(context, slug, read_profile=True)
    if found is None:
        return {"artifact": None}
    profile = context.profiles.get(found.slug)
    assert profile is not None
    signals = sorted(profile.signals, key=signal_order)
    return {"artifact": {
        **_head(found),
        "capabilities": [_capability(Capability.from_node(n)) for n in profile.capabilities],
        "signals": [_signal(Signal.from_node(n)) for n in signals]}}


def answer_b(context: Context) -> dict[str, Any]:
    page = artifacts(context, 50, None, None, ArtifactOrder.RANK_DESC, read_profiles=False,
                     rank_fields=frozenset({"score"}))
    edges = []
    for edge in page.edges:
        node = edge.node
        stored = stored_rank_answers(node.stored_rank, {"score"})
        if stored is not None:
            score = Rank.from_stored(stored).score
        else:
            profile = context.profiles.get(node.slug)
            assert profile is not None
            score = Rank.from_breakdown(context.rank(profile)).score
        edges.append({"node": {**_head(node), "rank": {"score": score}}})
    return {"artifacts": {"edges": edges}}


def answer_c(context: Context, a: str, b: str) -> dict[str, Any]:
    found = compare(context, a, b)
    return {"compare": {
        "left": _head(found.left), "right": _head(found.right),
        "rows": [{"key": r.key, "leader": Leader(r.leader).name,
                  "left": {"display": r.left.display}, "right": {"display": r.right.display}}
                 for r in found.rows],
        "verdict": found.verdict,
        "leftCapabilities": [_capability(c) for c in found.left_capabilities],
        "rightCapabilities": [_capability(c) for c in found.right_capabilities]}}


class FloorServer:
    """The ASGI app: POST a harness query, get capgraph's answer to it."""

    def __init__(self, store: GraphStore, settings: Settings) -> None:
        self.store = store
        self.model_roots = settings.model_roots
        self.pool = ThreadPoolExecutor(DEFAULT_THREADS, thread_name_prefix="floor")

    def answer(self, variables: dict[str, Any]) -> dict[str, Any]:
        context = Context.for_store(self.store, self.model_roots)
        if "slug" in variables:
            return answer_a(context, str(variables["slug"]))
        if "a" in variables and "b" in variables:
            return answer_c(context, str(variables["a"]), str(variables["b"]))
        return answer_b(context)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        variables = orjson.loads(body).get("variables") or {} if body else {}
        loop = asyncio.get_running_loop()
        data = await loop.run_in_executor(self.pool, self.answer, variables)
        out = orjson.dumps({"data": data})
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(out)).encode())]})
        await send({"type": "http.response.body", "body": out})


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    from app.stores import open_store

    parser = argparse.ArgumentParser(prog="python -m bench.floor_server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8209)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    app = FloorServer(open_store(settings), settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
