"""Preprocessing checker: the image processor as the library loads and runs it."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import preprocessing
from inference.model_files import ModelFiles
from tests.inference.conftest import FLUX_PRO, TROCR, claim, first, outcomes, seed

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_mean_and_std_against_the_real_file() -> None:
    files = seed(TROCR)
    record = first(preprocessing.check(claim("Pixels use mean=[0.5, 0.5, 0.5]"), files))
    assert (record.outcome, record.found, record.field) == (S, [0.5, 0.5, 0.5], "image_mean")
    assert outcomes(preprocessing.check(claim("It scales by std=[0.25, 0.25, 0.25]"),
                                        files)) == [R]


def test_mean_and_std_to_the_stated_decimals(tiny_ocr: ModelFiles) -> None:
    assert outcomes(preprocessing.check(claim("It uses mean=[0.49, 0.46, 0.41]"),
                                        tiny_ocr)) == [S]
    # one stated decimal covers 0.229: the claim is as precise as it says, no more
    assert outcomes(preprocessing.check(claim("It uses std=[0.2, 0.2, 0.2]"), tiny_ocr)) == [S]
    assert outcomes(preprocessing.check(claim("It uses std=[0.3, 0.3, 0.3]"), tiny_ocr)) == [R]


def test_resampling_filter_by_name() -> None:
    files = seed(TROCR)
    assert outcomes(preprocessing.check(claim("Images are resampled with a bilinear filter"),
                                        files)) == [S]
    assert outcomes(preprocessing.check(claim("Images are resampled with a bicubic filter"),
                                        files)) == [R]


def test_rgb_conversion_is_observed(tiny_ocr: ModelFiles) -> None:
    seed_record = first(preprocessing.check(claim("Grayscale scans get converted to RGB"),
                                            seed(TROCR)))
    assert seed_record.outcome is R and "grayscale test image" in seed_record.explanation
    assert outcomes(preprocessing.check(claim("Grayscale scans get converted to RGB"),
                                        tiny_ocr)) == [S]


def test_dataset_statistics_and_missing_files_are_undetermined() -> None:
    assert outcomes(preprocessing.check(claim("Pixels follow ImageNet statistics"),
                                        seed(TROCR))) == [U]
    assert outcomes(preprocessing.check(claim("Inputs are normalised first"),
                                        seed(FLUX_PRO))) == [U]
    assert outcomes(preprocessing.check(claim("Inputs are normalised first"),
                                        seed(TROCR))) == [S]
