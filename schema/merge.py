"""The answer of `mergeArtifacts`: the artifact kept, and what moved to it."""

from __future__ import annotations

import strawberry

from schema.types import Artifact


@strawberry.type(description="What merging a duplicate artifact into another did.")
class ArtifactMerge:
    artifact: Artifact = strawberry.field(
        description="The artifact kept, with the duplicate's slug and name among its aliases.")
    merged_slug: str = strawberry.field(
        description="The duplicate's slug: it now finds the artifact kept.")
    moved_edges: int = strawberry.field(
        description="Edges moved to the artifact kept (signals, capabilities, mentions, "
                    "sources...).")
    moved_claims: int = strawberry.field(
        description="The duplicate's claims, now the kept artifact's (new ids).")
