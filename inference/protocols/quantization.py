"""Post-training dynamic int8 quantization (and, when claimed, float16) of a TrOCR model.

`torch.ao.quantization.quantize_dynamic` turns every `nn.Linear` into an int8 one (weights
int8, activations quantized on the fly; no calibration). Measured on the CPU, where
dynamic int8 kernels run: serialized size (the state dict saved to memory), latency of
`generate` per image, and agreement with float32 (identical generated tokens; the largest
logit difference and top-1 agreement over one forward pass). With real weights, the
character error rate of both on the line images, so accuracy loss can be decided.
"""

from __future__ import annotations

import contextlib
import copy
import io
import statistics
import warnings
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.claims.types import Verdict
from inference.libraries import load
from inference.machine import CpuClock
from inference.ocr.metrics import error_rates
from inference.protocols import rules, trocr_run
from inference.protocols.base import (
    Control,
    Measurement,
    Protocol,
    Run,
    Tracker,
    environment,
    series,
)
from inference.protocols.quantization_rules import RULE, aspects_for
from inference.protocols.spec import ClaimSpec


@dataclass
class QuantizationProtocol(Protocol):
    """Time `images` line images one at a time in float32 and int8, `rounds` times (and
    check float16 when the claim names it)."""

    images: int = 4
    max_new_tokens: int = 16
    rounds: int = 3
    lines_dir: Path | None = None
    name: str = field(default="quantization", init=False)

    def run_key(self, claim: ClaimSpec) -> Hashable:
        return "fp16" in claim.aspects

    def collect(self, loaded: Any, claim: ClaimSpec, control: Control) -> Run:
        torch = load("torch")
        tracker = Tracker(control)
        tracker.step(0.0, "preparing line images")
        samples = trocr_run.line_samples(self.images, self.lines_dir)
        base = loaded.model
        if loaded.device != "cpu" or base.dtype != torch.float32:
            base = copy.deepcopy(base).to("cpu", torch.float32)   # int8 kernels run on CPU
        cpu = _on_cpu(loaded, base)
        pixel_values = trocr_run.pixels(cpu, [s.image for s in samples])
        fixed = loaded.weights_kind != "real"
        numbers: dict[str, Any] = {"images": self.images, "max_new_tokens": self.max_new_tokens,
                                   "fixed_length": fixed, "parameters": loaded.parameters,
                                   "method": "dynamic int8 (torch.ao quantize_dynamic, Linear)"}
        tracker.step(0.05, "float32: size")
        numbers["fp32_size_bytes"] = serialized_size(base)
        tracker.step(0.08, "quantizing to int8")
        int8 = quantize_int8(base)
        with quantized_ops():
            numbers["int8_size_bytes"] = serialized_size(int8)
            clock = CpuClock.now()
            latency = self._latency({"fp32": base, "int8": int8}, pixel_values, fixed,
                                    tracker, 0.1, 0.85)
            numbers.update(CpuClock.now().since(clock))
        fp32_ids, int8_ids = latency.ids["fp32"], latency.ids["int8"]
        same = [a == b for a, b in zip(trocr_run.sequences(base, fp32_ids),
                                       trocr_run.sequences(base, int8_ids), strict=True)]
        fp32_s, int8_s = min(latency.seconds["fp32"]), min(latency.seconds["int8"])
        numbers.update(fp32_latency_s=round(fp32_s, 5), int8_latency_s=round(int8_s, 5),
                       size_ratio=round(numbers["fp32_size_bytes"] / numbers["int8_size_bytes"],
                                        4),
                       latency_ratio=round(fp32_s / int8_s, 4),
                       latency_pass_ratios=series(latency.ratios()),
                       rounds=self.rounds,
                       outputs_agree_fraction=round(sum(same) / len(same), 4))
        numbers.update({f"{label}_latency_passes_s": series(times)
                        for label, times in latency.seconds.items()})
        tracker.step(0.88, "comparing logits")
        with quantized_ops():
            numbers.update(_logit_agreement(base, int8, pixel_values[:1], fp32_ids[:1], "int8"))
        if "fp16" in claim.aspects:
            tracker.step(0.9, "float16")
            half = copy.deepcopy(base).half()
            numbers["fp16_size_bytes"] = serialized_size(half)
            try:
                numbers.update(_logit_agreement(base, half, pixel_values[:1].half(),
                                                fp32_ids[:1], "fp16"))
            except RuntimeError as error:   # a kernel without float16 on this device
                numbers["fp16_error"] = str(error)[:200]
        if loaded.weights_kind == "real":
            texts = [cpu.processor.batch_decode(ids, skip_special_tokens=True)
                     for ids in (fp32_ids, int8_ids)]
            refs = [s.text for s in samples]
            numbers["fp32_cer"], _ = error_rates(refs, texts[0])
            numbers["int8_cer"], _ = error_rates(refs, texts[1])
        tracker.done("quantization measured")
        return Run(self.name, numbers, environment("cpu"), loaded.weights_kind, "cpu",
                   loaded.source, loaded.notes, details=latency)

    def judge(self, run: Run, claim: ClaimSpec) -> Measurement:
        latency: _Latency = run.details
        aspects = aspects_for(claim, run.numbers, run.weights, run.device, latency.ratios())
        outcome, why = rules.decide(aspects, run.weights)
        return run.measurement(outcome if aspects else Verdict.UNDETERMINED, RULE, why,
                               "int8_size_bytes")

    def _latency(self, models: dict[str, Any], pixel_values: Any, fixed: bool,
                 tracker: Tracker, start: float, end: float) -> _Latency:
        """Every model generates for every image one at a time, in `rounds` passes that
        alternate the models' order, after one untimed warm-up each; each pass keeps each
        model's median seconds per image."""
        torch = load("torch")
        for model in models.values():
            trocr_run.generate(model, pixel_values[:1], self.max_new_tokens, fixed,
                               tracker.check)
        latency = _Latency({label: [] for label in models}, {})
        total, done = self.rounds * len(models) * len(pixel_values), 0
        for round_number in range(self.rounds):
            order = list(models) if round_number % 2 == 0 else list(models)[::-1]
            for label in order:
                rows, times = [], []
                for index in range(len(pixel_values)):
                    tracker.step(start + (end - start) * done / total,
                                 f"pass {round_number + 1} of {self.rounds}, {label}: image "
                                 f"{index + 1} of {len(pixel_values)}")
                    ids, seconds = trocr_run.timed_generate(
                        models[label], pixel_values[index:index + 1], self.max_new_tokens,
                        fixed, tracker.check)
                    rows.append(ids)
                    times.append(seconds)
                    done += 1
                latency.seconds[label].append(statistics.median(times))
                if label not in latency.ids:
                    width = max(r.shape[1] for r in rows)
                    pad = models[label].generation_config.pad_token_id
                    latency.ids[label] = torch.cat([
                        torch.nn.functional.pad(r, (0, width - r.shape[1]), value=pad)
                        for r in rows])
        return latency


@dataclass(frozen=True)
class _Latency:
    """Each model's median seconds per image in every pass, and its generated ids (first
    pass)."""

    seconds: dict[str, list[float]]
    ids: dict[str, Any]

    def ratios(self) -> list[float]:
        """fp32 over int8 seconds per image, pass by pass."""
        return [f / i for f, i in zip(self.seconds["fp32"], self.seconds["int8"], strict=True)]


@contextlib.contextmanager
def quantized_ops() -> Iterator[None]:
    """Silence torch's notices that its eager quantization moves to torchao: it is what
    such claims name ("PyTorch's quantization framework") and it still ships in torch."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"torch\.ao\.quantization is deprecated",
                                category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor, "
                                r"torch\.quantize_per_channel and other quantized tensor",
                                category=UserWarning)
        yield


def quantize_int8(model: Any) -> Any:
    """A dynamically int8-quantized copy of `model` (every nn.Linear)."""
    torch = load("torch")
    with quantized_ops():
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear},
                                                      dtype=torch.qint8, inplace=False)


def serialized_size(model: Any) -> int:
    """Bytes of the model's state dict as `torch.save` writes it."""
    torch = load("torch")
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell()


def _logit_agreement(base: Any, other: Any, pixel_values: Any, ids: Any,
                     label: str) -> dict[str, float]:
    torch = load("torch")
    with torch.inference_mode():
        reference = base(pixel_values=pixel_values.float(), decoder_input_ids=ids).logits
        logits = other(pixel_values=pixel_values, decoder_input_ids=ids).logits.float()
    top1 = (reference.argmax(-1) == logits.argmax(-1)).float().mean().item()
    return {f"{label}_max_abs_logit_diff": round((reference - logits).abs().max().item(), 6),
            f"{label}_top1_agreement": round(top1, 4)}


def _on_cpu(loaded: Any, model: Any) -> Any:
    return type(loaded)(model, loaded.processor, loaded.weights_kind, loaded.source, "cpu",
                        "float32", loaded.notes)
