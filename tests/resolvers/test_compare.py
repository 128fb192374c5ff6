"""compare reads what the query asks for: claims only when a claim field is selected, each
side's rank computed once per request."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, cast

import pytest

from graph import comparison, ranking
from graph.ingest.importer import import_text
from graph.store import ArtifactProfile, GraphStore
from tests.conftest import SEED
from tests.schema.test_api import run


class CountingStore:
    """A store that counts every call made to it, then passes it on."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attr(*args, **kwargs)
        return counted


@pytest.fixture
def counting(store: GraphStore) -> CountingStore:
    import_text(store, SEED.read_text(), uri=SEED.name)
    return CountingStore(store)


@pytest.fixture
def ranks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each artifact's rank was computed."""
    computed: Counter[str] = Counter()
    original = ranking.rank_breakdown

    def counted(profile: ArtifactProfile) -> ranking.RankBreakdown:
        computed[str(profile.artifact.props["slug"])] += 1
        return original(profile)
    patched: Callable[[ArtifactProfile], ranking.RankBreakdown] = counted
    monkeypatch.setattr(ranking, "rank_breakdown", patched)
    monkeypatch.setattr(comparison, "rank_breakdown", patched)
    return computed


COMPARE = """{ compare(a: "trocr-base-handwritten", b: "FLUX.1 Pro") {
  verdict rows { key leader } leftClaims { verdict count }
  left { rank { score } } right { rank { score } }
  leftCapabilities { name } rightCapabilities { name } } }"""


def test_compare_without_claim_fields_reads_no_claims_and_ranks_each_side_once(
    counting: CountingStore, ranks: Counter[str],
) -> None:
    result = run(cast(GraphStore, counting), COMPARE)["compare"]
    assert result["verdict"] and result["left"]["rank"]["score"] is not None
    assert counting.calls["claims_of"] == 0, counting.calls
    assert counting.calls["profiles"] == 1, counting.calls
    assert ranks == {"trocr-base-handwritten": 1, "flux-1-pro": 1}


FRAGMENT = """{ compare(a: "trocr-base-handwritten", b: "FLUX.1 Pro") { ...sides } }
fragment sides on Comparison { leftCapabilities { ... on Capability { claims { text } } }
  rightCapabilities { name } }"""


def test_compare_reads_the_claims_of_both_sides_at_once_when_a_claim_field_is_selected(
    counting: CountingStore,
) -> None:
    result = run(cast(GraphStore, counting), FRAGMENT)["compare"]
    assert any(c["claims"] for c in result["leftCapabilities"])
    assert counting.calls["claims_of"] == 1, counting.calls
