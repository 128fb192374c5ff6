"""`capgraph serve [--host H] [--port P]`: GraphQL (and GraphiQL in development) over HTTP
on the configured store, the seeds loaded and their claims checked in the background."""

from __future__ import annotations

import argparse
import sys

from app.stores import store_description
from graph.settings import Settings


def _log(message: str) -> None:
    print(f"capgraph: {message}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.web import serve_app

    # the seeds' claims are checked in the background: the server answers at once
    app = serve_app(settings, log=_log)
    host = args.host or settings.host
    port = args.port or settings.port
    ide = f" (GraphiQL at http://{host}:{port}/graphql)" if settings.development else ""
    print(f"capgraph serving {store_description(settings)} on http://{host}:{port}{ide}",
          file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info")
    return 0


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    serve.add_argument("--host", help="address to listen on (CAPGRAPH_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (CAPGRAPH_PORT)")
    serve.set_defaults(run=cmd_serve)
