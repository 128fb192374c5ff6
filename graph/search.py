"""Search over artifacts, capabilities and claims: ranking, highlights and "did you mean",
written once above the store seam.

A store only finds candidates (`GraphStore.text_candidates`: the nodes with a word starting
with each query term, from its full-text index over `graph.search_index`'s words). Everything
else is decided here from the nodes' own fields, so both stores give the same answer for the
same data; no engine's own relevance score is used (FTS5's bm25 and Lucene's differ).

The score, 0..1, rounded to 4 places:

    0.5 x coverage   the share of the query's terms the node matches
    0.35 x quality   per term, the weight of the best field it matched in (a name 3, prose 1,
                     divided by 3), halved for a prefix match ("hand" in "handwritten"); the
                     mean over the query's terms
    0.15 x phrase    1 when the query is a name, slug or alias of the artifact (word for
                     word); 0.5 when all terms (two or more) stand in a row in one field

Ties are broken by label (artifacts, then capabilities, then claims) and then by id. A term of
one letter or digit matches only the whole word. Each term brings at most
`CANDIDATES_PER_TERM` candidates (in id order, so artifacts first: ids begin with the label);
past that a very common word finds the same first nodes in both stores, not all of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.artifact_lookup import resolve_artifact
from graph.model import Label, Node
from graph.search_index import (
    FIELDS,
    NAME_FIELDS,
    SEARCHABLE,
    field_texts,
    fold_words,
    grams,
    word_spans,
)

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = ["CANDIDATES_PER_TERM", "FEW_HITS", "MAX_TERMS", "Highlight", "SearchHit",
           "SearchResult", "did_you_mean", "edit_distance", "query_terms", "rank_nodes",
           "score_node", "search", "suggest_names"]

MAX_TERMS = 8
"""Query terms past this many are ignored (each costs one index look-up)."""
CANDIDATES_PER_TERM = 200
FEW_HITS = 3
"""Fewer hits than this, and the answer suggests near names ("did you mean")."""
MAX_SUGGESTIONS = 5
_SUGGEST_CANDIDATES = 50     # nodes compared by edit distance, the most shared bigrams first
_SNIPPET = 200               # characters of a field shown around its first match
_MAX_HIGHLIGHTS = 3
_TOP_WEIGHT = max(w for fields in FIELDS.values() for _, w in fields)
_LABEL_ORDER = {label: i for i, label in enumerate(SEARCHABLE)}


@dataclass(frozen=True)
class Highlight:
    """Where a hit matched: the field, an excerpt of its text, the spans of the excerpt that
    matched (start, end offsets), and the query terms they matched."""

    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]
    terms: tuple[str, ...]

    def marked(self, before: str = "**", after: str = "**") -> str:
        """The excerpt with each matched span wrapped.

        Example:
            >>> Highlight("name", "Quill Base", ((0, 5),), ("quill",)).marked()
            '**Quill** Base'
        """
        out, at = [], 0
        for start, end in self.spans:
            out += [self.snippet[at:start], before, self.snippet[start:end], after]
            at = end
        return "".join(out) + self.snippet[at:]


@dataclass(frozen=True)
class SearchHit:
    node: Node
    score: float
    highlights: tuple[Highlight, ...]
    matched: tuple[str, ...]        # the query terms this node matched
    resolved: bool = False          # the query names this artifact (hub id, alias, short name)


@dataclass(frozen=True)
class SearchResult:
    terms: tuple[str, ...]
    hits: tuple[SearchHit, ...]     # every hit found, best first (a caller pages through them)
    did_you_mean: tuple[str, ...]   # near artifact names, when there were few hits


def query_terms(query: str) -> list[str]:
    """The query's folded words, each once, at most `MAX_TERMS`.

    Example:
        >>> query_terms("Quill handwritten OCR, quill")
        ['quill', 'handwritten', 'ocr']
    """
    return list(dict.fromkeys(fold_words(query)))[:MAX_TERMS]


def _match(term: str, word: str) -> float:
    """1 for the same word, 0.5 when the word starts with the term (two letters or more)."""
    if word == term:
        return 1.0
    return 0.5 if len(term) > 1 and word.startswith(term) else 0.0


def score_node(node: Node, terms: Sequence[str]) -> SearchHit | None:
    """The node's score and highlights for the query terms; None when it matches none.

    Example:
        >>> node = Node("artifact:t", Label.ARTIFACT, {"name": "Quill Base", "slug": "quill-base"})
        >>> hit = score_node(node, ["quill", "base"])
        >>> hit.score, hit.highlights[0].marked()
        (1.0, '**Quill** **Base**')
        >>> score_node(node, ["qui"]).score
        0.675
    """
    if not terms:
        return None
    weights = dict(FIELDS.get(node.label, ()))
    best = dict.fromkeys(terms, 0.0)
    phrase = 0.0
    found: list[tuple[float, int, str, str, list[tuple[int, int, str]]]] = []
    query_words = list(terms)
    exact = set(terms)
    prefixes = [t for t in terms if len(t) > 1]
    for order, (field, text) in enumerate(field_texts(node)):
        if text.isascii():      # a cheap look first: most fields of a candidate match nothing
            lowered = text.lower()
            if not any(t in lowered for t in terms):
                continue
        spans = list(word_spans(text))
        words = [w for _, _, w in spans]
        marks: list[tuple[int, int, str]] = []
        weight = weights[field] / _TOP_WEIGHT
        for start, end, word in spans:
            if word in exact:
                term, value = word, weight
            else:           # a prefix match counts half (the first term it matches)
                term = next((t for t in prefixes if word.startswith(t)), "")
                if not term:
                    continue
                value = weight * 0.5
            marks.append((start, end, term))
            if value > best[term]:
                best[term] = value
        if not marks:
            continue
        found.append((weights[field], -order, field, text, marks))
        if field in NAME_FIELDS and words == query_words:
            phrase = 1.0
        elif len(terms) > 1 and _in_a_row(terms, words):
            phrase = max(phrase, 0.5)
    matched = tuple(t for t in terms if best[t] > 0)
    if not matched:
        return None
    coverage = len(matched) / len(terms)
    quality = sum(best.values()) / len(terms)
    score = round(0.5 * coverage + 0.35 * quality + 0.15 * phrase, 4)
    found.sort(key=lambda f: (-f[0], -f[1]))
    highlights = tuple(_highlight(field, text, marks)
                       for _, _, field, text, marks in found[:_MAX_HIGHLIGHTS])
    return SearchHit(node, score, highlights, matched)


def _in_a_row(terms: Sequence[str], words: Sequence[str]) -> bool:
    n = len(terms)
    return any(all(_match(t, w) > 0 for t, w in zip(terms, words[i: i + n], strict=True))
               for i in range(len(words) - n + 1))


def _highlight(field: str, text: str, marks: list[tuple[int, int, str]]) -> Highlight:
    """An excerpt of `text` around its first match (all of it when short), spans moved."""
    start, end = 0, len(text)
    if len(text) > _SNIPPET:
        start = max(0, marks[0][0] - _SNIPPET // 4)
        while 0 < start < len(text) and not text[start - 1].isspace():
            start += 1          # begin at a word
        end = min(len(text), start + _SNIPPET)
        while start < end < len(text) and not text[end].isspace():
            end -= 1
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple((s + shift, e + shift) for s, e, _ in marks if s >= start and e <= end)
    terms = tuple(dict.fromkeys(t for _, _, t in marks))
    return Highlight(field, prefix + text[start:end] + suffix, spans, terms)


def rank_nodes(nodes: Sequence[Node], terms: Sequence[str]) -> list[SearchHit]:
    """The nodes that match, best first (score, then label, then id)."""
    hits = [hit for node in nodes if (hit := score_node(node, terms)) is not None]
    hits.sort(key=lambda h: (-h.score, _LABEL_ORDER.get(h.node.label, 99), h.node.id))
    return hits


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance with adjacent transpositions counted as one edit.

    Example:
        >>> edit_distance("qiull", "quill"), edit_distance("vega", "vaga")
        (1, 1)
    """
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _name_keys(node: Node) -> list[str]:
    """An artifact's names as word runs joined by '-': its slug, aliases, name."""
    return list(dict.fromkeys("-".join(fold_words(text)) for field, text in field_texts(node)
                              if field in NAME_FIELDS))


def suggest_names(terms: Sequence[str], artifacts: Sequence[Node],
                  limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Names of the artifacts whose name, slug or alias is within a few edits of the query
    (about 2 in 5 letters; a name that begins with a near spelling costs one edit more),
    nearest first, then by name.

    Example:
        >>> art = Node("artifact:t", Label.ARTIFACT,
        ...            {"name": "Quill Base Handwritten", "slug": "quill-base-handwritten"})
        >>> suggest_names(["qiull"], [art]), suggest_names(["gpt"], [art])
        (['Quill Base Handwritten'], [])
    """
    target = "-".join(terms)[:64]
    if len(target) < 3:
        return []
    allowed = max(1, round(len(target) * 0.4))
    scored: dict[str, int] = {}
    for node in artifacts:
        distance = min((min(edit_distance(target, key[:64]),
                            edit_distance(target, key[: len(target)]) + 1)
                        for key in _name_keys(node)), default=allowed + 1)
        name = str(node.props.get("name") or node.props.get("slug"))
        if distance <= allowed and distance < scored.get(name, allowed + 1):
            scored[name] = distance
    return sorted(scored, key=lambda name: (scored[name], name))[:limit]


def search(store: GraphStore, query: str, labels: Sequence[Label] = SEARCHABLE) -> SearchResult:
    """Every hit of `query` among nodes of `labels`, best first; an artifact the query names
    (slug, name, alias, hub id, an unambiguous short name) comes first with score 1; near
    artifact names when fewer than `FEW_HITS` were found."""
    terms = query_terms(query)
    wanted = [Label(label) for label in labels if Label(label) in FIELDS]
    if not terms or not wanted:
        return SearchResult(tuple(terms), (), ())
    candidates = store.text_candidates(terms, wanted, limit=CANDIDATES_PER_TERM)
    ids = sorted({i for found in candidates.values() for i in found})
    hits = rank_nodes(store.get_nodes(ids), terms)
    named = resolve_artifact(store, query) if Label.ARTIFACT in wanted else None
    if named is not None:
        own = score_node(named, terms)
        pinned = SearchHit(named, 1.0, own.highlights if own else (),
                           own.matched if own else (), resolved=True)
        hits = [pinned, *(h for h in hits if h.node.id != named.id)]
    suggestions: list[str] = []
    if len(hits) < FEW_HITS:
        suggestions = _did_you_mean(store, terms, {h.node.id for h in hits})
    return SearchResult(tuple(terms), tuple(hits), tuple(suggestions))


def did_you_mean(store: GraphStore, text: str) -> list[str]:
    """Names of the artifacts whose name, slug or alias is near `text` (a misspelt name),
    nearest first: what `search` suggests when it finds few hits, for a look-up that found
    nothing (`graph.references`)."""
    terms = query_terms(text)
    return _did_you_mean(store, terms, set()) if terms else []


def _did_you_mean(store: GraphStore, terms: Sequence[str], found: set[str]) -> list[str]:
    """Near names: artifacts sharing the most name bigrams with the query (bounded: a few
    hundred ids per bigram, `_SUGGEST_CANDIDATES` compared), ranked by `suggest_names`."""
    query_grams = list(dict.fromkeys(g for term in terms for g in grams(term)))[:24]
    by_gram = store.text_candidates(query_grams, [Label.ARTIFACT], grams=True,
                                    limit=CANDIDATES_PER_TERM)
    shared = Counter(i for ids in by_gram.values() for i in ids if i not in found)
    nearest = sorted(shared, key=lambda i: (-shared[i], i))[:_SUGGEST_CANDIDATES]
    return suggest_names(terms, store.get_nodes(nearest))
