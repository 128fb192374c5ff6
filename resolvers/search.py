"""`search`: arguments -> `graph.search` -> a page of hits."""

from __future__ import annotations

from collections.abc import Sequence

from graph.model import Label
from graph.search import SearchHit
from graph.search import search as search_graph
from graph.search_index import SEARCHABLE
from schema.context import Context
from schema.limits import check_first
from schema.pagination import decode_cursor, encode_cursor
from schema.relay import Node, PageInfo
from schema.search import SearchConnection, SearchEdge, SearchHighlight, SearchType, TextSpan
from schema.types import Artifact, Capability, Claim

_FROM_NODE = {
    Label.ARTIFACT: Artifact.from_node,
    Label.CAPABILITY: Capability.from_node,
    Label.CLAIM: Claim.from_node,
}


def search(
    context: Context, query: str, first: int, after: str | None,
    types: Sequence[SearchType] | None,
) -> SearchConnection:
    first = check_first(first)
    offset = decode_cursor(after) if after else 0
    labels = [Label(t.value) for t in types] if types else list(SEARCHABLE)
    result = search_graph(context.store, query, labels)
    page = result.hits[offset: offset + first]
    edges = [_edge(hit, offset + i) for i, hit in enumerate(page)]
    return SearchConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(page) < len(result.hits),
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(result.hits),
        terms=list(result.terms),
        did_you_mean=list(result.did_you_mean),
    )


def _edge(hit: SearchHit, position: int) -> SearchEdge:
    return SearchEdge(
        cursor=encode_cursor(position),
        node=_as_type(hit),
        score=hit.score,
        resolved=hit.resolved,
        matched_terms=list(hit.matched),
        highlights=[SearchHighlight(field=h.field, snippet=h.snippet,
                                    spans=[TextSpan(start=s, end=e) for s, e in h.spans],
                                    terms=list(h.terms), marked=h.marked())
                    for h in hit.highlights],
    )


def _as_type(hit: SearchHit) -> Node:
    node: Node = _FROM_NODE[hit.node.label](hit.node)
    return node
