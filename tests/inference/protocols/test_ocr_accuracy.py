"""OCR accuracy, end to end: the tiny TrOCR against Tesseract and RapidOCR, for real."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.claims.types import Verdict
from inference.loaders import LoadedTrOCR
from inference.ocr.lines import builtin_lines
from inference.protocols.base import ProtocolCancelled
from inference.protocols.ocr_accuracy import OcrAccuracyProtocol
from inference.protocols.spec import spec_from_text
from tests.inference.protocols.helpers import Progress, assert_progress, evidence

CLAIM = ("Outperforms traditional CNN-based OCR systems (Tesseract, EasyOCR) on handwritten "
         "text by 15-25% accuracy")


def test_an_accuracy_claim_on_tiny_weights_is_undetermined_with_the_baselines(
        tiny_trocr: LoadedTrOCR, lines_dir: Path, progress: Progress) -> None:
    spec = spec_from_text(CLAIM)
    assert spec is not None
    m = OcrAccuracyProtocol(limit=8, max_new_tokens=8, lines_dir=lines_dir).run(
        tiny_trocr, spec, progress)
    n = m.numbers
    assert n["lines"] == 8 and n["line_source"] == "built-in"
    for engine in ("model", "tesseract", "rapidocr"):
        assert float(n[f"{engine}_cer"]) >= 0.0 and float(n[f"{engine}_wer"]) >= 0.0
        assert float(n[f"{engine}_seconds_per_line"]) > 0
    assert float(n["tesseract_cer"]) < 0.5 and float(n["rapidocr_cer"]) < 0.5
    assert m.outcome is Verdict.UNDETERMINED and m.weights == "tiny"
    assert "never decided" in m.explanation or "tiny model" in m.explanation
    assert "tesseract: CER" in m.explanation and "rapidocr: CER" in m.explanation
    assert "EasyOCR not run here" in m.explanation
    assert_progress(progress.fractions)
    record, found = evidence(m, spec)
    assert record.field == "model_cer" and found["tesseract_version"]


def test_random_full_weights_never_decide_accuracy(random_full_trocr: LoadedTrOCR,
                                                   lines_dir: Path, progress: Progress) -> None:
    spec = spec_from_text("Reaches a CER of 3% on handwritten lines")
    assert spec is not None
    m = OcrAccuracyProtocol(limit=1, max_new_tokens=2, lines_dir=lines_dir).run(
        random_full_trocr, spec, progress)
    assert m.outcome is Verdict.UNDETERMINED and m.weights == "random-full"
    assert "accuracy is never decided on random weights" in m.explanation


def test_a_users_folder_and_an_unrunnable_baseline(tiny_trocr: LoadedTrOCR, lines_dir: Path,
                                                   tmp_path: Path, progress: Progress) -> None:
    for sample in builtin_lines(lines_dir, limit=2):
        shutil.copy(sample.image, tmp_path / sample.image.name)
        (tmp_path / sample.image.name).with_suffix(".txt").write_text(sample.text)
    spec = spec_from_text("Beats Kraken on handwritten OCR")
    assert spec is not None and spec.baselines == ("Kraken",)
    m = OcrAccuracyProtocol(lines_folder=tmp_path, max_new_tokens=4).run(
        tiny_trocr, spec, progress)
    assert m.numbers["lines"] == 2 and m.numbers["line_source"] == str(tmp_path)
    assert m.outcome is Verdict.UNDETERMINED
    assert "none of the named baselines runs here: Kraken" in m.explanation


def test_ocr_accuracy_stops_when_cancelled(tiny_trocr: LoadedTrOCR, lines_dir: Path,
                                           cancelling: Callable[[int], Progress]) -> None:
    spec = spec_from_text(CLAIM)
    assert spec is not None
    progress = cancelling(5)
    with pytest.raises(ProtocolCancelled):
        OcrAccuracyProtocol(limit=4, max_new_tokens=4, lines_dir=lines_dir).run(
            tiny_trocr, spec, progress)
    assert progress.fractions[-1] < 1.0


def test_weights_a_user_points_at_decide_the_claim(unmarked_trocr: LoadedTrOCR, lines_dir: Path,
                                                   progress: Progress) -> None:
    assert unmarked_trocr.weights_kind == "real"
    spec = spec_from_text(CLAIM)
    assert spec is not None
    m = OcrAccuracyProtocol(limit=3, max_new_tokens=4, lines_dir=lines_dir).run(
        unmarked_trocr, spec, progress)
    # these weights read nothing; Tesseract reads most characters: refuted, with the margin
    assert m.outcome is Verdict.REFUTED and m.weights == "real"
    assert "margin over Tesseract" in m.explanation and "EasyOCR not run here" in m.explanation
