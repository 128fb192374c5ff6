"""Graph algorithms on hand-made graphs: networkx built in id order, personalized PageRank,
shortest paths with their tie order, and the bounded subgraph between two nodes."""

from __future__ import annotations

import itertools

from graph.algorithms import (
    ball,
    connecting_paths,
    personalized_pagerank,
    subgraph_between,
    to_networkx,
)
from graph.embedded import EmbeddedStore
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch

A, B, C, D = (Node(f"artifact:{x}", Label.ARTIFACT, {"slug": x}) for x in "abcd")
CAPS = [Node(f"capability:{x}", Label.CAPABILITY, {}) for x in ("a1", "b1", "c1", "d1")]


def _sub(*edges: Edge) -> Subgraph:
    return Subgraph((A, B, C, D, *CAPS), edges)


def test_the_graph_adds_up_parallel_edges_and_keeps_scores_as_weights() -> None:
    sub = _sub(Edge(EdgeType.HAS_CAPABILITY, A.id, CAPS[0].id),
               Edge(EdgeType.MENTIONS, CAPS[0].id, A.id))
    g = to_networkx(sub, [Edge(EdgeType.MATCHED, CAPS[0].id, CAPS[1].id, {"score": 0.4}),
                          Edge(EdgeType.MATCHED, "capability:gone", CAPS[1].id)],
                    {EdgeType.MENTIONS: 0.5})
    assert g.edges[A.id, CAPS[0].id]["weight"] == 1.5
    assert len(g.edges[A.id, CAPS[0].id]["edges"]) == 2
    assert g.edges[CAPS[0].id, CAPS[1].id]["weight"] == 0.4
    assert "capability:gone" not in g and list(g.nodes) == sorted(g.nodes)


def test_pagerank_from_an_artifact_favours_the_better_shared_capability() -> None:
    sub = _sub(*(Edge(EdgeType.HAS_CAPABILITY, n.id, c.id)
                 for n, c in zip((A, B, C, D), CAPS, strict=True)))
    links = [Edge(EdgeType.MATCHED, CAPS[0].id, CAPS[1].id, {"score": 0.9}),
             Edge(EdgeType.MATCHED, CAPS[0].id, CAPS[2].id, {"score": 0.3})]
    ranks = personalized_pagerank(to_networkx(sub, links), A.id)
    assert ranks[B.id] > ranks[C.id] > ranks[D.id] == 0.0
    assert ranks == personalized_pagerank(to_networkx(sub, links[::-1]), A.id)
    assert personalized_pagerank(to_networkx(sub), "artifact:nobody") == {}


def test_paths_are_shortest_first_with_ties_in_node_order_and_bounded() -> None:
    sub = _sub(Edge(EdgeType.HAS_CAPABILITY, A.id, CAPS[0].id),
               Edge(EdgeType.MENTIONS, CAPS[0].id, B.id),
               Edge(EdgeType.MENTIONS, C.id, A.id), Edge(EdgeType.MENTIONS, C.id, B.id),
               Edge(EdgeType.MENTIONS, A.id, D.id), Edge(EdgeType.MENTIONS, D.id, CAPS[3].id),
               Edge(EdgeType.MENTIONS, CAPS[3].id, B.id))
    g = to_networkx(sub)
    paths = connecting_paths(g, A.id, B.id, 4, 5)
    assert [p.nodes for p in paths] == [
        (A.id, C.id, B.id), (A.id, CAPS[0].id, B.id), (A.id, D.id, CAPS[3].id, B.id)]
    assert [(s.type, s.src, s.dst) for s in paths[0].steps] == [
        ("MENTIONS", C.id, A.id), ("MENTIONS", C.id, B.id)]          # as stored
    assert [p.nodes for p in connecting_paths(g, A.id, B.id, 2, 1)] == [(A.id, C.id, B.id)]
    assert connecting_paths(g, A.id, B.id, 1, 5) == []
    assert connecting_paths(g, A.id, "artifact:nobody", 4, 5) == []


def test_the_subgraph_between_two_nodes_holds_every_short_path_and_says_when_cut() -> None:
    chain = [Node(f"artifact:n{i}", Label.ARTIFACT, {"slug": f"n{i}", "name": f"N{i}"})
             for i in range(9)]
    store = EmbeddedStore()
    store.apply(WriteBatch(tuple(chain), tuple(
        Edge(EdgeType.MENTIONS, x.id, y.id) for x, y in itertools.pairwise(chain))))
    sub, cut = subgraph_between(store, chain[0].id, chain[5].id, 5)
    # within 3 hops of n0 or 2 of n5: n8 is not on any path of 5 hops
    assert {n.id for n in sub.nodes} == {n.id for n in chain[:8]} and not cut
    assert [len(p.steps) for p in connecting_paths(
        to_networkx(sub), chain[0].id, chain[5].id, 5, 3)] == [5]
    seen, cut = ball(store, chain[3].id, 3, None, 4)
    assert len(seen) == 4 and cut
