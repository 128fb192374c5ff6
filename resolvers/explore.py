"""explore(id, depth, edgeTypes): the subgraph around a node, for graph views."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from strawberry.scalars import JSON

from graph.model import EdgeType
from graph.references import node_for
from graph.store import MAX_SUBGRAPH_NODES
from schema.context import Context
from schema.ids import TYPE_FOR_LABEL, to_global_id
from schema.limits import MAX_DEPTH
from schema.types import GraphView, GraphViewEdge, GraphViewNode


def explore(
    context: Context, id: str, depth: int, edge_types: Sequence[EdgeType] | None,
) -> GraphView:
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 0 and {MAX_DEPTH}, got {depth}")
    center = node_for(context.store, id)      # an id, or an artifact's slug, name...
    sub = context.store.neighbourhood(center.id, depth, edge_types or None)
    # only nodes the API gives ids to are shown: never a token (its hash, its scopes)
    shown = [n for n in sub.nodes if n.label in TYPE_FOR_LABEL]
    labels = {n.id: n.label for n in shown}
    return GraphView(
        center=to_global_id(center.label, center.id),  # type: ignore[arg-type]
        depth=depth,
        nodes=[GraphViewNode.from_node(n) for n in shown],
        edges=[
            GraphViewEdge(
                type=e.type,
                source=to_global_id(labels[e.src], e.src),  # type: ignore[arg-type]
                target=to_global_id(labels[e.dst], e.dst),  # type: ignore[arg-type]
                properties=cast(JSON, dict(e.props)),
            )
            for e in sub.edges if e.src in labels and e.dst in labels
        ],
        truncated=len(sub.nodes) >= MAX_SUBGRAPH_NODES,
    )
