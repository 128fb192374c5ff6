"""Parameter checker: meta-device counts after tie_weights(), sizes per precision."""

from __future__ import annotations

import importlib
from typing import Any

from graph.claims.types import Verdict
from inference import loaders
from inference.checkers import parameters
from inference.model_files import ModelFiles
from tests.inference.conftest import (
    FLUX_DEV,
    FLUX_PRO,
    FLUX_SCHNELL,
    TROCR,
    TROCR_PARAMETERS,
    claim,
    first,
    outcomes,
    seed,
)

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_counts_match_the_known_totals() -> None:
    assert loaders.parameter_count(str(seed(TROCR).folder)) == TROCR_PARAMETERS
    assert loaders.parameter_count(str(seed(FLUX_DEV).folder), "transformer") == 11_901_408_320
    assert loaders.parameter_count(str(seed(FLUX_SCHNELL).folder), "transformer") == (
        11_891_178_560)


def test_count_matches_a_real_instantiation(tiny_diffusion: ModelFiles) -> None:
    diffusers: Any = importlib.import_module("diffusers")
    config = loaders.diffusers_config(str(tiny_diffusion.folder), "transformer")
    model = diffusers.FluxTransformer2DModel.from_config(config)
    real = sum(p.numel() for p in model.parameters())
    assert loaders.parameter_count(str(tiny_diffusion.folder), "transformer") == real


def test_parameter_claims() -> None:
    files = seed(TROCR)
    record = first(parameters.check(claim("A compact 334M-parameter model"), files))
    assert (record.outcome, record.found) == (S, TROCR_PARAMETERS)
    assert "tie_weights" in record.rule and record.libraries["torch"]
    assert outcomes(parameters.check(claim("A compact 385M-parameter model"), files)) == [R]
    assert outcomes(parameters.check(claim("The decoder holds about 250M parameters"),
                                     files)) == [S]


def test_sizes_need_a_precision() -> None:
    files = seed(TROCR)
    assert outcomes(parameters.check(claim("Its checkpoint is ~670MB in fp16"), files)) == [S]
    assert outcomes(parameters.check(claim("Its checkpoint is ~900MB in fp16"), files)) == [R]
    assert outcomes(parameters.check(claim("Its checkpoint is ~670MB"), files)) == [U]
    assert parameters.check(claim("It needs 8GB of memory"), files) is None   # a measurement


def test_pipelines_read_the_denoiser_or_the_whole_pipeline() -> None:
    record = first(parameters.check(claim("A 12B-parameter model"), seed(FLUX_DEV)))
    assert record.outcome is S and "denoiser" in str(record.field)
    assert outcomes(parameters.check(claim("About 17B parameters in all"), seed(FLUX_DEV))) == [S]
    assert outcomes(parameters.check(claim("A 20B-parameter model"), seed(FLUX_DEV))) == [R]
    assert outcomes(parameters.check(claim("A 12B-parameter model"), seed(FLUX_PRO))) == [U]
