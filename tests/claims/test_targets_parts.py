"""Which model and which part of it a claim is about."""

from __future__ import annotations

from graph.claims.parts import Part, part_words, pick_part
from graph.claims.targets import claim_targets, family_stem

RELATIVES = ["orca-2-lite", "orca-2-max"]


def test_family_stem() -> None:
    assert family_stem("orca-2-pro") == "orca-2"
    assert family_stem("whisper") == "whisper"


def test_named_relative_and_subject() -> None:
    assert claim_targets("Orca-2-lite runs on phones", "orca-2-pro", RELATIVES).relatives == (
        "orca-2-lite",)
    targets = claim_targets("Both Orca 2 Pro and the Max variant", "orca-2-pro", RELATIVES)
    assert targets.subject and targets.relatives == ("orca-2-max",)


def test_foreign_family_members_and_generic_family_names() -> None:
    targets = claim_targets("ORCA.3 [pro] adds video", "orca-2-pro", RELATIVES)
    assert not targets.subject and targets.foreign == ("orca-3-pro",)
    assert not claim_targets("Orca 2 models are small", "orca-2-pro", RELATIVES).named


def test_variant_words_must_be_written_as_names() -> None:
    assert not claim_targets("Uses max pooling", "orca-2-pro", RELATIVES).named
    assert not claim_targets("Max pooling is used", "orca-2-pro", RELATIVES).named
    assert claim_targets("Unlike [max], it is small", "orca-2-pro", RELATIVES).relatives == (
        "orca-2-max",)


def test_parts_by_role_and_architecture() -> None:
    parts = [Part("text_encoder", "clip_text_model"), Part("text_encoder_2", "t5"),
             Part("transformer", "X"), Part("vae", "AutoencoderKL")]
    assert part_words(parts[1]) == ("text encoder", "t5")
    text = "its T5 text encoder has 24 layers"
    assert pick_part(text, text.index("24"), parts) == parts[1]
    text = "the text encoder has 12 layers"
    assert pick_part(text, text.index("12"), parts) is None
    assert pick_part("12 layers", 0, parts, fallback="The VAE is small") == parts[3]
    two = [Part("encoder", "vit"), Part("decoder", "bart")]
    text = "an encoder-decoder with 6 layers"
    assert pick_part(text, text.index("6"), two) is None
