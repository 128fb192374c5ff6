"""What the full-text index holds for a node, spelt once for both stores.

Both stores index the same text: a node's words (`index_words`), already split and folded
here, joined by spaces, and for artifacts the bigrams of their names (`index_grams`, for "did
you mean"). The engines then only split on spaces (SQLite FTS5's `unicode61`, Neo4j's
`whitespace` analyzer see the same tokens), so a term finds the same nodes in both, and what a
match means is decided above the seam (`graph.search`) from the node's own fields.

A word is a run of letters and digits, NFKD-folded (marks dropped) and case-folded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence

from graph.model import Label, Node

__all__ = ["COMMON_MATCHES", "FIELDS", "SEARCHABLE", "field_texts", "fold_words", "id_range",
           "index_grams", "index_words", "node_index", "word_spans"]

FIELDS: Mapping[Label, tuple[tuple[str, float], ...]] = {
    Label.ARTIFACT: (("name", 3.0), ("slug", 3.0), ("aliases", 2.5), ("tagline", 1.0),
                     ("type", 1.0)),
    Label.CAPABILITY: (("name", 2.0), ("description", 1.0), ("unique_aspect", 1.0),
                       ("vs_alternatives", 1.0)),
    Label.CLAIM: (("text", 1.0),),
}
"""The fields searched on each label, with their weights (a name counts more than prose)."""

SEARCHABLE: tuple[Label, ...] = tuple(FIELDS)

COMMON_MATCHES = 2000
"""A term matching more nodes than this is common: a store then finds its first candidates by
walking its nodes in id order (each label's ids are one range: `graph.model`), which stops
early, instead of sorting every match by id. The same candidates either way."""


def id_range(label: Label) -> tuple[str, str]:
    """The [low, high) range of a label's node ids (every id begins `<label>:`).

    Example:
        >>> id_range(Label.CLAIM)
        ('claim:', 'claim;')
    """
    low = f"{label.value.lower()}:"
    return low, low[:-1] + ";"

NAME_FIELDS = ("name", "slug", "aliases")
"""The artifact fields "did you mean" compares with."""

_WORD = re.compile(r"[^\W_]+")
_MAX_FIELD_CHARS = 20_000     # a claim is 2,000 at most; a page's prose is cut here


def fold_words(text: str) -> list[str]:
    """The words of `text`, folded.

    Example:
        >>> fold_words("Vega.2 Pro — Café_ﬁne")
        ['vega', '2', 'pro', 'cafe', 'fine']
    """
    if text.isascii():      # most text: the same words, without a step per word
        return _WORD.findall(text[:_MAX_FIELD_CHARS].lower())
    return [word for _, _, word in word_spans(text)]


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of `text` with the span of the original text it came from."""
    for match in _WORD.finditer(text[:_MAX_FIELD_CHARS]):
        raw = match.group()
        if raw.isascii():
            yield match.start(), match.end(), raw.lower()
            continue
        decomposed = unicodedata.normalize("NFKD", raw)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
        for word in _WORD.findall(plain):
            yield match.start(), match.end(), word


def field_texts(node: Node) -> list[tuple[str, str]]:
    """(field, text) for each searched field of the node that has text (a list field such as
    aliases gives one entry per item)."""
    found: list[tuple[str, str]] = []
    for field, _ in FIELDS.get(node.label, ()):
        value = node.props.get(field)
        items: Sequence[object] = value if isinstance(value, list | tuple) else (value,)
        found.extend((field, item) for item in items if isinstance(item, str) and item)
    return found


def index_words(label: Label, props: Mapping[str, object]) -> str | None:
    """The words a node is indexed under, space-separated; None for a label not searched."""
    fields = FIELDS.get(label)
    if fields is None:
        return None
    seen: dict[str, None] = {}
    # `field_texts`, inlined: this runs for every node written (~150 a page imported)
    for field, _ in fields:
        value = props.get(field)
        if isinstance(value, str):
            if value:
                seen.update(dict.fromkeys(fold_words(value)))
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str) and item:
                    seen.update(dict.fromkeys(fold_words(item)))
    return " ".join(seen)


def node_index(node: Node) -> tuple[str, str] | None:
    """(`index_words`, `index_grams`) of a node, None for a label not searched; worked out once
    per node object and kept on it (a node is immutable), so that the worker process that
    drafts a page works them out, not the importer writing it (the pair travels with the node).

    Example:
        >>> node = Node("artifact:quill", Label.ARTIFACT, {"name": "Quill", "slug": "quill"})
        >>> node_index(node)
        ('quill', 'qu ui il ll')
    """
    cached = node.__dict__.get("_index")
    if cached is None:
        words = index_words(node.label, node.props)
        cached = () if words is None else (words, index_grams(node.label, node.props))
        node.__dict__["_index"] = cached    # a frozen dataclass's __dict__ may still be written
    return cached or None


def index_grams(label: Label, props: Mapping[str, object]) -> str:
    """The bigrams of an artifact's name words (name, slug, aliases), space-separated: what
    "did you mean" finds a misspelt name by. Empty for other labels.

    Example:
        >>> index_grams(Label.ARTIFACT, {"name": "Quill", "slug": "quill"})
        'qu ui il ll'
    """
    if label is not Label.ARTIFACT:
        return ""
    node = Node("", label, props)
    words = (w for field, text in field_texts(node) if field in NAME_FIELDS
             for w in fold_words(text))
    return " ".join(dict.fromkeys(g for w in words for g in grams(w)))


def grams(word: str) -> list[str]:
    """The bigrams of one word (a one-letter word is its own gram).

    Example:
        >>> grams("trcor")
        ['tr', 'rc', 'co', 'or']
    """
    if len(word) < 2:
        return [word] if word else []
    return [word[i: i + 2] for i in range(len(word) - 1)]
