"""The attribute table: one vocabulary shared by classification and the checkers."""

from __future__ import annotations

import importlib

from graph.claims.attributes import ATTRIBUTES, Family, contrast_spans, find_attributes


def test_every_family_has_a_checker_module() -> None:
    for family in Family:
        module = importlib.import_module(f"inference.checkers.{family.value}")
        assert callable(module.check)


def test_every_attribute_says_what_settles_it() -> None:
    names = [a.name for a in ATTRIBUTES]
    assert len(names) == len(set(names))
    assert all(a.settled_by and a.patterns for a in ATTRIBUTES)


def test_values_and_contrasts() -> None:
    found = [(m.attribute.name, m.value) for m in find_attributes(
        "A 6-layer decoder with 8 heads, unlike rivals with 24 layers")]
    assert found == [("num_layers", "6"), ("attention_heads", "8")]
    text = "Smaller than SDXL (2.6B parameters), while keeping 1B parameters"
    assert [text[a:b] for a, b in contrast_spans(text)] == ["than SDXL (2.6B parameters)"]
    assert [m.value for m in find_attributes(text)] == ["1B"]


def test_layer_normalisation_is_not_image_normalisation() -> None:
    assert find_attributes("applies layer normalization") == ()
    assert [m.attribute.name for m in find_attributes("images are normalised")] == [
        "do_normalize"]
