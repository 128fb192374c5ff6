"""The verdict rule of the diffusion protocol: its numbers against what a claim states."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.claims.types import Verdict
from inference.protocols import rules
from inference.protocols.rules import Aspect
from inference.protocols.spec import ClaimSpec

RULE = ("steps: SUPPORTED if the pipeline produces a finite image at every claimed step "
        "count (image quality is not judged); latency: SUPPORTED if seconds per image at the "
        "largest claimed step count (the smallest measured when none is claimed) is within "
        "the stated bound ('sub-second' = 1 s), REFUTED if above; determinism: SUPPORTED if "
        "two runs with the same seed give identical pixels, REFUTED if not; sizes: "
        "SUPPORTED if every claimed width x height comes out exactly that size (with no size "
        "stated: at least two different sizes do), REFUTED if one is refused or silently "
        "changed. All structural: decided on the full-size architecture with random weights "
        "or real weights, never on a tiny model; a claim naming hardware (a GPU, capable "
        "hardware) is decided only on it.")

Size = tuple[int, int]


def aspects_for(claim: ClaimSpec, numbers: Mapping[str, Any], latency: Mapping[int, float],
                produced: Mapping[Size, Size | str], weights: str, device: str) -> list[Aspect]:
    """One aspect per thing the claim asserts about the pipeline."""
    why_not = rules.gate(weights, accuracy=False, claimed_device=None, device=device)
    claimed = [n for n in latency if claim.steps and claim.steps.lo <= n <= claim.steps.hi]
    aspects = []
    if "steps" in claim.aspects and claimed:
        aspects.append(rules.holds(
            "steps", bool(numbers["finite"]), f"images at {', '.join(map(str, claimed))} steps "
            f"({'finite' if numbers['finite'] else 'with NaN or infinite values'}); quality "
            "not judged", why_not))
    if "latency" in claim.aspects:
        aspects.append(_latency(claim, latency, claimed, numbers, weights, device))
    if "determinism" in claim.aspects:
        aspects.append(rules.holds(
            "deterministic", bool(numbers["deterministic"]),
            f"same seed: largest pixel difference {numbers['same_seed_max_abs_diff']:.3g}; "
            f"another seed: {numbers['other_seed_max_abs_diff']:.3g}", why_not))
    if "sizes" in claim.aspects:
        aspects.append(_sizes(claim, produced, why_not))
    return aspects


def _latency(claim: ClaimSpec, latency: Mapping[int, float], claimed: list[int],
             numbers: Mapping[str, Any], weights: str, device: str) -> Aspect:
    at = max(claimed) if claimed else min(latency)
    seconds = latency[at]
    shown = f"{seconds:.3g} s per {numbers['sweep_size']} image at {at} steps on {device}"
    if claim.max_seconds is None:
        return Aspect("latency", Verdict.UNDETERMINED, f"latency: no bound stated; {shown}")
    why_not = rules.gate(weights, accuracy=False, claimed_device=claim.device, device=device)
    return rules.holds("latency", seconds <= claim.max_seconds,
                       f"{shown} (bound {claim.max_seconds:g} s)", why_not)


def _sizes(claim: ClaimSpec, produced: Mapping[Size, Size | str], why_not: str | None) -> Aspect:
    shown = ", ".join(f"{w}x{h} -> {p if isinstance(p, str) else f'{p[0]}x{p[1]}'}"
                      for (w, h), p in produced.items())
    if claim.dimensions:
        ok = all(produced.get(size) == size for size in claim.dimensions)
        return rules.holds("sizes", ok, f"requested -> produced: {shown}", why_not)
    exact = {size for size, p in produced.items() if p == size}
    return rules.holds("configurable size", len(exact) >= 2,
                       f"requested -> produced: {shown}", why_not)
