"""The alternatives a claim names: names inside its contrasts ("than X", "vs X", "unlike X").

No vocabulary of products: a name is a run of capitalised or numbered tokens ("DALL-E 3",
"Vega Diffusion XL Turbo", "QuillOCR") inside a contrast (see
`graph.claims.attributes.contrast_spans`), minus generic terms ("CNN", "OCR", "API"),
trailing generic words ("API", "family") and parentheticals that start in lower case
("(which requires 1 step)", "(paid-only)"). "VS" in capitals is a name's ("VS Code"), not
the contrast "vs".

Whether a name the graph does not know names a product, and so may become a stub artifact,
is `names_a_product`'s to say (a claim's "CI/CD", "DOM parsing" or "Pro/Dev variants" do not).
"""

from __future__ import annotations

import re

from graph.claims.attributes import contrast_spans
from graph.claims.generic_terms import GENERIC_ACRONYMS, GENERIC_WORDS

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
        >>> find_mentions("Beats classic OCR engines (Scrivener, Kestrel) and QuillOCR v2")
        ('Scrivener', 'Kestrel', 'QuillOCR v2')
        >>> find_mentions("Sharper than Imagen 3 (closed) and GPT-Image API; faster than CNNs")
        ('Imagen 3', 'GPT-Image')
        >>> find_mentions("Uses a ViT encoder pre-trained on ImageNet-21k")
        ()
    """
    names: list[str] = []
    for start, end in contrast_spans(text):
        span = text[start:end]
        if span.startswith("VS") and not span.startswith("VS."):
            continue                        # "VS Code": a name, not "vs"
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


_PART = re.compile(r"[\s/\u2013-]+")


def names_a_product(name: str) -> bool:
    """Whether a mention names a product rather than a kind of thing: it has a part that
    is not generic (`graph.claims.generic_terms`: technical acronyms, common words that
    classify or qualify, anything in lower case); a part with a digit ("Zeta-4V", "1.5"),
    in camel case ("PlotBench", "TorchLite") or a capitalised uncommon word ("Scrivener",
    "Kestrel") is not. Names of artifacts the graph holds are linked whatever this says.

    Example:
        >>> [n for n in ("CI", "DOM", "Pro", "Code", "CNN-LSTM", "LLM-database", "CNNs",
        ...              "Scrivener", "Zeta-4V", "PlotBench", "ARC", "Nimbus Speech Services",
        ...              "Node.js") if names_a_product(n)]
        ['Scrivener', 'Zeta-4V', 'PlotBench', 'ARC', 'Nimbus Speech Services', 'Node.js']
    """
    return not all(_generic(part) for part in _PART.split(name) if part)


def _generic(part: str) -> bool:
    if any(c.isdigit() for c in part):
        return False
    if part.islower():
        return True
    singular = part[:-1] if len(part) > 2 and part.endswith("s") and part[:-1].isupper() \
        else part
    if singular.isupper() and singular in GENERIC_ACRONYMS:
        return True
    return (part.isupper() or part.istitle()) and part.casefold() in GENERIC_WORDS
