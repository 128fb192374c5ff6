"""The words people use for config fields, and the units of their values.

One table for the whole library of configs: a field not listed still gets words, from
its own name split at underscores and with "num"/"n" dropped ("num_hidden_layers" ->
"hidden layers"), so every field of every config is matchable; the table adds the
phrasings prose uses that a field name does not contain ("KV heads", "context window").
Keyed by field name, never by model.

Example:
    >>> field_words("num_key_value_heads")[:3]
    ('key value heads', 'key-value heads', 'KV heads')
    >>> field_words("rope_scaling_factor")
    ('rope scaling factor',)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    # transformer shape
    "num_hidden_layers": ("layers", "transformer layers", "transformer blocks", "blocks",
                          "depth", "hidden layers"),
    "num_layers": ("layers", "blocks", "depth"),
    "n_layer": ("layers", "transformer blocks", "depth"),
    "encoder_layers": ("encoder layers", "encoder blocks"),
    "decoder_layers": ("decoder layers", "decoder blocks"),
    "num_single_layers": ("single-stream blocks", "single blocks"),
    "hidden_size": ("hidden size", "hidden dimension", "model dimension", "embedding dimension",
                    "width", "wide", "d_model", "hidden units", "embedding size"),
    "d_model": ("hidden size", "model dimension", "embedding dimension", "width"),
    "n_embd": ("hidden size", "embedding dimension", "width"),
    "num_attention_heads": ("attention heads", "heads", "query heads"),
    "encoder_attention_heads": ("encoder attention heads", "encoder heads"),
    "decoder_attention_heads": ("decoder attention heads", "decoder heads"),
    "n_head": ("attention heads", "heads"),
    "num_key_value_heads": ("key value heads", "key-value heads", "KV heads",
                            "grouped-query attention heads", "GQA", "kv groups"),
    "head_dim": ("head dimension", "per-head dimension", "dimension per head", "head size"),
    "attention_head_dim": ("head dimension", "per-head dimension", "dimension per head"),
    "intermediate_size": ("feed-forward", "feed-forward dimension", "FFN", "FFN size",
                          "MLP hidden units", "MLP width",
                          "MLP", "MLP hidden size", "intermediate size", "inner dimension",
                          "feed-forward hidden units", "feed-forward width"),
    "encoder_ffn_dim": ("encoder feed-forward", "encoder FFN", "feed-forward", "FFN",
                        "feed-forward hidden units", "MLP", "feed-forward dimension"),
    "decoder_ffn_dim": ("decoder feed-forward", "decoder FFN", "feed-forward", "FFN",
                        "feed-forward hidden units", "MLP", "feed-forward dimension"),
    "num_labels": ("classes", "labels", "output classes", "categories", "classification "
                   "classes"),
    "n_inner": ("feed-forward", "FFN", "MLP inner dimension", "feed-forward inner size"),
    "d_ff": ("feed-forward", "feed-forward width", "feed-forward dimension", "FFN", "FFN size",
             "MLP", "inner dimension", "feed-forward hidden units"),
    "d_kv": ("key-value dimension", "head dimension", "per-head dimension"),
    "num_feat_extract_layers": ("feature encoder layers", "convolutional layers",
                                "feature extractor layers", "conv layers", "CNN layers"),
    "conv_dim": ("convolutional channels", "feature encoder channels", "conv channels",
                 "channels per conv layer"),
    "conv_stride": ("convolution strides", "conv strides"),
    "conv_kernel": ("convolution kernel sizes", "conv kernels"),
    "projector_hidden_act": ("projector activation", "multimodal projector activation"),
    "vision_feature_layer": ("vision feature layer", "layer of the vision tower"),
    "image_token_index": ("image token id", "image token index"),
    "hidden_act": ("activation", "activation function", "nonlinearity"),
    "activation_function": ("activation", "activation function", "nonlinearity"),
    "hidden_activation": ("activation", "activation function"),
    "vocab_size": ("vocabulary", "vocabulary size", "vocab", "tokens in the vocabulary",
                   "token vocabulary"),
    "max_position_embeddings": ("maximum positions", "max positions", "context length",
                                "context window", "context", "maximum sequence length",
                                "sequence length", "position embeddings", "tokens of context",
                                "accepts tokens", "reads tokens", "handles tokens",
                                "processes tokens", "input tokens", "input length"),
    "n_positions": ("context length", "context window", "maximum positions"),
    "max_source_positions": ("maximum source positions", "encoder positions",
                             "audio frames"),
    "max_target_positions": ("maximum target positions", "decoder positions",
                             "maximum output tokens", "decoder context", "output tokens",
                             "tokens the decoder can produce"),
    "sliding_window": ("sliding window", "sliding window attention", "attention window",
                       "local attention window", "SWA window", "tokens of sliding window"),
    "tie_word_embeddings": ("tied embeddings", "tie embeddings", "tied input and output "
                            "embeddings", "weight tying", "shared input and output embeddings",
                            "shares input embedding with LM head", "output projection tied to "
                            "embeddings", "embeddings tied"),
    "rope_theta": ("rope theta", "RoPE base", "rotary base", "rotary embedding base",
                   "RoPE frequency"),
    "rms_norm_eps": ("RMSNorm epsilon", "norm epsilon"),
    "layer_norm_eps": ("layer norm epsilon", "LayerNorm epsilon"),
    "type_vocab_size": ("token type vocabulary", "segment types", "token types"),
    "num_channels": ("channels", "input channels"),
    "image_size": ("image size", "input resolution", "input size", "resolution"),
    "patch_size": ("patch size", "patches"),
    "projection_dim": ("projection dimension", "embedding dimension", "joint embedding",
                       "shared embedding space"),
    "torch_dtype": ("dtype", "precision", "weights dtype"),
    "dtype": ("dtype", "precision", "weights dtype"),
    "model_type": ("model type", "architecture"),
    "architectures": ("architecture", "model class"),
    "num_mel_bins": ("mel bins", "mel filterbanks", "mel channels", "mel frequency bins",
                     "log-mel channels"),
    # audio feature extractors
    "sampling_rate": ("sampling rate", "sample rate", "audio sampling rate", "kHz audio",
                      "Hz audio"),
    "feature_size": ("mel bins", "mel filterbanks", "features per frame", "mel channels",
                     "log-mel spectrogram bins"),
    "hop_length": ("hop length", "hop size", "stride between frames", "frame shift"),
    "n_fft": ("FFT size", "FFT window", "window size", "STFT window"),
    "chunk_length": ("chunk length", "audio window", "window length", "segment length",
                     "audio chunks", "input window", "input length", "input duration",
                     "seconds per input"),
    "n_samples": ("samples per window", "audio samples", "samples per chunk"),
    "nb_max_frames": ("frames per window", "maximum frames", "feature frames",
                      "frames per input", "frames per chunk"),
    "padding_value": ("padding value",),
    "return_attention_mask": ("attention mask",),
    # image processors
    "image_mean": ("mean", "normalization mean", "image mean", "pixel mean",
                   "normalizes with mean"),
    "image_std": ("std", "standard deviation", "normalization std", "image std"),
    "resample": ("resampling", "resample filter", "interpolation", "resizing filter"),
    "rescale_factor": ("rescale factor", "rescaling factor", "pixel scaling"),
    "do_normalize": ("normalizes", "normalization"),
    "do_resize": ("resizes", "resizing"),
    "do_center_crop": ("center crop", "center-crops"),
    "crop_size": ("crop size", "center crop size"),
    "do_convert_rgb": ("converts to RGB", "RGB conversion"),
    "size": ("resize target", "resized to", "input size", "image size", "resolution"),
    # generation
    "num_beams": ("beams", "beam width", "beam size", "beam search width"),
    "max_length": ("maximum length", "max length", "maximum output length",
                   "maximum generated tokens", "generation length"),
    "max_new_tokens": ("maximum new tokens", "max new tokens"),
    "do_sample": ("sampling", "samples by default", "stochastic decoding"),
    "temperature": ("temperature", "sampling temperature"),
    "top_p": ("top-p", "nucleus sampling"),
    "top_k": ("top-k", "top tokens", "keeps the top"),
    "repetition_penalty": ("repetition penalty",),
    "length_penalty": ("length penalty",),
    "no_repeat_ngram_size": ("no-repeat n-gram size", "n-gram blocking"),
    "early_stopping": ("early stopping",),
    "bos_token_id": ("BOS token id", "beginning-of-sequence token", "start token id"),
    "eos_token_id": ("EOS token id", "end-of-sequence token", "end token id"),
    "pad_token_id": ("pad token id", "padding token"),
    "decoder_start_token_id": ("decoder start token", "decoder start token id"),
    "use_cache": ("KV cache", "key-value cache", "caching"),
    # tokenizer
    "model_max_length": ("maximum input length", "tokenizer maximum length",
                         "maximum sequence length", "max tokens"),
    "do_lower_case": ("lowercases", "lower-cases", "lowercased", "uncased", "lowercase",
                      "lowercases input text", "lowercased input"),
    "padding_side": ("padding side", "pads on the"),
    # diffusers
    "in_channels": ("input channels",),
    "out_channels": ("output channels",),
    "latent_channels": ("latent channels", "latent space channels", "channels in the "
                        "latent space"),
    "sample_size": ("sample size", "native resolution", "latent size"),
    "block_out_channels": ("block channels", "channel widths", "block out channels"),
    "layers_per_block": ("layers per block", "resnet layers per block"),
    "cross_attention_dim": ("cross-attention dimension", "cross attention dim",
                            "conditioning dimension", "text embedding dimension"),
    "joint_attention_dim": ("joint attention dimension", "text conditioning dimension"),
    "pooled_projection_dim": ("pooled projection dimension", "pooled text embedding"),
    "scaling_factor": ("latent scaling factor", "VAE scaling factor"),
    "shift_factor": ("latent shift factor",),
    "num_train_timesteps": ("training timesteps", "diffusion timesteps", "timesteps",
                            "training steps of the scheduler"),
    "beta_schedule": ("beta schedule", "noise schedule"),
    "prediction_type": ("prediction type", "predicts", "parameterization"),
    "guidance_embeds": ("guidance embedding", "embedded guidance", "guidance as an input"),
    "timestep_spacing": ("timestep spacing",),
    "shift": ("timestep shift", "shift"),
    # cards
    "license": ("license", "licence", "licensed under", "released under"),
    "license_name": ("license name", "license"),
    "pipeline_tag": ("task", "pipeline", "pipeline tag", "use case"),
    "language": ("language", "languages", "supports languages"),
    "base_model": ("base model", "fine-tuned from", "built on", "derived from"),
    "datasets": ("datasets", "trained on", "training data", "dataset"),
    "library_name": ("library", "library name"),
    "tags": ("tags",),
    "gated": ("gated", "gated access"),
}

# Values of enumerated config fields, and how prose names each (general vocabulary of the
# libraries' options, plus common alternatives a claim may name instead).
ENUM_VALUES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "prediction_type": {
        "epsilon": ("epsilon prediction", "predicts the noise", "noise prediction",
                    "epsilon-prediction", "epsilon"),
        "v_prediction": ("v-prediction", "v prediction", "predicts the velocity",
                         "velocity prediction"),
        "sample": ("sample prediction", "predicts the clean sample", "x0 prediction"),
    },
    "beta_schedule": {
        "linear": ("linear beta schedule", "linear noise schedule", "linear schedule"),
        "scaled_linear": ("scaled linear beta schedule", "scaled linear schedule",
                          "scaled-linear schedule", "scaled linear"),
        "squaredcos_cap_v2": ("cosine schedule", "cosine beta schedule", "cosine noise schedule"),
    },
    "position_embedding_type": {
        "absolute": ("absolute position embeddings", "absolute positional embeddings",
                     "learned absolute positions", "absolute positions"),
        "relative_key": ("relative position embeddings", "relative positional embeddings"),
        "rotary": ("rotary position embeddings", "rotary positional embeddings", "RoPE",
                   "rotary embeddings"),
    },
    "padding_side": {"left": ("pads on the left", "left padding", "left-padded"),
                     "right": ("pads on the right", "right padding", "right-padded")},
    "ctc_loss_reduction": {"sum": ("summed", "sum reduction"),
                           "mean": ("averaged", "mean reduction")},
    "feat_extract_norm": {"group": ("group normalization", "group norm", "GroupNorm"),
                          "layer": ("layer normalization", "layer norm", "LayerNorm")},
    "timestep_spacing": {"leading": ("leading timestep spacing",),
                         "trailing": ("trailing timestep spacing",),
                         "linspace": ("linspace timestep spacing", "evenly spaced timesteps")},
}

SPELLING_DROP = frozenset({"num", "n", "nb", "do", "use", "is", "max", "config"})

# Units by field name: what a number stated with a unit must be to match the field.
UNITS: Mapping[str, str] = {
    "sampling_rate": "Hz", "chunk_length": "s",
    "image_size": "pixel", "patch_size": "pixel", "crop_size": "pixel", "size": "pixel",
    "sample_size": "pixel",
    "max_position_embeddings": "token", "n_positions": "token", "sliding_window": "token",
    "max_length": "token", "max_new_tokens": "token", "model_max_length": "token",
    "max_target_positions": "token", "max_source_positions": "token", "vocab_size": "token",
    "hop_length": "sample", "n_fft": "sample", "n_samples": "sample",
}


def field_words(name: str) -> tuple[str, ...]:
    """The phrases prose uses for a config field (its listed synonyms, then its name)."""
    spelled = " ".join(w for w in name.strip("_").split("_") if w and w not in SPELLING_DROP)
    words = list(_SYNONYMS.get(name, ()))
    if name.endswith(("_act", "_activation", "_act_fn")) and name not in _SYNONYMS:
        owner = spelled.rsplit(" ", 1)[0].replace(" hidden", "")
        words += [f"{owner} activation", "activation", "activation function"]
    if spelled and spelled not in words:
        words.append(spelled)
    return tuple(dict.fromkeys(words))


def split_camel(name: str) -> str:
    """"EulerDiscreteScheduler" -> "euler discrete scheduler".

    Example:
        >>> split_camel("FlowMatchEulerDiscreteScheduler")
        'flow match euler discrete scheduler'
    """
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name).lower()
