"""Classify: general rules, each class on sentences written for these tests."""

from __future__ import annotations

import pytest

from graph.claims.classify import classify, explain
from graph.claims.types import ArtifactFacts, ClaimClass

OPEN = ArtifactFacts("acme-ocr", "acme-ocr", open_weights=True)
CLOSED = ArtifactFacts("acme-image-pro", "Acme Image Pro", open_weights=False)


@pytest.mark.parametrize("text", [
    "Its text decoder stacks 6 layers",
    "Uses 8 attention heads in every block",
    "Normalises pixels with std=[0.5, 0.5, 0.5]",
    "Has roughly 60M parameters",
    "Weighs ~240MB in fp32",
    "Released under the Apache 2.0 license",
    "Offers a free tier for hobbyists",
    "Defaults to a beam width of 5",
    "Uses a DDIM scheduler",
    "Supports 25 inference steps",
])
def test_stated_attribute_values_are_model_files(text: str) -> None:
    assert classify(text, OPEN) is ClaimClass.MODEL_FILES


@pytest.mark.parametrize("text", [
    "Reads receipts 3x faster than Tesseract",
    "Cuts character error rate by 12% on IAM",
    "Needs under 2GB of VRAM at batch size 8",
    "Hallucinates less than greedy decoding",
])
def test_performance_with_a_number_or_baseline_is_measurable(text: str) -> None:
    assert classify(text, OPEN) is ClaimClass.MEASURABLE


def test_performance_without_open_weights_is_external() -> None:
    assert classify("Renders text 2x faster than Imagen", CLOSED) is ClaimClass.EXTERNAL


@pytest.mark.parametrize("text", [
    "Shortens onboarding for developers by 3 days",
    "Reduces setup time by 45% for small teams",
    "Available as a quantized checkpoint on the Hugging Face Hub",
])
def test_people_and_unavailable_resources_are_external(text: str) -> None:
    assert classify(text, OPEN) is ClaimClass.EXTERNAL


@pytest.mark.parametrize("text", [
    "Delivers superior, robust recognition",
    "Works well because attention is global",
    "Lowers integration friction by 60%",
    "Produces state-of-the-art quality",
    "Probably supports 16 languages",
    "Tokenizer details are unspecified",
    "Makes life easier for users",
])
def test_vague_causal_hedged_and_undefined_claims_are_not_falsifiable(text: str) -> None:
    assert classify(text, OPEN) is ClaimClass.NOT_FALSIFIABLE


def test_named_features_count_only_when_the_wording_is_not_vague() -> None:
    assert classify("The decoder uses cross-attention", OPEN) is ClaimClass.MODEL_FILES
    assert classify("Cross-attention enables better grounding", OPEN) is ClaimClass.NOT_FALSIFIABLE


def test_concrete_behaviour_needs_a_run() -> None:
    assert classify("Splits long pages into lines before decoding", OPEN) is ClaimClass.MEASURABLE
    assert classify("Splits long pages into lines before decoding", CLOSED) is ClaimClass.EXTERNAL


def test_attributes_inside_a_contrast_describe_the_alternative() -> None:
    assert classify("Smaller than rivals with 24 layers", OPEN) is not ClaimClass.MODEL_FILES


def test_residual_reports_what_the_files_cannot_settle() -> None:
    result = explain("Its 6-layer decoder reaches 95% accuracy on receipts", OPEN)
    assert result.claim_class is ClaimClass.MODEL_FILES
    assert result.residual is ClaimClass.MEASURABLE
    assert explain("Its text decoder has 6 layers", OPEN).residual is None
    assert explain("Recognizes receipts with a ViT encoder", OPEN).residual is (
        ClaimClass.MEASURABLE)
