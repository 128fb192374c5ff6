from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from graph.model import Label, Node
from graph.ranking import (
    COMPONENTS,
    NOT_STORED,
    WEIGHTS_VERSION,
    RankBasis,
    ScoreBasis,
    StoredRank,
    rank_breakdown,
    ranked_artifact,
    stored_rank_of,
)
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
    assert rank.computed_score is not None and 0 < rank.computed_score < 100   # two of four
    assert rank.computed_score != rank.score
    better = rank_breakdown(profile("a", rank=43.0, adoption=1.0, quality=1.0, ecosystem=1.0,
                                    match_graph=0.0))
    assert better.score == 43.0                               # the reported rank still rules
    assert better.computed_score is not None and better.computed_score > rank.computed_score
    best = rank_breakdown(profile("a", rank=43.0, adoption=1.0, quality=1.0, ecosystem=1.0,
                                  match_graph=1.0))
    assert best.computed_score == 100.0
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


def test_settled_claims_adjust_the_reported_rank_and_name_the_refuted() -> None:
    base = profile("a", rank=43.0, adoption=1.0, quality=1.0, ecosystem=0.0, match_graph=0.0)
    claims = (_claim(1, "SUPPORTED"), _claim(2, "REFUTED"), _claim(3, "PARTIAL"),
              _claim(4, "UNDETERMINED"), _claim(5, "NOT_FALSIFIABLE"))
    rank = rank_breakdown(replace(base, checked_claims=claims))
    by_name = {c.name: c for c in rank.components}
    assert rank.basis is RankBasis.CHECKED and rank.checked
    assert rank.score == rank.on(ScoreBasis.CHECKED)
    assert rank.on(ScoreBasis.REPORTED) == 43.0      # the page's number stays as it was
    assert "43/100" in rank.explanation and "1 refuted" in rank.explanation
    assert by_name["evidence"].value == 0.5       # (1 + 0 + 0.5) / 3 settled
    assert "5 claims checked" in by_name["evidence"].note
    assert by_name["quality"].value == 1.0        # the page's value, as reported
    refuted = [c for c in by_name["evidence"].claims if c.verdict == "REFUTED"]
    assert [c.id for c in refuted] == ["claim:a:2"]
    assert refuted[0].evidence == ("evidence:a:2",)


SCENARIOS: dict[str, dict[str, Any]] = {
    # the seed's trocr: a low reported rank, quality reported as 0
    "reported-low": dict(rank=43.0, adoption=1.0, quality=0.0, ecosystem=1.0, match_graph=0.0),
    "reported-high": dict(rank=97.0, adoption=1.0, quality=1.0, ecosystem=1.0),
    "reported-rank-only": dict(rank=58.0),
    "components-only": dict(adoption=1.0, quality=0.0, ecosystem=1.0),
    "no-quality-reported": dict(adoption=1.0, ecosystem=0.0),
}
"""Every scenario scores above 0 before its claims are checked (0 is the floor)."""

OTHERS = {
    "alone": (),
    "with-supported": ("SUPPORTED", "SUPPORTED"),
    "with-refuted": ("REFUTED",),          # the evidence share is already 0
    "with-mixed": ("SUPPORTED", "PARTIAL", "REFUTED", "UNDETERMINED"),
}


@pytest.mark.parametrize("others", OTHERS.values(), ids=OTHERS.keys())
@pytest.mark.parametrize("values", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_a_refuted_claim_always_lowers_the_score(
    values: dict[str, Any], others: tuple[str, ...],
) -> None:
    base = profile("a", **values)

    def score(verdict: str | None) -> float:
        claims = [_claim(i, v) for i, v in enumerate(others, start=1)]
        if verdict is not None:
            claims.append(_claim(99, verdict))
        rank = rank_breakdown(replace(base, checked_claims=tuple(claims)))
        assert rank.score is not None
        return rank.score

    refuted = score("REFUTED")
    for instead in (None, "UNDETERMINED", "NOT_FALSIFIABLE", "SUPPORTED", "PARTIAL"):
        assert refuted < score(instead), instead
    assert score("PARTIAL") < score("SUPPORTED")


def test_checking_the_seeds_trocr_with_refuted_claims_lowers_its_score() -> None:
    trocr = profile("trocr", rank=43.0, adoption=1.0, quality=0.0, ecosystem=1.0,
                    match_graph=0.0)
    verdicts = ["SUPPORTED"] * 8 + ["REFUTED"] * 4 + ["UNDETERMINED"] * 20
    checked = replace(trocr, checked_claims=tuple(
        _claim(i, v) for i, v in enumerate(verdicts)))
    before, after = rank_breakdown(trocr), rank_breakdown(checked)
    assert before.score == 43.0
    assert after.score is not None and after.score < 43.0
    assert "4 refuted" in after.explanation


def test_asserted_claims_are_shown_but_do_not_feed_the_rank() -> None:
    base = profile("a", rank=43.0, adoption=1.0, quality=1.0)
    asserted = Node("claim:a:x", Label.CLAIM, {
        "text": "It is bad.", "kind": "assertion", "verdict": "REFUTED",
        "asserted_at": "2026-12-01T00:00:00+00:00", "asserted_by": "anonymous"})
    alone = rank_breakdown(replace(base, checked_claims=(asserted,)))
    assert alone.score == 43.0 and alone.basis is RankBasis.REPORTED and not alone.checked
    assert "asserted through the API are not counted" in alone.explanation
    imported = (_claim(1, "SUPPORTED"),)
    without = rank_breakdown(replace(base, checked_claims=imported))
    with_it = rank_breakdown(replace(base, checked_claims=(*imported, asserted)))
    assert with_it.score == without.score and with_it.bases == without.bases


def test_missing_components_are_renormalised_and_the_breakdown_says_so() -> None:
    rank = rank_breakdown(profile("a", adoption=1.0, quality=0.0))
    assert rank.basis is RankBasis.COMPUTED
    assert "renormalised" in rank.explanation and "not counted as 0" in rank.explanation
    for missing in ("ecosystem", "match graph", "freshness", "evidence"):
        assert missing in rank.explanation
    total = sum(c.contribution or 0 for c in rank.components)
    assert total == pytest.approx(rank.score, abs=0.2)


def test_the_stored_rank_is_the_shown_score() -> None:
    for values in SCENARIOS.values():
        base = profile("a", **values)
        for claims in ((), (_claim(1, "REFUTED"), _claim(2, "SUPPORTED"))):
            shown = replace(base, checked_claims=claims)
            node = ranked_artifact(shown)
            rank = rank_breakdown(shown)
            assert node.props.get("rank_score") == rank.score
            assert stored_rank_of(node) == StoredRank(rank.score, rank.basis)
            assert {k: v for k, v in node.props.items()
                    if k not in ("rank_score", "rank_basis", "rank_weights")} \
                == base.artifact.props
            # a rank stored with other weights is not taken for the current one
            older = Node(node.id, node.label, {**node.props, "rank_weights": "2020-01-01.1"})
            assert stored_rank_of(older) is NOT_STORED
            # a node stored before bases were: its score, no basis
            unbased = Node(node.id, node.label,
                           {k: v for k, v in node.props.items() if k != "rank_basis"})
            assert stored_rank_of(unbased) == StoredRank(rank.score, None)


def test_only_undetermined_claims_leave_the_reported_rank() -> None:
    base = profile("a", rank=43.0, quality=1.0)
    rank = rank_breakdown(replace(base, checked_claims=(_claim(1, "UNDETERMINED"),)))
    assert rank.basis is RankBasis.REPORTED and rank.score == 43.0
    evidence = next(c for c in rank.components if c.name == "evidence")
    assert evidence.value is None and "1 checked, none settled" in evidence.note
