"""The types of `search`: hits over artifacts, capabilities and claims, with highlights and
"did you mean". Declarations only; `resolvers.search` fills them from `graph.search`."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.model import Label
from schema.descriptions import CURSOR, PAGE_INFO, TOTAL_COUNT
from schema.enums import described
from schema.relay import Node, PageInfo

__all__ = ["SearchConnection", "SearchEdge", "SearchHighlight", "SearchType", "TextSpan"]


class SearchType(Enum):
    ARTIFACT = Label.ARTIFACT.value
    CAPABILITY = Label.CAPABILITY.value
    CLAIM = Label.CLAIM.value


described(SearchType, "What `search` looks through (all three when `types` is not given).", {
    SearchType.ARTIFACT: "Artifacts, by name, slug, alias, tagline and type.",
    SearchType.CAPABILITY: "Capabilities, by name, description, unique aspect and vs "
                           "alternatives.",
    SearchType.CLAIM: "Claims, by their text.",
})


@strawberry.type(description="A span of a highlight's snippet: [start, end) in characters.")
class TextSpan:
    start: int = strawberry.field(description="The first character's index (from 0).")
    end: int = strawberry.field(description="The index just past the last character.")


@strawberry.type(description="Where a hit matched: the field, an excerpt of its text, the "
                             "spans of the excerpt that matched and the query terms they matched.")
class SearchHighlight:
    field: str = strawberry.field(
        description="The field that matched, as the graph names it (name, slug, aliases, "
                    "tagline, type, description, unique_aspect, vs_alternatives, text).")
    snippet: str = strawberry.field(
        description="An excerpt of the field's text around the matches (`…` where cut).")
    spans: list[TextSpan] = strawberry.field(
        description="Where the snippet matched, in order.")
    terms: list[str] = strawberry.field(
        description="The query's terms (folded) the spans matched.")
    marked: str = strawberry.field(
        description="The snippet with each matched span between ** and **.")


@strawberry.type(description="One hit: the node (an Artifact, Capability or Claim), its score "
                             "and why it matched.")
class SearchEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Node = strawberry.field(
        description="The hit: an Artifact, a Capability or a Claim (ask with `... on "
                    "Artifact { slug }`).")
    score: float = strawberry.field(
        description="0..1, computed the same way on every store: the share of the query's terms "
                    "matched, the weight of the fields they matched in (names count most), "
                    "and whether the query is the artifact's name or a phrase in one field.")
    resolved: bool = strawberry.field(
        description="The query names this artifact (slug, name, alias, hub id or an "
                    "unambiguous short name): it comes first with score 1.")
    matched_terms: list[str] = strawberry.field(
        description="The query's terms (folded) the hit matched, in the query's order.")
    highlights: list[SearchHighlight] = strawberry.field(
        description="Where it matched, best field first (at most three).")


@strawberry.type(description="A page of search hits, best first (Relay connection).")
class SearchConnection:
    edges: list[SearchEdge] = strawberry.field(description="This page's hits, best first.")
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL_COUNT)
    terms: list[str] = strawberry.field(description="The query's words as searched (folded).")
    did_you_mean: list[str] = strawberry.field(
        description="Names of artifacts spelt near the query, when it found few hits.")
