"""Split capability text into atomic claims: one checkable statement each.

Conservative, grammar-level rules, never a vocabulary of models. Within a sentence
(outside brackets):

- clauses joined by ";" are separate claims;
- a "while ..." / "whereas ..." clause is a claim of its own;
- a causal tail ("due to X", "because X", "thanks to X") is its own (unfalsifiable) claim;
- a consequence clause after a comma (", enabling ...", ", reducing ... and improving ...")
  is its own claim;
- a bracketed list whose items state attributes ("(ViT-base, 12 layers, 768 hidden
  dimensions)") becomes one claim per item, each named by the words before the bracket.

Example:
    >>> [a.text for a in atomize("Packs 8 heads; it is fast, enabling reuse.")]
    ['Packs 8 heads', 'it is fast', 'enabling reuse']
"""

from __future__ import annotations

import re
from functools import lru_cache

from graph.claims.attributes import find_attributes
from graph.claims.mentions import find_mentions
from graph.claims.types import AtomicClaim
from graph.ingest.sentences import split_sentences

_CONSEQUENCES = ("enabling|allowing|providing|ensuring|making|reducing|improving|preventing|"
                 "eliminating|lowering|resulting|leading|permitting|yielding|preserving|"
                 "removing|giving|increasing|cutting")
_SEMICOLON = re.compile(r";\s*")
_WHILE = re.compile(r",?\s+(?:while|whereas)\s+", re.IGNORECASE)
_CAUSAL = re.compile(r",?\s+(?=(?:due\s+to|because|thanks\s+to)\s)", re.IGNORECASE)
_CONSEQUENCE = re.compile(rf",\s+(?:and\s+)?(?=(?:{_CONSEQUENCES})\s)|"
                          rf"\s+and\s+(?=(?:{_CONSEQUENCES})\s)", re.IGNORECASE)
_SPLITTERS = (_SEMICOLON, _WHILE, _CAUSAL, _CONSEQUENCE)
# every split point contains one of these (a cheap test before the patterns run)
_SPLIT_HINTS = (";", ", ", " and ", "while", "whereas", "due to", "because", "thanks to")
_HEAD_STOP = frozenset({"a", "an", "the", "using", "with", "of", "to", "from", "by", "on",
                        "in", "for", "and", "or", "via", "uses", "use", "its", "their"})


def atomize(text: str) -> list[AtomicClaim]:
    """The atomic claims of `text`, each with its sentence and position.

    Example:
        >>> atoms = atomize("Uses a ViT (12 layers, 768 hidden size) unlike ResNet-50.")
        >>> [(a.text, a.atom_index) for a in atoms]
        [('Uses a ViT unlike ResNet-50', 0), ('ViT (12 layers)', 1), ('ViT (768 hidden size)', 2)]
        >>> atoms[0].mentions
        ('ResNet-50',)
    """
    return list(_atoms(text))


@lru_cache(maxsize=512)
def _atoms(text: str) -> tuple[AtomicClaim, ...]:
    # a page's texts are atomized twice, when it is parsed (its mentions are checked) and when
    # its claims are built: the second costs nothing (half of atomizing, ~1 ms a page)
    atoms: list[AtomicClaim] = []
    for index, sentence in enumerate(split_sentences(text)):
        for position, piece in enumerate(split_sentence(sentence)):
            atoms.append(AtomicClaim(piece, sentence, index, position, find_mentions(piece)))
    return tuple(atoms)


def split_sentence(sentence: str) -> list[str]:
    """One sentence's atomic statements, in order (the sentence itself when it is one).

    Example:
        >>> split_sentence("It is 2x faster while using 4 GB, due to caching.")
        ['It is 2x faster', 'using 4 GB', 'due to caching']
    """
    pieces = [sentence.strip().rstrip(".!?").strip()]
    lowered = " ".join(pieces[0].lower().split())
    if any(hint in lowered for hint in _SPLIT_HINTS):    # most sentences have no split point
        for pattern in _SPLITTERS:
            pieces = [part for piece in pieces for part in _split_top_level(piece, pattern)]
    else:
        pieces = [pieces[0].strip(" ,")]
    return [atom for piece in pieces for atom in _split_attribute_lists(piece)]


def _split_top_level(text: str, pattern: re.Pattern[str]) -> list[str]:
    matches = list(pattern.finditer(text))
    if not matches:
        return [text.strip(" ,")]
    depth = _depths(text) if "(" in text or "[" in text else None
    cuts = [m for m in matches if depth is None or depth[m.start()] == 0]
    parts, start = [], 0
    for match in cuts:
        parts.append(text[start:match.start()])
        start = match.end()
    parts.append(text[start:])
    cleaned = [p.strip(" ,") for p in parts]
    if any(len(p.split()) < 2 for p in cleaned):   # a split that leaves a fragment: keep whole
        return [text.strip(" ,")]
    return cleaned


def _split_attribute_lists(text: str) -> list[str]:
    if "(" not in text:
        return [text]
    depth = _depths(text)
    for match in re.finditer(r"\(([^()]*)\)", text):
        if depth[match.start()] != 0:
            continue
        items = _top_level_items(match.group(1))
        if len(items) < 2 or not any(_states_value(item) for item in items):
            continue
        head = _head(text[:match.start()])
        rest = (text[:match.start()].rstrip() + " " + text[match.end():].lstrip()).strip()
        rest = re.sub(r"\s+([,.;])", r"\1", rest)
        return [rest] + [f"{head} ({item})" if head else item for item in items]
    return [text]


def _states_value(item: str) -> bool:
    return any(m.attribute.strong for m in find_attributes(item))


def _head(before: str) -> str:
    words: list[str] = []
    for word in reversed(before.split()):
        if word.lower() in _HEAD_STOP or len(words) == 3 or word.endswith((",", ";", ":")):
            break
        words.insert(0, word)
    return " ".join(words)


def _top_level_items(inner: str) -> list[str]:
    depth = _depths(inner)
    items, start = [], 0
    for i, char in enumerate(inner):
        if char == "," and depth[i] == 0:
            items.append(inner[start:i])
            start = i + 1
    items.append(inner[start:])
    return [item.strip() for item in items if item.strip()]


def _depths(text: str, opening: str = "([", closing: str = ")]") -> list[int]:
    """Bracket depth before each character (never below zero)."""
    depth, depths = 0, []
    for char in text:
        depths.append(depth)
        depth = depth + 1 if char in opening else max(depth - 1, 0) if char in closing else depth
    return depths


