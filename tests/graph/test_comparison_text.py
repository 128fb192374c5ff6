from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

import pytest

from graph.comparison import Comparison, Leader, compare_profiles
from graph.comparison_text import StatementKind, Verdict, write_verdict
from graph.model import Label, Node
from graph.store import ArtifactProfile
from tests.factories import profile

COMPONENTS = ("adoption", "quality", "ecosystem", "match_graph")


def assert_verdict_agrees(comparison: Comparison, verdict: Verdict | None = None) -> None:
    """The rule every verdict keeps: no lead named where the row is a tie or goes the other way
    (`verdict`: one written earlier, checked against these rows)."""
    verdict = verdict or write_verdict(comparison)
    rank = comparison.row("rank")
    for statement in verdict.statements:
        if statement.kind is StatementKind.LEADS:
            for key in statement.rows:
                assert comparison.row(key).leader is statement.side, (key, statement.text)
        if statement.kind is StatementKind.TIED:
            for key in statement.rows:
                assert comparison.row(key).leader is Leader.TIE
        if statement.kind is StatementKind.RANK:
            assert statement.side is (rank.leader if rank.leader is not Leader.UNKNOWN else None)
    text = verdict.text
    if rank.leader is Leader.TIE:
        assert "ranks higher" not in text and "tied at" in text
    for side in (Leader.LEFT, Leader.RIGHT):
        name = re.escape(comparison.name(side))
        for match in re.finditer(rf"{name} leads on ([^.]*)\.", text):
            named = [row for row in comparison.rows if row.label.lower() + " (" in match.group(1)]
            assert named, f"the text names a lead on no row: {match.group(0)}"
            assert all(row.leader is side for row in named), match.group(0)


def test_a_tie_is_called_a_tie() -> None:
    left = profile("x", "X", rank=58.0, adoption=1.0, quality=1.0)
    right = profile("y", "Y", rank=58.0, adoption=1.0, quality=1.0)
    comparison = compare_profiles(left, right)
    verdict = write_verdict(comparison).text
    assert verdict.startswith("X and Y are tied at 58/100 (reported ranks).")
    assert "ranks higher" not in verdict and "leads on" not in verdict
    assert "tied on adoption and quality" in verdict
    assert_verdict_agrees(comparison)


def test_a_verdict_that_contradicts_its_rows_is_caught() -> None:
    """The check above can fail: a lead written for a row that now goes the other way."""
    left = profile("t", "T", rank=43.0, ecosystem=1.0)
    right = profile("f", "F", rank=58.0, ecosystem=0.0)
    comparison = compare_profiles(left, right)
    verdict = write_verdict(comparison)
    assert "T leads on ecosystem (1 vs 0)." in verdict.text
    flipped = replace(comparison, rows=tuple(
        replace(r, leader=Leader.RIGHT) if r.key == "ecosystem" else r for r in comparison.rows))
    with pytest.raises(AssertionError):
        assert_verdict_agrees(flipped, verdict)
    tied = replace(comparison, rows=tuple(
        replace(r, leader=Leader.TIE) if r.key == "rank" else r for r in comparison.rows))
    with pytest.raises(AssertionError):
        assert_verdict_agrees(tied, verdict)


def test_leads_are_named_only_where_the_row_shows_them() -> None:
    left = profile("t", "T", rank=43.0, adoption=1.0, quality=0.0, ecosystem=1.0,
                   match_graph=0.0, pricing="Free", capabilities=9.0, times_matched=0.0)
    right = profile("f", "F", rank=58.0, adoption=1.0, quality=1.0, ecosystem=0.0,
                    match_graph=0.0, pricing="Free", capabilities=13.0, times_matched=0.0)
    comparison = compare_profiles(left, right)
    assert comparison.row("adoption").leader is Leader.TIE
    text = write_verdict(comparison).text
    assert text.startswith("F ranks higher at 58/100 vs T at 43/100 (reported ranks).")
    assert "T leads on ecosystem (1 vs 0)." in text
    assert "F leads on quality (1 vs 0) and capabilities (13 vs 9)." in text
    assert "adoption" not in re.sub(r"They are tied on [^.]*\.", "", text)
    assert_verdict_agrees(comparison)


def test_missing_values_are_unknown_not_a_win() -> None:
    comparison = compare_profiles(profile("a", "A", rank=50.0), profile("b", "B"))
    assert comparison.row("rank").leader is Leader.UNKNOWN
    text = write_verdict(comparison).text
    assert "No rank is known for B" in text and "ranks higher" not in text


def test_categories_differ_without_a_leader() -> None:
    comparison = compare_profiles(profile("a", "A", pricing="Free"),
                                  profile("b", "B", type="Agent", pricing="Paid"))
    assert comparison.row("pricing").leader is Leader.DIFFERENT
    assert comparison.row("type").leader is Leader.DIFFERENT
    assert "Pricing: A is Free, B is Paid." in write_verdict(comparison).text


def test_lower_starting_price_leads() -> None:
    comparison = compare_profiles(profile("a", "A", starting_price=3e-5),
                                  profile("b", "B", starting_price=1.25e-6))
    assert comparison.row("starting_price").leader is Leader.RIGHT


@pytest.mark.parametrize("values", list(itertools.product((0.0, 1.0), repeat=4))[::3])
def test_every_component_pattern_gives_an_agreeing_verdict(values: tuple[float, ...]) -> None:
    left = profile("l", "L", rank=50.0, **dict(zip(COMPONENTS, values, strict=True)))
    right = profile("r", "R", rank=50.0 + values[0],
                    **dict(zip(COMPONENTS, reversed(values), strict=True)))
    assert_verdict_agrees(compare_profiles(left, right))


def _checked(base: ArtifactProfile, *verdicts: str) -> ArtifactProfile:
    """The profile with claims checked to these verdicts."""
    slug = base.artifact.props["slug"]
    claims = tuple(Node(f"claim:{slug}:{i}", Label.CLAIM, {"text": f"Claim {i}.", "verdict": v})
                   for i, v in enumerate(verdicts))
    return replace(base, checked_claims=claims)


def test_a_checked_score_is_never_set_against_a_reported_one() -> None:
    trocr = profile("t", "T", rank=43.0, adoption=1.0, quality=0.0, ecosystem=1.0,
                    match_graph=0.0)
    flux = profile("f", "F", rank=58.0, adoption=1.0, quality=1.0, ecosystem=0.0,
                   match_graph=0.0)
    checked = _checked(trocr, "SUPPORTED", "SUPPORTED", "REFUTED")
    comparison = compare_profiles(checked, flux)
    rank = comparison.row("rank")
    # T's shown score is capgraph's checked one; F has none, so both are read as reported
    assert comparison.left_rank.score != 43.0
    assert (rank.left.number, rank.right.number) == (43.0, 58.0)
    assert rank.label == "Rank (reported)"
    text = write_verdict(comparison).text
    assert text.startswith("F ranks higher at 58/100 vs T at 43/100 (reported ranks, as "
                           "capgraph has checked only T's claims).")
    # both checked: both on the checked basis, which is what each shows
    both = compare_profiles(checked, _checked(flux, "REFUTED"))
    row = both.row("rank")
    assert (row.left.number, row.right.number) == (both.left_rank.score, both.right_rank.score)
    assert "adjusted by capgraph's checks of both" in write_verdict(both).text
    assert_verdict_agrees(both)


def test_a_page_rank_is_never_set_against_capgraphs_computed_one() -> None:
    reported = profile("r", "R", rank=58.0, adoption=1.0, quality=1.0)
    computed = profile("c", "C", adoption=1.0, quality=0.0)   # no page gives C a rank
    comparison = compare_profiles(reported, computed)
    row = comparison.row("rank")
    assert comparison.left_rank.score == 58.0
    assert row.left.number == comparison.left_rank.computed_score != 58.0
    assert row.right.number == comparison.right_rank.score
    assert "capgraph's weighting of the reported components" in write_verdict(comparison).text
    # a side with only a reported rank shares no basis with one only capgraph computed
    bare = compare_profiles(profile("b", "B", rank=58.0), computed)
    assert bare.row("rank").leader is Leader.UNKNOWN
    assert "no rank on one shared basis" in write_verdict(bare).text


@pytest.mark.parametrize("left_verdicts", [(), ("REFUTED",), ("SUPPORTED", "PARTIAL")])
@pytest.mark.parametrize("right_verdicts", [(), ("SUPPORTED",)])
@pytest.mark.parametrize("right_values", [dict(rank=58.0, quality=1.0), dict(quality=1.0),
                                          dict(rank=30.0)])
def test_both_rank_cells_are_read_on_one_basis(
    left_verdicts: tuple[str, ...], right_verdicts: tuple[str, ...],
    right_values: dict[str, Any],
) -> None:
    left = _checked(profile("l", "L", rank=43.0, adoption=1.0), *left_verdicts)
    right = _checked(profile("r", "R", **right_values), *right_verdicts)
    comparison = compare_profiles(left, right)
    row = comparison.row("rank")
    if row.basis is None:
        assert row.leader is Leader.UNKNOWN and row.left.number is None is row.right.number
    else:
        assert row.left.number == comparison.left_rank.on(row.basis)
        assert row.right.number == comparison.right_rank.on(row.basis)
    assert_verdict_agrees(comparison)
