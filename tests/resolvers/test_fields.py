"""resolvers/fields.py: the types' fields read the graph through the request's loaders, so
a page of claims asking for their artifact, capability and evidence reads them in batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from schema import build_schema
from schema.context import Context

SCHEMA = build_schema()
PAGE = """{ claims(first: 20, artifact: "trocr-base-handwritten") { edges { node {
    text artifact { slug } capability { title } evidence { outcome } mentions { slug } } } } }"""


def counted(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Calls the resolvers make to the store (not the store's calls to itself)."""
    calls: Counter[str] = Counter()
    depth = [0]
    for name in ("artifacts_by", "find_artifact", "get_node", "get_nodes", "incoming",
                 "neighbourhood"):
        real: Callable[..., Any] = getattr(store, name)

        def wrapper(*args: Any, _real: Callable[..., Any] = real, _name: str = name) -> Any:
            if not depth[0]:
                calls[_name] += 1
            depth[0] += 1
            try:
                return _real(*args)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(store, name, wrapper)
    return calls


def test_a_page_reads_each_artifact_and_capability_once(
    seeded: EmbeddedStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = counted(seeded, monkeypatch)
    result = SCHEMA.execute_sync(PAGE, context_value=Context.for_store(seeded))
    assert result.errors is None, result.errors
    assert result.data is not None
    nodes = [e["node"] for e in result.data["claims"]["edges"]]
    assert len(nodes) == 20
    assert {n["artifact"]["slug"] for n in nodes} == {"trocr-base-handwritten"}
    # the filter's reference (one read of its slug and name) and one look-up for the page's
    # artifact, however many claims name it
    assert calls["artifacts_by"] == 1
    assert calls["find_artifact"] == 1
    assert calls["get_node"] == 0
    assert calls["get_nodes"] == 1                       # the page's capabilities, at once
    assert calls["incoming"] == 1                        # the page's evidence, primed at once
    assert calls["neighbourhood"] == len(nodes)          # mentions: one look-up per claim


LEADERBOARD = """{ artifacts(first: 50, includeStubs: true) { edges { node {
    slug rank { score %s } } } } }"""


def test_a_leaderboard_of_scores_and_bases_reads_no_profile(
    seeded: EmbeddedStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    full = SCHEMA.execute_sync(LEADERBOARD % "basis explanation",
                               context_value=Context.for_store(seeded))
    assert full.errors is None, full.errors
    read: list[object] = []
    real = seeded.profiles
    monkeypatch.setattr(seeded, "profiles", lambda slugs: read.append(slugs) or real(slugs))
    scores = SCHEMA.execute_sync(LEADERBOARD % "", context_value=Context.for_store(seeded))
    assert scores.errors is None, scores.errors
    assert read == []                                   # the stored scores, one listing read

    def score_of(result: Any) -> list[tuple[str, object]]:
        return [(e["node"]["slug"], e["node"]["rank"]["score"])
                for e in result.data["artifacts"]["edges"]]

    assert score_of(scores) == score_of(full) and len(score_of(full)) > 2
    assert any(score is not None for _, score in score_of(full))
    # the basis is stored beside the score: still no profile, the same bases
    based = SCHEMA.execute_sync(LEADERBOARD % "basis", context_value=Context.for_store(seeded))
    assert based.errors is None and read == []
    assert based.data is not None and full.data is not None
    assert [e["node"]["rank"]["basis"] for e in based.data["artifacts"]["edges"]] == \
        [e["node"]["rank"]["basis"] for e in full.data["artifacts"]["edges"]]
    # as soon as anything else of the rank is asked, it is computed from the profile
    SCHEMA.execute_sync(LEADERBOARD % "explanation", context_value=Context.for_store(seeded))
    assert read
