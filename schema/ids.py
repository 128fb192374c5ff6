"""Opaque Relay global ids: base64 of `<TypeName>:<graph id>`.

Written once in `graph.global_ids` (the command line takes them back too); named here for
the GraphQL layers that hand them out.
"""

from __future__ import annotations

from graph.global_ids import TYPE_FOR_LABEL, from_global_id, graph_id_of, to_global_id

__all__ = ["TYPE_FOR_LABEL", "from_global_id", "graph_id_of", "to_global_id"]
