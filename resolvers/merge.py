"""Merging a duplicate artifact into another (the `admin` scope): `graph.merge` does it."""

from __future__ import annotations

from graph.clock import now_iso
from graph.merge import merge_artifacts as merge_in_graph
from schema.context import Context
from schema.merge import ArtifactMerge
from schema.types import Artifact


def merge_artifacts(context: Context, keep: str, duplicate: str) -> ArtifactMerge:
    result = merge_in_graph(context.store, keep, duplicate,
                            merged_by=context.principal.who, now=now_iso())
    return ArtifactMerge(artifact=Artifact.from_node(result.kept),
                         merged_slug=result.merged_slug, moved_edges=result.moved_edges,
                         moved_claims=result.moved_claims)
