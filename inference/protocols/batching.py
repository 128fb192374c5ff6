"""Batched vs one-at-a-time throughput of an image-to-text model (TrOCR).

The same line images go through `generate` one at a time and in batches of each size of
the sweep; images per second for each, the ratio of the best batched throughput to the
sequential one, and whether every image's generated tokens are the same either way.
A PNG plots images/s against batch size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.claims.types import Verdict
from inference.plots import save_sweep
from inference.protocols import rules, trocr_run
from inference.protocols.base import (
    CancelledFn,
    Measurement,
    Number,
    ProgressFn,
    Tracker,
    default_plots_dir,
    environment,
)
from inference.protocols.spec import ClaimSpec

RULE = ("throughput: SUPPORTED if the ratio of the best batched images/s to one-at-a-time "
        "images/s agrees with the claimed ratio (graph.claims.units.agreement: the stated "
        "digits' rounding, ±15% for '~'), REFUTED if it lies outside; with no number, "
        "SUPPORTED if batching is faster by more than 5%. agreement: SUPPORTED if every "
        "image's generated tokens are identical batched and one at a time, REFUTED if "
        "not (real weights only: it stands for accuracy). Structural claims may be decided "
        "on the full-size architecture with random weights, never on a tiny model; a claim "
        "naming a GPU or a CPU is decided only on that hardware.")


@dataclass
class BatchingProtocol:
    """Sweep `batch_sizes` over `images` line images (default: twice the largest batch)."""

    batch_sizes: tuple[int, ...] = (1, 2, 4, 8)
    images: int | None = None
    max_new_tokens: int = 16
    rounds: int = 2
    plots_dir: Path | None = None
    lines_dir: Path | None = None
    name: str = field(default="batching", init=False)

    def run(self, loaded: Any, claim: ClaimSpec, progress: ProgressFn,
            cancelled: CancelledFn) -> Measurement:
        tracker = Tracker(progress, cancelled)
        sizes = sorted({1, *self.batch_sizes})
        count = self.images or 2 * sizes[-1]
        fixed = loaded.weights_kind != "real"
        tracker.step(0.0, f"preparing {count} line images")
        samples = trocr_run.line_samples(count, self.lines_dir)
        pixel_values = trocr_run.pixels(loaded, [s.image for s in samples])
        model, tokens = loaded.model, self.max_new_tokens
        tracker.step(0.02, "warm-up")
        trocr_run.generate(model, pixel_values[:1], tokens, fixed)
        # every size is timed `rounds` times, in alternating order, and its best pass kept:
        # load on the machine only ever slows a pass, so the best is the least disturbed
        passes: dict[int, list[float]] = {size: [] for size in sizes}
        outputs: dict[int, list[tuple[int, ...]]] = {}
        total_runs, done = self.rounds * sum(-(-count // b) for b in sizes), 0
        for round_number in range(self.rounds):
            for size in sizes if round_number % 2 == 0 else sizes[::-1]:
                elapsed, rows = 0.0, []
                for start in range(0, count, size):
                    tracker.step(0.05 + 0.9 * done / total_runs,
                                 f"pass {round_number + 1}, batch size {size}: images "
                                 f"{start + 1}-{min(count, start + size)}")
                    ids, seconds = trocr_run.timed_generate(
                        model, pixel_values[start:start + size], tokens, fixed)
                    elapsed += seconds
                    rows += trocr_run.sequences(model, ids)
                    done += 1
                passes[size].append(count / elapsed)
                outputs.setdefault(size, rows)
        tracker.step(0.96, "plotting")
        measurement = self._measure(loaded, claim, passes, outputs, count, fixed)
        tracker.done("batching measured")
        return measurement

    def _measure(self, loaded: Any, claim: ClaimSpec, passes: dict[int, list[float]],
                 outputs: dict[int, list[tuple[int, ...]]], count: int,
                 fixed: bool) -> Measurement:
        per_second = {size: max(rates) for size, rates in passes.items()}
        sizes = sorted(per_second)
        batched = [s for s in sizes if s > 1] or sizes
        best = max(batched, key=lambda s: per_second[s])
        ratio = per_second[best] / per_second[1]
        same = [all(outputs[s][i] == outputs[1][i] for s in sizes) for i in range(count)]
        fraction = sum(same) / count
        numbers: dict[str, Number] = {
            "images": count, "batch_sizes": ",".join(map(str, sizes)),
            "max_new_tokens": self.max_new_tokens, "fixed_length": fixed,
            "sequential_images_per_s": round(per_second[1], 4), "best_batch_size": best,
            "throughput_ratio": round(ratio, 4), "outputs_agree": fraction == 1.0,
            "agreement_fraction": round(fraction, 4), "parameters": loaded.parameters}
        numbers.update({f"images_per_s_batch_{s}": round(per_second[s], 4) for s in sizes})
        numbers.update({f"passes_batch_{s}": ",".join(f"{r:.4g}" for r in passes[s])
                        for s in sizes})
        numbers["rounds"] = self.rounds
        plot = save_sweep(self.plots_dir or default_plots_dir(), "batching", sizes,
                          {"images/s": [per_second[s] for s in sizes]},
                          xlabel="batch size", ylabel="images per second", log2_x=True,
                          title=f"TrOCR throughput by batch size ({loaded.weights_kind}, "
                                f"{loaded.device})")
        aspects = []
        if "throughput" in claim.aspects:
            why_not = rules.gate(loaded.weights_kind, accuracy=False,
                                 claimed_device=claim.device, device=loaded.device)
            shown = (f"best batch size {best}: {per_second[best]:.3g} images/s vs "
                     f"{per_second[1]:.3g} one at a time on {loaded.device}")
            if claim.ratio is not None:
                aspects.append(rules.stated("throughput ratio", claim.ratio, ratio, why_not,
                                            shown))
            else:
                aspects.append(rules.holds("batched faster", ratio > 1.05,
                                           f"ratio {rules.ratio_text(ratio)}; {shown}", why_not))
        if "agreement" in claim.aspects:
            why_not = rules.gate(loaded.weights_kind, accuracy=True,
                                 claimed_device=claim.device, device=loaded.device)
            aspects.append(rules.holds(
                "outputs agree", fraction == 1.0,
                f"{sum(same)} of {count} images give identical tokens batched and one at a "
                "time", why_not))
        outcome, why = rules.decide(aspects, loaded.weights_kind)
        return Measurement(self.name, numbers, environment(loaded.device), loaded.weights_kind,
                           outcome if aspects else Verdict.UNDETERMINED, RULE, why, plot,
                           loaded.source, "throughput_ratio", loaded.notes)
