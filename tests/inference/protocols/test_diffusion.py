"""FLUX latency per step count, determinism and sizes, end to end on the tiny pipeline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.claims.types import Verdict
from inference.loaders import LoadedFlux
from inference.protocols.base import ProtocolCancelled
from inference.protocols.diffusion import DiffusionProtocol
from inference.protocols.spec import spec_from_text
from tests.inference.protocols.helpers import Progress, assert_plot, assert_progress, evidence


def test_diffusion_on_a_tiny_pipeline_informs_only(tiny_flux: LoadedFlux, tmp_path: Path,
                                                   progress: Progress) -> None:
    spec = spec_from_text("generates images in 1-4 inference steps, sub-second latency, "
                          "reproducible with a fixed seed at 64x64 and 72x72")
    assert spec is not None and spec.protocol == "diffusion"
    assert spec.aspects == {"steps", "latency", "determinism", "sizes"}
    m = DiffusionProtocol(steps=(1, 2), plots_dir=tmp_path).run(tiny_flux, spec, progress)
    n = m.numbers
    assert n["steps"] == "1,2,3,4" and n["sweep_size"] == "64x64"     # claimed steps added
    assert all(float(n[f"latency_s_steps_{s}"]) > 0 for s in (1, 2, 3, 4))
    assert n["deterministic"] is True and n["same_seed_max_abs_diff"] == 0.0
    assert float(n["other_seed_max_abs_diff"]) > 0                     # the seed matters
    assert n["finite"] is True and n["packing_unit"] == 16
    # FLUX rounds sizes down to multiples of 16: 72x72 comes out 64x64
    assert "72x72->64x64" in str(n["sizes_tried"])
    assert str(n["supported_sizes"]).split(",") == ["64x64", "96x64"]
    assert m.outcome is Verdict.UNDETERMINED and m.weights == "tiny"
    assert "tiny model" in m.explanation and "sizes" in m.explanation
    assert_plot(m.plot)
    assert_progress(progress.fractions)
    record, _ = evidence(m, spec)
    assert record.claimed == ["1–4", "64x64", "72x72", "≤ 1 s"]


def test_diffusion_stops_when_cancelled_inside_a_run(tiny_flux: LoadedFlux, tmp_path: Path,
                                                     cancelling: Callable[[int], Progress]
                                                     ) -> None:
    spec = spec_from_text("deterministic at a fixed seed", kind="diffusers")
    assert spec is not None
    progress = cancelling(2)
    with pytest.raises(ProtocolCancelled):
        DiffusionProtocol(steps=(4,), plots_dir=tmp_path).run(tiny_flux, spec, progress)
    assert progress.fractions[-1] < 1.0 and not list(tmp_path.glob("*.png"))
