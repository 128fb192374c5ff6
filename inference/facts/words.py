"""Words as the fact matcher compares them: content words of a claim or a fact's phrase,
stemmed, with or without their positions.

Example:
    >>> tokens("The feed-forward layers use 4-bit weights")
    ['feed', 'forward', 'layer', 'bit4', 'weight']
"""

from __future__ import annotations

import re

STOP_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "with", "has", "have", "having", "uses",
    "use", "using", "its", "it", "is", "are", "was", "were", "for", "by", "and", "or",
    "at", "per", "each", "this", "that", "these", "those", "which", "from", "as", "be",
    "been", "can", "into", "via", "model", "models", "all", "any", "their", "there",
    "than", "also", "only", "just",
})


def stem(word: str) -> str:
    """A crude, general stem: enough to equate "heads"/"head", "tied"/"ties"/"tie".

    Example:
        >>> [stem(w) for w in ("heads", "tied", "embeddings", "normalization", "licence")]
        ['head', 'tie', 'embed', 'normaliz', 'license']
    """
    w = word.lower().strip("'’").removesuffix("'s").removesuffix("’s")
    w = {"licence": "license", "licenced": "licensed"}.get(w, w)
    if re.fullmatch(r"dim(?:s|ension|ensions|ensional)?", w):
        return "dim"
    if w.endswith("ied") and len(w) >= 4:
        w = w[:-1]
    if w.endswith("ional") and len(w) > 7:
        w = w[:-2]                                      # dimensional -> dimension
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "es" and not re.search(r"(?:ch|sh|x|ss|z)es$", w):
                suffix = "s"
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]
    return w


_BIT_WORDS = re.compile(r"(\d+)[\s-]*bits?\b", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """Content words of `text`, stemmed ("feed-forward" -> "feed", "forward"; "4-bit" ->
    "bit4")."""
    text = _BIT_WORDS.sub(r" bit\1 ", text.replace("_", " "))
    return [stem(t) for t in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)
            if t.lower() not in STOP_WORDS]


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Content words of `text`, stemmed, with their positions."""
    return [(stem(m.group(0)), m.start(), m.end())
            for m in re.finditer(r"[A-Za-z][A-Za-z0-9]*", text)
            if m.group(0).lower() not in STOP_WORDS]
