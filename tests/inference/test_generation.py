"""Generation checker: defaults as generate() applies them."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import generation
from inference.model_files import ModelFiles
from tests.inference.conftest import FLUX_DEV, TROCR, claim, first, outcomes, seed

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_default_beams_from_the_file(tiny_ocr: ModelFiles) -> None:
    record = first(generation.check(claim("Decoding defaults to a beam width of 4"), tiny_ocr))
    assert (record.outcome, record.found, record.source_file) == (S, 4, "generation_config.json")
    assert outcomes(generation.check(claim("By default it keeps 6 beams"), tiny_ocr)) == [R]


def test_unset_fields_take_the_library_default() -> None:
    record = first(generation.check(claim("By default it keeps 3 beams"), seed(TROCR)))
    assert (record.outcome, record.found) == (R, 1)
    assert "library default" in record.explanation
    assert outcomes(generation.check(claim("Beam search is on by default"), seed(TROCR))) == [R]


def test_cache_and_length_defaults(tiny_ocr: ModelFiles) -> None:
    assert outcomes(generation.check(claim("A KV cache is used by default"), tiny_ocr)) == [S]
    assert outcomes(generation.check(claim("A KV cache is used by default"), seed(TROCR))) == [R]
    assert outcomes(generation.check(claim("The default max length is 64"), tiny_ocr)) == [S]
    assert outcomes(generation.check(claim("It decodes up to 128 tokens"), tiny_ocr)) == [S]


def test_values_not_presented_as_defaults_are_undetermined() -> None:
    assert outcomes(generation.check(claim("It can decode with beam width 8"), seed(TROCR))) == [U]
    assert outcomes(generation.check(claim("It decodes up to 300 tokens"), seed(TROCR))) == [U]
    assert outcomes(generation.check(claim("By default it keeps 3 beams"), seed(FLUX_DEV))) == [U]
