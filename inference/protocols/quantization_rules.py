"""The verdict rule of the quantization protocol: its numbers against what a claim states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.claims.types import Verdict
from graph.claims.units import format_value
from inference.protocols import rules
from inference.protocols.rules import Aspect
from inference.protocols.spec import ClaimSpec

RULE = ("size: each stated size (by the precision it names: fp32, int8, fp16) must agree "
        "with the serialized state dict of that precision, a stated ratio with fp32 size / "
        "int8 size, and with no number int8 must be smaller; latency: fp32 and int8 are "
        "timed in `rounds` passes (alternating order), a pass's ratio being fp32 / int8 "
        "median seconds per image; the median pass decides when the passes are consistent "
        "(the largest at most 1.25 times the smallest), else UNDETERMINED: a stated ratio "
        "must agree with it, and with no number int8 must be faster by more than 5%; "
        "agreement is graph.claims.units.agreement (the stated digits' rounding, ±15% for "
        "'~'). accuracy (real weights only): SUPPORTED if the int8 character error rate "
        "exceeds fp32's by at most the stated percentage points (by at most 1 point when "
        "none is stated), REFUTED otherwise. 'supports int8/fp16': SUPPORTED if the "
        "converted model runs and generates. Calibration (static quantization) and tools "
        "other than PyTorch's are not run: such parts stay UNDETERMINED. Size, latency and "
        "support are structural: decided on the full-size architecture with random weights, "
        "never on a tiny model; a claim naming hardware is decided only on it (this runs on "
        "the CPU).")


def aspects_for(claim: ClaimSpec, numbers: Mapping[str, Any], weights: str, device: str,
                latency_passes: Sequence[float] = ()) -> list[Aspect]:
    """One aspect per thing the claim asserts about quantization; `latency_passes` are the
    fp32 / int8 seconds-per-image ratios of the timed passes."""
    structural = rules.gate(weights, accuracy=False, claimed_device=claim.device, device=device)
    aspects = []
    if "size" in claim.aspects or claim.sizes:
        aspects += _size(claim, numbers, structural)
    if "latency" in claim.aspects:
        shown = (f"best passes: int8 {numbers['int8_latency_s']:.3g} s vs fp32 "
                 f"{numbers['fp32_latency_s']:.3g} s per image")
        if claim.ratio is not None:
            aspects.append(rules.stated_every("latency reduction", claim.ratio,
                                              latency_passes,
                                              structural, shown))
        else:
            aspects.append(rules.holds_every("int8 faster", lambda r: r > 1.05,
                                             latency_passes, shown, structural))
    if "accuracy" in claim.aspects:
        aspects.append(_accuracy(claim, numbers, weights, device))
    if "runs" in claim.aspects or "fp16" in claim.aspects:
        aspects.append(rules.holds("int8 runs", True, "the int8 model generated for every "
                                   "image", structural))
        if "fp16" in claim.aspects:
            ok = "fp16_top1_agreement" in numbers
            aspects.append(rules.holds("fp16 runs", ok, "the float16 model ran a forward pass"
                                       if ok else "the float16 model failed", structural))
    if "calibration" in claim.aspects:
        aspects.append(Aspect(
            "calibration", Verdict.UNDETERMINED, "calibration: the claim describes static "
            "quantization calibrated on a dataset; this measured dynamic int8, which needs no "
            "calibration, and the model ships no calibrated int8 weights or calibration set"))
    if "other_tools" in claim.aspects:
        aspects.append(Aspect(
            "other tools", Verdict.UNDETERMINED, "other tools: only PyTorch's quantization "
            "(torch.ao) runs here; the other tools the claim names were not run"))
    return aspects


def _size(claim: ClaimSpec, numbers: Mapping[str, Any], why_not: str | None) -> list[Aspect]:
    if claim.sizes:
        found = []
        for label, quantity in claim.sizes:
            key = f"{label}_size_bytes"
            if key not in numbers:
                continue
            found.append(rules.stated(f"{label} size", quantity, float(numbers[key]), why_not))
        return found
    ratio = float(numbers["size_ratio"])
    shown = (f"fp32 {format_value(numbers['fp32_size_bytes'], 'byte')} -> int8 "
             f"{format_value(numbers['int8_size_bytes'], 'byte')}")
    if claim.ratio is not None:
        return [rules.stated("size reduction", claim.ratio, ratio, why_not, shown)]
    return [rules.holds("int8 smaller", ratio > 1.0, shown, why_not)]


def _accuracy(claim: ClaimSpec, numbers: Mapping[str, Any], weights: str,
              device: str) -> Aspect:
    why_not = rules.gate(weights, accuracy=True, claimed_device=claim.device, device=device)
    agree = (f"{numbers['outputs_agree_fraction']:.0%} of outputs identical to fp32, int8 top-1 "
             f"agreement {numbers['int8_top1_agreement']:.1%}, largest logit difference "
             f"{numbers['int8_max_abs_logit_diff']:.3g}")
    if why_not or "int8_cer" not in numbers:
        return rules.holds("accuracy kept", False, agree, why_not or "no error rates measured")
    loss = 100.0 * (float(numbers["int8_cer"]) - float(numbers["fp32_cer"]))
    bound = claim.percent.hi + claim.percent.resolution if claim.percent else 1.0
    return rules.holds("accuracy kept", loss <= bound,
                       f"int8 CER {numbers['int8_cer']:.2%} vs fp32 {numbers['fp32_cer']:.2%}: "
                       f"{loss:+.2f} points (allowed at most {bound:g}); {agree}", None)
