"""Licensing checker: model card front matter and provider cards."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import licensing
from inference.model_files import ModelFiles
from tests.inference.conftest import (
    FLUX_DEV,
    FLUX_PRO,
    FLUX_SCHNELL,
    TROCR,
    claim,
    first,
    outcomes,
    seed,
)

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_license_names() -> None:
    assert outcomes(licensing.check(claim("Ships under the MIT license"), seed(TROCR))) == [S]
    record = first(licensing.check(claim("Ships under the Apache 2.0 license"), seed(TROCR)))
    assert (record.outcome, record.found, record.source_file) == (R, ["mit"], "README.md")
    assert outcomes(licensing.check(claim("Ships under the Apache 2.0 license"),
                                    seed(FLUX_SCHNELL))) == [S]
    # a custom license name is compared, never refuted by a guess
    assert outcomes(licensing.check(claim("Ships under the Acme Research license"),
                                    seed(FLUX_DEV))) == [U]
    assert outcomes(licensing.check(claim("Ships under the MIT license"), seed(FLUX_PRO))) == [U]


def test_commercial_use() -> None:
    assert outcomes(licensing.check(claim("Allowed in commercial products"),
                                    seed(FLUX_DEV))) == [R]
    assert outcomes(licensing.check(claim("Allowed in commercial products"),
                                    seed(FLUX_SCHNELL))) == [S]
    assert outcomes(licensing.check(claim("Limited to non-commercial use"), seed(FLUX_DEV))) == [S]
    assert outcomes(licensing.check(claim("Allowed in commercial products"),
                                    seed(FLUX_PRO))) == [U]


def test_commercial_use_of_an_nc_license(tiny_diffusion: ModelFiles) -> None:
    assert outcomes(licensing.check(claim("Fine for commercial use"), tiny_diffusion)) == [R]


def test_weights_and_access() -> None:
    assert outcomes(licensing.check(claim("An open-weight release"), seed(FLUX_DEV))) == [S]
    record = first(licensing.check(claim("An open-weight release"), seed(FLUX_PRO)))
    assert (record.outcome, record.found) == (R, "not published")
    assert outcomes(licensing.check(claim("It is API-only"), seed(FLUX_PRO))) == [S]
    assert outcomes(licensing.check(claim("It is API-only"), seed(TROCR))) == [R]
    assert outcomes(licensing.check(claim("Requests need an API key"), seed(FLUX_PRO))) == [S]
    assert outcomes(licensing.check(claim("Requests need an API key"), seed(TROCR))) == [U]


def test_gating(tiny_ocr: ModelFiles) -> None:
    assert outcomes(licensing.check(claim("Downloads are gated"), seed(FLUX_DEV))) == [S]
    assert outcomes(licensing.check(claim("Downloads are gated"), tiny_ocr)) == [R]
    assert outcomes(licensing.check(claim("Downloads are gated"), seed(FLUX_SCHNELL))) == [U]
