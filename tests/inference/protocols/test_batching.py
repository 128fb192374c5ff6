"""Batched vs one-at-a-time throughput, end to end on the tiny TrOCR."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.claims.types import Verdict
from inference.loaders import LoadedTrOCR
from inference.protocols.base import ProtocolCancelled
from inference.protocols.batching import BatchingProtocol
from inference.protocols.spec import spec_from_text
from tests.inference.protocols.helpers import Progress, assert_plot, assert_progress, evidence

CLAIM = "Achieves 2-3x higher throughput than sequential inference while maintaining accuracy"


def test_batching_on_a_tiny_model_informs_only(tiny_trocr: LoadedTrOCR, tmp_path: Path,
                                               lines_dir: Path, progress: Progress) -> None:
    spec = spec_from_text(CLAIM)
    assert spec is not None and spec.aspects == {"throughput", "agreement"}
    protocol = BatchingProtocol(batch_sizes=(1, 2, 4), max_new_tokens=6, plots_dir=tmp_path,
                                lines_dir=lines_dir)
    m = protocol.run(tiny_trocr, spec, progress, progress.cancelled)
    n = m.numbers
    assert n["images"] == 8 and n["batch_sizes"] == "1,2,4" and n["fixed_length"] is True
    for size in (1, 2, 4):
        assert float(n[f"images_per_s_batch_{size}"]) > 0
    assert n["throughput_ratio"] == pytest.approx(
        float(n[f"images_per_s_batch_{n['best_batch_size']}"]) / float(n["images_per_s_batch_1"]),
        rel=1e-3)
    assert n["outputs_agree"] is True and n["agreement_fraction"] == 1.0
    assert m.weights == "tiny" and m.outcome is Verdict.UNDETERMINED
    assert "tiny model" in m.explanation and "throughput ratio" in m.explanation
    assert "2–3 x" in m.explanation and "SUPPORTED if" in m.rule
    assert_plot(m.plot)
    assert Path(m.plot or "").parent == tmp_path
    assert_progress(progress.fractions)
    record, found = evidence(m, spec)
    assert record.field == "throughput_ratio" and record.claimed == ["2–3 x"]
    assert record.model == tiny_trocr.source and found["plot"] == m.plot


def test_batching_stops_when_cancelled(tiny_trocr: LoadedTrOCR, tmp_path: Path, lines_dir: Path,
                                       cancelling: Callable[[int], Progress]) -> None:
    spec = spec_from_text(CLAIM)
    assert spec is not None
    progress = cancelling(3)
    protocol = BatchingProtocol(batch_sizes=(1, 2), max_new_tokens=4, plots_dir=tmp_path,
                                lines_dir=lines_dir)
    with pytest.raises(ProtocolCancelled):
        protocol.run(tiny_trocr, spec, progress, progress.cancelled)
    assert progress.checks == 4 and progress.fractions[-1] < 1.0
    assert not list(tmp_path.glob("*.png"))


def test_weights_a_user_points_at_decide_the_claim(unmarked_trocr: LoadedTrOCR, tmp_path: Path,
                                                   lines_dir: Path, progress: Progress) -> None:
    spec = spec_from_text(CLAIM)
    assert spec is not None
    m = BatchingProtocol(batch_sizes=(1, 4), max_new_tokens=4, plots_dir=tmp_path,
                         lines_dir=lines_dir).run(unmarked_trocr, spec, progress,
                                                  progress.cancelled)
    assert m.numbers["fixed_length"] is False and m.weights == "real"
    assert m.outcome is not Verdict.UNDETERMINED
    assert "outputs agree: 8 of 8 images" in m.explanation
