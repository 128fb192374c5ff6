"""The production loaders on tiny models, a hub cache, and the real architecture at full size."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from inference import loaders
from inference.protocols.weights import WeightsNotFound, hub_id_of

SEED_TROCR = (Path(__file__).resolve().parents[3] / "seeds" / "model-files"
              / "microsoft__trocr-base-handwritten")


def test_tiny_trocr_loads_through_the_real_classes(tiny_trocr: loaders.LoadedTrOCR) -> None:
    assert type(tiny_trocr.model).__name__ == "VisionEncoderDecoderModel"
    assert type(tiny_trocr.processor).__name__ == "TrOCRProcessor"
    assert type(tiny_trocr.processor.tokenizer).__name__ == "RobertaTokenizer"
    assert len(tiny_trocr.processor.tokenizer) > 300        # the local BPE, not an empty one
    assert tiny_trocr.processor.tokenizer.decode(
        tiny_trocr.processor.tokenizer("Meet me at nine").input_ids,
        skip_special_tokens=True) == "Meet me at nine"
    assert (tiny_trocr.weights_kind, tiny_trocr.device, tiny_trocr.dtype) == (
        "tiny", "cpu", "float32")
    assert 0 < tiny_trocr.parameters < 1_000_000
    assert not tiny_trocr.model.training


def test_tiny_flux_loads_with_every_component(tiny_flux: loaders.LoadedFlux) -> None:
    pipe = tiny_flux.pipeline
    assert type(pipe).__name__ == "FluxPipeline"
    assert [type(c).__name__ for c in (pipe.transformer, pipe.vae, pipe.text_encoder,
                                       pipe.text_encoder_2, pipe.tokenizer, pipe.tokenizer_2)] == [
        "FluxTransformer2DModel", "AutoencoderKL", "CLIPTextModel", "T5EncoderModel",
        "CLIPTokenizer", "T5Tokenizer"]
    assert pipe.tokenizer_2("a red car").input_ids[-1] == pipe.tokenizer_2.eos_token_id
    assert pipe.vae_scale_factor == 8                       # sizes pack by 16, as FLUX.1's
    assert tiny_flux.weights_kind == "tiny"


def test_weights_are_real_only_when_loaded_and_unmarked(tiny_trocr_dir: Path,
                                                        tmp_path: Path) -> None:
    unmarked = shutil.copytree(tiny_trocr_dir, tmp_path / "someones-trocr")
    config = json.loads((unmarked / "config.json").read_text())
    del config["capgraph_tiny"]
    (unmarked / "config.json").write_text(json.dumps(config))
    assert loaders.load_trocr(unmarked, device="cpu").weights_kind == "real"
    # the same weights in a folder that claims to be the published model: far too few
    # parameters for it, so tiny
    claims = shutil.copytree(unmarked, tmp_path / "microsoft__trocr-base-handwritten")
    assert loaders.load_trocr(claims, device="cpu").weights_kind == "tiny"


def test_a_folder_without_weights_is_refused(tmp_path: Path) -> None:
    shutil.copytree(SEED_TROCR, tmp_path / "configs-only")
    with pytest.raises(WeightsNotFound, match="no weight files"):
        loaders.load_trocr(tmp_path / "configs-only")


def test_a_hub_id_loads_from_the_local_cache(tiny_trocr_dir: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    repo = tmp_path / "hub" / "models--capgraph-test--tiny-trocr"
    shutil.copytree(tiny_trocr_dir, repo / "snapshots" / ("0" * 40))
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0" * 40)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    loaded = loaders.load_trocr("capgraph-test/tiny-trocr", device="cpu")
    assert loaded.weights_kind == "tiny" and loaded.source == "capgraph-test/tiny-trocr"
    assert hub_id_of(repo / "snapshots" / ("0" * 40)) == "capgraph-test/tiny-trocr"


@pytest.mark.parametrize("offline", ["1", "0"])
def test_an_uncached_hub_id_fails_without_trying_the_network(
        monkeypatch: pytest.MonkeyPatch, network_attempts: list[object], offline: str) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", offline)     # the caller's environment decides nothing
    with pytest.raises(WeightsNotFound, match="never downloads"):
        loaders.load_flux("capgraph-test/not-cached-anywhere")
    assert network_attempts == []


def test_the_real_architecture_at_full_size_with_random_weights(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # no weights for the hub id anywhere: the seed's config builds the real architecture
    loaded = loaders.trocr_for_measurement("microsoft/trocr-base-handwritten", device="cpu")
    assert loaded.weights_kind == "random-full"
    assert loaded.parameters == 333_921_792                 # the published model's size
    assert loaded.model.config.encoder.image_size == 384
    assert loaded.processor.image_processor.size == {"height": 384, "width": 384}
    assert any("no real weights" in n for n in loaded.notes)
    assert any("built locally" in n for n in loaded.notes)
    assert loaded.model.generation_config.decoder_start_token_id == 2
