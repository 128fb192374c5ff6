"""Reading claims: which protocol, and what each asserts (general rules, numbers via units)."""

from __future__ import annotations

import pytest

from graph.claims.types import Verdict
from inference.protocols.batching import BatchingProtocol
from inference.protocols.diffusion import DiffusionProtocol
from inference.protocols.ocr_accuracy import OcrAccuracyProtocol
from inference.protocols.quantization import QuantizationProtocol
from inference.protocols.registry import protocol_for
from inference.protocols.spec import choose_protocol, spec_from_text

QUANT = "Supports quantization to int8 and float16 precision using PyTorch's framework"


@pytest.mark.parametrize(("text", "context", "kind", "expected"), [
    ("Achieves 2-3x higher throughput than sequential inference", None, None, "batching"),
    ("Processes 64 images per batch in 1.2 s", None, None, "batching"),
    ("maintaining accuracy, compared to single-image processing", None, None, "batching"),
    (QUANT, None, None, "quantization"),
    ("reducing memory footprint and inference latency by 2-3x on CPU", QUANT, None,
     "quantization"),
    ("preserving accuracy within 1-2% of the original model", QUANT, None, "quantization"),
    ("Outperforms traditional OCR systems (Tesseract, EasyOCR) on handwritten text by 15-25% "
     "accuracy", None, None, "ocr_accuracy"),
    ("Reaches a CER of 3.4% on handwritten lines", None, None, "ocr_accuracy"),
    ("generates images in 1-4 inference steps", None, None, "diffusion"),
    ("Outputs are reproducible with a fixed seed", None, "diffusers", "diffusion"),
    ("Outperforms DALL-E 3 on anatomical accuracy", None, "diffusers", None),
    ("Uses a ViT encoder pre-trained on ImageNet-21k", None, None, None),
])
def test_the_protocol_is_chosen_by_general_rules(text: str, context: str | None,
                                                 kind: str | None, expected: str | None) -> None:
    assert choose_protocol(text, kind, context) == expected


def test_a_throughput_claim() -> None:
    spec = spec_from_text("enables GPU utilization improvements of 2-3x compared to sequential "
                          "processing")
    assert spec is not None and spec.protocol == "batching"
    assert spec.ratio is not None and (spec.ratio.lo, spec.ratio.hi) == (2.0, 3.0)
    assert spec.device == "cuda" and spec.aspects == {"throughput"}
    assert spec.claimed == ["2–3 x"]


def test_sizes_are_read_with_their_precision() -> None:
    spec = spec_from_text("reducing model size from ~1.4GB (fp32) to ~350MB (int8)")
    assert spec is not None
    assert [(label, q.lo) for label, q in spec.sizes] == [("fp32", 1.4e9), ("int8", 3.5e8)]
    half = spec_from_text("float16 weights take 668 MB")
    assert half is not None and [label for label, _ in half.sizes] == ["fp16"]
    assert "fp16" in half.aspects


def test_a_quantization_claim_without_numbers_asserts_that_it_runs() -> None:
    spec = spec_from_text(QUANT)
    assert spec is not None and spec.aspects == {"runs", "int8", "fp16"}


def test_ocr_baselines_and_margin() -> None:
    spec = spec_from_text("Outperforms traditional CNN-based OCR systems (Tesseract, EasyOCR) "
                          "on handwritten text by 15-25% accuracy")
    assert spec is not None and spec.baselines == ("Tesseract", "EasyOCR")
    assert spec.percent is not None and (spec.percent.lo, spec.percent.hi) == (15.0, 25.0)


def test_diffusion_steps_latency_sizes_and_seeds() -> None:
    spec = spec_from_text("FLUX.1 Schnell generates images in 1-4 inference steps, achieving "
                          "sub-second latency on capable hardware")
    assert spec is not None and spec.aspects == {"steps", "latency"}
    assert spec.steps is not None and (spec.steps.lo, spec.steps.hi) == (1.0, 4.0)
    assert spec.max_seconds == 1.0 and spec.device == "accelerator"
    sizes = spec_from_text("Higher resolution (2048×2048) than DALL-E 3 (1024×1024)",
                           kind="diffusers")
    assert sizes is not None and sizes.dimensions == ((2048, 2048),)   # not the rival's size
    mp = spec_from_text("generates 4MP images", kind="diffusers")
    assert mp is not None and mp.dimensions == ((2000, 2000),)
    seconds = spec_from_text("an image in 250 ms at 4 steps with a fixed seed", kind="diffusers")
    assert seconds is not None and seconds.max_seconds == 0.25
    assert seconds.aspects >= {"latency", "determinism", "steps"}


def test_protocol_for_returns_a_ready_protocol() -> None:
    assert isinstance(protocol_for("2-3x higher throughput than sequential"), BatchingProtocol)
    assert isinstance(protocol_for(QUANT), QuantizationProtocol)
    assert isinstance(protocol_for("a CER of 3% on handwritten lines"), OcrAccuracyProtocol)
    assert isinstance(protocol_for("deterministic at a fixed seed", kind="diffusers"),
                      DiffusionProtocol)
    assert protocol_for("licensed under MIT") is None


def test_what_the_quantization_protocol_does_not_run_is_named() -> None:
    from inference.protocols.quantization_rules import aspects_for
    from inference.protocols.rules import decide

    spec = spec_from_text("The quantization process uses post-training quantization (PTQ) "
                          "with calibration on representative document images")
    assert spec is not None and spec.aspects == {"runs", "calibration"}
    tools = spec_from_text("It is quantized to int8 with ONNX Runtime")
    assert tools is not None and {"runs", "other_tools"} <= tools.aspects
    for claim in (spec, tools):
        verdict, why = decide(aspects_for(claim, {}, "random-full", "cpu"), "random-full")
        assert verdict is Verdict.UNDETERMINED and why.startswith("partly supported: int8 runs")
