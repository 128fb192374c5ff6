"""`python -m bench.search`: search latency at scale (synthetic pages, both stores).

Prints, per store: p50/p99 of `graph.search.search` for a name, a short name, a common word
(every synthetic capability has it: the per-term cap is what bounds it), two words, and a
misspelt name ("did you mean"). Options: --artifacts 10000 --stores embedded,neo4j
--samples 50
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from bench.__main__ import percentiles
from bench.pages import synthetic_page
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.search import search
from graph.store import GraphStore

QUERIES = {
    "name": "Synth 4242",
    "common word": "vision",
    "two words": "handwriting latency",
    "typo": "Snyth 4242",
    "no hit": "zzzzqq",
}


def load(store: GraphStore, artifacts: int) -> float:
    start = time.perf_counter()
    for chunk in range(0, artifacts // 2, 500):
        with store.grouped_writes():
            for index in range(chunk, min(chunk + 500, artifacts // 2)):
                uri, text = synthetic_page(index)
                import_text(store, text, uri=uri)
    return time.perf_counter() - start


def measure(label: str, store: GraphStore, artifacts: int, samples: int) -> None:
    seconds = load(store, artifacts)
    print(f"{label}: {artifacts} artifacts imported in {seconds:.0f} s; {store.counts()}",
          flush=True)
    for what, query in QUERIES.items():
        result = search(store, query)           # warm
        durations = []
        for _ in range(samples):
            start = time.perf_counter()
            search(store, query)
            durations.append((time.perf_counter() - start) * 1000)
        p50, p99 = percentiles(durations)
        top = result.hits[0].node.id if result.hits else "-"
        print(f"{label:<9} {what:<12} {query!r:<24} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms  "
              f"{len(result.hits):>5} hits, top {top}, did you mean {list(result.did_you_mean)}",
              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--artifacts", type=int, default=10_000)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--samples", type=int, default=50)
    args = parser.parse_args()
    for label in args.stores.split(","):
        if label == "embedded":
            with TemporaryDirectory() as folder:
                store = EmbeddedStore(Path(folder) / "bench.sqlite3")
                measure(label, store, args.artifacts, args.samples)
                store.close()
        elif label == "neo4j":
            from bench.neo4j_run import neo4j_store

            with neo4j_store() as neo4j:
                measure(label, neo4j, args.artifacts, args.samples)
        else:
            parser.error(f"unknown store {label!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
