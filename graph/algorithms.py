"""Graph algorithms written once: a bounded subgraph from either store, run in networkx.

A question loads only the nodes it needs through the store seam (`incident`,
`subgraph_among`), at most `MAX_SUBGRAPH_NODES` of them, builds a networkx graph in id order
(so both stores build the same graph and get the same answer, ties included) and runs the
algorithm there. networkx is imported inside the functions: `import graph` stays fast.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.model import Edge, EdgeType, Label, Subgraph
from graph.store import MAX_SUBGRAPH_NODES, GraphBackend

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PATH_EDGE_TYPES", "Path", "PathStep", "ball", "connecting_paths",
           "personalized_pagerank", "subgraph_between", "to_networkx"]

PATH_EDGE_TYPES = tuple(t for t in EdgeType if t is not EdgeType.FROM)
"""Edges a path follows unless asked otherwise: every type but FROM, through which any two
facts of one page are two hops apart."""


@dataclass(frozen=True)
class PathStep:
    """One hop of a path: the edge as stored (its type, from `src` to `dst`)."""

    type: str
    src: str
    dst: str


@dataclass(frozen=True)
class Path:
    """Node ids from one end to the other, and the edge of each hop."""

    nodes: tuple[str, ...]
    steps: tuple[PathStep, ...]


def to_networkx(sub: Subgraph, extra: Iterable[Edge] = (),
                weights: Mapping[str, float] | None = None) -> nx.Graph:
    """An undirected graph of the subgraph's nodes and edges, and `extra` edges (computed
    ones, such as capability matches), inserted in id order.

    An edge's weight is its `score` property, else `weights[type]`, else 1.0; two edges
    between one pair add up, and the pair keeps every stored edge as `edges`.

    Example:
        >>> from graph.model import Node
        >>> a, b = Node("a", Label.ARTIFACT), Node("b", Label.CAPABILITY)
        >>> g = to_networkx(Subgraph((a, b), (Edge(EdgeType.HAS_CAPABILITY, "a", "b"),)))
        >>> sorted(g.edges(data="weight"))
        [('a', 'b', 1.0)]
    """
    import networkx as nx

    graph = nx.Graph()
    for node in sorted(sub.nodes, key=lambda n: n.id):
        graph.add_node(node.id, label=node.label, node=node)
    for edge in sorted((*sub.edges, *extra), key=lambda e: e.key):
        if edge.src not in graph or edge.dst not in graph or edge.src == edge.dst:
            continue
        score = edge.props.get("score")
        weight = float(score) if isinstance(score, int | float) else \
            (weights or {}).get(edge.type, 1.0)
        if graph.has_edge(edge.src, edge.dst):
            data = graph.edges[edge.src, edge.dst]
            data["weight"] += weight
            data["edges"].append(edge)
        else:
            graph.add_edge(edge.src, edge.dst, weight=weight, edges=[edge])
    return graph


def personalized_pagerank(graph: nx.Graph, source: str, *, alpha: float = 0.85,
                          digits: int = 6) -> dict[str, float]:
    """PageRank restarting at `source` (weighted), each score rounded to `digits` so the
    last bits of floating point never reorder two stores' answers.

    Example:
        >>> import networkx as nx
        >>> g = nx.Graph([("a", "x", {"weight": 1.0}), ("x", "b", {"weight": 1.0}),
        ...               ("a", "c", {"weight": 1.0})])
        >>> scores = personalized_pagerank(g, "a")
        >>> scores["x"] > scores["b"] and scores["a"] == max(scores.values())
        True
    """
    import networkx as nx

    if source not in graph:
        return {}
    if graph.number_of_edges() == 0:
        return {source: 1.0}
    ranks = nx.pagerank(graph, alpha=alpha, personalization={source: 1.0}, weight="weight",
                        max_iter=200, tol=1e-10)
    return {node: round(score, digits) for node, score in ranks.items()}


def ball(store: GraphBackend, node_id: str, depth: int,
         edge_types: Sequence[EdgeType] | None, limit: int) -> tuple[set[str], bool]:
    """The ids within `depth` hops of a node (either direction), breadth first and in id
    order, at most `limit`; and whether the limit cut it."""
    seen = {node_id}
    level = [node_id]
    for _ in range(depth):
        if not level:
            break
        incident = store.incident(level, edge_types)
        following = []
        for current in level:
            for other, _ in sorted(set(incident.get(current, ()))):
                if other in seen:
                    continue
                if len(seen) >= limit:
                    return seen, True
                seen.add(other)
                following.append(other)
        level = following
    return seen, False


def subgraph_between(store: GraphBackend, a: str, b: str, max_hops: int,
                     edge_types: Sequence[EdgeType] | None = PATH_EDGE_TYPES,
                     ) -> tuple[Subgraph, bool]:
    """Every node of every path of at most `max_hops` between two nodes (the nodes within
    half the hops of either end), at most `MAX_SUBGRAPH_NODES`; and whether that cut it.

    A path of length L has each node within ceil(L/2) hops of `a` or floor(L/2) of `b`.
    """
    types = sorted({EdgeType(t) for t in edge_types}, key=lambda t: t.value) \
        if edge_types else None
    half = MAX_SUBGRAPH_NODES // 2
    near_a, cut_a = ball(store, a, math.ceil(max_hops / 2), types, half)
    near_b, cut_b = ball(store, b, max_hops // 2, types, half)
    found = store.subgraph_among(sorted(near_a | near_b), types)
    nodes = tuple(sorted((n for n in found.nodes if n.label is not Label.TOKEN),
                         key=lambda n: n.id))
    return Subgraph(nodes, tuple(sorted(found.edges, key=lambda e: e.key))), cut_a or cut_b


def connecting_paths(graph: nx.Graph, a: str, b: str, max_hops: int,
                     first: int) -> list[Path]:
    """The `first` shortest simple paths from `a` to `b` of at most `max_hops` edges,
    shortest first, ties in the order of their node ids.

    Example:
        >>> import networkx as nx
        >>> g = nx.Graph()
        >>> g.add_edge("a", "y", edges=[Edge(EdgeType.MENTIONS, "a", "y")])
        >>> g.add_edge("y", "b", edges=[Edge(EdgeType.MENTIONS, "b", "y")])
        >>> g.add_edge("a", "b", edges=[Edge(EdgeType.MENTIONS, "a", "b")])
        >>> [p.nodes for p in connecting_paths(g, "a", "b", 4, 5)]
        [('a', 'b'), ('a', 'y', 'b')]
    """
    import networkx as nx

    if a not in graph or b not in graph or a == b or first < 1:
        return []
    found: list[list[str]] = []
    scan = max(50, 10 * first)          # paths looked at before the ties are ordered
    try:
        for nodes in nx.shortest_simple_paths(graph, a, b):
            if len(nodes) - 1 > max_hops or (len(found) >= first and
                                             len(nodes) > len(found[first - 1])):
                break
            found.append(nodes)
            if len(found) >= scan:
                break
    except nx.NetworkXNoPath:
        return []
    found.sort(key=lambda p: (len(p), p))
    return [_path(graph, nodes) for nodes in found[:first]]


def _path(graph: nx.Graph, nodes: Sequence[str]) -> Path:
    steps = []
    for u, v in itertools.pairwise(nodes):
        edge = min(graph.edges[u, v]["edges"], key=lambda e: e.key)
        steps.append(PathStep(str(edge.type), edge.src, edge.dst))
    return Path(tuple(nodes), tuple(steps))
