"""What a claim states: values, units, comparators, lists, names (pure, no model files)."""

from __future__ import annotations

import math

import pytest

from graph.claims.statement import (
    mask,
    negated,
    same_clause,
    spdx,
    stated_values,
    uncompared_values,
)


def _one(text: str) -> tuple[str, float, float, str, str]:
    [s] = [v for v in stated_values(text) if v.kind == "number"]
    return s.kind, s.lo, s.hi, s.unit, s.comparator


@pytest.mark.parametrize(("text", "lo", "hi", "unit", "op"), [
    ("a sliding window of 4,096 tokens", 4096, 4096, "token", "="),
    ("supports up to 32k tokens of context", 32000, 32000, "token", "max"),
    ("audio is resampled to 16 kHz", 16000, 16000, "Hz", "="),
    ("it reads 30-second windows", 30, 30, "s", "="),
    ("at most 8 key-value heads", 8, 8, "count", "<="),
    ("more than 100M parameters", 1e8, 1e8, "parameter", ">"),
    ("at least 12 layers", 12, 12, "count", ">="),
    ("between 7 and 7.5 billion parameters", 7e9, 7.5e9, "parameter", "range"),
    ("between 100 and 120 million parameters", 1e8, 1.2e8, "parameter", "range"),
    ("about 1.3 GB of weights", 1.3e9, 1.3e9, "byte", "~"),
    ("the VAE downsamples 8-fold", 8, 8, "ratio", "="),
    ("four times the hidden size", 4, 4, "ratio", "="),
    ("more than a billion parameters", 1e9, 1e9, "parameter", ">"),
    ("it processes 1,000 images per second", 1000, 1000, "rate", "="),
])
def test_numbers_with_units_and_comparators(text: str, lo: float, hi: float, unit: str,
                                            op: str) -> None:
    _, got_lo, got_hi, got_unit, got_op = _one(text)
    assert (got_lo, got_hi, got_unit, got_op) == (lo, hi, unit, op)


def test_a_k_suffix_may_mean_1024s() -> None:
    [s] = stated_values("a 32k context")
    assert s.thousands and s.lo == 32000


def test_lists_dimensions_and_bare_sequences() -> None:
    kinds = [(s.kind, s.values) for s in stated_values(
        "mean [0.485, 0.456, 0.406], 224x224 inputs, widths 320, 640, 1280, 1280")]
    assert kinds == [("list", (0.485, 0.456, 0.406)), ("dims", (224.0, 224.0)),
                     ("list", (320.0, 640.0, 1280.0, 1280.0))]
    assert [s.kind for s in stated_values("a base of 1,000,000")] == ["number"]


def test_names_licenses_activations_classes() -> None:
    names = [s.names[0] for s in stated_values(
        "MIT-licensed, uses SwiGLU activations and the DDIMScheduler")]
    assert names == ["license:mit", "activation:silu", "class:DDIMScheduler"]
    assert [s.names for s in stated_values("released under the CreativeML Open RAIL++-M "
                                           "license")] == [("license:openrail",)]
    # a license word without licensing context names no license
    assert stated_values("a MIT researcher built it") == []


def test_names_and_precisions_are_not_quantities() -> None:
    assert stated_values("Mistral 7B is quantized to 4-bit") == []
    assert stated_values("pre-trained on ImageNet-21k") == []


@pytest.mark.parametrize(("value", "expected"), [
    ("apache-2.0", "apache-2.0"), ("Apache License 2.0", "apache-2.0"), ("mit", "mit"),
    ("cc-by-nc-4.0", "cc-by-nc-4.0"), ("openrail++", "openrail"), ("other", None),
])
def test_spdx(value: str, expected: str | None) -> None:
    assert spdx(value) == expected


def test_negation_mask_clauses_and_uncompared_values() -> None:
    assert negated("embeddings are not tied") and not negated("embeddings are tied")
    assert mask("abc def", [(0, 3)]) == "    def"
    text = "resized to 384x384, converting to RGB"
    assert same_clause(text, (0, 7), (11, 18)) and not same_clause(text, (21, 31), (11, 18))
    assert uncompared_values("has 12 layers and 16 heads", [(4, 6)], "") == "16"
    assert math.isnan(stated_values("MIT-licensed")[0].lo)
