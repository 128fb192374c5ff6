"""Model folders for checker tests: the seed's real metadata, and tiny ones built offline.

The tiny folders are written by the libraries themselves (`save_pretrained`,
`save_config`) with small configs, so the checkers read them through the same loaders
as the seed's folders. No weights are written or read.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.claims.atomize import atomize
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.settings import Settings
from inference.model_files import ModelFiles, load_model_files

os.environ["HF_HUB_OFFLINE"] = "1"

SEED_ROOT = Settings().seed_model_files     # the repository's seeds, whatever the environment says

TROCR = "microsoft/trocr-base-handwritten"
FLUX_DEV = "black-forest-labs/FLUX.1-dev"
FLUX_SCHNELL = "black-forest-labs/FLUX.1-schnell"
FLUX_PRO = "black-forest-labs/FLUX.1-pro"
TROCR_PARAMETERS = 333_921_792        # meta device, after tie_weights()


def claim(text: str) -> AtomicClaim:
    """The one atomic claim of a test sentence (tests write single-statement sentences)."""
    atoms = atomize(text)
    assert len(atoms) == 1, [a.text for a in atoms]
    return atoms[0]


def outcomes(records: Sequence[EvidenceRecord] | None) -> list[Verdict]:
    assert records is not None, "the checker did not apply"
    return [r.outcome for r in records]


def first(records: Sequence[EvidenceRecord] | None) -> EvidenceRecord:
    assert records, "the checker did not apply"
    return records[0]


def seed(hub_id: str) -> ModelFiles:
    return load_model_files(hub_id, [SEED_ROOT])


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("model-files")
    _tiny_ocr(root / "acme__tiny-ocr-base")
    _tiny_diffusion(root / "acme__tiny-flow-dev")
    _tiny_provider(root / "acme__tiny-flow-pro")
    return root


@pytest.fixture(scope="session")
def roots(tiny_root: Path) -> list[Path]:
    return [tiny_root, SEED_ROOT]


@pytest.fixture(scope="session")
def tiny_ocr(tiny_root: Path) -> ModelFiles:
    return load_model_files("acme/tiny-ocr-base", [tiny_root])


@pytest.fixture(scope="session")
def tiny_diffusion(tiny_root: Path) -> ModelFiles:
    return load_model_files("acme/tiny-flow-dev", [tiny_root])


@pytest.fixture(scope="session")
def tiny_provider(tiny_root: Path) -> ModelFiles:
    return load_model_files("acme/tiny-flow-pro", [tiny_root])


def _tiny_ocr(folder: Path) -> None:
    transformers: Any = importlib.import_module("transformers")
    encoder = transformers.ViTConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                                     intermediate_size=37, image_size=64, patch_size=8)
    decoder = transformers.TrOCRConfig(vocab_size=99, d_model=48, decoder_layers=3,
                                       decoder_attention_heads=4, decoder_ffn_dim=64,
                                       max_position_embeddings=128)
    pair = transformers.VisionEncoderDecoderConfig
    config = pair.from_encoder_decoder_configs(encoder, decoder)
    config.architectures = ["VisionEncoderDecoderModel"]
    config.decoder_start_token_id, config.pad_token_id = 2, 1
    config.save_pretrained(folder)
    transformers.GenerationConfig(num_beams=4, max_length=64, early_stopping=True,
                                  use_cache=True, decoder_start_token_id=2).save_pretrained(folder)
    transformers.ViTImageProcessorPil(
        size={"height": 64, "width": 64}, image_mean=[0.485, 0.456, 0.406],
        image_std=[0.229, 0.224, 0.225], resample=3, do_convert_rgb=True).save_pretrained(folder)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\ndatasets:\n- imagenet-21k\n"
                                      "gated: false\n---\n# tiny\n", encoding="utf-8")


def _tiny_diffusion(folder: Path) -> None:
    diffusers: Any = importlib.import_module("diffusers")
    transformer = diffusers.FluxTransformer2DModel(
        patch_size=1, in_channels=4, num_layers=1, num_single_layers=2, attention_head_dim=8,
        num_attention_heads=2, joint_attention_dim=16, pooled_projection_dim=8,
        guidance_embeds=True, axes_dims_rope=(2, 2, 4))
    transformer.save_config(folder / "transformer")
    diffusers.DDIMScheduler().save_config(folder / "scheduler")
    index = {"_class_name": "FluxPipeline", "_diffusers_version": "0.42.1",
             "scheduler": ["diffusers", "DDIMScheduler"],
             "transformer": ["diffusers", "FluxTransformer2DModel"]}
    (folder / "model_index.json").write_text(json.dumps(index), encoding="utf-8")
    (folder / "README.md").write_text("---\nlicense: cc-by-nc-4.0\n---\n", encoding="utf-8")


def _tiny_provider(folder: Path) -> None:
    folder.mkdir(parents=True)
    card = {"model": "tiny flow [pro]", "weights": "not published", "access": "hosted API only",
            "api": {"endpoint": "POST /v2/generate", "auth": "bearer token",
                    "width": {"min": 512, "max": 2048}, "height": {"min": 512, "max": 2048},
                    "steps": {"min": 1, "max": 8, "default": 4}},
            "pricing": {"model": "paid", "unit": "USD per image", "usd_per_image": 0.04,
                        "free_tier": True}}
    (folder / "provider.json").write_text(json.dumps(card), encoding="utf-8")
