"""Per-request context: the store, and a cache that batches profile reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph import ranking
from graph.model import EdgeType, Node
from graph.store import ArtifactProfile, GraphStore
from graph.verification import EVIDENCE_EDGES
from inference.jobs import JobRunner


@dataclass
class ProfileCache:
    """Batches profile reads so a list of artifacts costs one store call, not one each."""

    store: GraphStore
    _profiles: dict[str, ArtifactProfile | None] = field(default_factory=dict)

    def prime(self, slugs: Iterable[str]) -> None:
        missing = [s for s in dict.fromkeys(slugs) if s not in self._profiles]
        if not missing:
            return
        found = {str(p.artifact.props["slug"]): p for p in self.store.profiles(missing)}
        for slug in missing:
            self._profiles[slug] = found.get(slug)

    def get(self, slug: str) -> ArtifactProfile | None:
        self.prime([slug])
        return self._profiles[slug]




@dataclass
class ClaimCache:
    """Batches claim reads for the capabilities of one response."""

    store: GraphStore
    _claims: dict[str, list[Node]] = field(default_factory=dict)

    def prime(self, capability_ids: Iterable[str]) -> None:
        missing = [c for c in dict.fromkeys(capability_ids) if c not in self._claims]
        if missing:
            found = self.store.claims_of(missing)
            for cap_id in missing:
                self._claims[cap_id] = list(found.get(cap_id, []))

    def get(self, capability_id: str) -> list[Node]:
        self.prime([capability_id])
        return self._claims[capability_id]


@dataclass
class EvidenceCache:
    """Batches evidence reads for the claims of one response."""

    store: GraphStore
    _evidence: dict[str, list[tuple[EdgeType, Node]]] = field(default_factory=dict)

    def prime(self, claim_ids: Iterable[str]) -> None:
        missing = [c for c in dict.fromkeys(claim_ids) if c not in self._evidence]
        if missing:
            found = self.store.incoming(missing, EVIDENCE_EDGES)
            for claim_id in missing:
                self._evidence[claim_id] = list(found.get(claim_id, []))

    def get(self, claim_id: str) -> list[tuple[EdgeType, Node]]:
        self.prime([claim_id])
        return self._evidence[claim_id]


DEFAULT_MODEL_ROOTS = (Path(__file__).resolve().parents[1] / "seeds" / "model-files",)


@dataclass
class Context:
    store: GraphStore
    profiles: ProfileCache
    claims: ClaimCache
    evidence: EvidenceCache
    model_roots: tuple[Path, ...] = DEFAULT_MODEL_ROOTS
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
        cls, store: GraphStore, model_roots: tuple[Path, ...] = DEFAULT_MODEL_ROOTS,
        jobs: JobRunner | None = None, plots: Path | None = None,
    ) -> Context:
        return cls(store=store, profiles=ProfileCache(store), claims=ClaimCache(store),
                   evidence=EvidenceCache(store), model_roots=model_roots, jobs=jobs,
                   plots=plots)
