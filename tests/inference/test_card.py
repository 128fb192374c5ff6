"""Model-card checker: (pre-)training data from the card's datasets list."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import card
from inference.model_files import ModelFiles
from tests.inference.conftest import TROCR, claim, outcomes, seed


def test_listed_datasets_support_and_silence_never_refutes(tiny_ocr: ModelFiles) -> None:
    assert outcomes(card.check(claim("Its encoder was pre-trained on ImageNet-21k"),
                               tiny_ocr)) == [Verdict.SUPPORTED]
    assert outcomes(card.check(claim("Its encoder was pre-trained on LAION-5B"),
                               tiny_ocr)) == [Verdict.UNDETERMINED]
    assert outcomes(card.check(claim("Its encoder was pre-trained on ImageNet-21k"),
                               seed(TROCR))) == [Verdict.UNDETERMINED]
