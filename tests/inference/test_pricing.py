"""Pricing checker: provider cards only."""

from __future__ import annotations

from graph.claims.types import Verdict
from inference.checkers import pricing
from inference.model_files import ModelFiles
from tests.inference.conftest import FLUX_DEV, FLUX_PRO, claim, first, outcomes, seed

S, R, U = Verdict.SUPPORTED, Verdict.REFUTED, Verdict.UNDETERMINED


def test_free_tier(tiny_provider: ModelFiles) -> None:
    record = first(pricing.check(claim("Hobbyists get a free tier"), seed(FLUX_PRO)))
    assert (record.outcome, record.field, record.found) == (R, "pricing.free_tier", False)
    assert outcomes(pricing.check(claim("Hobbyists get a free tier"), tiny_provider)) == [S]
    assert outcomes(pricing.check(claim("Hobbyists get a free tier"), seed(FLUX_DEV))) == [U]


def test_paid_and_per_image() -> None:
    assert outcomes(pricing.check(claim("Access is through a paid API"), seed(FLUX_PRO))) == [S]
    assert outcomes(pricing.check(claim("Billing is per image"), seed(FLUX_PRO))) == [S]


def test_stated_prices(tiny_provider: ModelFiles) -> None:
    assert outcomes(pricing.check(claim("It costs $0.04 per image"), tiny_provider)) == [S]
    assert outcomes(pricing.check(claim("It costs $0.10 per image"), tiny_provider)) == [R]
    # credits per image are not stated, so a dollar price cannot be checked
    assert outcomes(pricing.check(claim("It costs $0.05 per image"), seed(FLUX_PRO))) == [U]
