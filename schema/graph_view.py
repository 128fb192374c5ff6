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
    id: strawberry.ID = strawberry.field(
        description="The node's global id: `node(id:)` and the node's own field (`claim`, "
                    "`capability`, `job`...) take it.")
    graph_id: str = strawberry.field(
        description="The node's id in the graph (`artifact:flux-1-pro`), as the CLI and "
                    "the store name it.")
    label: NodeLabel = strawberry.field(description="What kind of node it is.")
    title: str = strawberry.field(
        description="A short text to draw it with: an artifact's or capability's name, a "
                    "claim's text, a source's uri, `name = value` for a signal.")
    properties: JSON = strawberry.field(
        description="The node's properties as the graph stores them (a JSON object, "
                    "snake_case keys; a model folder's facts left out: `Artifact.modelFiles`).")

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
    type: EdgeType = strawberry.field(description="The edge's type.")
    source: strawberry.ID = strawberry.field(
        description="The global id of the node it starts at (one of `GraphView.nodes`).")
    target: strawberry.ID = strawberry.field(
        description="The global id of the node it ends at (one of `GraphView.nodes`).")
    properties: JSON = strawberry.field(
        description="The edge's properties as stored (a JSON object; `times`, `successes` and "
                    "`confidence` on MATCHED, else usually empty).")


@strawberry.type(description="The subgraph around a node, for graph-view frontends.")
class GraphView:
    center: strawberry.ID = strawberry.field(
        description="The global id of the node explored around (whatever `explore` was "
                    "given).")
    depth: int = strawberry.field(description="Hops from the center, as asked (0..3).")
    nodes: list[GraphViewNode] = strawberry.field(
        description="The center and the nodes within `depth` hops of it (at most 500; API "
                    "tokens never).")
    edges: list[GraphViewEdge] = strawberry.field(
        description="The edges among `nodes`, of the types asked (all when none were).")
    truncated: bool = strawberry.field(description="True when the node cap cut the subgraph.")
