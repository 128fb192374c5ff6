"""The neighbourhood of a node, written once over two store primitives.

A store answers `incident` (for some nodes, their neighbours and the types of the edges that
join them, in either direction) and `subgraph_among` (a set of nodes and the edges among them);
the breadth-first search, its cap and the order of the answer are written here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from graph.model import EdgeType, Subgraph
from graph.store import MAX_SUBGRAPH_NODES, GraphBackend


def neighbourhood(
    store: GraphBackend, node_id: str, depth: int,
    edge_types: Sequence[EdgeType] | None = None,
) -> Subgraph:
    """Nodes within `depth` hops (either direction), and the edges among them.

    Breadth first, neighbours in id order, at most `MAX_SUBGRAPH_NODES` nodes.
    """
    types = sorted({EdgeType(t) for t in edge_types}, key=lambda t: t.value) \
        if edge_types else None
    if not store.get_nodes([node_id]):
        return Subgraph((), ())
    seen = {node_id}
    queue = deque([(node_id, 0)])
    while queue and len(seen) < MAX_SUBGRAPH_NODES:
        level = [queue.popleft()]
        while queue and queue[0][1] == level[0][1]:
            level.append(queue.popleft())
        if level[0][1] == depth:
            continue
        incident = store.incident([n for n, _ in level], types)
        for current, dist in level:
            for other, _ in sorted(set(incident.get(current, ()))):
                if other not in seen:
                    if len(seen) >= MAX_SUBGRAPH_NODES:
                        break
                    seen.add(other)
                    queue.append((other, dist + 1))
    ids = sorted(seen)
    found = store.subgraph_among(ids, types)
    return Subgraph(tuple(sorted(found.nodes, key=lambda n: n.id)),
                    tuple(sorted(found.edges, key=lambda e: e.key)))
