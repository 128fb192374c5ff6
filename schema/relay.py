"""Relay's shapes: the `Node` interface with its opaque global id, and a page's `PageInfo`."""

from __future__ import annotations

import strawberry

from graph.model import Node as GraphNode
from schema.ids import to_global_id


@strawberry.interface(description="An object with an opaque global id (Relay).")
class Node:
    id: strawberry.ID


def global_id(node: GraphNode) -> strawberry.ID:
    """The opaque id a client sees for a graph node."""
    return strawberry.ID(to_global_id(node.label, node.id))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None
