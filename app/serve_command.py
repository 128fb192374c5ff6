"""`capgraph serve [--host H] [--port P] [--workers N] [--threads T]`: GraphQL (and GraphiQL
in development) over HTTP on the configured store, the seeds loaded and their claims checked
in the background; with several workers, N processes share the port and the store
(`app.web.worker_app`); each runs T operations at once in threads, or with 0 one at a time
on its event loop (`schema.execution`)."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys

from app.stores import store_description
from graph.settings import MAX_THREADS, PREFIX, Settings


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
    threads = args.threads if args.threads is not None else settings.threads
    if not 0 <= threads <= MAX_THREADS:
        print(f"capgraph serve: --threads must be 0..{MAX_THREADS}, got {threads}",
              file=sys.stderr)
        return 2
    settings = dataclasses.replace(settings, threads=threads)
    if workers > 1:
        from app.stores import open_store

        # a store that cannot be reached is said once, here, with the command's status
        # (CapgraphError, as `cli` reports it), not by every worker as it starts
        open_store(settings).close()
    ide = f" (GraphiQL at http://{host}:{port}/graphql)" if settings.graphiql else ""
    many = f" with {workers} worker processes" if workers > 1 else ""
    many += (", each running one operation at a time on its event loop" if threads == 0
             else f", {threads} operations at once{' each' if workers > 1 else ''}")
    print(f"capgraph serving {store_description(settings)} on http://{host}:{port}{many}{ide}",
          file=sys.stderr)
    # one line per request only when asked for (CAPGRAPH_ACCESS_LOG=1): at info level a
    # busy server would spend more on its log than on some answers. An idle connection is
    # kept CAPGRAPH_KEEP_ALIVE_S (75 s), longer than the proxies in front usually keep theirs:
    # uvicorn's 5 s let a client reuse a connection the server was closing (a reset request).
    access_log = settings.access_log
    if workers == 1:
        from app.web import serve_app

        # the seeds' claims are checked in the background: the server answers at once
        app = serve_app(settings, log=_log)
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log,
                    timeout_keep_alive=settings.keep_alive_s)
    else:
        # each worker builds its app from the environment, which carries the settings
        os.environ[f"{PREFIX}THREADS"] = str(threads)
        uvicorn.run("app.web:worker_app", factory=True, host=host, port=port,
                    workers=workers, log_level="info", access_log=access_log,
                    timeout_keep_alive=settings.keep_alive_s)
    return 0


def add_serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    serve.add_argument("--host", help="address to listen on (CAPGRAPH_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (CAPGRAPH_PORT)")
    serve.add_argument("--workers", type=int,
                       help="processes serving the same port and store (CAPGRAPH_WORKERS, "
                            "default one a core in production, 1 in development)")
    serve.add_argument("--threads", type=int,
                       help="operations each process runs at once, each in a thread; 0: one "
                            "at a time on its event loop (a lone request is answered soonest, "
                            "the others wait) (CAPGRAPH_THREADS, default 16)")
    serve.set_defaults(run=cmd_serve)
