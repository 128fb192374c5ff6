"""Combining evidence into one verdict: precision first."""

from __future__ import annotations

from graph.claims.types import EvidenceRecord, Verdict
from graph.claims.verdicts import combine_evidence


def _record(outcome: Verdict, why: str) -> EvidenceRecord:
    return EvidenceRecord("model-files/x", "config.json", "f", 1, 1, "rule", outcome, why, {},
                          "metadata", "2026-01-01T00:00:00+00:00")


S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_all_supported() -> None:
    assert combine_evidence([_record(S, "a"), _record(S, "b")]) == (S, "supported: a | b")


def test_refuted_beats_unsettled_and_mixed_is_partial() -> None:
    assert combine_evidence([_record(R, "a"), _record(U, "b")])[0] is R
    assert combine_evidence([_record(R, "a"), _record(S, "b")])[0] is Verdict.PARTIAL


def test_unsettled_parts_or_residual_keep_a_supported_part_undetermined() -> None:
    verdict, why = combine_evidence([_record(S, "a"), _record(U, "b")])
    assert verdict is U and why.startswith("partly supported: a; not settled: b")
    assert combine_evidence([_record(S, "a")], residual="needs a run")[0] is U


def test_informing_records_never_decide() -> None:
    verdict, why = combine_evidence([_record(U, "no card"), _record(U, "relative says 12")],
                                    informing=frozenset({1}))
    assert verdict is U and "informs: relative says 12" in why
    assert combine_evidence([], residual="")[0] is U
