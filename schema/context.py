"""Per-request context: the store, and a cache that batches profile reads."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.model import Node
from graph.store import ArtifactProfile, GraphStore


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
class Context:
    store: GraphStore
    profiles: ProfileCache
    claims: ClaimCache

    @classmethod
    def for_store(cls, store: GraphStore) -> Context:
        return cls(store=store, profiles=ProfileCache(store), claims=ClaimCache(store))
