"""`capgraph serve [--host H] [--port P] [--workers N]`: GraphQL (and GraphiQL in
development) over HTTP on the configured store, the seeds loaded and their claims checked in
the background; with several workers, N processes share the port and the store
(`app.web.worker_app`)."""

from __future__ import annotations

import argparse
import sys

from app.stores import store_description
from graph.settings import Settings


def _log(message: str) -> None:
    print(f"capgraph: {message}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers if args.workers is not None else settings.workers
    if workers < 1:
        print(f"capgraph serve: --workers must be 1 or more, got {workers}", file=sys.stderr)
        return 2
    ide = f" (GraphiQL at http://{host}:{port}/graphql)" if settings.graphiql else ""
    many = f" with {workers} worker processes" if workers > 1 else ""
    print(f"capgraph serving {store_description(settings)} on http://{host}:{port}{many}{ide}",
          file=sys.stderr)
    # one line per request only when asked for (CAPGRAPH_ACCESS_LOG=1): at info level a
    # busy server would spend more on its log than on some answers
    access_log = settings.access_log
    if workers == 1:
        from app.web import serve_app

        # the seeds' claims are checked in the background: the server answers at once
        app = serve_app(settings, log=_log)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)
    else:
        # each worker builds its app from the environment, which carries the settings
        uvicorn.run("app.web:worker_app", factory=True, host=host, port=port,
                    workers=workers, log_level="info", access_log=access_log)
    return 0


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    serve.add_argument("--host", help="address to listen on (CAPGRAPH_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (CAPGRAPH_PORT)")
    serve.add_argument("--workers", type=int,
                       help="processes serving the same port and store (CAPGRAPH_WORKERS, "
                            "default 1)")
    serve.set_defaults(run=cmd_serve)
