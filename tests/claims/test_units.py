"""Units: the one place numbers, units and ranges in claims are read and compared."""

from __future__ import annotations

import math

import pytest

from graph.claims.units import (
    agreement,
    find_dimensions,
    find_number_lists,
    find_quantities,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "lo", "hi", "unit", "approx"),
    [
        ("~2.1GB", 2.1e9, 2.1e9, "byte", True),
        ("640MB", 640e6, 640e6, "byte", False),
        ("7B", 7e9, 7e9, "count", False),
        ("70B-parameter", 70e9, 70e9, "count", False),
        ("1.5 billion", 1.5e9, 1.5e9, "count", False),
        ("125M", 125e6, 125e6, "count", False),
        ("3-5x", 3.0, 5.0, "ratio", False),
        ("2-8 steps", 2.0, 8.0, "step", False),
        ("10–20%", 10.0, 20.0, "percent", False),
        ("about 40%", 40.0, 40.0, "percent", True),
        ("$1.25e-5", 1.25e-5, 1.25e-5, "usd", False),
        ("$0.03", 0.03, 0.03, "usd", False),
        ("2MP", 2e6, 2e6, "pixel", False),
        ("500+", 500.0, math.inf, "count", False),
    ],
)
def test_parse_quantity(text: str, lo: float, hi: float, unit: str, approx: bool) -> None:
    q = parse_quantity(text)
    assert (q.lo, q.hi, q.unit, q.approx) == (lo, hi, unit, approx)


@pytest.mark.parametrize("text", ["trained on ImageNet-1k", "beats GPT-4 and Llama 3", "uses fp16",
                                  "a ResNet-50 backbone", "scores 61/100", "Stable Diffusion 2"])
def test_numbers_inside_names_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_a_count_after_a_capitalised_word_is_still_a_quantity() -> None:
    assert [q.lo for q in find_quantities("Has 6 layers")] == [6.0]


def test_dimensions_and_number_lists() -> None:
    assert [(d.width, d.height) for d in find_dimensions("crops 224x224, 14 × 14 patches")] == [
        (224, 224), (14, 14)]
    assert find_dimensions("a 224x224 image")[0].start == 2
    assert find_number_lists("std = [0.5, 0.25]") == [("std", (0.5, 0.25))]
    assert find_number_lists("mean=[a, b]") == []
    assert find_quantities("beam width 3")[0].lo == 3.0


def test_plain_counts_are_exact() -> None:
    assert agreement(parse_quantity("6"), 6)[0]
    assert not agreement(parse_quantity("6"), 7)[0]


def test_stated_digits_set_the_rounding() -> None:
    assert agreement(parse_quantity("7B"), 7.4e9)[0]
    assert not agreement(parse_quantity("7B"), 7.6e9)[0]
    assert agreement(parse_quantity("6.7B"), 6.74e9)[0]
    assert not agreement(parse_quantity("6.7B"), 6.9e9)[0]


def test_approximate_numbers_allow_fifteen_percent() -> None:
    ok, rule = agreement(parse_quantity("~2.0GB"), 2.25e9)
    assert ok and "±15%" in rule
    assert not agreement(parse_quantity("~2.0GB"), 2.6e9)[0]
    assert not agreement(parse_quantity("2.0GB"), 2.25e9)[0]


def test_bytes_may_be_read_in_powers_of_1024() -> None:
    # 1.07e9 bytes is 1 GiB: "1GB" written loosely for it is not refuted
    ok, rule = agreement(parse_quantity("1GB"), 2**30)
    assert ok and "1024" in rule
    assert not agreement(parse_quantity("1.0GiB"), 1.2e9)[0]


def test_ranges_cover_their_ends() -> None:
    assert agreement(parse_quantity("2-8 steps"), 8)[0]
    assert not agreement(parse_quantity("2-8 steps"), 9)[0]
    assert agreement(parse_quantity("500+"), 10_000)[0]
