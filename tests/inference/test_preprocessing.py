"""Preprocessing checker: the image processor as the library loads and runs it."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from graph.claims.types import Verdict
from inference.checkers import preprocessing
from inference.model_files import ModelFiles, load_model_files
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


def test_the_image_processor_ships_with_the_model() -> None:
    record = first(preprocessing.check(
        claim("Preprocessing is encapsulated in the model's image processor"), seed(TROCR)))
    assert record.outcome is S and record.found == "ViTImageProcessorPil"
    assert outcomes(preprocessing.check(claim("It ships an image processor"),
                                        seed(FLUX_PRO))) == [U]


def test_padding_with_masks_is_observed(tmp_path: Path) -> None:
    text = "Implements dynamic padding with attention masking at the encoder level"
    resized = first(preprocessing.check(claim(text), seed(TROCR)))
    assert resized.outcome is R and resized.found == ["3x384x384"]
    assert "came out as 3x384x384" in resized.explanation
    # a detector's processor pads a batch to its largest image and returns the mask
    transformers: Any = importlib.import_module("transformers")
    folder = tmp_path / "acme__tiny-detector"
    transformers.DetrConfig(use_timm_backbone=False, use_pretrained_backbone=False,
                            backbone_config=transformers.ResNetConfig()).save_pretrained(folder)
    transformers.DetrImageProcessorPil(size={"shortest_edge": 64, "longest_edge": 128}
                                       ).save_pretrained(folder)
    padded = first(preprocessing.check(claim(text), load_model_files("acme/tiny-detector",
                                                                     [tmp_path])))
    assert padded.outcome is S and "pixel_mask" in str(padded.found)
    assert "DetrModel.forward takes pixel_mask" in padded.explanation
    text_side = claim("The decoder applies an attention mask to padded tokens")
    assert outcomes(preprocessing.check(text_side, seed(TROCR))) == [U]
