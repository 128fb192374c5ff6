"""`python -m bench.alternatives`: latency of `alternatives` and `paths` over the seed and the
corpus of real pages (../shared/corpus), on each store, and whether the stores agree.

Prints, per store: the import time, then p50/p99 of `alternatives` for a few artifacts and
of `paths` for a few pairs (the first call of each, which builds the intent index and
embeds every item, is printed apart). Options: --stores embedded,neo4j --samples 20
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.__main__ import percentiles
from bench.neo4j_run import on_each_store
from graph.algorithms import connecting_paths, subgraph_between, to_networkx
from graph.ingest.importer import import_text
from graph.model import artifact_id
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "documents" / "trocr-base-handwritten-vs-flux-1-pro.txt"
CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = ["trocr-base-handwritten", "flux-1-pro", "whisper", "chatgpt"]
PAIRS = [("trocr-base-handwritten", "trocr-base-printed", 6), ("flux-1-pro", "midjourney", 4),
         ("whisper", "whisper-large-v3", 6)]


def load(store: GraphStore) -> float:
    start = time.perf_counter()
    import_text(store, SEED.read_text(), uri=SEED.name)
    for page in sorted(CORPUS.glob("*.txt")):
        import_text(store, page.read_text(), uri=page.name)
    return time.perf_counter() - start


def timed(call: Callable[[], object], samples: int) -> tuple[float, float, object]:
    answer = call()
    durations = []
    for _ in range(samples):
        start = time.perf_counter()
        call()
        durations.append((time.perf_counter() - start) * 1000)
    p50, p99 = percentiles(durations)
    return p50, p99, answer


def measure(label: str, store: GraphStore, samples: int) -> list[object]:
    from inference.intent_index import find_alternatives

    seconds = load(store)
    print(f"{label}: seed and {len(list(CORPUS.glob('*.txt')))} pages imported in "
          f"{seconds:.0f} s; {store.counts().get('Artifact', 0)} artifacts", flush=True)
    answers: list[object] = []
    first = True
    for slug in ARTIFACTS:
        node = store.find_artifact(slug)
        if node is None:
            continue
        if first:
            start = time.perf_counter()
            find_alternatives(store, node, 5)
            print(f"{label:<9} first call (builds the intent index): "
                  f"{time.perf_counter() - start:.1f} s", flush=True)
            first = False
        p50, p99, found = timed(lambda n=node: find_alternatives(store, n, 5), samples)
        answers.append(found)
        top = [a.slug for a in found]  # type: ignore[attr-defined]
        print(f"{label:<9} alternatives {slug:<24} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  {top}",
              flush=True)
    for a, b, hops in PAIRS:
        def paths(a: str = a, b: str = b, hops: int = hops) -> object:
            sub, _ = subgraph_between(store, artifact_id(a), artifact_id(b), hops)
            return connecting_paths(to_networkx(sub), artifact_id(a), artifact_id(b), hops, 5)
        p50, p99, found = timed(paths, samples)
        answers.append(found)
        lengths = [len(p.steps) for p in found]  # type: ignore[attr-defined]
        print(f"{label:<9} paths {a} -> {b} (maxHops {hops}): p50 {p50:7.1f} ms  "
              f"p99 {p99:7.1f} ms  lengths {lengths}", flush=True)
    return answers


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.alternatives", description=__doc__)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    def run(label: str, store: GraphStore) -> object:
        return measure(label, store, args.samples)

    if not on_each_store(args.stores, run):
        parser.error(f"unknown store in {args.stores!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
