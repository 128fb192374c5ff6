"""Line images, error rates and the real OCR engines (Tesseract, RapidOCR) as they run here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inference.ocr.engines import RapidOcrEngine, TesseractEngine, run_engine
from inference.ocr.lines import (
    FONTS,
    LINES,
    LinesUnavailable,
    available_fonts,
    builtin_lines,
    read_line_folder,
)
from inference.ocr.metrics import edit_distance, error_rates


def test_error_rates() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert error_rates(["the cat sat"], ["the cat sat"]) == (0.0, 0.0)
    cer, wer = error_rates(["the cat", "a dog"], ["the bat", ""])
    assert cer == pytest.approx(6 / 12) and wer == pytest.approx(3 / 4)
    with pytest.raises(ValueError):
        error_rates(["a"], [])


def test_builtin_lines_render_with_debian_handwriting_fonts(lines_dir: Path) -> None:
    from PIL import Image

    fonts = available_fonts()
    assert len(fonts) == len(FONTS), "install: " + " ".join(sorted(FONTS.values()))
    samples = builtin_lines(lines_dir)
    assert [s.text for s in samples] == list(LINES) and len(samples) >= 20
    assert {s.font for s in samples} == {f.name for f in fonts}
    with Image.open(samples[0].image) as image:
        assert image.mode == "L" and image.width > 3 * image.height
        darkest, lightest = image.getextrema()
        assert darkest < 64 and lightest == 255                                # ink on white
    assert builtin_lines(lines_dir, limit=3) == samples[:3]                  # reused


def test_a_users_folder_with_transcripts(lines_dir: Path, tmp_path: Path) -> None:
    samples = builtin_lines(lines_dir, limit=3)
    same_name = tmp_path / "same-name"
    same_name.mkdir()
    for index, sample in enumerate(samples):
        shutil.copy(sample.image, same_name / f"page{index}.png")
        suffix = ".gt.txt" if index == 0 else ".txt"
        (same_name / f"page{index}{suffix}").write_text(sample.text + "\n")
    (same_name / "stray.png").write_bytes(samples[0].image.read_bytes())    # no transcript
    assert [s.text for s in read_line_folder(same_name)] == [s.text for s in samples]
    table = tmp_path / "table"
    table.mkdir()
    shutil.copy(samples[1].image, table / "a.png")
    (table / "transcripts.tsv").write_text(f"a.png\t{samples[1].text}\nmissing.png\tx\n")
    assert [(s.image.name, s.text) for s in read_line_folder(table)] == [("a.png",
                                                                          samples[1].text)]
    with pytest.raises(LinesUnavailable):
        read_line_folder(tmp_path / "table" / "..")


def test_tesseract_and_rapidocr_read_the_lines_offline(lines_dir: Path) -> None:
    samples = builtin_lines(lines_dir, limit=6)
    tesseract, rapidocr = TesseractEngine(), RapidOcrEngine()
    assert tesseract.version().startswith(("4.", "5."))
    assert "recognition only" in rapidocr.version()
    steps: list[int] = []
    for engine in (tesseract, rapidocr):
        result = run_engine(engine, samples, steps.append)
        assert result.lines == 6 and len(result.texts) == 6
        assert 0.0 <= result.cer < 0.5 and 0.0 <= result.wer <= 1.0   # real engines, real text
        assert result.seconds_per_line > 0
    assert steps == [0, 1, 2, 3, 4, 5] * 2
