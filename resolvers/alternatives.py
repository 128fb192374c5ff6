"""`alternatives` and `paths`: graph algorithms (`graph.algorithms`) run over what the store
returns, so both stores give the same answer."""

from __future__ import annotations

from collections.abc import Sequence

import strawberry

from graph.algorithms import PATH_EDGE_TYPES, connecting_paths, subgraph_between, to_networkx
from graph.model import EdgeType, Label, Subgraph
from graph.model import Node as GraphNode
from graph.references import artifact_for
from schema.alternatives import Alternative, GraphPath, Paths, PathStep, SharedCapability
from schema.context import Context
from schema.graph_view import GraphViewNode
from schema.ids import TYPE_FOR_LABEL, to_global_id
from schema.limits import check_first
from schema.types import Artifact, Capability, Claim

MAX_HOPS = 8
"""The longest path `paths` looks for: past it, everything is connected to everything."""

MAX_PATHS = 20


def _artifact(context: Context, name: str) -> GraphNode:
    return artifact_for(context.store, name)


def alternatives(context: Context, artifact: str, first: int) -> list[Alternative]:
    from inference.intent_index import find_alternatives

    node = _artifact(context, artifact)
    found = find_alternatives(context.store, node, check_first(first))
    store = context.store
    artifacts = {n.props["slug"]: n for n in store.nodes_with(
        Label.ARTIFACT, "slug", [a.slug for a in found])}
    others = store.get_nodes(sorted({i for a in found for p in a.shared
                                     for i in (p.own, p.theirs)}
                                    | {c for a in found for c in a.claims}))
    by_id = {n.id: n for n in others}
    answer = []
    for alt in found:
        if alt.slug not in artifacts:
            continue                    # gone since the index was built
        answer.append(Alternative(
            artifact=Artifact.from_node(artifacts[alt.slug]), score=alt.score, why=alt.why,
            shared=[SharedCapability(
                capability=Capability.from_node(by_id[p.own]),
                theirs=Capability.from_node(by_id[p.theirs]), score=p.score,
                lexical=p.lexical, semantic=p.semantic, words=list(p.words))
                for p in alt.shared if p.own in by_id and p.theirs in by_id],
            claims=[Claim.from_node(by_id[c]) for c in alt.claims if c in by_id]))
    return answer


def paths(context: Context, source: str, target: str, max_hops: int, first: int,
          edge_types: Sequence[EdgeType] | None = None) -> Paths:
    if not 1 <= max_hops <= MAX_HOPS:
        raise ValueError(f"maxHops must be between 1 and {MAX_HOPS}, got {max_hops}")
    if not 1 <= first <= MAX_PATHS:
        raise ValueError(f"first must be between 1 and {MAX_PATHS}, got {first}")
    a, b = _artifact(context, source), _artifact(context, target)
    sub, truncated = subgraph_between(context.store, a.id, b.id, max_hops,
                                      edge_types or PATH_EDGE_TYPES)
    shown = {n.id: n for n in sub.nodes if n.label in TYPE_FOR_LABEL}
    graph = to_networkx(Subgraph(tuple(shown.values()), sub.edges))
    found = connecting_paths(graph, a.id, b.id, max_hops, first)

    def gid(node_id: str) -> strawberry.ID:
        return strawberry.ID(to_global_id(shown[node_id].label, node_id))

    return Paths(
        source=Artifact.from_node(a), target=Artifact.from_node(b), truncated=truncated,
        paths=[GraphPath(
            length=len(p.steps), nodes=[GraphViewNode.from_node(shown[n]) for n in p.nodes],
            steps=[PathStep(type=EdgeType(s.type), source=gid(s.src), target=gid(s.dst))
                   for s in p.steps])
            for p in found])
