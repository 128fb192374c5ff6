"""The rules every protocol shares: when numbers may decide, and how aspects combine.

- Tiny models never decide: their numbers inform (UNDETERMINED).
- Accuracy is decided on real weights only; structural claims (ratios, sizes, latency,
  determinism, supported sizes) may be decided on the real architecture at full size
  with random weights, and the explanation says so.
- A claim that names hardware (a GPU, a CPU, "capable hardware") is decided only on
  that hardware.
- A stated number agrees when `graph.claims.units.agreement` says so (the one tolerance
  rule: rounding of the stated digits, ±15% for "~", a range covers its ends).
- A number timed in repeated passes (on a machine other work may share) decides by the
  median pass, and only when the passes are consistent (the largest at most 1.25 times
  the smallest); passes that differ more leave the claim UNDETERMINED, and the
  explanation gives every pass.
- Aspects combine as `graph.claims.verdicts.combine_evidence` combines records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.claims.types import EvidenceRecord, Verdict
from graph.claims.units import Quantity, agreement, format_value
from graph.claims.verdicts import combine_evidence
from inference.protocols.weights import describe


@dataclass(frozen=True)
class Aspect:
    """One thing a claim asserts, and what the measurement says about it."""

    name: str
    outcome: Verdict
    explanation: str
    informs: str | None = None   # why the numbers only inform (then outcome UNDETERMINED)


def gate(weights: str, *, accuracy: bool, claimed_device: str | None,
         device: str) -> str | None:
    """Why these numbers may not decide the aspect; None when they may."""
    if weights == "tiny":
        return f"measured on {describe(weights)}: its numbers inform, they cannot decide"
    if accuracy and weights != "real":
        return f"accuracy is never decided on random weights (this ran {describe(weights)})"
    ran_gpu = device.startswith("cuda")
    if claimed_device == "cuda" and not ran_gpu:
        return f"the claim is about a GPU; this ran on {device}"
    if claimed_device == "accelerator" and device == "cpu":
        return "the claim is about capable (accelerated) hardware; this ran on a CPU"
    if claimed_device == "cpu" and device != "cpu":
        return f"the claim is about a CPU; this ran on {device}"
    return None


def stated(name: str, claimed: Quantity, value: float, why_not: str | None,
           shown: str | None = None) -> Aspect:
    """A measured value against a stated number or range (`agreement`), or informing only."""
    ok, rule = agreement(claimed, value)
    where = ("" if ok else " (below the claim)" if value < claimed.lo
             else " (above the claim)")
    text = f"{name}: {rule}{where}" if shown is None else f"{name}: {rule}{where}; {shown}"
    if why_not:
        return Aspect(name, Verdict.UNDETERMINED, text, why_not)
    return Aspect(name, Verdict.SUPPORTED if ok else Verdict.REFUTED, text)


SPREAD = 1.25
"""Repeated passes are consistent when the largest is at most this times the smallest."""


def consistent(values: Sequence[float]) -> tuple[float | None, str]:
    """The median of repeated passes when they are consistent (`SPREAD`), else None; and
    the passes as text.

    Example:
        >>> consistent([1.36, 1.4, 1.5])
        (1.4, '1.36, 1.4, 1.5')
        >>> consistent([1.4, 3.1, 1.4])[0] is None
        True
    """
    passes = ", ".join(f"{v:.3g}" for v in values)
    ordered = sorted(values)
    if not ordered or ordered[0] <= 0 or ordered[-1] > SPREAD * ordered[0]:
        return None, passes
    return ordered[len(ordered) // 2], passes


def _inconsistent(name: str, passes: str, against: str, shown: str | None,
                  why_not: str | None) -> Aspect:
    text = f"{name}: the passes disagree ({passes}{against})"
    return Aspect(name, Verdict.UNDETERMINED, text if shown is None else f"{text}; {shown}",
                  why_not or f"repeated passes differ by more than {SPREAD - 1:.0%}: the "
                  "timings are not stable enough to decide")


def stated_every(name: str, claimed: Quantity, values: Sequence[float], why_not: str | None,
                 shown: str | None = None) -> Aspect:
    """`stated` for a value timed in several passes: their median decides, when the passes
    are consistent (`consistent`); otherwise UNDETERMINED, giving every pass.

    Example:
        >>> from graph.claims.units import parse_quantity
        >>> claim = parse_quantity("2-3x")
        >>> stated_every("ratio", claim, [2.2, 2.6], None).outcome.value
        'SUPPORTED'
        >>> stated_every("ratio", claim, [1.36, 1.4, 1.5], None).outcome.value
        'REFUTED'
        >>> stated_every("ratio", claim, [1.4, 3.1, 1.4], None).outcome.value
        'UNDETERMINED'
    """
    middle, passes = consistent(values)
    if middle is None:
        return _inconsistent(name, passes, f" against {claimed.describe()}", shown, why_not)
    aspect = stated(name, claimed, middle, why_not, shown)
    return Aspect(aspect.name, aspect.outcome,
                  f"{aspect.explanation}; median of {len(values)} passes ({passes})",
                  aspect.informs)


def holds_every(name: str, test: Callable[[float], bool], values: Sequence[float],
                explanation: str, why_not: str | None) -> Aspect:
    """`holds` for a value timed in several passes: `test` on their median, when the
    passes are consistent; otherwise UNDETERMINED."""
    middle, passes = consistent(values)
    if middle is None:
        return _inconsistent(name, passes, "", explanation, why_not)
    return holds(name, test(middle), f"{explanation}; median of {len(values)} passes "
                 f"({passes})", why_not)


def holds(name: str, ok: bool, explanation: str, why_not: str | None) -> Aspect:
    """A yes/no finding (outputs agree, runs, deterministic), or informing only."""
    if why_not:
        return Aspect(name, Verdict.UNDETERMINED, f"{name}: {explanation}", why_not)
    return Aspect(name, Verdict.SUPPORTED if ok else Verdict.REFUTED, f"{name}: {explanation}")


def decide(aspects: Sequence[Aspect], weights: str) -> tuple[Verdict, str]:
    """The claim's outcome from its aspects, the explanation naming the weights used."""
    if not aspects:
        return Verdict.UNDETERMINED, "the claim states nothing this protocol measures"
    records = [EvidenceRecord("measure", None, a.name, None, None, "", a.outcome,
                              a.explanation, {}, weights, "") for a in aspects]
    verdict, why = combine_evidence(records)
    reasons = list(dict.fromkeys(a.informs for a in aspects if a.informs))
    if reasons:
        why = f"{'; '.join(reasons)} — {why}"
    if weights == "random-full" and verdict in (Verdict.SUPPORTED, Verdict.REFUTED,
                                                Verdict.PARTIAL):
        why += f" (structural: decided on {describe(weights)})"
    return verdict, why


def ratio_text(value: float) -> str:
    return format_value(value, "ratio")
