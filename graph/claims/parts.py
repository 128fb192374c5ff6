"""Which part of a model a claim talks about: encoder, decoder, transformer, text encoder...

A model is one part (a plain transformers model) or several (the encoder and decoder of
an encoder-decoder, the components of a diffusers pipeline). A claim names a part by its
role ("the encoder", "the VAE") or by its architecture ("ViT", "T5"); the part named
nearest to the number is the one the number is about. When the claim names no part, or
two parts equally near, the answer is None and the checker says the claim is ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# How prose names architectures, by config model_type (general vocabulary, no one model).
ARCHITECTURE_NAMES: Mapping[str, tuple[str, ...]] = {
    "vit": ("vit", "vision transformer"), "deit": ("deit",), "beit": ("beit",),
    "swin": ("swin",), "convnext": ("convnext",), "resnet": ("resnet",),
    "bert": ("bert",), "roberta": ("roberta",), "gpt2": ("gpt-2", "gpt2"),
    "t5": ("t5",), "clip_text_model": ("clip",), "clip": ("clip",),
    "llama": ("llama",), "whisper": ("whisper",),
}
CONVOLUTIONAL_TYPES = frozenset({"resnet", "convnext", "convnextv2", "efficientnet", "regnet",
                                 "mobilenet_v1", "mobilenet_v2", "bit", "van"})
# The layer / hidden size / head counts that "-tiny", "-base", ... name in the ViT, DeiT and
# BERT papers.
SIZE_PRESETS: Mapping[str, tuple[int, int, int]] = {
    "tiny": (12, 192, 3), "small": (12, 384, 6), "base": (12, 768, 12),
    "large": (24, 1024, 16), "huge": (32, 1280, 16),
}
_ROLE_WORDS: Mapping[str, tuple[str, ...]] = {
    "encoder": ("encoder", "vision", "visual", "image encoder"),
    "decoder": ("decoder", "text decoder", "language model"),
    "transformer": ("transformer", "denoiser", "backbone", "dit"),
    "unet": ("unet", "u-net", "denoiser", "backbone"),
    "vae": ("vae", "autoencoder"),
    "vision": ("vision", "visual", "image encoder", "vision encoder", "vision tower",
               "image tower"),
    "text": ("text", "text encoder", "text tower", "text model", "language model", "LLM"),
    "audio": ("audio", "audio encoder", "audio tower"),
}
_NOT_A_PART = re.compile(r"\b(?:vision[\s-])?encoder[\s-]decoder\b|\btransformers\s+library\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """One part of a model: its name in the config or folder, and its architecture."""

    name: str
    model_type: str | None = None


def part_words(part: Part) -> tuple[str, ...]:
    """The words that name `part` in prose.

    Example:
        >>> part_words(Part("text_encoder_2", "t5"))
        ('text encoder', 't5')
        >>> part_words(Part("encoder", "vit"))
        ('encoder', 'vision', 'visual', 'image encoder', 'vit', 'vision transformer')
    """
    role = re.sub(r"_\d+$", "", part.name)
    words = _ROLE_WORDS.get(role, (role.replace("_", " "),))
    return words + ARCHITECTURE_NAMES.get(part.model_type or "", ())


def pick_part(text: str, position: int, parts: Sequence[Part],
              fallback: str | None = None) -> Part | None:
    """The part named nearest to `position` in `text` (else the only part `fallback` names).

    Example:
        >>> parts = [Part("encoder", "vit"), Part("decoder", "trocr")]
        >>> pick_part("a ViT encoder with 12 layers", 21, parts)
        Part(name='encoder', model_type='vit')
        >>> pick_part("12 layers", 0, parts) is None
        True
    """
    if len(parts) == 1:
        return parts[0]
    scores = _scores(text, position, parts)
    if scores:
        best = min(scores.values())
        nearest = [p for p, s in scores.items() if s == best]
        return nearest[0] if len(nearest) == 1 else None
    if fallback is not None:
        named = list(_scores(fallback, 0, parts))
        return named[0] if len(named) == 1 else None
    return None


def _scores(text: str, position: int, parts: Sequence[Part]) -> dict[Part, tuple[int, int]]:
    """Per named part: (distance of its nearest name, minus how many of its names occur)."""
    cleaned = _NOT_A_PART.sub(lambda m: " " * len(m.group(0)), text)
    scores: dict[Part, tuple[int, int]] = {}
    for part in parts:
        gaps = [max(m.start() - position, position - m.end(), 0)
                for word in part_words(part)
                for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", cleaned,
                                     re.IGNORECASE)]
        if gaps:
            scores[part] = (min(gaps), -len(gaps))
    return scores
