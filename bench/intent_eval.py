"""`python -m bench.intent_eval`: how well a resolver meets needs, on a rerunnable set.

An intent set (bench/intents/*.jsonl; bench/intents/README.md has the schema and how the
sets were written) lists needs a person would type, each with the artifacts a careful
person would expect (`relevant`; optionally the one to put first, `best`). A resolver is
any function `resolve(intent, first) -> [artifact slug, ...]`, best first. `evaluate`
scores it:

- recall@5: the fraction of intents with at least one relevant artifact in the top 5;
- MRR: the mean over intents of 1 / (rank of the first relevant artifact), counting
  an intent with no relevant artifact in the first `depth` (10) results as 0;
- best@1: among the intents that name a `best`, the fraction where it comes first;
- the misses: every intent with nothing relevant in the top 5, with what came instead.

The command imports the corpus pages (../shared/corpus) and the seed documents into an
in-memory embedded store, builds each resolver over it and prints one line per resolver
with the machine line. With no `--resolver` it runs `token_overlap_baseline`, a trivial
baseline (bag-of-words overlap with artifact names and capability texts) that proves the
harness end to end; it is not the resolver. A real resolver plugs in as a factory:

    python -m bench.intent_eval --resolver some.module:make_resolver [--resolver ...]

where `make_resolver(store)` receives the store (a `graph.store.GraphStore`, corpus and
seeds imported) and returns the `resolve(intent, first)` function. Give `--resolver` once
per variant (lexical only, semantic only, both) to print one line each.
Options: `--set FILE` (repeatable; default bench/intents/dev.jsonl), `--misses`,
`--corpus DIR`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.store import GraphStore

Resolve = Callable[[str, int], list[str]]
"""A resolver: (intent text, how many results) -> artifact slugs, best first."""

ResolverFactory = Callable[..., Resolve]
"""What `--resolver module:function` names: called with the store, returns a `Resolve`."""

REPO = Path(__file__).resolve().parent.parent
INTENTS = REPO / "bench" / "intents"
DEV_SET = INTENTS / "dev.jsonl"
CORPUS = REPO.parent / "shared" / "corpus"
SEEDS = REPO / "seeds" / "documents"
KINDS = ("plain", "paraphrase", "short", "long", "typo")
K = 5
DEPTH = 10


@dataclass(frozen=True)
class Intent:
    """One need and the artifacts a careful person would expect for it."""

    id: str
    text: str
    relevant: tuple[str, ...]     # any of these is a right answer
    best: str | None = None       # the one a careful person would put first
    kind: str = "plain"           # plain, paraphrase, short, long or typo


@dataclass(frozen=True)
class Miss:
    """An intent with no relevant artifact in the top k: what came instead."""

    id: str
    text: str
    expected: tuple[str, ...]
    got: tuple[str, ...]          # the top k returned
    first_relevant_rank: int | None   # its rank within `depth`, if anywhere


@dataclass(frozen=True)
class Scores:
    """A resolver's figures on one set of intents."""

    intents: int
    recall_at_k: float
    mrr: float
    best_at_1: float | None       # None when no intent names a best
    k: int = K
    depth: int = DEPTH
    misses: tuple[Miss, ...] = ()
    recall_by_kind: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        best = "n/a" if self.best_at_1 is None else f"{self.best_at_1:.3f}"
        return (f"recall@{self.k} {self.recall_at_k:.3f}  MRR {self.mrr:.3f}  "
                f"best@1 {best}  ({self.intents} intents, {len(self.misses)} missed)")


def load_intents(path: Path) -> list[Intent]:
    """Read a JSON-lines intent set; an error names the file and line."""
    intents = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where}: not JSON: {exc}") from exc
        text, relevant = row.get("intent"), row.get("relevant")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{where}: 'intent' must be a non-empty string")
        if (not isinstance(relevant, list) or not relevant
                or not all(isinstance(s, str) and s for s in relevant)):
            raise ValueError(f"{where}: 'relevant' must be a non-empty list of slugs")
        best = row.get("best")
        if best is not None and best not in relevant:
            raise ValueError(f"{where}: 'best' {best!r} is not among 'relevant'")
        kind = row.get("kind", "plain")
        if kind not in KINDS:
            raise ValueError(f"{where}: 'kind' must be one of {', '.join(KINDS)}")
        intents.append(Intent(id=str(row.get("id") or f"{path.stem}-{number}"),
                              text=text, relevant=tuple(relevant), best=best, kind=kind))
    return intents


def _distinct(slugs: Iterable[str]) -> list[str]:
    """The slugs in order, each at its first place only."""
    return list(dict.fromkeys(slugs))


def evaluate(resolve: Resolve, intents: Sequence[Intent], *, k: int = K,
             depth: int = DEPTH) -> Scores:
    """Score `resolve` on `intents` (see the module docstring for the figures).

    A slug returned twice counts once, at its first place.
    """
    if not intents:
        raise ValueError("no intents to evaluate")
    depth = max(depth, k)
    hits = 0
    reciprocal = 0.0
    best_hits = best_total = 0
    misses = []
    kind_hits: Counter[str] = Counter()
    kind_total: Counter[str] = Counter()
    for intent in intents:
        ranked = _distinct(resolve(intent.text, depth))[:depth]
        relevant = set(intent.relevant)
        first = next((i for i, slug in enumerate(ranked, 1) if slug in relevant), None)
        kind_total[intent.kind] += 1
        if first is not None:
            reciprocal += 1 / first
        if first is not None and first <= k:
            hits += 1
            kind_hits[intent.kind] += 1
        else:
            misses.append(Miss(intent.id, intent.text, intent.relevant,
                               tuple(ranked[:k]), first))
        if intent.best is not None:
            best_total += 1
            best_hits += bool(ranked) and ranked[0] == intent.best
    n = len(intents)
    return Scores(
        intents=n, recall_at_k=hits / n, mrr=reciprocal / n,
        best_at_1=best_hits / best_total if best_total else None, k=k, depth=depth,
        misses=tuple(misses),
        recall_by_kind={kind: kind_hits[kind] / kind_total[kind] for kind in kind_total},
    )


# -- the trivial baseline ------------------------------------------------------------------

STOPWORDS = frozenset([
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "for", "from",
    "get", "give", "i", "in", "into", "is", "it", "its", "let", "me", "my", "of", "on",
    "one", "or", "our", "so", "some", "that", "the", "their", "them", "these", "this",
    "to", "up", "use", "using", "via", "want", "what", "with", "without", "you", "your",
    "not", "only", "just", "own",
])


def tokens(text: str) -> list[str]:
    """Lower-case words of two or more letters or digits, without stop words."""
    return [t for t in re.findall(r"[a-z0-9]+", text.lower())
            if len(t) > 1 and t not in STOPWORDS]


def token_overlap_baseline(store: GraphStore) -> Resolve:
    """BASELINE, not the resolver: ranks artifacts by the idf-weighted words an intent
    shares with the artifact's name, slug and type and its capabilities' names and
    descriptions. No stemming, no synonyms, no typo tolerance: a floor to beat."""
    from graph.model import EdgeType
    from graph.reads import every_artifact

    artifacts = every_artifact(store)
    capabilities = store.outgoing([a.id for a in artifacts], EdgeType.HAS_CAPABILITY)
    bags: dict[str, set[str]] = {}
    for artifact in artifacts:
        parts = [str(artifact.get("name") or ""), str(artifact.get("slug") or ""),
                 str(artifact.get("type") or "")]
        for cap in capabilities.get(artifact.id, []):
            parts += [str(cap.get("name") or ""), str(cap.get("description") or "")]
        bags[str(artifact.get("slug"))] = set(tokens(" ".join(parts)))
    df = Counter(t for bag in bags.values() for t in bag)
    idf = {t: math.log(1 + len(bags) / n) for t, n in df.items()}

    def resolve(intent: str, first: int) -> list[str]:
        words = set(tokens(intent))
        scored = [(sum(idf[t] for t in words & bag), slug) for slug, bag in bags.items()]
        ranked = sorted((item for item in scored if item[0] > 0),
                        key=lambda item: (-item[0], item[1]))
        return [slug for _, slug in ranked[:first]]

    return resolve


# -- the command ---------------------------------------------------------------------------

def corpus_store(corpus: Path = CORPUS, seeds: Path = SEEDS) -> GraphStore:
    """An in-memory embedded store with the corpus pages and the seed documents imported."""
    from graph.embedded import EmbeddedStore
    from graph.ingest.importer import import_files, iter_page_files

    if not corpus.is_dir():
        raise SystemExit(f"the corpus of pages is not at {corpus} (it lives in ../shared/corpus)")
    store = EmbeddedStore(None)
    import_files(store, iter_page_files([corpus, seeds]), seeds=seeds.parent)
    return store


def load_factory(spec: str) -> ResolverFactory:
    """`module:function` -> the function (a resolver factory)."""
    module, sep, name = spec.partition(":")
    if not sep or not module or not name:
        raise SystemExit(f"--resolver {spec!r}: expected module:function")
    factory = getattr(importlib.import_module(module), name, None)
    if not callable(factory):
        raise SystemExit(f"--resolver {spec!r}: {module} has no function {name}")
    return factory  # type: ignore[no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.intent_eval",
        description="recall@5 and MRR of intent resolvers on the intent sets")
    parser.add_argument("--set", dest="sets", action="append", type=Path,
                        help=f"an intent set, JSON lines (repeatable; default {DEV_SET})")
    parser.add_argument("--resolver", dest="resolvers", action="append",
                        help="module:function, a factory called with the store that returns "
                             "resolve(intent, first) (repeatable; default the baseline "
                             "bench.intent_eval:token_overlap_baseline)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--misses", action="store_true", help="list each missed intent")
    args = parser.parse_args(argv)

    from inference.machine import machine_text

    sets = args.sets or [DEV_SET]
    specs = args.resolvers or ["bench.intent_eval:token_overlap_baseline"]
    store = corpus_store(args.corpus)
    print(f"intent evaluation — {machine_text()}")
    for spec in specs:
        resolve = load_factory(spec)(store)
        for path in sets:
            scores = evaluate(resolve, load_intents(path))
            print(f"{spec} on {path.name}: {scores.line()}")
            by_kind = "  ".join(f"{kind} {value:.2f}"
                                for kind, value in sorted(scores.recall_by_kind.items()))
            print(f"    recall@{scores.k} by kind: {by_kind}")
            if args.misses:
                for miss in scores.misses:
                    rank = ("not in the first " f"{scores.depth}" if miss.first_relevant_rank
                            is None else f"first relevant at {miss.first_relevant_rank}")
                    print(f"    miss {miss.id} {miss.text!r}: got {list(miss.got)}; "
                          f"expected one of {list(miss.expected)} ({rank})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
