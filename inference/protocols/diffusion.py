"""A diffusion pipeline (FLUX) run as a user runs it: latency per step count, determinism
at a fixed seed, and which output sizes it really produces.

- latency: one image per step count of the sweep (after a warm-up), seconds each; a PNG
  plots seconds against steps;
- determinism: the first step count twice with the same seed (identical pixels?) and once
  with another seed (different pixels?);
- sizes: one 1-step image per size; a size is supported when the image has exactly the
  requested width and height (FLUX silently rounds sizes down to a multiple of 2 x the
  VAE's scale factor: 16 for FLUX.1).
"""

from __future__ import annotations

import math
import time
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inference.libraries import load
from inference.plots import save_sweep
from inference.protocols import rules
from inference.protocols.base import (
    Control,
    Measurement,
    Number,
    Protocol,
    Run,
    Tracker,
    default_plots_dir,
    environment,
)
from inference.protocols.diffusion_rules import RULE, aspects_for
from inference.protocols.spec import ClaimSpec

Size = tuple[int, int]   # (width, height)


@dataclass
class DiffusionProtocol(Protocol):
    """`sweep_size` defaults to the claim's first size, else 4 x 4 packing units on a tiny
    model and the pipeline's default size otherwise; `sizes` to the claim's sizes plus
    three small ones around the packing unit (two multiples, one not)."""

    steps: tuple[int, ...] = (1, 2, 4, 8)
    sweep_size: Size | None = None
    sizes: tuple[Size, ...] | None = None
    seed: int = 0
    prompt: str = "a photo of a red bicycle leaning on a wall"
    plots_dir: Path | None = None
    name: str = field(default="diffusion", init=False)

    def run_key(self, claim: ClaimSpec) -> Hashable:
        return claim.dimensions, tuple(_claimed_steps(claim))

    def collect(self, loaded: Any, claim: ClaimSpec, control: Control) -> Run:
        tracker = Tracker(control)
        pipe = loaded.pipeline
        unit = 2 * int(pipe.vae_scale_factor)
        sweep = self.sweep_size or (claim.dimensions[0] if claim.dimensions else None) or (
            (4 * unit, 4 * unit) if loaded.weights_kind == "tiny"
            else (pipe.default_sample_size * pipe.vae_scale_factor,) * 2)
        steps = sorted(set(self.steps) | set(_claimed_steps(claim)))
        sizes = list(dict.fromkeys([*claim.dimensions, *(self.sizes or (
            (4 * unit, 4 * unit), (6 * unit, 4 * unit), (4 * unit + unit // 2,) * 2))]))
        runs = 1 + len(steps) + 2 + len(sizes)
        call = _Caller(pipe, self.prompt, loaded.device, tracker, runs)
        call(sweep, steps[0], self.seed, "warm-up")
        latency: dict[int, float] = {}
        images: dict[int, Any] = {}
        for count in steps:
            start = time.perf_counter()
            images[count] = call(sweep, count, self.seed, f"{count} steps")
            latency[count] = time.perf_counter() - start
        again = call(sweep, steps[0], self.seed, "same seed again")
        other = call(sweep, steps[0], self.seed + 1, "another seed")
        first = images[steps[0]]
        numpy = load("numpy")
        same_diff = float(numpy.abs(first - again).max())
        other_diff = float(numpy.abs(first - other).max())
        produced: dict[Size, Size | str] = {}
        for width, height in sizes:
            try:
                image = call((width, height), 1, self.seed, f"size {width}x{height}")
                produced[(width, height)] = (int(image.shape[1]), int(image.shape[0]))
            except (ValueError, RuntimeError) as error:
                produced[(width, height)] = f"error: {error}"[:120]
        numbers: dict[str, Number] = {
            "sweep_size": f"{sweep[0]}x{sweep[1]}", "steps": ",".join(map(str, steps)),
            "seed": self.seed, "deterministic": same_diff == 0.0,
            "same_seed_max_abs_diff": same_diff, "other_seed_max_abs_diff": other_diff,
            "packing_unit": unit, "parameters": loaded.parameters,
            "finite": all(bool(numpy.isfinite(i).all()) for i in images.values()),
            "sizes_tried": ",".join(f"{w}x{h}->{_size_text(p)}" for (w, h), p in produced.items()),
            "supported_sizes": ",".join(f"{w}x{h}" for (w, h), p in produced.items()
                                        if p == (w, h))}
        numbers.update({f"latency_s_steps_{n}": round(latency[n], 5) for n in steps})
        tracker.step(0.97, "plotting")
        plot = save_sweep(self.plots_dir or default_plots_dir(), "diffusion-latency", steps,
                          {"seconds per image": [latency[n] for n in steps]},
                          xlabel="inference steps", ylabel="seconds per image",
                          title=f"FLUX latency by steps at {sweep[0]}x{sweep[1]} "
                                f"({loaded.weights_kind}, {loaded.device})")
        tracker.done("diffusion measured")
        return Run(self.name, numbers, environment(loaded.device), loaded.weights_kind,
                   loaded.device, loaded.source, loaded.notes, plot, (latency, produced))

    def judge(self, run: Run, claim: ClaimSpec) -> Measurement:
        latency, produced = run.details
        aspects = aspects_for(claim, run.numbers, latency, produced, run.weights, run.device)
        outcome, why = rules.decide(aspects, run.weights)
        return run.measurement(outcome, RULE, why, f"latency_s_steps_{min(latency)}")


class _Caller:
    """Runs the pipeline once per call (numpy output), reporting progress; a cancellation
    interrupts the denoising loop at the next step."""

    def __init__(self, pipe: Any, prompt: str, device: str, tracker: Tracker,
                 runs: int) -> None:
        self.pipe, self.prompt, self.device = pipe, prompt, device
        self.tracker, self.runs, self.done = tracker, runs, 0

    def __call__(self, size: Size, steps: int, seed: int, message: str) -> Any:
        torch = load("torch")
        self.tracker.step(0.95 * self.done / self.runs, message)
        self.done += 1

        def interrupt(pipe: Any, step: int, timestep: Any, values: dict[str, Any]
                      ) -> dict[str, Any]:
            self.tracker.check()      # a stop raises out of the denoising loop
            return values

        generator = torch.Generator(device=self.device).manual_seed(seed)
        result = self.pipe(self.prompt, width=size[0], height=size[1], num_inference_steps=steps,
                           generator=generator, output_type="np",
                           callback_on_step_end=interrupt)
        self.tracker.check()
        return result.images[0]


def _claimed_steps(claim: ClaimSpec) -> list[int]:
    if claim.steps is None or math.isinf(claim.steps.hi):
        return []
    low, high = max(1, int(claim.steps.lo)), int(claim.steps.hi)
    return list(range(low, high + 1))[:8]


def _size_text(produced: Size | str) -> str:
    return produced if isinstance(produced, str) else f"{produced[0]}x{produced[1]}"
