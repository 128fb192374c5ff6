"""Yes/no facts a claim states by name: "tied embeddings", "grouped-query attention".

A yes/no fact (`is_decoder`, `tie_word_embeddings`) has no value to compare with a stated
one; it is matched when the claim states every content word of one of its phrases, in
order, in one clause (`match_flags`). Values are matched in `inference.facts.match`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.facts import Fact
from inference.facts.match import part_adjustment, scorer_for
from inference.facts.vocabulary import SPELLING_DROP
from inference.facts.words import token_spans, tokens


@dataclass(frozen=True)
class FlagMatch:
    """A yes/no fact whose whole phrase the claim states, and where."""

    fact: Fact
    phrase: str
    start: int
    end: int


def _in_order(spans: list[tuple[str, int, int]], wanted: list[str]) -> tuple[int, int] | None:
    """Where the words stand as one phrase: in order with at most one other word between
    two; a phrase of three words or more may stand in any order within two extra words
    ("input and output embeddings are tied")."""
    for i, (word, start, _) in enumerate(spans):
        if word != wanted[0]:
            continue
        j, end = i, spans[i][2]
        for token in wanted[1:]:
            nxt = next((k for k in range(j + 1, min(j + 3, len(spans)))
                        if spans[k][0] == token), None)
            if nxt is None:
                break
            j, end = nxt, spans[nxt][2]
        else:
            return start, end
    if len(wanted) >= 3:
        width = len(wanted) + 2
        for i in range(len(spans)):
            window = spans[i:i + width]
            words = {w for w, _, _ in window}
            if all(t in words for t in wanted):
                used = [s for s in window if s[0] in wanted]
                return used[0][1], used[-1][2]
    return None


def match_flags(text: str, facts: Sequence[Fact]) -> list[FlagMatch]:
    """Yes/no facts ("tied embeddings", "grouped-query attention") whose every content
    word (two at least) the claim states, in one clause; the most specific phrase wins."""
    spans = token_spans(text)
    scorer = scorer_for(facts if isinstance(facts, tuple) else tuple(facts))
    named = scorer.parts_named(text)
    found: list[FlagMatch] = []
    for fact in facts:
        if not isinstance(fact.value, bool) or (fact.name.startswith("do_")
                                                and fact.part == "processor"):
            continue
        if part_adjustment(fact, named) < 0:
            continue
        spelled = " ".join(w for w in fact.name.split("_") if w and w not in SPELLING_DROP)
        for phrase in fact.words:
            wanted = list(dict.fromkeys(tokens(phrase)))
            # one word decides a yes/no fact only when it is a listed synonym ("lowercased"),
            # never the field's own name ("decoder" of is_decoder)
            if not wanted or (len(wanted) == 1 and (
                    len(wanted[0]) < 7 or phrase == spelled or fact.part == "generation"
                    or not re.fullmatch(r"[A-Za-z]+", phrase))):
                continue
            hit = _in_order(spans, wanted)
            if hit is not None:
                found.append(FlagMatch(fact, phrase, *hit))
    # a phrase inside a longer matched phrase ("multi-head attention" within "standard
    # multi-head attention") says less: keep the longest per place
    found.sort(key=lambda f: -(f.end - f.start))
    kept: list[FlagMatch] = []
    for flag in found:
        if not any(k.start <= flag.start and flag.end <= k.end and k.fact is not flag.fact
                   for k in kept):
            kept.append(flag)
    return kept
