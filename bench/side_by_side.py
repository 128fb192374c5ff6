"""`python -m bench.side_by_side`: one heavy request must not stop the others being served.

Serves the seed over HTTP (uvicorn, the embedded store) and sends issue 11's heavy query
(30 aliases of an artifact, each following `capabilities { artifact { ... } }` five deep)
while a second client sends the seed's compare, one after another, and prints:

1. with the default limits: how fast the heavy query is refused (its estimated cost);
2. with the cost limit lifted (`CAPGRAPH_MAX_COST` huge), so only the time budget is left:
   when the heavy query is cut, and the compare latencies (p50, max) while it runs, against
   the same compares on an idle server.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

COMPARE = """{ compare(a: "trocr-base-handwritten", b: "flux-1-pro") {
  rows { key leader } statements { text } } }"""


def heavy_query(aliases: int = 30, depth: int = 5,
                slug: str = "trocr-base-handwritten") -> str:
    inner = "slug name"
    for _ in range(depth):
        inner = f"capabilities {{ name description artifact {{ slug name {inner} }} }}"
    return "{ " + " ".join(f'a{i}: artifact(slug: "{slug}") {{ {inner} }}'
                           for i in range(aliases)) + " }"


@contextmanager
def serving(settings: Any) -> Iterator[str]:
    import socket

    import uvicorn

    from app.web import serve_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = serve_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    if app.state.claim_check is not None:       # the seeds' background check, done first
        app.state.claim_check.done.wait(timeout=600)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _post(url: str, query: str, timeout: float = 300) -> tuple[float, dict[str, Any]]:
    import httpx

    start = time.perf_counter()
    reply = httpx.post(url, json={"query": query}, timeout=timeout)
    return time.perf_counter() - start, reply.json()


def _compares(url: str, n: int) -> list[float]:
    return [_post(url, COMPARE)[0] for _ in range(n)]


def _code(body: dict[str, Any]) -> str:
    errors = body.get("errors") or []
    return str(errors[0]["extensions"]["code"]) if errors else "answered"


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m bench.side_by_side")
    parser.add_argument("--compares", type=int, default=20)
    args = parser.parse_args(argv)

    from graph.settings import Settings
    from inference.machine import machine_text

    print(f"side by side: a heavy query and the seed's compare ({machine_text()})")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = replace(Settings.from_env({}), data=Path(tmp), rate_anonymous=0,
                       rate_token=0)
        with serving(base) as url:
            _compares(url, 3)                                   # warm the caches
            refused_s, refused = _post(url, heavy_query())
            cost = (refused.get("errors") or [{}])[0].get("extensions", {}).get("cost")
            print(f"  default limits: heavy query {_code(refused)} in {refused_s * 1000:.1f} ms "
                  f"(estimated {cost:,} fields, limit {base.max_cost:,})")
            figures["refused_ms"] = refused_s * 1000

        unlimited = replace(base, max_cost=10**12)
        with serving(unlimited) as url:
            _compares(url, 3)
            idle = _compares(url, args.compares)
            result: dict[str, Any] = {}

            def heavy() -> None:
                result["s"], result["body"] = _post(url, heavy_query())

            thread = threading.Thread(target=heavy)
            thread.start()
            time.sleep(0.5)
            loaded = []
            while thread.is_alive() and len(loaded) < args.compares:
                loaded.extend(_compares(url, 1))
            thread.join()
        print(f"  cost limit lifted, time budget {unlimited.time_budget_s:g} s: heavy query "
              f"{_code(result['body'])} after {result['s']:.2f} s")
        print(f"  compare on an idle server: p50 {statistics.median(idle) * 1000:.1f} ms, "
              f"max {max(idle) * 1000:.1f} ms ({len(idle)} requests)")
        print(f"  compare during the heavy query: p50 {statistics.median(loaded) * 1000:.1f} ms, "
              f"max {max(loaded) * 1000:.1f} ms ({len(loaded)} requests)")
        figures.update(heavy_s=result["s"], compare_idle_p50_ms=statistics.median(idle) * 1000,
                       compare_loaded_p50_ms=statistics.median(loaded) * 1000,
                       compare_loaded_max_ms=max(loaded) * 1000)
    return figures


if __name__ == "__main__":
    main()
