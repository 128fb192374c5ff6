"""Per-request context: the store, and the batch loaders a request's fields read through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph import ranking
from graph.model import EdgeType, Node
from graph.settings import current_settings
from graph.store import ArtifactProfile, GraphStore
from inference.jobs import JobRunner
from resolvers.loaders import (
    BatchLoader,
    artifact_loader,
    claim_loader,
    evidence_loader,
    mention_loader,
    node_loader,
    profile_loader,
)


@dataclass
class Context:
    store: GraphStore
    profiles: BatchLoader[str, ArtifactProfile | None]           # by slug
    claims: BatchLoader[str, list[Node]]                         # by capability id
    evidence: BatchLoader[str, list[tuple[EdgeType, Node]]]      # by claim id
    nodes: BatchLoader[str, Node | None]                         # by node id
    artifacts: BatchLoader[str, Node | None]                     # by slug or name
    mentions: BatchLoader[str, list[Node]]                       # by claim id
    model_roots: tuple[Path, ...] = field(default_factory=lambda: current_settings().model_roots)
    jobs: JobRunner | None = None       # None: measurements cannot be started here
    plots: Path | None = None           # where measurement plots are written
    ranks: dict[str, ranking.RankBreakdown] = field(default_factory=dict)

    def rank(self, profile: ArtifactProfile) -> ranking.RankBreakdown:
        """The artifact's rank breakdown, computed once per request."""
        slug = str(profile.artifact.props["slug"])
        if slug not in self.ranks:
            self.ranks[slug] = ranking.rank_breakdown(profile)
        return self.ranks[slug]

    @classmethod
    def for_store(
        cls, store: GraphStore, model_roots: tuple[Path, ...] | None = None,
        jobs: JobRunner | None = None, plots: Path | None = None,
    ) -> Context:
        """A request's context; the model-file roots are the configured ones
        (`graph.settings`) unless given."""
        if model_roots is None:
            model_roots = current_settings().model_roots
        return cls(store=store, profiles=profile_loader(store), claims=claim_loader(store),
                   evidence=evidence_loader(store), nodes=node_loader(store),
                   artifacts=artifact_loader(store), mentions=mention_loader(store),
                   model_roots=model_roots, jobs=jobs, plots=plots)
