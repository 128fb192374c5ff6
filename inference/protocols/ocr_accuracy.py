"""OCR accuracy: character and word error rates of the model and of real baselines.

The model (TrOCR through its processor and `generate`), Tesseract and RapidOCR read the
same line images (the built-in handwriting-font lines, or a user's folder), one at a time
and timed; each gets a CER, a WER and seconds per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.claims.types import Verdict
from inference.ocr.engines import EngineResult, OcrEngine, TrOcrEngine, baseline_engines, run_engine
from inference.ocr.lines import LINES, read_line_folder
from inference.protocols import rules, trocr_run
from inference.protocols.base import (
    Control,
    Measurement,
    Number,
    Protocol,
    Run,
    Tracker,
    environment,
)
from inference.protocols.rules import Aspect
from inference.protocols.spec import ClaimSpec

# engines that run here, and the names a claim may call them by (RapidOCR runs PaddleOCR's
# PP-OCR models converted to ONNX)
ALIASES = {"tesseract": ("tesseract",), "rapidocr": ("rapidocr", "paddleocr", "pp-ocr")}
RULE = ("accuracy is character accuracy, 1 - CER, in percentage points. Against each named "
        "baseline that runs here: a stated margin ('by 15-25%') must agree with the model's "
        "accuracy minus the baseline's (graph.claims.units.agreement), and 'outperforms' "
        "with no number needs a lower CER; a stated CER, WER or accuracy with no baseline "
        "must agree with the model's. Decided on real weights only: on random or tiny "
        "weights the outcome is UNDETERMINED and the baselines' numbers are reported. "
        "Named baselines that do not run here are listed; with none runnable, UNDETERMINED.")


TIMING_LINES = 3
"""Lines a model without real weights reads: its accuracy cannot decide, its speed can show."""


@dataclass(frozen=True)
class _Results:
    engines: tuple[EngineResult, ...]   # the model first, then the baselines that ran
    missing: tuple[str, ...]            # baselines not installed here
    lines: int
    model_lines: int


@dataclass
class OcrAccuracyProtocol(Protocol):
    """Read `lines_folder` (default: the built-in lines), at most `limit` lines."""

    lines_folder: Path | None = None
    limit: int | None = None
    max_new_tokens: int = 64
    lines_dir: Path | None = None
    name: str = field(default="ocr_accuracy", init=False)

    def collect(self, loaded: Any, claim: ClaimSpec, control: Control) -> Run:
        tracker = Tracker(control)
        tracker.step(0.0, "reading the line images")
        if self.lines_folder is not None:
            samples = read_line_folder(self.lines_folder, limit=self.limit)
        else:
            samples = trocr_run.line_samples(self.limit or len(LINES), self.lines_dir)
        baselines, missing = baseline_engines()
        engines: list[OcrEngine] = [TrOcrEngine(loaded, self.max_new_tokens), *baselines]
        # weights that cannot decide accuracy read a few lines only, for the timing: the
        # baselines read them all, since their numbers are the evidence then
        model_lines = samples if loaded.weights_kind == "real" else samples[:TIMING_LINES]
        results: list[EngineResult] = []
        for number, engine in enumerate(engines):
            lines = model_lines if number == 0 else samples

            def step(line: int, number: int = number, engine: OcrEngine = engine,
                     lines: Sequence[Any] = lines) -> None:
                tracker.step((number + line / len(lines)) / len(engines),
                             f"{engine.name}: line {line + 1} of {len(lines)}")
            results.append(run_engine(engine, lines, step))
        numbers: dict[str, Number] = {
            "lines": len(samples), "model_lines": len(model_lines),
            "line_source": str(self.lines_folder) if self.lines_folder else "built-in",
            "max_new_tokens": self.max_new_tokens, "parameters": loaded.parameters}
        for result in results:
            key = "model" if result is results[0] else result.name
            numbers.update({f"{key}_cer": round(result.cer, 4), f"{key}_wer": round(result.wer, 4),
                            f"{key}_seconds_per_line": round(result.seconds_per_line, 4)})
            if key != "model":
                numbers[f"{key}_version"] = result.version
        tracker.done("OCR accuracy measured")
        return Run(self.name, numbers, environment(loaded.device, "rapidocr", "onnxruntime"),
                   loaded.weights_kind, loaded.device, loaded.source, loaded.notes,
                   details=_Results(tuple(results), tuple(missing), len(samples),
                                    len(model_lines)))

    def judge(self, run: Run, claim: ClaimSpec) -> Measurement:
        found: _Results = run.details
        aspects = _aspects(claim, found.engines, run.weights, run.device)
        outcome, why = rules.decide(aspects, run.weights)
        measured = "; ".join(f"{r.name}: CER {r.cer:.1%}, WER {r.wer:.1%}, "
                             f"{r.seconds_per_line:.3g} s/line" for r in found.engines)
        unavailable = f"; not installed: {', '.join(found.missing)}" if found.missing else ""
        return run.measurement(outcome, RULE, f"{why}; measured on {found.lines} lines (the "
                               f"model on {found.model_lines}): {measured}{unavailable}",
                               "model_cer")


def _aspects(claim: ClaimSpec, results: Sequence[EngineResult], weights: str,
             device: str) -> list[Aspect]:
    model, baselines = results[0], {r.name: r for r in results[1:]}
    why_not = rules.gate(weights, accuracy=True, claimed_device=claim.device, device=device)
    named = [(name, _engine_for(name)) for name in claim.baselines]
    runnable = [(name, engine) for name, engine in named if engine in baselines]
    not_run = [name for name, engine in named if engine not in baselines]
    skipped = f" ({', '.join(not_run)} not run here)" if not_run else ""
    if named and not runnable:
        return [Aspect("baselines", Verdict.UNDETERMINED,
                       f"none of the named baselines runs here: {', '.join(not_run)}")]
    aspects = []
    for name, engine in runnable:
        base = baselines[engine]
        margin = 100.0 * (base.cer - model.cer)   # accuracy points: (1-CER) - (1-CER_base)
        shown = (f"model CER {model.cer:.1%} vs {base.name} {base.cer:.1%}: "
                 f"{margin:+.1f} points of character accuracy{skipped}")
        if claim.percent is not None:
            aspects.append(rules.stated(f"margin over {name}", claim.percent, margin, why_not,
                                        shown))
        else:
            aspects.append(rules.holds(f"outperforms {name}", model.cer < base.cer, shown,
                                       why_not))
    if not named and claim.percent is not None:
        metric, value = _absolute(claim.text, model)
        aspects.append(rules.stated(metric, claim.percent, value, why_not))
    if not aspects:
        shown = ", ".join(f"{r.name} CER {r.cer:.1%}" for r in results)
        aspects.append(rules.holds("accuracy", False, f"no number or runnable baseline to "
                                   f"compare with; measured {shown}", why_not or "nothing "
                                   "stated to compare"))
    return aspects


def _engine_for(name: str) -> str | None:
    lowered = name.lower()
    return next((engine for engine, aliases in ALIASES.items()
                 if any(alias in lowered for alias in aliases)), None)


def _absolute(text: str, model: EngineResult) -> tuple[str, float]:
    if re.search(r"\bCER\b|character error", text, re.IGNORECASE):
        return "model CER", 100.0 * model.cer
    if re.search(r"\bWER\b|word error", text, re.IGNORECASE):
        return "model WER", 100.0 * model.wer
    return "model character accuracy", 100.0 * (1.0 - model.cer)
