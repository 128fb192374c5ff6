"""Batched vs one-at-a-time throughput of an image-to-text model (TrOCR).

The same line images go through `generate` one at a time and in batches of each size of
the sweep; images per second for each, the ratio of the best batched throughput to the
sequential one, and whether every image's generated tokens are the same either way.
Every size is timed in several passes so that a verdict can rest on passes that agree
(a 2-core machine shared with other work turns a 1.4x ratio into 3x in a single pass).
A PNG plots images/s against batch size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.claims.types import Verdict
from inference.machine import CpuClock
from inference.plots import save_sweep
from inference.protocols import rules, trocr_run
from inference.protocols.base import (
    Control,
    Measurement,
    Number,
    Protocol,
    Run,
    Tracker,
    default_plots_dir,
    environment,
    series,
)
from inference.protocols.spec import ClaimSpec

RULE = ("throughput: every batch size is timed in `rounds` passes (alternating order); a "
        "pass's ratio is its best batched images/s over its one-at-a-time images/s. The "
        "median pass decides when the passes are consistent (the largest ratio at most 1.25 "
        "times the smallest), else UNDETERMINED: a stated ratio is SUPPORTED if the median "
        "agrees with it (graph.claims.units.agreement: the stated digits' rounding, ±15% "
        "for '~'), REFUTED if not; with no number, batching must be faster by more than 5%. "
        "agreement: SUPPORTED if "
        "every image's generated tokens are identical batched and one at a time, REFUTED if "
        "not (real weights only: it stands for accuracy). Structural claims may be decided "
        "on the full-size architecture with random weights, never on a tiny model; a claim "
        "naming a GPU or a CPU is decided only on that hardware.")


@dataclass(frozen=True)
class _Timings:
    """Images/s of every batch size in every pass, and how many images agreed."""

    passes: dict[int, list[float]]
    agreeing: int
    count: int

    @property
    def per_second(self) -> dict[int, float]:
        """Each size's best pass: load only ever slows a pass, the best is the least
        disturbed."""
        return {size: max(rates) for size, rates in self.passes.items()}

    def best_batched(self) -> int:
        rates = self.per_second
        batched = [s for s in sorted(rates) if s > 1] or sorted(rates)
        return max(batched, key=lambda s: rates[s])

    def pass_ratios(self) -> list[float]:
        """Each pass's best batched images/s over its own one-at-a-time images/s."""
        rounds = len(self.passes[1])
        batched = [s for s in self.passes if s > 1] or [1]
        return [max(self.passes[s][r] for s in batched) / self.passes[1][r]
                for r in range(rounds)]


@dataclass
class BatchingProtocol(Protocol):
    """Sweep `batch_sizes` over `images` line images (default: twice the largest batch),
    `rounds` times."""

    batch_sizes: tuple[int, ...] = (1, 2, 4, 8)
    images: int | None = None
    max_new_tokens: int = 16
    rounds: int = 3
    plots_dir: Path | None = None
    lines_dir: Path | None = None
    name: str = field(default="batching", init=False)

    def collect(self, loaded: Any, claim: ClaimSpec, control: Control) -> Run:
        tracker = Tracker(control)
        sizes = sorted({1, *self.batch_sizes})
        count = self.images or 2 * sizes[-1]
        fixed = loaded.weights_kind != "real"
        tracker.step(0.0, f"preparing {count} line images")
        samples = trocr_run.line_samples(count, self.lines_dir)
        pixel_values = trocr_run.pixels(loaded, [s.image for s in samples])
        model, tokens = loaded.model, self.max_new_tokens
        tracker.step(0.02, "warm-up")
        trocr_run.generate(model, pixel_values[:1], tokens, fixed, tracker.check)
        clock = CpuClock.now()
        passes: dict[int, list[float]] = {size: [] for size in sizes}
        outputs: dict[int, list[tuple[int, ...]]] = {}
        total_runs, done = self.rounds * sum(-(-count // b) for b in sizes), 0
        for round_number in range(self.rounds):
            for size in sizes if round_number % 2 == 0 else sizes[::-1]:
                elapsed, rows = 0.0, []
                for start in range(0, count, size):
                    tracker.step(0.05 + 0.9 * done / total_runs,
                                 f"pass {round_number + 1} of {self.rounds}, batch size "
                                 f"{size}: images {start + 1}-{min(count, start + size)}")
                    ids, seconds = trocr_run.timed_generate(
                        model, pixel_values[start:start + size], tokens, fixed, tracker.check)
                    elapsed += seconds
                    rows += trocr_run.sequences(model, ids)
                    done += 1
                passes[size].append(count / elapsed)
                outputs.setdefault(size, rows)
        agreeing = sum(all(outputs[s][i] == outputs[1][i] for s in sizes) for i in range(count))
        timings = _Timings(passes, agreeing, count)
        tracker.step(0.96, "plotting")
        run = Run(self.name, self._numbers(loaded, timings, fixed, clock),
                  environment(loaded.device), loaded.weights_kind, loaded.device,
                  loaded.source, loaded.notes, self._plot(loaded, timings), timings)
        tracker.done("batching measured")
        return run

    def judge(self, run: Run, claim: ClaimSpec) -> Measurement:
        timings: _Timings = run.details
        rates, best, ratios = timings.per_second, timings.best_batched(), timings.pass_ratios()
        aspects = []
        if "throughput" in claim.aspects:
            why_not = rules.gate(run.weights, accuracy=False, claimed_device=claim.device,
                                 device=run.device)
            shown = (f"best batch size {best}: {rates[best]:.3g} images/s vs {rates[1]:.3g} "
                     f"one at a time on {run.device}")
            if claim.ratio is not None:
                aspects.append(rules.stated_every("throughput ratio", claim.ratio, ratios,
                                                  why_not, shown))
            else:
                aspects.append(rules.holds_every("batched faster", lambda r: r > 1.05, ratios,
                                                 shown, why_not))
        if "agreement" in claim.aspects:
            why_not = rules.gate(run.weights, accuracy=True, claimed_device=claim.device,
                                 device=run.device)
            aspects.append(rules.holds(
                "outputs agree", timings.agreeing == timings.count,
                f"{timings.agreeing} of {timings.count} images give identical tokens batched "
                "and one at a time", why_not))
        outcome, why = rules.decide(aspects, run.weights)
        return run.measurement(outcome if aspects else Verdict.UNDETERMINED, RULE, why,
                               "throughput_ratio")

    def _numbers(self, loaded: Any, timings: _Timings, fixed: bool,
                 clock: CpuClock) -> dict[str, Number]:
        rates, best = timings.per_second, timings.best_batched()
        sizes = sorted(rates)
        numbers: dict[str, Number] = {
            "images": timings.count, "batch_sizes": ",".join(map(str, sizes)),
            "max_new_tokens": self.max_new_tokens, "fixed_length": fixed,
            "sequential_images_per_s": round(rates[1], 4), "best_batch_size": best,
            "throughput_ratio": round(rates[best] / rates[1], 4),
            "pass_ratios": series(timings.pass_ratios()),
            "outputs_agree": timings.agreeing == timings.count,
            "agreement_fraction": round(timings.agreeing / timings.count, 4),
            "parameters": loaded.parameters, "rounds": self.rounds}
        numbers.update({f"images_per_s_batch_{s}": round(rates[s], 4) for s in sizes})
        numbers.update({f"passes_batch_{s}": series(timings.passes[s])
                        for s in sizes})
        numbers.update(CpuClock.now().since(clock))
        return numbers

    def _plot(self, loaded: Any, timings: _Timings) -> str:
        rates = timings.per_second
        sizes = sorted(rates)
        return save_sweep(self.plots_dir or default_plots_dir(), "batching", sizes,
                          {"images/s": [rates[s] for s in sizes]},
                          xlabel="batch size", ylabel="images per second", log2_x=True,
                          title=f"TrOCR throughput by batch size ({loaded.weights_kind}, "
                                f"{loaded.device})")

