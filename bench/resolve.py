"""`python -m bench.resolve`: `resolve(intent)` latency at scale, on both stores.

Imports `--artifacts` synthetic artifacts (ten capabilities each, drawn from 3,000 distinct
ones: `bench.pages`) and the
corpus beside them, builds the intent index once (timed apart: the embeddings of new texts,
then kept on disk by `inference.embedding_cache`), and prints p50/p99 of the `resolve`
GraphQL field run in-process (the resolver with its store reads, as a client gets it) for
intents never asked before (their embedding computed) and asked again (it is kept), and of
the matcher alone, per intent, and whether both stores give the same answers.
Options: --artifacts 10000 --stores embedded,neo4j --samples 30
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.__main__ import percentiles
from bench.neo4j_run import on_each_store
from bench.pages import synthetic_page
from graph.ingest.importer import import_text
from graph.store import GraphStore

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
INTENTS = (
    "turn scanned handwritten notes into text",
    "generate images from a text prompt",
    "a retrieval index over embeddings with low latency",
    "let my agent drive a browser",
    "quantized encoder for fast batch inference",
)
QUERY = """query ($intent: String!) { resolve(intent: $intent, first: 5) {
  score artifact { slug name } evidence { text lexical semantic words } } }"""


POOL = 3_000
"""Distinct capabilities the synthetic artifacts draw theirs from (`bench.pages`)."""


def load(store: GraphStore, artifacts: int) -> float:
    start = time.perf_counter()
    for chunk in range(0, artifacts // 2, 500):
        with store.grouped_writes():
            for index in range(chunk, min(chunk + 500, artifacts // 2)):
                uri, text = synthetic_page(index, pool=POOL)
                import_text(store, text, uri=uri)
    return time.perf_counter() - start


def measure(label: str, store: GraphStore, artifacts: int, samples: int,
            profile: bool = False) -> list[list[str]]:
    from inference.intent_index import resolve_intent
    from schema import build_schema
    from schema.context import Context
    from schema.limits import ApiLimits

    seconds = load(store, artifacts)
    for page in sorted(CORPUS.glob("*.txt")):
        import_text(store, page.read_text(), uri=page.name)
    counts = store.counts()
    print(f"{label}: {counts.get('Artifact', 0)} artifacts, {counts.get('Capability', 0)} "
          f"capabilities imported in {seconds:.0f} s", flush=True)
    start = time.perf_counter()
    resolve_intent(store, INTENTS[0])
    print(f"{label}: intent index built in {time.perf_counter() - start:.1f} s "
          "(embeddings from the disk cache where it has them)", flush=True)
    schema = build_schema(ApiLimits(production=False, introspection=False))
    context = Context.for_store(store, ())
    if profile:
        import cProfile
        import pstats

        with cProfile.Profile() as profiler:
            for _ in range(samples):
                schema.execute_sync(QUERY, variable_values={"intent": INTENTS[0]},
                                    context_value=context)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    answers = []
    for intent in INTENTS:
        result = schema.execute_sync(QUERY, variable_values={"intent": intent},
                                     context_value=context)
        assert not result.errors, result.errors
        api, fresh, matcher = [], [], []
        for sample in range(samples):
            began = time.perf_counter()
            schema.execute_sync(QUERY, variable_values={"intent": intent},
                                context_value=context)
            api.append((time.perf_counter() - began) * 1000)
            # the same need in words never sent before: its embedding is computed
            began = time.perf_counter()
            schema.execute_sync(QUERY, variable_values={"intent": f"{intent} ({sample})"},
                                context_value=context)
            fresh.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            resolve_intent(store, intent)
            matcher.append((time.perf_counter() - began) * 1000)
        (p50, p99), (f50, f99), (m50, _) = (percentiles(api), percentiles(fresh),
                                            percentiles(matcher))
        top = [m["artifact"]["slug"] for m in (result.data or {})["resolve"]]
        answers.append(top)
        print(f"{label:<9} {intent[:40]!r:<43} resolve p50 {f50:6.2f} ms  p99 {f99:6.2f} ms"
              f" (asked again: p50 {p50:6.2f}  p99 {p99:6.2f}; matcher {m50:6.2f})"
              f"  top {top[:3]}", flush=True)
    return answers


def main() -> int:
    from inference.machine import machine_text

    parser = argparse.ArgumentParser(prog="python -m bench.resolve", description=__doc__)
    parser.add_argument("--artifacts", type=int, default=10_000)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--profile", action="store_true",
                        help="print where the first intent's resolve spends its time")
    args = parser.parse_args()
    print(f"resolve at {args.artifacts} artifacts — {machine_text()}", flush=True)
    def run(label: str, store: GraphStore) -> list[list[str]]:
        return measure(label, store, args.artifacts, args.samples, args.profile)

    if not on_each_store(args.stores, run):
        parser.error(f"unknown store in {args.stores!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
