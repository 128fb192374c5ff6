"""The answers of `alternatives` (what else does what this artifact does) and `paths` (how two
artifacts are connected)."""

from __future__ import annotations

import strawberry

from schema.enums import EdgeType
from schema.graph_view import GraphViewNode
from schema.types import Artifact, Capability, Claim


@strawberry.type(description="A capability of the artifact asked about, one of the "
                             "alternative's, and how well they match.")
class SharedCapability:
    capability: Capability = strawberry.field(description="The artifact's capability.")
    theirs: Capability = strawberry.field(description="The alternative's capability.")
    score: float = strawberry.field(description="0..1: words and meaning fused, as `resolve` "
                                                "scores an intent against a capability.")
    lexical: float = strawberry.field(
        description="0..1: the share of the artifact's capability's words (rarer words "
                    "weigh more) found in the alternative's.")
    semantic: float = strawberry.field(
        description="0..1: how alike the two texts mean (sentence embeddings, "
                    "all-MiniLM-L6-v2).")
    words: list[str] = strawberry.field(
        description="Stems of the artifact's capability found in the alternative's.")


@strawberry.type(description="An artifact that does what the one asked about does, or that "
                             "its claims name as an alternative.")
class Alternative:
    artifact: Artifact = strawberry.field(description="The alternative.")
    score: float = strawberry.field(description="Personalized PageRank from the artifact asked "
                                                "about, over the capabilities they share, "
                                                "the claims that name it and the intents.")
    shared: list[SharedCapability] = strawberry.field(
        description="The capabilities they share (pairs), best match first.")
    claims: list[Claim] = strawberry.field(
        description="The claims of the artifact asked about that name this one.")
    why: str = strawberry.field(
        description="Why it is an alternative, in one sentence: the capabilities shared (best "
                    "match, words) and the claims that name it.")


@strawberry.type(description="One hop of a path: the edge as stored, from source to target.")
class PathStep:
    type: EdgeType = strawberry.field(description="The edge's type.")
    source: strawberry.ID = strawberry.field(
        description="The id of the node the edge starts at (one of `GraphPath.nodes`); a path "
                    "may walk an edge either way, so this can be the hop's far end.")
    target: strawberry.ID = strawberry.field(
        description="The id of the node the edge ends at (one of `GraphPath.nodes`).")


@strawberry.type(description="One way two artifacts are connected: its nodes in order and "
                             "the edge of each hop.")
class GraphPath:
    length: int = strawberry.field(description="Hops: the number of edges, 1..`maxHops`.")
    nodes: list[GraphViewNode] = strawberry.field(
        description="The nodes in order, from the `from` artifact to the `to` artifact.")
    steps: list[PathStep] = strawberry.field(
        description="The edge of each hop, in order: `steps[i]` joins `nodes[i]` and "
                    "`nodes[i + 1]`.")


@strawberry.type(description="The shortest ways two artifacts are connected.")
class Paths:
    source: Artifact = strawberry.field(description="The artifact `from` names.")
    target: Artifact = strawberry.field(description="The artifact `to` names.")
    paths: list[GraphPath] = strawberry.field(description="Shortest first; ties in node order.")
    truncated: bool = strawberry.field(
        description="True when the node cap cut the subgraph searched: a path may be missing.")
