"""Tiny TrOCR and FLUX models built offline, saved with `save_pretrained`, for the tests.

Same architectures as the real models (ViT encoder + TrOCR decoder; FluxTransformer2DModel,
AutoencoderKL with four blocks so sizes pack in multiples of 16 as FLUX.1's do, CLIP and T5
text encoders), tiny sizes, random weights (fixed seeds), tokenizers trained locally
(`inference.protocols.local_tokenizers`). Their configs carry the `capgraph_tiny` marker
(`_capgraph_tiny` in model_index.json), so the loaders report weights_kind "tiny". Tests
load the folders back through `inference.loaders`, the production path.

Wire into a conftest with: `from tests.inference.fixtures_models import tiny_flux_dir,
tiny_trocr_dir`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TINY_IMAGE_SIZE = 64


def build_tiny_trocr(folder: Path) -> Path:
    """A tiny VisionEncoderDecoderModel (ViT + TrOCR) with its TrOCRProcessor, saved."""
    import torch
    from transformers import (
        TrOCRConfig,
        TrOCRProcessor,
        VisionEncoderDecoderConfig,
        VisionEncoderDecoderModel,
        ViTConfig,
        ViTImageProcessorPil,
    )

    from inference.protocols.local_tokenizers import byte_level_bpe

    tokenizer = byte_level_bpe(vocab_size=400)
    encoder = ViTConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, image_size=TINY_IMAGE_SIZE, patch_size=16,
                        qkv_bias=False, encoder_stride=16)
    decoder = TrOCRConfig(vocab_size=len(tokenizer), d_model=32, decoder_layers=2,
                          decoder_attention_heads=2, decoder_ffn_dim=64,
                          max_position_embeddings=128, cross_attention_hidden_size=32,
                          pad_token_id=1, bos_token_id=0, eos_token_id=2,
                          decoder_start_token_id=2, use_learned_position_embeddings=True,
                          layernorm_embedding=True)
    config = VisionEncoderDecoderConfig.from_encoder_decoder_configs(encoder, decoder)
    config.decoder_start_token_id, config.pad_token_id, config.eos_token_id = 2, 1, 2
    config.capgraph_tiny = True
    torch.manual_seed(0)
    model = VisionEncoderDecoderModel(config=config)
    processor = TrOCRProcessor(
        image_processor=ViTImageProcessorPil(
            size={"height": TINY_IMAGE_SIZE, "width": TINY_IMAGE_SIZE},
            image_mean=[0.5, 0.5, 0.5], image_std=[0.5, 0.5, 0.5]),
        tokenizer=tokenizer)
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return folder


def build_tiny_flux(folder: Path) -> Path:
    """A tiny FluxPipeline (transformer, VAE, CLIP and T5 encoders, tokenizers), saved."""
    import torch
    from diffusers import (
        AutoencoderKL,
        FlowMatchEulerDiscreteScheduler,
        FluxPipeline,
        FluxTransformer2DModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel, T5Config, T5EncoderModel

    from inference.protocols.local_tokenizers import clip_bpe, t5_unigram

    clip_tokenizer, t5_tokenizer = clip_bpe(), t5_unigram(model_max_length=64)
    torch.manual_seed(0)
    clip = CLIPTextModel(CLIPTextConfig(
        vocab_size=len(clip_tokenizer), hidden_size=32, intermediate_size=37,
        num_attention_heads=4, num_hidden_layers=2, projection_dim=32,
        max_position_embeddings=77, bos_token_id=0, eos_token_id=1, pad_token_id=1))
    t5 = T5EncoderModel(T5Config(vocab_size=len(t5_tokenizer), d_model=32, d_ff=37, d_kv=8,
                                 num_heads=4, num_layers=2, pad_token_id=0, eos_token_id=1))
    transformer = FluxTransformer2DModel(
        patch_size=1, in_channels=16, num_layers=1, num_single_layers=1, attention_head_dim=16,
        num_attention_heads=2, joint_attention_dim=32, pooled_projection_dim=32,
        axes_dims_rope=[4, 6, 6])
    vae = AutoencoderKL(
        sample_size=32, in_channels=3, out_channels=3, block_out_channels=(8, 8, 8, 8),
        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
        layers_per_block=1, latent_channels=4, norm_num_groups=4, use_quant_conv=False,
        use_post_quant_conv=False, shift_factor=0.0609, scaling_factor=1.5035)
    pipeline = FluxPipeline(scheduler=FlowMatchEulerDiscreteScheduler(), text_encoder=clip,
                            tokenizer=clip_tokenizer, text_encoder_2=t5,
                            tokenizer_2=t5_tokenizer, transformer=transformer, vae=vae)
    pipeline.save_pretrained(folder)
    index_file = folder / "model_index.json"
    index = json.loads(index_file.read_text(encoding="utf-8"))
    index["_capgraph_tiny"] = True
    index_file.write_text(json.dumps(index, indent=2), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def tiny_trocr_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a saved tiny TrOCR model and processor (built once per session)."""
    return build_tiny_trocr(tmp_path_factory.mktemp("tiny-trocr"))


@pytest.fixture(scope="session")
def tiny_flux_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding a saved tiny FluxPipeline (built once per session)."""
    return build_tiny_flux(tmp_path_factory.mktemp("tiny-flux"))
