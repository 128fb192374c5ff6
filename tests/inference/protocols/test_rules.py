"""The shared verdict rules, on numbers as a real-weights run would give them."""

from __future__ import annotations

from graph.claims.types import Verdict
from graph.claims.units import parse_quantity
from inference.protocols import rules

TWO_TO_THREE = parse_quantity("2-3x")


def test_a_stated_range_is_supported_or_refuted_by_agreement() -> None:
    assert rules.stated("ratio", TWO_TO_THREE, 2.4, None).outcome is Verdict.SUPPORTED
    low = rules.stated("ratio", TWO_TO_THREE, 1.2, None)
    assert low.outcome is Verdict.REFUTED and "below the claim" in low.explanation
    assert rules.stated("ratio", TWO_TO_THREE, 5.0, None).outcome is Verdict.REFUTED


def test_tiny_models_never_decide_and_accuracy_needs_real_weights() -> None:
    assert rules.gate("tiny", accuracy=False, claimed_device=None, device="cpu")
    assert rules.gate("random-full", accuracy=False, claimed_device=None, device="cpu") is None
    assert rules.gate("random-full", accuracy=True, claimed_device=None, device="cpu")
    assert rules.gate("real", accuracy=True, claimed_device=None, device="cpu") is None


def test_a_claim_about_a_gpu_is_not_decided_on_a_cpu() -> None:
    why = rules.gate("real", accuracy=False, claimed_device="cuda", device="cpu")
    assert why is not None and "GPU" in why
    assert rules.gate("real", accuracy=False, claimed_device="cuda", device="cuda") is None
    assert rules.gate("real", accuracy=False, claimed_device="accelerator", device="cpu")


def test_aspects_combine_and_name_the_weights() -> None:
    ok = rules.stated("size", TWO_TO_THREE, 2.5, None)
    bad = rules.stated("latency", TWO_TO_THREE, 1.1, None)
    assert rules.decide([ok, bad], "real")[0] is Verdict.PARTIAL
    verdict, why = rules.decide([bad], "random-full")
    assert verdict is Verdict.REFUTED and "random weights" in why
    gated = rules.stated("size", TWO_TO_THREE, 2.5, "tiny model")
    verdict, why = rules.decide([gated, ok], "real")
    assert verdict is Verdict.UNDETERMINED and why.startswith("tiny model")
    assert rules.decide([], "real")[0] is Verdict.UNDETERMINED


def test_int8_latency_decides_by_consistent_passes_only() -> None:
    from inference.protocols.quantization_rules import aspects_for
    from inference.protocols.spec import spec_from_text

    spec = spec_from_text("reducing inference latency by 2-3x on CPU",
                          context="dynamic int8 quantization with PyTorch")
    assert spec is not None and "latency" in spec.aspects
    numbers = {"fp32_latency_s": 0.5, "int8_latency_s": 0.2, "latency_ratio": 2.5}
    steady = aspects_for(spec, numbers, "random-full", "cpu", [2.4, 2.5, 2.6])
    assert [a.outcome for a in steady] == [Verdict.SUPPORTED]
    assert "median of 3 passes" in steady[0].explanation
    slow = aspects_for(spec, numbers, "random-full", "cpu", [1.3, 1.4, 1.35])
    assert [a.outcome for a in slow] == [Verdict.REFUTED]
    noisy = aspects_for(spec, numbers, "random-full", "cpu", [2.5, 6.2, 4.7])
    assert [a.outcome for a in noisy] == [Verdict.UNDETERMINED]
    assert "passes disagree (2.5, 6.2, 4.7" in noisy[0].explanation
