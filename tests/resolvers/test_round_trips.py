"""The hot queries read the store as few times as the answer allows: an artifact with its
capabilities and signals, a leaderboard, a comparison (issue 14's (a), (b), (c))."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from schema import build_schema
from schema.context import Context

SCHEMA = build_schema()
READS = ("get_node", "get_nodes", "artifacts_by", "nodes_with", "outgoing", "incoming",
         "incident", "subgraph_among", "text_candidates", "profiles", "list_artifacts",
         "list_claims")
QUERIES = {
    "artifact": ('{ artifact(slug: "trocr-base-handwritten") { slug name type '
                 "capabilities { name description } signals { name raw kind observedAt } } }",
                 {"profiles": 1}),
    "leaderboard": ("{ artifacts(first: 50) { edges { node { slug name type rank { score } }"
                    " } } }", {"list_artifacts": 1}),
    "compare": ('{ compare(a: "trocr-base-handwritten", b: "flux-1-pro") { left { slug } '
                "right { slug } rows { key leader left { display } right { display } } "
                "verdict leftCapabilities { name } rightCapabilities { name } } }",
                {"profiles": 1}),
}


def reads(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """The store reads the resolvers make (not the store's reads of itself)."""
    calls: Counter[str] = Counter()
    depth = [0]
    for name in READS:
        real = getattr(store, name)

        def wrapper(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            if not depth[0]:
                calls[_name] += 1
            depth[0] += 1
            try:
                return _real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(store, name, wrapper)
    return calls


@pytest.mark.parametrize("name", list(QUERIES))
def test_one_read_per_hot_query(name: str, seeded: EmbeddedStore,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    query, expected = QUERIES[name]
    calls = reads(seeded, monkeypatch)
    result = SCHEMA.execute_sync(query, context_value=Context.for_store(seeded))
    assert result.errors is None, result.errors
    assert result.data and all(result.data.values())
    assert dict(calls) == expected


def test_names_still_find_what_slugs_find(seeded: EmbeddedStore) -> None:
    by_slug = SCHEMA.execute_sync(QUERIES["compare"][0], context_value=Context.for_store(seeded))
    by_name = SCHEMA.execute_sync(
        QUERIES["compare"][0].replace('"trocr-base-handwritten"', '"trocr"')
        .replace('"flux-1-pro"', '"FLUX.1 Pro"'), context_value=Context.for_store(seeded))
    assert by_name.errors is None and by_name.data == by_slug.data
    missing = SCHEMA.execute_sync('{ artifact(slug: "zzzz") { capabilities { name } } }',
                                  context_value=Context.for_store(seeded))
    assert missing.errors is None and missing.data == {"artifact": None}
