"""What a measurable claim asserts, read by general rules, and the name of the protocol that
measures it (`inference.protocols.registry` builds the protocol).

Numbers come from `graph.claims.units` (the one unit parser); here only the words around
them are read: what the claim is about (throughput, size, latency, accuracy, steps, seeds,
sizes), which precision a stated size belongs to, which hardware it names.

Protocol choice (first match wins; `context` is the sentence an atom came from):

1. quantization words (quantiz*, int8, 8-bit, fp16, float16, half precision) -> quantization;
2. batching words (batch*, sequential*, one at a time, single-image, throughput) -> batching;
3. a diffusion model (`kind="diffusers"`, or diffusion / denoising / flow matching /
   image generation / prompt words) with steps, latency, seeds or sizes -> diffusion;
4. a performance word in the atom and rule 1 or 2 in its sentence -> that protocol;
5. accuracy, CER, WER or "outperforms" about OCR (OCR, handwriting, text recognition,
   transcription, an OCR engine's name) -> ocr_accuracy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from graph.claims.attributes import contrast_spans
from graph.claims.mentions import find_mentions
from graph.claims.types import JSONable, Scalar
from graph.claims.units import Quantity, find_dimensions, find_quantities


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


QUANTIZATION = _words(r"quanti[sz]\w*", "int8", "int4", "8-bit", "4-bit", "fp16", "float16",
                      "half[- ]precision", "bf16", "bfloat16")
BATCHING = _words(r"batch(?:es|ed|ing)?", r"sequential\w*", "one[- ]at[- ]a[- ]time",
                  "single[- ]image", "throughput")
DIFFUSION_MODEL = _words(r"diffusion", r"denois\w*", "flow matching", "text-to-image",
                         r"image generation", r"generat\w* (?:\w+ )?images?", "prompts?")
DIFFUSION_ASPECT = _words("steps?", "latency", "seconds?", "sub-second", "real-time", "seeds?",
                          r"determinis\w*", r"reproduc\w*", "resolutions?", "width", "height",
                          "dimensions?", "MP", "megapixels?")
PERFORMANCE = _words(r"accura\w*", "latency", "memory", "footprint", r"size", r"faster",
                     r"speed\w*", "throughput", "CER", "WER", "error rates?")
ACCURACY = _words(r"accura\w*", "CER", "WER", "character error", "word error", "error rates?",
                  r"outperform\w*", "beats?", "better")
OCR_DOMAIN = _words("OCR", r"handwrit\w*", "text recognition", r"transcri\w*", r"tesseract",
                    "easyocr", "rapidocr", "paddleocr", "kraken", "calamari", "abbyy")
THROUGHPUT = _words("throughput", r"faster", r"speed\w*", "utili[sz]ation", "images?/s",
                    r"per second")
AGREEMENT = _words(r"accura\w*", "same outputs?", r"identical", r"agree\w*", r"maintain\w*",
                   r"hallucinat\w*")
SIZE = _words("size", "memory", "footprint", "disk", "smaller", "MB", "GB")
LATENCY = _words("latency", "faster", r"speed\w*", "inference time", r"slow\w*")
FP16 = _words("fp16", "float16", "half[- ]precision", "bf16", "bfloat16")
DETERMINISM = _words("seeds?", r"determinis\w*", r"reproduc\w*")
SIZES = _words("resolutions?", "width", "height", "dimensions?", "megapixels?", "sizes?")
GPU = _words("GPU", "CUDA", "VRAM")
ACCELERATOR = _words("capable hardware", "high-end hardware", "accelerators?")
CPU = _words("CPU")
CALIBRATION = _words(r"calibrat\w*", "static quantization", "representative (?:data|images?)")
OTHER_QUANTIZATION_TOOLS = _words("Optimum", r"Hugging Face'?s? optimi[sz]ation(?: tools?)?",
                                  "ONNX(?: Runtime)?", "TensorRT", "OpenVINO", "bitsandbytes",
                                  "GPTQ", "AWQ", "GGUF", "llama.cpp")
_STEPS_AFTER = re.compile(r"[\s-]*(?:(?:inference|denoising|sampling|diffusion)[\s-]+)?steps?\b",
                          re.IGNORECASE)
_PRECISION = {"fp32": _words("fp32", "float32", "full precision"),
              "int8": _words("int8", "8-bit"), "fp16": FP16}


@dataclass(frozen=True)
class ClaimSpec:
    """What one claim asserts, for one protocol.

    `aspects` names what is asserted (throughput, agreement, size, latency, accuracy, runs,
    fp16, calibration, other_tools, steps, determinism, sizes); `ratio` a stated "N-Mx";
    `percent` a stated percentage; `sizes` stated sizes with the precision each belongs
    to; `device` the hardware the claim names ("cuda", "cpu", "accelerator") or None."""

    text: str
    protocol: str
    aspects: frozenset[str]
    ratio: Quantity | None = None
    percent: Quantity | None = None
    sizes: tuple[tuple[str, Quantity], ...] = ()
    steps: Quantity | None = None
    dimensions: tuple[tuple[int, int], ...] = ()
    max_seconds: float | None = None
    baselines: tuple[str, ...] = field(default_factory=tuple)
    device: str | None = None

    @property
    def claimed(self) -> JSONable:
        """The claim's stated numbers, described (EvidenceRecord.claimed), else its text."""
        stated: list[Scalar] = [q.describe() for q in (self.ratio, self.percent, self.steps) if q]
        stated += [f"{q.describe()} ({label})" for label, q in self.sizes]
        stated += [f"{w}x{h}" for w, h in self.dimensions]
        stated += [f"≤ {self.max_seconds:g} s"] if self.max_seconds is not None else []
        return stated if stated else self.text


def choose_protocol(text: str, kind: str | None = None, context: str | None = None) -> str | None:
    """The protocol that measures `text` (see the module doc), None when none does.

    Example:
        >>> choose_protocol("Achieves 2-3x higher throughput than sequential inference")
        'batching'
        >>> choose_protocol("preserving accuracy within 1-2% of the original model",
        ...                 context="Supports quantization to int8, preserving accuracy")
        'quantization'
        >>> choose_protocol("generates images in 1-4 inference steps")
        'diffusion'
    """
    context = context or ""
    if QUANTIZATION.search(text):
        return "quantization"
    if BATCHING.search(text):
        return "batching"
    diffusion = kind == "diffusers" or bool(DIFFUSION_MODEL.search(text + " " + context))
    if diffusion and (DIFFUSION_ASPECT.search(text) or find_dimensions(text)
                      or any(q.unit == "pixel" for q in find_quantities(text))):
        return "diffusion"
    if PERFORMANCE.search(text):
        if QUANTIZATION.search(context):
            return "quantization"
        if BATCHING.search(context):
            return "batching"
    if not diffusion and ACCURACY.search(text) and OCR_DOMAIN.search(text + " " + context):
        return "ocr_accuracy"
    return None


def spec_from_text(text: str, kind: str | None = None,
                   context: str | None = None) -> ClaimSpec | None:
    """What the claim asserts, for the protocol that measures it; None when none does.

    Example:
        >>> s = spec_from_text("reducing model size from ~1.4GB (fp32) to ~350MB (int8)")
        >>> s.protocol, sorted(s.aspects), [(p, q.describe()) for p, q in s.sizes]
        ('quantization', ['int8', 'size'], [('fp32', '~1.4 GB'), ('int8', '~350 MB')])
        >>> s = spec_from_text("Achieves 2-3x higher throughput than sequential inference")
        >>> s.protocol, s.ratio.describe(), sorted(s.aspects)
        ('batching', '2–3 x', ['throughput'])
    """
    protocol = choose_protocol(text, kind, context)
    if protocol is None:
        return None
    quantities = find_quantities(text)
    ratio = next((q for q in quantities if q.unit == "ratio"), None)
    percent = next((q for q in quantities if q.unit == "percent"), None)
    steps = next((q for q in quantities if q.unit == "step"), None) or next(
        (q for q in quantities if q.unit == "count" and _STEPS_AFTER.match(text[q.end:])), None)
    aspects = _aspects(protocol, text, ratio)
    device = ("cuda" if GPU.search(text) else "cpu" if CPU.search(text)
              else "accelerator" if ACCELERATOR.search(text) else None)
    return ClaimSpec(text, protocol, frozenset(aspects), ratio, percent,
                     _sizes(text, quantities), steps, _dimensions(text, quantities),
                     _max_seconds(text, quantities), find_mentions(text), device)


def _aspects(protocol: str, text: str, ratio: Quantity | None) -> set[str]:
    found: set[str] = set()
    if protocol == "batching":
        found |= {"throughput"} if ratio or THROUGHPUT.search(text) else set()
        found |= {"agreement"} if AGREEMENT.search(text) else set()
        return found or {"throughput"}
    if protocol == "quantization":
        found |= {"size"} if SIZE.search(text) else set()
        found |= {"latency"} if LATENCY.search(text) else set()
        found |= {"accuracy"} if AGREEMENT.search(text) or ACCURACY.search(text) else set()
        if not found:
            found.add("runs")
        found |= {"fp16"} if FP16.search(text) else set()
        found |= {"int8"} if _PRECISION["int8"].search(text) else set()
        found |= {"calibration"} if CALIBRATION.search(text) else set()
        found |= {"other_tools"} if OTHER_QUANTIZATION_TOOLS.search(text) else set()
        return found
    if protocol == "diffusion":
        found |= {"steps"} if _words("steps?").search(text) else set()
        found |= {"latency"} if _words("latency", "seconds?", "sub-second", "real-time", "ms",
                                       r"fast\w*").search(text) else set()
        found |= {"determinism"} if DETERMINISM.search(text) else set()
        found |= {"sizes"} if SIZES.search(text) or _dimensions(text, find_quantities(text)) \
            else set()
        return found
    return {"accuracy"}


def _sizes(text: str, quantities: list[Quantity]) -> tuple[tuple[str, Quantity], ...]:
    sizes = [q for q in quantities if q.unit == "byte"]
    target = next((p for p in ("int8", "fp16") if _PRECISION[p].search(text)), "int8")
    labelled = []
    for index, q in enumerate(sizes):
        after = text[q.end:q.end + 16]
        label = next((p for p, pattern in _PRECISION.items() if pattern.search(after)), None)
        if label is None:
            label = "fp32" if len(sizes) > 1 and index == 0 else target
        labelled.append((label, q))
    return tuple(labelled)


def _dimensions(text: str, quantities: list[Quantity]) -> tuple[tuple[int, int], ...]:
    inside = contrast_spans(text)
    dims = [(d.width, d.height) for d in find_dimensions(text)
            if not any(a <= d.start < b for a, b in inside)]
    for q in quantities:
        if q.unit == "pixel" and not dims and not any(a <= q.start < b for a, b in inside):
            side = max(16, round(math.sqrt(q.hi) / 16) * 16)
            dims.append((side, side))
    return tuple(dict.fromkeys(dims))


def _max_seconds(text: str, quantities: list[Quantity]) -> float | None:
    if _words("sub-second", "under a second", "less than a second").search(text):
        return 1.0
    for q in quantities:
        unit = re.match(r"\s*(ms|milliseconds?|s|secs?|seconds?)\b", text[q.end:])
        if unit and q.unit == "count":
            return q.hi / 1000.0 if unit.group(1).startswith("m") else q.hi
    return None
