"""An explored subgraph as graph-view frontends draw it: nodes, typed edges, the cut."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph.model import Label
from graph.model import Node as GraphNode
from schema.enums import EdgeType, NodeLabel
from schema.relay import global_id


@strawberry.type(description="A node in an explored subgraph.")
class GraphViewNode:
    id: strawberry.ID
    graph_id: str
    label: NodeLabel
    title: str
    properties: JSON

    @classmethod
    def from_node(cls, node: GraphNode) -> GraphViewNode:
        p = node.props
        title = (p.get("name") or p.get("text") or p.get("uri") or p.get("description")
                 or node.id)
        if node.label is Label.SIGNAL:
            title = f"{p.get('name')} = {p.get('raw') or p.get('value')}"
        if node.label is Label.CAPABILITY:
            from graph.model import Capability as CapabilityView
            title = CapabilityView.from_node(node).title
        if node.label is Label.MODEL_FILES:     # its facts: `Artifact.modelFiles`
            title = f"{p.get('hub_id')} ({p.get('kind')})"
            p = {k: v for k, v in p.items() if k != "facts"}
        return cls(id=global_id(node), graph_id=node.id, label=node.label, title=str(title),
                   properties=cast(JSON, dict(p)))


@strawberry.type(description="A typed edge in an explored subgraph.")
class GraphViewEdge:
    type: EdgeType
    source: strawberry.ID
    target: strawberry.ID
    properties: JSON


@strawberry.type(description="The subgraph around a node, for graph-view frontends.")
class GraphView:
    center: strawberry.ID
    depth: int
    nodes: list[GraphViewNode]
    edges: list[GraphViewEdge]
    truncated: bool = strawberry.field(description="True when the node cap cut the subgraph.")
