"""`python -m bench` (or `make bench`): import, compare and leaderboard figures at scale.

Prints, per store and scale: import throughput (pages/s), compare latency p50/p99
in-process and over HTTP, top-50 leaderboard latency p50/p99, and peak RSS.
Options: --scales 10000,100000  --stores embedded,neo4j  --samples 200  --workers N (processes
working on imports, as `capgraph import --workers`; default one a core)
"""

from __future__ import annotations

import argparse
import random
import resource
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory

from tqdm import tqdm

from bench.pages import synthetic_page
from graph.embedded import EmbeddedStore
from graph.ingest.bulk import BulkImport
from graph.store import GraphStore
from inference.machine import CpuClock, busy_text, machine_text

COMPARE = """query ($a: String!, $b: String!) { compare(a: $a, b: $b) {
  verdict rows { key leader left { display } right { display } }
  leftCapabilities { title } rightCapabilities { title } } }"""
LEADERBOARD = "{ artifacts(first: 50) { edges { node { slug name rank { score basis } } } } }"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99


def timed(fn: Callable[[], object], samples: int) -> tuple[float, float]:
    durations = []
    for _ in range(samples):
        start = time.perf_counter()
        fn()
        durations.append((time.perf_counter() - start) * 1000)
    return percentiles(durations)


@contextmanager
def http_server(store: GraphStore) -> Iterator[str]:
    import uvicorn

    from app.web import create_app
    from graph.settings import Settings

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store, Settings(env="production")), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def measure(store: GraphStore, label: str, artifacts: int, pages_done: int,
            import_seconds: float, samples: int) -> None:
    import httpx

    from schema import build_schema
    from schema.context import Context

    schema = build_schema()
    rng = random.Random(7)
    pairs = [(f"synth-{rng.randrange(artifacts)}", f"synth-{rng.randrange(artifacts)}")
             for _ in range(samples)]
    pairs = [(a, b) for a, b in pairs if a != b]
    it = iter(pairs * 3)

    def compare_inproc() -> None:
        a, b = next(it)
        result = schema.execute_sync(COMPARE, {"a": a, "b": b}, Context.for_store(store))
        assert not result.errors, result.errors

    def leaderboard() -> None:
        result = schema.execute_sync(LEADERBOARD, context_value=Context.for_store(store))
        assert not result.errors, result.errors

    compare_inproc()  # warm up caches and the schema
    c50, c99 = timed(compare_inproc, len(pairs))
    l50, l99 = timed(leaderboard, samples)
    with http_server(store) as url, httpx.Client(timeout=30) as client:
        def compare_http() -> None:
            a, b = next(it)
            reply = client.post(url, json={"query": COMPARE, "variables": {"a": a, "b": b}})
            assert reply.status_code == 200 and "errors" not in reply.json(), reply.text

        compare_http()
        h50, h99 = timed(compare_http, len(pairs))
    print(
        f"{label:<9} {artifacts:>7} artifacts | import {pages_done / import_seconds:7.0f} pages/s"
        f" | compare p50 {c50:6.2f} ms p99 {c99:6.2f} ms | http p50 {h50:6.2f} ms p99 {h99:6.2f}"
        f" ms | top-50 p50 {l50:6.2f} ms p99 {l99:6.2f} ms | peak RSS {peak_rss_mb():6.0f} MB",
        flush=True,
    )


def run_store(label: str, store: GraphStore, scales: list[int], samples: int,
              workers: int | None) -> None:
    pages_done, import_seconds = 0, 0.0
    bulk = BulkImport(store, workers=workers)      # as `capgraph import` does
    for scale in scales:
        clock = CpuClock.now()
        target = scale // 2
        bar = tqdm(total=target - pages_done, desc=f"{label} import to {scale}", unit="page",
                   file=sys.stderr, leave=False, disable=not sys.stderr.isatty())
        for chunk in range(pages_done, target, 1000):
            pages = [synthetic_page(i) for i in range(chunk, min(chunk + 1000, target))]
            start = time.perf_counter()        # page generation is not import time
            bulk.import_texts(pages)
            import_seconds += time.perf_counter() - start
            bar.update(len(pages))
        bar.close()
        pages_done = target
        measure(store, label, scale, pages_done, import_seconds, samples)
        print(f"{'':<9} {'':>7}             {busy_text(CpuClock.now().since(clock))}",
              flush=True)
    bulk.close()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scales", default="10000,100000",
                        help="artifact counts to measure at, ascending")
    parser.add_argument("--stores", default="embedded", help="embedded and/or neo4j")
    parser.add_argument("--samples", type=int, default=200, help="queries per latency figure")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes working on imports, this one included (capgraph "
                             "import --workers; default: one a core)")
    args = parser.parse_args()
    scales = sorted(int(s) for s in args.scales.split(","))
    print(f"capgraph benchmark: scales {scales}, 10 capabilities per artifact, "
          f"{args.samples} samples per latency; {machine_text()}", flush=True)
    for label in args.stores.split(","):
        if label == "embedded":
            with TemporaryDirectory() as folder:
                embedded = EmbeddedStore(Path(folder) / "bench.sqlite3")
                run_store(label, embedded, scales, args.samples, args.workers)
                embedded.close()
        elif label == "neo4j":
            from bench.neo4j_run import neo4j_store

            with neo4j_store() as neo4j:
                run_store(label, neo4j, scales, args.samples, args.workers)
        else:
            parser.error(f"unknown store {label!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
