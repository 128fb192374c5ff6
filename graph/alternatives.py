"""Alternatives to an artifact: those that do what it does (by match, not by name), and those
its claims name, ranked by personalized PageRank over the graph they share.

Each of the artifact's capabilities is scored as an intent against every other artifact's
capabilities (`graph.intent_match.IntentIndex`: lexical, and the semantic similarities
`inference/` hands in); the pairs that score at least `MIN_SHARED` are its shared
capabilities. The artifact, its capabilities, the claims that name alternatives (MENTIONS),
the Intents that matched its capabilities (MATCHED), the other artifacts and their matching
capabilities are loaded into networkx (`graph.algorithms`), the capability pairs joined by
edges weighted by their score, and PageRank restarting at the artifact ranks the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.algorithms import personalized_pagerank, to_networkx
from graph.intent_match import LEXICAL_WEIGHT, SEMANTIC_FLOOR, SEMANTIC_WEIGHT, IntentIndex
from graph.model import Edge, EdgeType, Label, Node, artifact_id
from graph.store import MAX_SUBGRAPH_NODES, GraphStore

__all__ = ["MIN_SHARED", "Alternative", "SharedCapability", "find_alternatives",
           "shared_capabilities"]

MIN_SHARED = 0.35
"""The least fused score at which two capabilities count as shared: MiniLM puts unrelated
capability descriptions of the corpus below it."""

PER_CAPABILITY = 10
"""Other capabilities kept per capability of the artifact, best first."""

WORDS_SHOWN = 5

MATCH_WEIGHT = 2.0
"""A shared capability's edge weighs its score times this: sharing what an artifact does is
stronger evidence of an alternative than a claim naming it ("vs PyTorch training loops")."""

EDGE_WEIGHTS: dict[str, float] = {EdgeType.CLAIMS: 0.5, EdgeType.MENTIONS: 0.5}
"""The other edges weigh 1 (HAS_CAPABILITY, MATCHED from intents)."""


@dataclass(frozen=True)
class SharedCapability:
    """A capability of the artifact, one of the alternative's, and how well they match."""

    own: str                # capability node ids
    theirs: str
    score: float
    lexical: float
    semantic: float
    words: tuple[str, ...]  # the stems of `own` found in `theirs`


@dataclass(frozen=True)
class Alternative:
    slug: str
    score: float                          # personalized PageRank, rounded
    shared: tuple[SharedCapability, ...]  # best first
    claims: tuple[str, ...]               # ids of the artifact's claims that name it
    why: str


def _fused(lexical: float, semantic: float, with_semantic: bool) -> float:
    if not with_semantic:
        return lexical
    return (LEXICAL_WEIGHT * lexical + SEMANTIC_WEIGHT * semantic) / (
        LEXICAL_WEIGHT + SEMANTIC_WEIGHT)


def shared_capabilities(index: IntentIndex, slug: str,
                        similarities: Mapping[int, Sequence[float]] | None = None,
                        ) -> list[tuple[str, SharedCapability]]:
    """(other slug, pair) for each capability of another artifact that matches one of
    `slug`'s at least `MIN_SHARED`; `similarities` maps the index of each of the artifact's
    items to its cosine similarity with every item (None: lexical only)."""
    found: list[tuple[str, SharedCapability]] = []
    for row, item in enumerate(index.items):
        if item.slug != slug or item.capability is None:
            continue
        sims = similarities.get(row) if similarities is not None else None
        lexical = index.lexical(item.text)
        pairs = []
        for col, other in enumerate(index.items):
            if other.slug == slug or other.capability is None:
                continue
            lex, words = lexical[col]
            sem = 0.0 if sims is None else max(
                0.0, (float(sims[col]) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR))
            score = round(_fused(lex, sem, sims is not None), 4)
            if score >= MIN_SHARED:
                pairs.append((other.slug, SharedCapability(
                    item.capability, other.capability, score, round(lex, 4), round(sem, 4),
                    words)))
        pairs.sort(key=lambda p: (-p[1].score, p[1].theirs))
        found.extend(pairs[:PER_CAPABILITY])
    return found


def find_alternatives(store: GraphStore, artifact: Node,
                      shared: Sequence[tuple[str, SharedCapability]], first: int,
                      ) -> list[Alternative]:
    """The `first` alternatives to `artifact`, best first (score, then slug), given its
    shared capabilities (`shared_capabilities`)."""
    caps = [c.id for c in store.outgoing([artifact.id], EdgeType.HAS_CAPABILITY).get(
        artifact.id, [])]
    claims = [c for found in store.claims_of([artifact.id, *caps]).values() for c in found]
    mentions = store.outgoing([c.id for c in claims], EdgeType.MENTIONS)
    intents = [n.id for found in store.incoming(caps, [EdgeType.MATCHED]).values()
               for _, n in found]
    matched = store.outgoing(sorted(set(intents)), EdgeType.MATCHED)

    # the nodes the question needs, closest first, at most MAX_SUBGRAPH_NODES
    wanted: dict[str, None] = dict.fromkeys([artifact.id, *caps])
    for claim_id, named in sorted(mentions.items()):
        if named:
            wanted.update(dict.fromkeys([claim_id, *(n.id for n in named)]))
    by_score = sorted(shared, key=lambda p: (-p[1].score, p[0], p[1].theirs))
    for other_slug, pair in by_score:
        wanted.update(dict.fromkeys([pair.theirs, artifact_id(other_slug)]))
    for intent in sorted(matched):
        wanted.update(dict.fromkeys([intent, *(c.id for c in matched[intent])]))
    ids = list(wanted)[:MAX_SUBGRAPH_NODES]
    # capabilities an intent matched lead to their artifacts (a shared pair's are known)
    owned = {pair.theirs for _, pair in by_score} | set(caps)
    owners = store.incoming([c.id for found in matched.values() for c in found
                             if c.id in ids and c.id not in owned], [EdgeType.HAS_CAPABILITY])
    extra = sorted({n.id for found in owners.values() for _, n in found} - set(ids))
    ids = sorted(set(ids) | set(extra[:max(0, MAX_SUBGRAPH_NODES - len(ids))]))
    sub = store.subgraph_among(ids, [EdgeType.HAS_CAPABILITY, EdgeType.CLAIMS,
                                     EdgeType.MENTIONS, EdgeType.MATCHED])
    links = [Edge(EdgeType.MATCHED, pair.own, pair.theirs,
                  {"score": MATCH_WEIGHT * pair.score})
             for _, pair in by_score]
    ranks = personalized_pagerank(to_networkx(sub, links, EDGE_WEIGHTS), artifact.id)

    pairs_of: dict[str, list[SharedCapability]] = {}
    for other_slug, pair in by_score:
        pairs_of.setdefault(other_slug, []).append(pair)
    naming: dict[str, list[str]] = {}
    for claim_id, named in mentions.items():
        for named_node in named:
            naming.setdefault(str(named_node.props.get("slug")), []).append(claim_id)
    nodes = {n.id: n for n in sub.nodes}
    found = []
    for node_id, score in ranks.items():
        node = nodes.get(node_id)
        if node is None or node.label is not Label.ARTIFACT or node_id == artifact.id:
            continue
        slug = str(node.props.get("slug"))
        pairs = tuple(pairs_of.get(slug, ()))
        named_by = tuple(sorted(naming.get(slug, ())))
        if not pairs and not named_by and score <= 0:
            continue
        found.append(Alternative(slug, score, pairs, named_by, _why(pairs, named_by)))
    found.sort(key=lambda a: (-a.score, a.slug))
    return found[:first]


def _why(pairs: Sequence[SharedCapability], claims: Sequence[str]) -> str:
    """Why it is an alternative, in one sentence.

    Example:
        >>> _why([SharedCapability("c1", "c2", 0.71, 0.2, 0.9, ("ocr",))], ["claim:1"])
        'shares 1 capability (best match 0.71, words: ocr); named by 1 of its claims'
    """
    parts = []
    if pairs:
        best = max(pairs, key=lambda p: p.score)
        shown = ", ".join(best.words[:WORDS_SHOWN]) + (", ..." if len(best.words) > WORDS_SHOWN
                                                        else "")
        words = f", words: {shown}" if best.words else ""
        count = len({p.theirs for p in pairs})
        parts.append(f"shares {count} capabilit{'y' if count == 1 else 'ies'} "
                     f"(best match {best.score:.2f}{words})")
    if claims:
        parts.append(f"named by {len(claims)} of its claims")
    return "; ".join(parts) or "connected through intents it shares"
