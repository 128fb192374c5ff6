"""Relay's shapes: the `Node` interface with its opaque global id, and a page's `PageInfo`."""

from __future__ import annotations

import strawberry

from graph.model import Node as GraphNode
from schema.ids import to_global_id


@strawberry.interface(description="An object with an opaque global id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Opaque global id (Relay): `node(id:)`, or the type's own field "
                    "(`claim`, `job`...), finds the object again.")


def global_id(node: GraphNode) -> strawberry.ID:
    """The opaque id a client sees for a graph node."""
    return strawberry.ID(to_global_id(node.label, node.id))


@strawberry.type(description="Where a page of a list stands (Relay): ask for the next "
                             "page with `after: endCursor` while `hasNextPage` is true.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="Items come before this page (it was asked with `after`).")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null for an empty page.")
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item (pass it as `after` for the next "
                    "page); null for an empty page.")
