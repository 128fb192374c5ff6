"""Per-request context: who asks, the store (read within the request's time budget), and the
batch loaders a request's fields read through."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

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
from schema.auth import Principal
from schema.errors import TimeBudgetExceeded


@dataclass(frozen=True)
class Budget:
    """What one request may use: time, and the sizes of what it sends."""

    time_s: float = 10.0
    max_string: int = 20_000
    jobs_per_caller: int = 4
    jobs_queued: int = 32


class Deadline:
    """The moment a request's time budget runs out."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def exceeded(self) -> TimeBudgetExceeded:
        """The error a request past its budget answers with."""
        return TimeBudgetExceeded(
            f"the request ran past its time budget of {self.seconds:g} s and was stopped; "
            "ask for less (fewer items, fewer nested lists)")

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise self.exceeded()


class BudgetedStore:
    """The store, with the request's deadline checked before every call: a request that
    runs past its budget stops at its next read, whatever thread runs it."""

    def __init__(self, store: GraphStore, deadline: Deadline) -> None:
        self._store = store
        self._deadline = deadline
        self.underlying_store = store       # `graph.store.underlying`: caches key on it

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr
        deadline = self._deadline

        def checked(*args: Any, **kwargs: Any) -> Any:
            deadline.check()
            return attr(*args, **kwargs)
        return checked


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
    selections: dict[Any, Any] = field(default_factory=dict)
    """The names each field of the operation selects below a path, found once per request
    (`schema.selection.selected_names`)."""
    principal: Principal = field(default_factory=lambda: Principal.cli("in-process"))
    request_id: str = "-"
    budget: Budget = field(default_factory=Budget)
    deadline: Deadline | None = None
    connection_params: dict[str, object] | None = None   # a WebSocket's connection_init
    rate_checked: bool = False          # the transport has counted this request already

    def rank(self, profile: ArtifactProfile) -> ranking.RankBreakdown:
        """The artifact's rank breakdown, computed once per request."""
        slug = str(profile.artifact.props["slug"])
        if slug not in self.ranks:
            self.ranks[slug] = ranking.rank_breakdown(profile)
        return self.ranks[slug]

    @classmethod
    def for_store(
        cls, store: GraphStore, model_roots: tuple[Path, ...] | None = None,
        jobs: JobRunner | None = None, plots: Path | None = None, *,
        principal: Principal | None = None, request_id: str = "-",
        budget: Budget | None = None,
    ) -> Context:
        """A request's context; the model-file roots are the configured ones
        (`graph.settings`) unless given. With a budget, every store read checks its
        deadline; without one (the CLI, tests) there is none."""
        if model_roots is None:
            model_roots = current_settings().model_roots
        deadline = Deadline(budget.time_s) if budget is not None else None
        if deadline is not None:
            store = cast(GraphStore, BudgetedStore(store, deadline))
        return cls(store=store, profiles=profile_loader(store), claims=claim_loader(store),
                   evidence=evidence_loader(store), nodes=node_loader(store),
                   artifacts=artifact_loader(store), mentions=mention_loader(store),
                   model_roots=model_roots, jobs=jobs, plots=plots,
                   principal=principal or Principal.cli("in-process"), request_id=request_id,
                   budget=budget or Budget(), deadline=deadline)
