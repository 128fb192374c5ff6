"""Architecture checker: numbers and features read through AutoConfig and diffusers configs."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import architecture
from inference.model_files import ModelFiles
from tests.inference.conftest import FLUX_DEV, FLUX_PRO, TROCR, claim, first, outcomes, seed

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_numbers_of_the_named_part_are_supported() -> None:
    files = seed(TROCR)
    assert outcomes(architecture.check(claim("Its vision encoder stacks 12 layers"), files)) == [S]
    assert outcomes(architecture.check(claim("The text decoder has 16 attention heads"),
                                       files)) == [S]
    record = first(architecture.check(claim("A decoder with a hidden size of 1024"), files))
    assert (record.field, record.found, record.source_file) == (
        "decoder.d_model", 1024, "config.json")
    assert record.libraries["transformers"] and record.weights == "metadata"


def test_wrong_numbers_are_refuted() -> None:
    files = seed(TROCR)
    assert outcomes(architecture.check(claim("Its vision encoder stacks 24 layers"), files)) == [R]
    assert outcomes(architecture.check(claim("It slices inputs into 32x32 patches"), files)) == [R]


def test_image_size_is_read_from_the_config_and_the_processor() -> None:
    records = architecture.check(claim("It takes 384x384 input images"), seed(TROCR))
    assert {(r.source_file, r.outcome) for r in records or []} == {
        ("config.json", S), ("preprocessor_config.json", S)}


def test_a_number_with_no_part_named_is_ambiguous_when_parts_differ() -> None:
    records = architecture.check(claim("The network uses 1024 hidden units"), seed(TROCR))
    assert outcomes(records) == [U]
    assert "does not say which part" in first(records).explanation
    # ... and supported when every part agrees
    assert outcomes(architecture.check(claim("The model has 12 layers"), seed(TROCR))) == [S]


def test_size_names_and_features() -> None:
    files = seed(TROCR)
    assert outcomes(architecture.check(claim("The image side is a ViT-large"), files)) == [R]
    assert outcomes(architecture.check(claim("The image side is a ViT-base"), files)) == [S]
    assert outcomes(architecture.check(claim("Text comes from an autoregressive decoder"),
                                       files)) == [S]
    assert outcomes(architecture.check(claim("It is an encoder-decoder model"), files)) == [S]


def test_tiny_model_folder(tiny_ocr: ModelFiles) -> None:
    assert outcomes(architecture.check(claim("Its encoder has 2 layers"), tiny_ocr)) == [S]
    assert outcomes(architecture.check(claim("Its decoder has 2 layers"), tiny_ocr)) == [R]
    assert outcomes(architecture.check(claim("It reads 64x64 images"), tiny_ocr)) == [S, S]


def test_diffusers_components_and_provider_cards(tiny_diffusion: ModelFiles) -> None:
    dev = seed(FLUX_DEV)
    assert outcomes(architecture.check(claim("The T5 text encoder has 24 layers"), dev)) == [S]
    assert outcomes(architecture.check(claim("The transformer has 57 layers"), dev)) == [S]
    assert outcomes(architecture.check(claim("The transformer has 40 layers"), dev)) == [R]
    assert outcomes(architecture.check(claim("The text encoder has 12 layers"), dev)) == [U]
    assert outcomes(architecture.check(claim("The transformer has 3 layers"),
                                       tiny_diffusion)) == [S]
    assert outcomes(architecture.check(claim("It has 19 layers"), seed(FLUX_PRO))) == [U]
    assert architecture.check(claim("It is priced per image"), dev) is None
