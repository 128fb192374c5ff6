"""The alternatives a claim names: names inside its contrasts ("than X", "vs X", "unlike X").

No vocabulary of products: a name is a run of capitalised or numbered tokens ("DALL-E 3",
"Stable Diffusion XL Turbo", "EasyOCR") inside a contrast (see
`graph.claims.attributes.contrast_spans`), minus generic terms ("CNN", "OCR", "API"),
trailing generic words ("API", "family") and parentheticals that start in lower case
("(which requires 1 step)", "(paid-only)").
"""

from __future__ import annotations

import re

from graph.claims.attributes import contrast_spans

_NAME = re.compile(r"(?<![\w.-])[A-Z][\w.+]*(?:-[\w.+]+)*"
                   r"(?:\s+(?:[A-Z][\w.+]*(?:-[\w.+]+)*|v?\d[\w.]*))*")
_LOWER_PAREN = re.compile(r"\((?![A-Z])[^()]*\)")
_KEYWORD = re.compile(r"\S+(?:\s+(?:than|of|to|with))?\s*", re.IGNORECASE)
_AFFIX = re.compile(r"-(?:based|like|style|only|powered|generated)$", re.IGNORECASE)
_GENERIC_TAIL = frozenset({"API", "APIs", "Family", "Model", "Models", "Series", "Variants"})
# kinds of systems and formats, not alternatives (a vocabulary of generic terms, no products)
_GENERIC = frozenset({"AI", "API", "CNN", "CPU", "CV", "GAN", "GPU", "HTR", "HTTP", "JPEG",
                      "JSON", "LLM", "LSTM", "ML", "NLP", "OCR", "PDF", "PNG", "PTQ", "QAT",
                      "RAM", "REST", "RNN", "SOTA", "TPU", "UI", "VAE", "VLM", "VRAM"})


def find_mentions(text: str) -> tuple[str, ...]:
    """Names of alternatives the text compares its subject with, in order, once each.

    Example:
        >>> find_mentions("Beats classic OCR engines (Tesseract, Kraken) and PaddleOCR v2")
        ('Tesseract', 'Kraken', 'PaddleOCR v2')
        >>> find_mentions("Sharper than Imagen 3 (closed) and GPT-Image API; faster than CNNs")
        ('Imagen 3', 'GPT-Image')
        >>> find_mentions("Uses a ViT encoder pre-trained on ImageNet-21k")
        ()
    """
    names: list[str] = []
    for start, end in contrast_spans(text):
        span = text[start:end]
        keyword = _KEYWORD.match(span)
        span = span[keyword.end() if keyword else 0:]
        span = _LOWER_PAREN.sub(" ", span)
        for match in _NAME.finditer(span):
            name = _clean(match.group(0))
            if name and name not in names:
                names.append(name)
    return tuple(names)


def _clean(raw: str) -> str | None:
    tokens: list[str] = []
    for token in raw.split():
        if _AFFIX.search(token):           # "CNN-based", "ControlNet-based": an adjective
            tokens.append(_AFFIX.sub("", token))
            break
        tokens.append(token)
    while tokens and tokens[-1] in _GENERIC_TAIL:
        tokens.pop()
    if not tokens or all(t.rstrip("s") in _GENERIC for t in tokens):
        return None
    return " ".join(tokens)
