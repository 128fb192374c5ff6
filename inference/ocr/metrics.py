"""Character and word error rates: edit distance over the reference's length.

Texts are compared after collapsing runs of whitespace; case and punctuation count.
Rates over a set of lines add the distances and the lengths (not an average of ratios).
"""

from __future__ import annotations

from collections.abc import Sequence


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance (insertions, deletions, substitutions all cost 1).

    Example:
        >>> edit_distance("kitten", "sitting"), edit_distance([], ["a"]), edit_distance("ab", "ab")
        (3, 1, 0)
    """
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def normalize(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped.

    Example:
        >>> normalize("  two\\n words ")
        'two words'
    """
    return " ".join(text.split())


def error_rates(references: Sequence[str], hypotheses: Sequence[str]) -> tuple[float, float]:
    """(CER, WER) over a set of lines: total edits over total reference length.

    Example:
        >>> error_rates(["the cat"], ["the bat"])
        (0.14285714285714285, 0.5)
        >>> error_rates(["ab", "cd"], ["ab", ""])
        (0.5, 0.5)
    """
    if len(references) != len(hypotheses):
        raise ValueError("one hypothesis per reference")
    chars = words = char_edits = word_edits = 0
    for ref, hyp in zip(references, hypotheses, strict=True):
        ref, hyp = normalize(ref), normalize(hyp)
        chars, words = chars + len(ref), words + len(ref.split())
        char_edits += edit_distance(ref, hyp)
        word_edits += edit_distance(ref.split(), hyp.split())
    return char_edits / max(chars, 1), word_edits / max(words, 1)
