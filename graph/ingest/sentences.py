"""Split capability text into sentences: the unit a claim has until claims are atomized."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by space and a capital, digit, quote or bracket,
# unless the dot closes a common abbreviation ("e.g.", "vs.") or a single initial.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9])")
_ABBREVIATIONS = ("e.g.", "i.e.", "vs.", "etc.", "approx.", "cf.", "Dr.", "Mr.", "No.")


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, whitespace folded.

    Example:
        >>> split_sentences("Runs on CPU, e.g. on laptops. Uses 1.4GB. Fast!")
        ['Runs on CPU, e.g. on laptops.', 'Uses 1.4GB.', 'Fast!']
    """
    folded = " ".join(text.split())
    if not folded:
        return []
    pieces = _BOUNDARY.split(folded)
    sentences: list[str] = []
    for piece in pieces:
        previous = sentences[-1] if sentences else ""
        if previous and (
            previous.endswith(_ABBREVIATIONS) or re.search(r"\b[A-Z]\.$", previous)
        ):
            sentences[-1] = f"{previous} {piece}"
        else:
            sentences.append(piece)
    return sentences
