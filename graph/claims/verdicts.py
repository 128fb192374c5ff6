"""The one place evidence records become a claim's verdict and its sentence.

Rules (precision first: a wrong SUPPORTED or REFUTED is the worst outcome):

- Informing records (about a relative the claim does not name) never decide.
- Some aspects supported and others refuted -> PARTIAL.
- Any aspect refuted, none supported -> REFUTED (a false part falsifies the claim).
- Every aspect supported and nothing else in the claim -> SUPPORTED.
- Supported aspects next to aspects the files do not settle, or next to a residual that
  needs a measurement -> UNDETERMINED ("partly supported: ...").
- Nothing settled -> UNDETERMINED, with each record's reason.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.claims.types import EvidenceRecord, Verdict


def combine_evidence(records: Sequence[EvidenceRecord], residual: str = "",
                     informing: frozenset[int] = frozenset()) -> tuple[Verdict, str]:
    """The verdict and explanation for one claim's records.

    `informing` holds the indexes of records that only inform; `residual` says what the
    claim states beyond the checked attributes (empty when nothing).

    Example:
        >>> from graph.claims.types import EvidenceRecord as R
        >>> def r(outcome, why):
        ...     return R("p", None, None, None, None, "", outcome, why, {}, "metadata", "")
        >>> combine_evidence([r(Verdict.SUPPORTED, "12 layers"), r(Verdict.REFUTED, "8 heads")])
        (<Verdict.PARTIAL: 'PARTIAL'>, 'supported: 12 layers; refuted: 8 heads')
        >>> combine_evidence([r(Verdict.SUPPORTED, "12 layers")], residual="needs a run")[0]
        <Verdict.UNDETERMINED: 'UNDETERMINED'>
    """
    deciding = [r for i, r in enumerate(records) if i not in informing]
    supported = _reasons(deciding, Verdict.SUPPORTED)
    refuted = _reasons(deciding, Verdict.REFUTED)
    unsettled = _reasons(deciding, Verdict.UNDETERMINED)
    informs = [r.explanation for i, r in enumerate(records) if i in informing]
    tail = "; ".join(filter(None, [
        f"not settled: {unsettled}" if unsettled else "",
        f"the rest of the claim {residual}" if residual else "",
        f"informs: {' | '.join(informs)}" if informs else ""]))
    if supported and refuted:
        return Verdict.PARTIAL, _join(f"supported: {supported}; refuted: {refuted}", tail)
    if refuted:
        return Verdict.REFUTED, _join(f"refuted: {refuted}", tail)
    if supported and not unsettled and not residual:
        return Verdict.SUPPORTED, _join(f"supported: {supported}", tail)
    if supported:
        return Verdict.UNDETERMINED, _join(f"partly supported: {supported}", tail)
    return Verdict.UNDETERMINED, tail or "no record settles the claim"


def _reasons(records: Sequence[EvidenceRecord], outcome: Verdict) -> str:
    return " | ".join(dict.fromkeys(r.explanation for r in records if r.outcome == outcome))


def _join(head: str, tail: str) -> str:
    return f"{head}; {tail}" if tail else head
