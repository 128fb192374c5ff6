from __future__ import annotations

from dataclasses import replace

import pytest

from graph.model import Label, Node
from graph.ranking import COMPONENTS, WEIGHTS, WEIGHTS_VERSION, RankBasis, rank_breakdown
from tests.factories import profile, source


def test_reported_rank_is_the_score_and_the_breakdown_says_so() -> None:
    rank = rank_breakdown(profile("a", rank=43.0, adoption=1.0, quality=0.0, ecosystem=1.0,
                                  match_graph=0.0))
    assert rank.score == 43.0
    assert rank.basis is RankBasis.REPORTED
    assert "Reported rank 43/100 from a.txt" in rank.explanation
    assert rank.weights_version == WEIGHTS_VERSION
    by_name = {c.name: c for c in rank.components}
    assert [c.name for c in rank.components] == list(COMPONENTS)
    assert by_name["adoption"].value == 1.0 and by_name["quality"].value == 0.0
    assert by_name["adoption"].signals[0].source_uri == "a.txt"
    assert by_name["freshness"].value is None and by_name["evidence"].value is None
    # capgraph's own weighting is kept apart from the reported score
    w = WEIGHTS["default"]
    known = w["adoption"] + w["quality"] + w["ecosystem"] + w["match_graph"]
    assert rank.computed_score == round((w["adoption"] + w["ecosystem"]) / known * 100, 1)
    total = sum(c.contribution or 0 for c in rank.components)
    assert total == pytest.approx(rank.computed_score, abs=0.3)  # each part is rounded


def test_disagreeing_sources_are_both_kept_and_the_newest_is_used() -> None:
    old, new = source("old.txt", "2026-01-01T00:00:00+00:00"), source("new.txt",
                                                                      "2026-06-01T00:00:00+00:00")
    rank = rank_breakdown(profile("a", sources=(old, new), rank=(41.0, 43.0)))
    assert rank.score == 43.0
    assert [r.source_uri for r in rank.reported] == ["new.txt", "old.txt"]
    assert "sources disagree" in rank.explanation and "old.txt" in rank.explanation


def test_without_a_reported_rank_the_score_is_computed() -> None:
    rank = rank_breakdown(profile("a", adoption=1.0, quality=1.0))
    assert rank.basis is RankBasis.COMPUTED
    assert rank.score == 100.0


def test_nothing_known_gives_no_score() -> None:
    rank = rank_breakdown(profile("a"))
    assert rank.basis is RankBasis.NONE and rank.score is None


def test_dataset_weights_differ_from_default() -> None:
    model = rank_breakdown(profile("m", adoption=1.0, ecosystem=1.0, quality=0.0))
    data = rank_breakdown(profile("d", type="Dataset", adoption=1.0, ecosystem=1.0, quality=0.0))
    assert model.computed_score != data.computed_score


def _claim(i: int, verdict: str) -> Node:
    return Node(f"claim:a:{i}", Label.CLAIM, {"text": f"Claim {i}.", "verdict": verdict,
                                              "evidence": [f"evidence:a:{i}"]})


def test_settled_claims_make_the_rank_computed_and_name_the_refuted() -> None:
    base = profile("a", rank=43.0, adoption=1.0, quality=1.0, ecosystem=0.0, match_graph=0.0)
    claims = (_claim(1, "SUPPORTED"), _claim(2, "REFUTED"), _claim(3, "PARTIAL"),
              _claim(4, "UNDETERMINED"), _claim(5, "NOT_FALSIFIABLE"))
    rank = rank_breakdown(replace(base, checked_claims=claims))
    by_name = {c.name: c for c in rank.components}
    assert rank.basis is RankBasis.COMPUTED and rank.score == rank.computed_score
    assert "43/100" in rank.explanation          # the reported number is still shown
    assert by_name["evidence"].value == 0.5       # (1 + 0 + 0.5) / 3 settled
    assert "5 claims checked" in by_name["evidence"].note
    assert by_name["quality"].value == 0.9        # 1 - 0.1 for the one refuted claim
    assert [c.id for c in by_name["quality"].claims] == ["claim:a:2"]
    assert by_name["quality"].claims[0].evidence == ("evidence:a:2",)


def test_only_undetermined_claims_leave_the_reported_rank() -> None:
    base = profile("a", rank=43.0, quality=1.0)
    rank = rank_breakdown(replace(base, checked_claims=(_claim(1, "UNDETERMINED"),)))
    assert rank.basis is RankBasis.REPORTED and rank.score == 43.0
    evidence = next(c for c in rank.components if c.name == "evidence")
    assert evidence.value is None and "1 checked, none settled" in evidence.note
