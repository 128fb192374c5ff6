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
    lexical: float
    semantic: float
    words: list[str] = strawberry.field(
        description="Stems of the artifact's capability found in the alternative's.")


@strawberry.type(description="An artifact that does what the one asked about does, or that "
                             "its claims name as an alternative.")
class Alternative:
    artifact: Artifact
    score: float = strawberry.field(description="Personalized PageRank from the artifact asked "
                                                "about, over the capabilities they share, "
                                                "the claims that name it and the intents.")
    shared: list[SharedCapability] = strawberry.field(
        description="The capabilities they share (pairs), best match first.")
    claims: list[Claim] = strawberry.field(
        description="The claims of the artifact asked about that name this one.")
    why: str


@strawberry.type(description="One hop of a path: the edge as stored, from source to target.")
class PathStep:
    type: EdgeType
    source: strawberry.ID
    target: strawberry.ID


@strawberry.type(description="One way two artifacts are connected: its nodes in order and "
                             "the edge of each hop.")
class GraphPath:
    length: int
    nodes: list[GraphViewNode]
    steps: list[PathStep]


@strawberry.type(description="The shortest ways two artifacts are connected.")
class Paths:
    source: Artifact
    target: Artifact
    paths: list[GraphPath] = strawberry.field(description="Shortest first; ties in node order.")
    truncated: bool = strawberry.field(
        description="True when the node cap cut the subgraph searched: a path may be missing.")
