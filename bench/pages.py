"""Synthetic comparison pages in the seed's ranked layout, deterministic per seed."""

from __future__ import annotations

import random
from collections.abc import Iterator

_WORDS = (
    "vision", "encoder", "decoder", "transformer", "tokens", "batch", "latency", "memory",
    "images", "text", "layout", "handwriting", "diffusion", "prompt", "adapter", "schema",
    "query", "server", "protocol", "retrieval", "index", "graph", "agent", "tool", "stream",
    "cache", "quantized", "fine-tuning", "dataset", "benchmark", "accuracy", "throughput",
    "pipeline", "inference", "training", "attention", "embedding", "scheduler", "sampler",
)
_TYPES = ("Model", "Repository", "Agent", "MCP Server", "Product", "Dataset")


def _sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(_WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + "."


def _capability(rng: random.Random) -> list[str]:
    return [
        " ".join(_sentence(rng, 14) for _ in range(3)),
        "Unique: " + " ".join(_sentence(rng, 12) for _ in range(2)),
        "vs alternatives: " + _sentence(rng, 16),
    ]


def synthetic_page(index: int, capabilities: int = 10,
                   pool: int | None = None) -> tuple[str, str]:
    """(file name, text) of page `index`: two new artifacts, `capabilities` each; with
    `pool`, each capability is one of `pool` shared ones (as real artifacts share what they
    do), so a benchmark at 100,000 capabilities embeds `pool` texts, not 100,000."""
    rng = random.Random(index)
    left, right = f"Synth {2 * index}", f"Synth {2 * index + 1}"
    lrank, rrank = rng.randint(10, 90), rng.randint(10, 90)
    flags = [(rng.randint(0, 1), rng.randint(0, 1)) for _ in range(4)]
    lines = [
        f"{left} vs {right}",
        f"{left if lrank >= rrank else right} ranks higher at {max(lrank, rrank)}/100 vs "
        f"{right if lrank >= rrank else left} at {min(lrank, rrank)}/100. Synthetic page.",
        f"| Feature | {left} | {right} |",
        "|---|---|---|",
        f"| Type | {rng.choice(_TYPES)} | {rng.choice(_TYPES)} |",
        f"| UnfragileRank | {lrank}/100 | {rrank}/100 |",
    ]
    for label, (a, b) in zip(("Adoption", "Quality", "Ecosystem", "Match Graph"), flags,
                             strict=True):
        lines.append(f"| {label} | {a} | {b} |")
    lines += [
        "| Pricing | Free | Paid |",
        f"| Capabilities | {capabilities} decomposed | {capabilities} decomposed |",
        f"| Times Matched | {rng.randint(0, 9)} | {rng.randint(0, 9)} |",
    ]
    for name in (left, right):
        lines.append(f"{name} Capabilities")
        for _ in range(capabilities):
            lines.extend(_capability(rng if pool is None
                                     else random.Random(f"capability {rng.randrange(pool)}")))
    lines += ["Verdict", f"{left} and {right} are synthetic."]
    return f"synth-{index}.txt", "\n".join(lines) + "\n"


def synthetic_pages(count: int, start: int = 0) -> Iterator[tuple[str, str]]:
    for index in range(start, start + count):
        yield synthetic_page(index)
