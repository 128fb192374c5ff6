"""Facts computed from other facts, each with its derivation written out.

Parameters per component and in total (the model built on the meta device from its
config, after `tie_weights()`: no weights read), weight size per dtype, head dim,
key-value groups, patches per image, audio window seconds, the VAE's downsampling factor,
context length. A derivation is general arithmetic over named fields, never a value
known for one model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graph.facts import Fact
from inference import loaders
from inference.model_files import ModelFiles

BYTES_PER_PARAMETER = {"fp32": 4.0, "fp16": 2.0, "bf16": 2.0, "int8": 1.0, "int4": 0.5}
_PARAMETER_WORDS = ("parameters", "params", "parameter count", "model size", "weights")


def derived_facts(files: ModelFiles, facts: Sequence[Fact]) -> Iterator[Fact]:
    """Every derived fact the read facts allow."""
    model = files.hub_id
    by_part: dict[str, dict[str, Fact]] = {}
    for fact in facts:
        by_part.setdefault(fact.part, {}).setdefault(fact.name, fact)
    for part, named in by_part.items():
        yield from _shape(named, part, model)
        yield from _conv_front_end(named, by_part.get("processor", {}), part, model)
        yield from _vision(named, by_part.get("processor", {}), part, model)
    yield from _audio(by_part.get("processor", {}), model)
    yield from _generation(by_part.get("generation", {}), model)
    yield from _vae(by_part.get("vae", {}), model)
    yield from _resolution(by_part, model)
    yield from _components(by_part, model)
    yield from _crop_patches(by_part, model)
    yield from _card(by_part.get("card", {}), model)
    yield from _parameters(files)


def _number(fact: Fact | None) -> float | None:
    if fact is None or isinstance(fact.value, bool):
        return None
    return float(fact.value) if isinstance(fact.value, int | float) else None


def _derived(name: str, words: tuple[str, ...], value: Any, unit: str | None, derivation: str,
             part: str, model: str) -> Fact:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Fact(name, words, value, unit, None, None, derivation, part, model)


def _label(fact: Fact) -> str:
    return f"{fact.field} = {fact.value}"


def _shape(named: dict[str, Fact], part: str, model: str) -> Iterator[Fact]:
    hidden = named.get("hidden_size") or named.get("d_model") or named.get("n_embd")
    heads = (named.get("num_attention_heads") or named.get("n_head")
             or named.get("encoder_attention_heads"))
    kv = named.get("num_key_value_heads")
    h, n = _number(hidden), _number(heads)
    if hidden and heads and h and n and "head_dim" not in named and h % n == 0:
        yield _derived("head_dim", ("head dimension", "per-head dimension", "dimension per head",
                                    "head size"), h / n, None,
                       f"{_label(hidden)} / {_label(heads)}", part, model)
    k = _number(kv)
    if kv and heads and k and n and n % k == 0:
        yield _derived("key_value_groups", ("query heads per key-value head", "GQA groups",
                                            "grouped-query ratio", "query groups"), n / k, "ratio",
                       f"{_label(heads)} / {_label(kv)}", part, model)
        yield _derived("grouped_query_attention", ("grouped-query attention", "GQA",
                                                   "fewer key-value heads than query heads"),
                       k < n, None, f"{_label(kv)} < {_label(heads)}", part, model)
        yield _derived("full_multi_head_attention", (
            "as many key-value heads as query heads", "standard multi-head attention",
            "same number of key-value heads as query heads", "one key-value head per query "
            "head"), k == n, None, f"{_label(kv)} == {_label(heads)}", part, model)
    ffn = (named.get("intermediate_size") or named.get("encoder_ffn_dim") or named.get("n_inner")
           or named.get("decoder_ffn_dim"))
    f = _number(ffn)
    if ffn and hidden and f and h:
        yield _derived("ffn_ratio", ("feed-forward expansion", "expansion ratio", "MLP ratio",
                                     "wider than the hidden size", "feed-forward wider"),
                       f / h, "ratio", f"{_label(ffn)} / {_label(hidden)}", part, model)
    enc_dec, arch = named.get("is_encoder_decoder"), named.get("architectures")
    if enc_dec is not None and isinstance(arch, Fact) and isinstance(arch.value, list):
        causal = any(str(a).endswith(("ForCausalLM", "LMHeadModel")) for a in arch.value)
        yield _derived("decoder_only", ("decoder-only", "decoder only", "causal language model"),
                       enc_dec.value is False and causal, None,
                       f"{_label(enc_dec)} and {arch.field} = {arch.value}", part, model)
    positions = named.get("max_position_embeddings") or named.get("n_positions")
    if positions is not None and _number(positions):
        yield _derived("context_length", ("context length", "context window", "context",
                                          "tokens of context", "sequence length"),
                       positions.value, "token", _label(positions), part, model)


def _vision(named: dict[str, Fact], processor: dict[str, Fact], part: str, model: str
            ) -> Iterator[Fact]:
    image, patch = named.get("image_size"), named.get("patch_size")
    i, p = _number(image), _number(patch)
    if image and patch and i and p and i % p == 0:
        per_side = i / p
        yield _derived("patches_per_image", ("patches per image", "patches", "image tokens",
                                             "visual tokens", "sequence of patches"),
                       per_side**2, None, f"({_label(image)} / {_label(patch)})^2", part, model)
        yield _derived("patch_grid", ("patch grid", "patches per side"), per_side, "patch",
                       f"{_label(image)} / {_label(patch)}", part, model)


def _conv_front_end(named: dict[str, Fact], processor: dict[str, Fact], part: str,
                    model: str) -> Iterator[Fact]:
    """A convolutional feature encoder (wav2vec2, HuBERT...): total stride, receptive field
    and, with the sampling rate, the time between frames."""
    strides, kernels = named.get("conv_stride"), named.get("conv_kernel")
    if not (strides and kernels and isinstance(strides.value, list)
            and isinstance(kernels.value, list) and len(strides.value) == len(kernels.value)):
        return
    stride = 1
    field = 1
    for k, st in zip(kernels.value, strides.value, strict=True):
        field += (int(str(k)) - 1) * stride
        stride *= int(str(st))
    yield _derived("conv_downsampling", ("downsamples", "downsampling", "total stride",
                                         "samples per frame"), stride, "ratio",
                   f"product of {strides.field}", part, model)
    yield _derived("receptive_field", ("receptive field", "samples per frame window"), field,
                   None, f"1 + sum((kernel - 1) x stride so far) over {kernels.field}", part,
                   model)
    rate = _number(processor.get("sampling_rate"))
    if rate:
        yield _derived("frame_period", ("one frame every", "frame every", "frame period",
                                        "time between frames"), stride / rate, "s",
                       f"{stride} samples / sampling_rate {rate:g}", part, model)
        yield _derived("receptive_field_seconds", ("receptive field",), field / rate, "s",
                       f"{field} samples / sampling_rate {rate:g}", part, model)


def _audio(processor: dict[str, Fact], model: str) -> Iterator[Fact]:
    rate = processor.get("sampling_rate")
    samples = processor.get("n_samples")
    r, s = _number(rate), _number(samples)
    if rate and samples and r and s:
        yield _derived("audio_window_seconds", ("audio window", "window length", "seconds of "
                                                "audio", "input window", "audio chunk",
                                                "segment length"), s / r, "s",
                       f"{_label(samples)} / {_label(rate)}", "processor", model)
    hop = processor.get("hop_length")
    hp = _number(hop)
    if rate and hop and r and hp:
        yield _derived("frame_rate", ("frames per second", "frame rate", "feature frames per "
                                      "second"), r / hp, None,
                       f"{_label(rate)} / {_label(hop)}", "processor", model)
        yield _derived("hop_seconds", ("hop", "frame shift", "stride"), hp / r, "s",
                       f"{_label(hop)} / {_label(rate)}", "processor", model)


def _generation(named: dict[str, Fact], model: str) -> Iterator[Fact]:
    sample, beams = named.get("do_sample"), named.get("num_beams")
    if sample is not None and beams is not None:
        greedy = sample.value is False and beams.value == 1
        yield _derived("greedy_decoding", ("decodes greedily", "greedy decoding", "greedy search",
                                           "greedy by default"), greedy, None,
                       f"{_label(sample)} and {_label(beams)}", "generation", model)


def _vae(named: dict[str, Fact], model: str) -> Iterator[Fact]:
    blocks = named.get("block_out_channels")
    if blocks is not None and isinstance(blocks.value, list) and blocks.value:
        factor = 2 ** (len(blocks.value) - 1)
        yield _derived("downsampling_factor", ("downsampling factor", "spatial compression",
                                               "compression factor", "downsamples",
                                               "latent downsampling"), factor, "ratio",
                       f"2^(len({blocks.field}) - 1) = 2^{len(blocks.value) - 1}", "vae", model)


def _resolution(by_part: dict[str, dict[str, Fact]], model: str) -> Iterator[Fact]:
    """A latent diffusion model's native output size: its denoiser's sample size (in
    latents) times the VAE's downsampling factor."""
    blocks = by_part.get("vae", {}).get("block_out_channels")
    for denoiser in ("unet", "transformer"):
        sample = by_part.get(denoiser, {}).get("sample_size")
        s = _number(sample)
        if sample and s and blocks is not None and isinstance(blocks.value, list):
            factor = 2 ** (len(blocks.value) - 1)
            yield _derived("output_resolution", ("output resolution", "default resolution",
                                                 "native resolution", "images", "generates "
                                                 "images", "image size"), s * factor, "pixel",
                           f"{_label(sample)} x 2^(len({blocks.field}) - 1) = {s:g} x {factor}",
                           "", model)
            return


def _components(by_part: dict[str, dict[str, Fact]], model: str) -> Iterator[Fact]:
    """How many components of each role a pipeline has ("two text encoders")."""
    roles: dict[str, int] = {}
    for named in by_part.values():
        fact = named.get("component_class")
        if fact is not None:
            role = fact.part.rstrip("_0123456789")
            roles[role] = roles.get(role, 0) + 1
    for role, count in roles.items():
        spoken = role.replace("_", " ")
        yield _derived(f"{role}_count", (f"{spoken}s", f"number of {spoken}s"), count, None,
                       f"components named {role}* in model_index.json", "", model)


def _crop_patches(by_part: dict[str, dict[str, Fact]], model: str) -> Iterator[Fact]:
    """Patches per processed image: the processor's crop (or resize) over the patch size."""
    processor = by_part.get("processor", {})
    size = processor.get("crop_size") or processor.get("size")
    for part, named in by_part.items():
        patch = _number(named.get("patch_size"))
        if size is None or not patch:
            continue
        side = size.value[0] if isinstance(size.value, list) else size.value
        if isinstance(side, int | float) and not isinstance(side, bool) and side % patch == 0:
            yield _derived("patches_per_crop", ("patch tokens per crop", "patches per crop",
                                                "patch tokens", "crop yields patches"),
                           (side / patch) ** 2, None, f"({size.field} = {side} / "
                           f"patch_size = {patch:g})^2", part, model)


def _card(named: dict[str, Fact], model: str) -> Iterator[Fact]:
    languages = named.get("language")
    if languages is not None and isinstance(languages.value, list):
        yield _derived("language_count", ("languages", "languages listed", "supported "
                                          "languages"), len(languages.value), None,
                       f"the number of entries of {languages.field}", "card", model)


def _parameters(files: ModelFiles) -> Iterator[Fact]:
    if files.kind == "provider":
        return
    folder = str(files.folder)
    model = files.hub_id
    counts: dict[str, int] = {}
    if files.kind == "diffusers":
        for component in loaders.config_parts(files):
            if component.library in ("diffusers", "transformers"):
                counts[component.part.name] = loaders.parameter_count(folder, component.part.name)
    else:
        parts = loaders.config_parts(files)
        if len(parts) > 1:
            for component in parts:
                counts[component.part.name] = loaders.parameter_count(folder, component.part.name)
        total = loaders.parameter_count(folder)
    if files.kind == "diffusers":
        total = sum(counts.values())
    how = "unique parameters of the model built on the meta device, after tie_weights()"
    for part, count in counts.items():
        yield _derived("parameters", _PARAMETER_WORDS, count, "parameter", how, part, model)
        for dtype, size in BYTES_PER_PARAMETER.items():
            yield _derived(f"weights_size_{dtype}", _size_words(dtype), count * size, "byte",
                           f"{part} parameters {count} x {size:g} bytes ({dtype})", part, model)
    parts_text = " + ".join(counts) if files.kind == "diffusers" else "whole model"
    yield _derived("parameters", _PARAMETER_WORDS, total, "parameter",
                   f"{how} ({parts_text})", "", model)
    for dtype, size in BYTES_PER_PARAMETER.items():
        yield _derived(f"weights_size_{dtype}", _size_words(dtype), total * size, "byte",
                       f"parameters {total} x {size:g} bytes ({dtype})", "", model)


_BITS = {"fp32": 32, "fp16": 16, "bf16": 16, "int8": 8, "int4": 4}


def _size_words(dtype: str) -> tuple[str, ...]:
    bits = _BITS[dtype]
    return (f"{dtype} weights", f"size in {dtype}", f"weighs in {dtype}", f"{bits}-bit weights",
            f"quantized to {bits}-bit", f"at {bits}-bit", "model size", "checkpoint size",
            "weights size", "weighs")
