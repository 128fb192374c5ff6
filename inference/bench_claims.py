"""Benchmark: assess every claim of the seed document, print how long it took.

Run: `python -m inference.bench_claims` (target: under 10 s on a 2-core CPU machine, cold,
including the first imports of torch, transformers and diffusers).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from pathlib import Path

SEED = (Path(__file__).resolve().parents[1] / "seeds" / "documents"
        / "trocr-base-handwritten-vs-flux-1-pro.txt")


def assess_seed(path: Path = SEED) -> Counter[tuple[str, str]]:
    """Assess every capability claim of one comparison page: (class, verdict) counts."""
    from graph.claims.types import ArtifactFacts
    from graph.ingest.parse import parse_page
    from graph.model import slugify
    from inference.assess import assess_capability

    page = parse_page(path.read_text(encoding="utf-8"), file=path.name)
    counts: Counter[tuple[str, str]] = Counter()
    for side in page.sides:
        subject = ArtifactFacts(slugify(side.name), side.name)
        for capability in side.capabilities:
            for _, _, assessment in assess_capability(
                    capability.description, capability.unique, capability.vs_alternatives,
                    subject):
                counts[(assessment.claim_class.value, assessment.verdict.value)] += 1
    return counts


def main() -> float:
    """Print the time to assess the seed's claims, and the class/verdict counts; return it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    start = time.perf_counter()
    counts = assess_seed()
    elapsed = time.perf_counter() - start
    print(f"assessed {sum(counts.values())} claims of {SEED.name} in {elapsed:.2f} s")
    for (claim_class, verdict), n in sorted(counts.items()):
        print(f"  {claim_class:16} {verdict:16} {n}")
    return elapsed


if __name__ == "__main__":
    main()
