"""Diffusion checker: scheduler, guidance embedding, steps, output size."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import diffusion
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


def test_scheduler(tiny_diffusion: ModelFiles) -> None:
    dev = seed(FLUX_DEV)
    assert outcomes(diffusion.check(claim("Sampling uses an Euler scheduler"), dev)) == [S]
    assert outcomes(diffusion.check(claim("Sampling uses a DDIM scheduler"), dev)) == [R]
    assert outcomes(diffusion.check(claim("Sampling uses a DDIM scheduler"), tiny_diffusion)) == [S]
    assert outcomes(diffusion.check(claim("It is trained with flow matching"), dev)) == [S]
    assert outcomes(diffusion.check(claim("It is trained with flow matching"),
                                    tiny_diffusion)) == [U]


def test_guidance_embedding(tiny_diffusion: ModelFiles) -> None:
    record = first(diffusion.check(claim("It takes a guidance embedding"), seed(FLUX_DEV)))
    assert (record.outcome, record.source_file, record.found) == (
        S, "transformer/config.json", True)
    assert outcomes(diffusion.check(claim("It takes a guidance embedding"),
                                    seed(FLUX_SCHNELL))) == [R]
    assert outcomes(diffusion.check(claim("It takes a guidance embedding"),
                                    seed(FLUX_PRO))) == [U]


def test_steps_only_where_the_files_state_them(tiny_provider: ModelFiles) -> None:
    pro = seed(FLUX_PRO)
    assert outcomes(diffusion.check(claim("Renders in 40 steps"), pro)) == [S]
    assert outcomes(diffusion.check(claim("Renders in 60-80 steps"), pro)) == [R]
    assert outcomes(diffusion.check(claim("Renders in 2-6 steps"), pro)) == [U]
    assert outcomes(diffusion.check(claim("Renders in 2-6 steps"), tiny_provider)) == [S]
    assert outcomes(diffusion.check(claim("Renders in 2-6 steps"), seed(FLUX_SCHNELL))) == [U]
    assert outcomes(diffusion.check(claim("Renders in 2-6 steps"), seed(TROCR))) == [U]


def test_output_size(tiny_provider: ModelFiles) -> None:
    assert outcomes(diffusion.check(claim("Outputs up to 3MP"), seed(FLUX_PRO))) == [R]
    assert outcomes(diffusion.check(claim("Outputs up to 1MP"), seed(FLUX_PRO))) == [S]
    assert outcomes(diffusion.check(claim("Outputs up to 3MP"), tiny_provider)) == [S]
