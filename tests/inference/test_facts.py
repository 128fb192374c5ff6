"""Fact sheets read through the libraries, and claims matched to them, on model folders
built here from the libraries' own config classes (a text LLM with grouped-query
attention, a speech encoder-decoder, a vision encoder with its image processor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.claims.types import ArtifactFacts, Assessment, ClaimClass, Verdict
from inference.assess import assess_claim
from inference.facts import fact_sheet
from inference.model_files import load_model_files

CARD = "---\nlicense: apache-2.0\npipeline_tag: {tag}\nlanguage:\n- en\n- fr\n---\n# Card\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import transformers

    root = tmp_path_factory.mktemp("facts")
    llm = root / "acme__tiny-chat"
    transformers.LlamaConfig(
        hidden_size=64, intermediate_size=224, num_hidden_layers=3, num_attention_heads=8,
        num_key_value_heads=2, vocab_size=1000, max_position_embeddings=4096,
        tie_word_embeddings=False, hidden_act="silu", architectures=["LlamaForCausalLM"],
    ).save_pretrained(llm)
    transformers.GenerationConfig(bos_token_id=1, eos_token_id=2, do_sample=True,
                                  temperature=0.6).save_pretrained(llm)
    (llm / "README.md").write_text(CARD.format(tag="text-generation"), encoding="utf-8")

    speech = root / "acme__tiny-listen"
    transformers.WhisperConfig(
        d_model=64, encoder_layers=2, decoder_layers=3, encoder_attention_heads=4,
        decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, vocab_size=1000,
        num_mel_bins=80, max_source_positions=1500, max_target_positions=448, pad_token_id=0,
        bos_token_id=1, eos_token_id=2, decoder_start_token_id=3,
    ).save_pretrained(speech)
    transformers.WhisperFeatureExtractor(feature_size=80, sampling_rate=16000, hop_length=160,
                                         chunk_length=30).save_pretrained(speech)
    (speech / "README.md").write_text(CARD.format(tag="automatic-speech-recognition"),
                                      encoding="utf-8")

    vision = root / "acme__tiny-see"
    transformers.ViTConfig(hidden_size=48, num_hidden_layers=2, num_attention_heads=4,
                           intermediate_size=192, image_size=224, patch_size=16,
                           ).save_pretrained(vision)
    transformers.ViTImageProcessor(size={"height": 224, "width": 224}, image_mean=[0.5] * 3,
                                   image_std=[0.5] * 3).save_pretrained(vision)
    return root


def _facts(root: Path, name: str) -> dict[str, object]:
    return {f.key: f.value for f in fact_sheet(load_model_files(root / name))}


def _assess(root: Path, name: str, text: str) -> Assessment:
    slug = name.split("__")[1]
    return assess_claim(text, ArtifactFacts(slug, slug), [str(root)])


def test_the_sheet_reads_configs_processors_cards_and_derives(root: Path) -> None:
    llm = _facts(root, "acme__tiny-chat")
    assert llm["num_key_value_heads"] == 2 and llm["tie_word_embeddings"] is False
    assert llm["key_value_groups"] == 4 and llm["head_dim"] == 8
    assert llm["license"] == "apache-2.0" and llm["language"] == ["en", "fr"]
    assert llm["temperature"] == 0.6
    assert llm["num_beams (library default)"] == 1     # generate()'s default made explicit
    import torch
    import transformers

    with torch.device("meta"):
        model = transformers.LlamaForCausalLM(transformers.AutoConfig.from_pretrained(
            root / "acme__tiny-chat"))
    assert llm["parameters"] == sum(p.numel() for p in model.parameters())
    assert llm["weights_size_fp16"] == 2 * llm["parameters"]

    speech = _facts(root, "acme__tiny-listen")
    assert speech["sampling_rate"] == 16000
    assert speech["processor.audio_window_seconds"] == 30
    vision = _facts(root, "acme__tiny-see")
    assert vision["patches_per_image"] == 196 and vision["image_mean"] == [0.5, 0.5, 0.5]


def test_every_fact_says_where_it_came_from(root: Path) -> None:
    for name in ("acme__tiny-chat", "acme__tiny-listen", "acme__tiny-see"):
        for fact in fact_sheet(load_model_files(root / name)):
            assert fact.words, fact
            assert (fact.file and fact.field) or fact.derivation, fact


@pytest.mark.parametrize(("text", "verdict"), [
    ("It uses grouped-query attention with 2 key-value heads", Verdict.SUPPORTED),
    ("It has 4 KV heads", Verdict.REFUTED),
    ("Each key-value head is shared by 4 query heads", Verdict.SUPPORTED),
    ("The feed-forward layers have 224 hidden units", Verdict.SUPPORTED),
    ("Its vocabulary has 1,000 tokens", Verdict.SUPPORTED),
    ("It handles up to 4k tokens of context", Verdict.SUPPORTED),
    ("It handles up to 8k tokens of context", Verdict.REFUTED),
    ("Input and output embeddings are tied", Verdict.REFUTED),
    ("It uses SwiGLU activations", Verdict.SUPPORTED),
    ("It is licensed under Apache 2.0", Verdict.SUPPORTED),
    ("It is MIT-licensed", Verdict.REFUTED),
    ("It has more than a billion parameters", Verdict.REFUTED),
])
def test_llm_claims_in_new_words(root: Path, text: str, verdict: Verdict) -> None:
    result = _assess(root, "acme__tiny-chat", text)
    assert result.verdict is verdict, result.explanation
    assert result.claim_class is ClaimClass.MODEL_FILES


@pytest.mark.parametrize(("text", "verdict"), [
    ("It expects audio sampled at 16 kHz", Verdict.SUPPORTED),
    ("It processes 30-second windows of audio", Verdict.SUPPORTED),
    ("It uses 128 mel bins", Verdict.REFUTED),
    ("The decoder has 3 layers", Verdict.SUPPORTED),
    ("It is an automatic speech recognition model", Verdict.SUPPORTED),
    ("It supports French", Verdict.SUPPORTED),
])
def test_speech_claims_whatever_the_verb(root: Path, text: str, verdict: Verdict) -> None:
    assert _assess(root, "acme__tiny-listen", text).verdict is verdict


def test_a_number_two_parts_disagree_on_stays_undetermined_naming_both(root: Path) -> None:
    result = _assess(root, "acme__tiny-listen", "It has 2 layers")
    assert result.verdict is Verdict.UNDETERMINED
    assert "encoder_layers" in result.explanation and "decoder_layers" in result.explanation


def test_a_flag_never_supports_a_claim_whose_numbers_are_wrong(root: Path) -> None:
    result = _assess(root, "acme__tiny-see", "It normalizes images with mean [0.485, 0.456, 0.406]")
    assert result.verdict is Verdict.REFUTED, result.explanation
    right = _assess(root, "acme__tiny-see", "It normalizes images with mean [0.5, 0.5, 0.5]")
    assert right.verdict is Verdict.SUPPORTED


def test_the_fact_the_words_name_decides_not_the_first_number_field(root: Path) -> None:
    result = _assess(root, "acme__tiny-see", "Its feed-forward layers have 192 hidden units")
    assert result.verdict is Verdict.SUPPORTED
    assert any(r.field == "intermediate_size" for r in result.evidence)
    assert _assess(root, "acme__tiny-see", "Each image becomes 196 patches").verdict is (
        Verdict.SUPPORTED)


def test_performance_claims_stay_unsettled(root: Path) -> None:
    for text in ("It transcribes 100 hours of audio per second on a GPU",
                 "It reaches 5% word error rate on LibriSpeech"):
        assert _assess(root, "acme__tiny-listen", text).verdict is Verdict.UNDETERMINED, text
