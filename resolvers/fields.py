"""The fields of the GraphQL types that read the graph, one function each.

The types in `schema.types` only declare; each field that needs more than its object
holds hands over here, and the reads go through the request's batch loaders
(`resolvers.loaders`, on `schema.context.Context`), so a page of fifty claims asking for
their artifact, capability or evidence costs one read per key, shared across the page.
"""

from __future__ import annotations

from collections.abc import Set

import strawberry

from graph.model import Label
from graph.ordering import signal_order
from graph.ranking import StoredRank
from schema.context import Context
from schema.selection import selected_names, selects
from schema.types import Artifact, Capability, Claim, Evidence, Job, Rank, Signal, Source

Info = strawberry.Info[Context, None]


def signal_source(info: Info, signal: Signal) -> Source | None:
    node = info.context.nodes.get(signal.source_id)
    return Source.from_node(node) if node else None


def claim_evidence(info: Info, claim: Claim) -> list[Evidence]:
    return [Evidence.from_node(n, t) for t, n in info.context.evidence.get(claim.graph_id)]


def claim_mentions(info: Info, claim: Claim) -> list[Artifact]:
    return [Artifact.from_node(n) for n in info.context.mentions.get(claim.graph_id)]


def claim_artifact(info: Info, claim: Claim) -> Artifact | None:
    node = info.context.artifacts.get(claim.artifact_slug)
    return Artifact.from_node(node) if node else None


def claim_source(info: Info, claim: Claim) -> Source | None:
    node = info.context.nodes.get(claim.source_id) if claim.source_id else None
    return Source.from_node(node) if node and node.label is Label.SOURCE else None


def claim_capability(info: Info, claim: Claim) -> Capability | None:
    node = info.context.nodes.get(claim.capability_id) if claim.capability_id else None
    return Capability.from_node(node) if node else None


def capability_claims(info: Info, capability: Capability) -> list[Claim]:
    return [Claim.from_node(n) for n in info.context.claims.get(capability.graph_id)]


def capability_artifact(info: Info, capability: Capability) -> Artifact | None:
    node = info.context.artifacts.get(capability.artifact_slug)
    return Artifact.from_node(node) if node else None


STORED_RANK_FIELDS = frozenset({"score", "basis", "__typename"})
PROFILE_FIELDS = frozenset({"capabilities", "signals", "sources"})
"""The Artifact fields read from its profile (and `rank`, unless it asks only for what the
node stores: `STORED_RANK_FIELDS`)."""


def reads_profiles(info: Info, *path: str) -> bool:
    """Whether the artifacts found at `path` below the current field will read their
    profiles: a listing primes them (one read for the page) only then."""
    fields = selected_names(info, *path)
    return bool(fields & PROFILE_FIELDS) or (
        "rank" in fields and not selected_names(info, *path, "rank") <= STORED_RANK_FIELDS)


def stored_rank_answers(stored: object, fields: Set[str]) -> StoredRank | None:
    """The rank an artifact node stores (`graph.ranking.stored_rank_of`), when it answers a
    query for these `fields` of its Rank: the score, and the basis where the node stores
    one; None when the rank must be computed from the profile."""
    if not isinstance(stored, StoredRank) or not fields <= STORED_RANK_FIELDS:
        return None
    if "basis" in fields and stored.basis is None:
        return None
    return stored


def artifact_rank(info: Info, artifact: Artifact) -> Rank:
    """The rank with its breakdown, from the artifact's profile; when the query asks for
    the score and basis alone, those its node stores (no profile read: a leaderboard of
    fifty artifacts is one read)."""
    stored = stored_rank_answers(artifact.stored_rank, selected_names(info))
    if stored is not None:
        return Rank.from_stored(stored)
    profile = info.context.profiles.get(artifact.slug)
    assert profile is not None, f"artifact {artifact.slug} vanished during the request"
    return Rank.from_breakdown(info.context.rank(profile))


def artifact_capabilities(info: Info, artifact: Artifact) -> list[Capability]:
    profile = info.context.profiles.get(artifact.slug)
    nodes = profile.capabilities if profile else ()
    if selects(info, "claims"):
        info.context.claims.prime(n.id for n in nodes)
    return [Capability.from_node(n) for n in nodes]


def artifact_signals(info: Info, artifact: Artifact) -> list[Signal]:
    profile = info.context.profiles.get(artifact.slug)
    nodes = sorted(profile.signals if profile else (), key=signal_order)
    return [Signal.from_node(n) for n in nodes]


def artifact_sources(info: Info, artifact: Artifact) -> list[Source]:
    profile = info.context.profiles.get(artifact.slug)
    return [Source.from_node(n)
            for n in (profile.sources.values() if profile else ())]


def job_claim(info: Info, job: Job) -> Claim | None:
    # read afresh, not through a loader: a subscription shows the same job many times
    # in one context, and the claim's verdict changes when the measurement ends
    node = info.context.store.get_node(job.subject_id)
    return Claim.from_node(node) if node and node.label is Label.CLAIM else None


def job_evidence(info: Info, job: Job) -> list[Evidence]:
    info.context.nodes.prime(job.evidence_ids)       # written once, never changed
    return [Evidence.from_node(node) for node_id in job.evidence_ids
            if (node := info.context.nodes.get(node_id)) is not None]
