"""The root Query type: declarations only; each field delegates to `resolvers/`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.store import ArtifactOrder as GraphArtifactOrder
from resolvers import alternatives as alternative_resolvers
from resolvers import artifacts as artifact_resolvers
from resolvers import claims as claim_resolvers
from resolvers import intents as intent_resolvers
from resolvers import jobs as job_resolvers
from resolvers import search as search_resolvers
from resolvers.compare import compare as compare_resolver
from resolvers.explore import explore as explore_resolver
from resolvers.fields import reads_profiles
from schema.alternatives import Alternative, Paths
from schema.arguments import (
    After,
    ArtifactRef,
    ClaimId,
    First,
    IntentText,
    JobId,
    ObjectId,
    about,
)
from schema.context import Context
from schema.enums import ArtifactOrder
from schema.intent import IntentMatch
from schema.limits import MAX_DEPTH, MAX_PAGE
from schema.search import SearchConnection, SearchType
from schema.selection import selected_names, selects
from schema.types import (
    Artifact,
    ArtifactConnection,
    Capability,
    Claim,
    ClaimClass,
    ClaimConnection,
    Comparison,
    EdgeType,
    GraphView,
    Job,
    Node,
    Verdict,
)

Info = strawberry.Info[Context, None]

EdgeTypes = list[EdgeType] | None


@strawberry.type(description="Reads: open to anyone unless the server asks for a token "
                             "(then any token with the `read` scope).")
class Query:
    @strawberry.field(description="An artifact by any reference: its id (`Artifact.id`), "
                                  "slug, name, alias, hub id (owner/name) or a short name "
                                  "only it begins with (`trocr`); null when none matches.")
    def artifact(self, info: Info, slug: ArtifactRef) -> Artifact | None:
        return artifact_resolvers.artifact(info.context, slug, read_profile=reads_profiles(info))

    @strawberry.field(description=f"Artifacts, a page at a time (first: 1..{MAX_PAGE}); "
                                  "`type` matches whatever its case ('model' finds 'Model'); "
                                  "stubs (alternatives claims name that no page lists) only "
                                  "with `includeStubs`.")
    def artifacts(
        self, info: Info, first: First, after: After = None,
        type: Annotated[str | None, about(
            "Only artifacts of this type, whatever its case (`model` finds `Model`); null "
            "for every type.")] = None,
        order_by: Annotated[ArtifactOrder, about(
            "The order: highest rank first unless asked.")] = GraphArtifactOrder.RANK_DESC,
        include_stubs: Annotated[bool, about(
            "Also list stubs: artifacts claims name as alternatives that no page "
            "lists.")] = False,
    ) -> ArtifactConnection:
        return artifact_resolvers.artifacts(
            info.context, first, after, type, order_by, include_stubs=include_stubs,
            read_profiles=reads_profiles(info, "edges", "node"),
            rank_fields=selected_names(info, "edges", "node", "rank"))

    @strawberry.field(description="Any object by its global id.")
    def node(self, info: Info, id: ObjectId) -> Node | None:
        return artifact_resolvers.node(info.context, id)

    @strawberry.field(description="A capability by its global id.")
    def capability(
        self, info: Info,
        id: Annotated[strawberry.ID, about("The capability's id (`Capability.id`).")],
    ) -> Capability | None:
        return artifact_resolvers.capability(info.context, id)

    @strawberry.field(description="Compare two artifacts (each an id, slug, name, alias or "
                                  "hub id): rows and verdict.")
    def compare(
        self, info: Info,
        a: Annotated[str, about(
            "The left artifact (an id, slug, name, alias or hub id).")],
        b: Annotated[str, about(
            "The right artifact (an id, slug, name, alias or hub id), another one.")],
    ) -> Comparison:
        with_claims = any(selects(info, side, "claims")
                          for side in ("leftCapabilities", "rightCapabilities"))
        return compare_resolver(info.context, a, b, with_claims=with_claims)

    @strawberry.field(
        description=f"The subgraph around a node (depth 0..{MAX_DEPTH}), for graph views: "
                    "`id` is any node's id, or an artifact's slug, name, alias or hub id.")
    def explore(
        self, info: Info,
        id: Annotated[strawberry.ID, about(
            "Where to start: any node's id, or an artifact's slug, name, alias or hub id.")],
        depth: Annotated[int, about(
            f"How many hops out: 0..{MAX_DEPTH} (0: the node alone).")] = 1,
        edge_types: Annotated[EdgeTypes, about(
            "Follow only edges of these types; null for every type.")] = None,
    ) -> GraphView:
        return explore_resolver(info.context, id, depth, edge_types)

    @strawberry.field(description="A claim by its id (`Claim.id`, or its graph id).")
    def claim(self, info: Info, id: ClaimId) -> Claim | None:
        return claim_resolvers.claim(info.context, id)

    @strawberry.field(description=f"Claims, filtered (`artifact`: an id, slug, name, alias "
                                  f"or hub id), a page at a time (first: 1..{MAX_PAGE}).")
    def claims(
        self, info: Info, first: First, after: After = None,
        artifact: Annotated[str | None, about(
            "Only this artifact's claims (an id, slug, name, alias or hub id); null for "
            "every artifact's.")] = None,
        verdict: Annotated[Verdict | None, about(
            "Only claims with this verdict; null for any (unchecked claims too).")] = None,
        claim_class: Annotated[ClaimClass | None, about(
            "Only claims of this class; null for any (unchecked claims too).")] = None,
    ) -> ClaimConnection:
        return claim_resolvers.claims(
            info.context, first, after, artifact,
            str(verdict) if verdict else None, str(claim_class) if claim_class else None,
        )

    @strawberry.field(description="A job by its global id.")
    def job(self, info: Info, id: JobId) -> Job | None:
        return job_resolvers.job(info.context, id)

    @strawberry.field(description="Artifacts, capabilities and claims matching the words of "
                                  "`query`, best first, with highlights; hub ids and short names "
                                  f"resolve; `didYouMean` on few hits (first: 1..{MAX_PAGE}).")
    def search(
        self, info: Info,
        query: Annotated[str, about(
            "The words to look for, in any case (`handwriting ocr`); a slug, name, hub id or "
            "short name finds its artifact first.")],
        first: Annotated[int, about(f"How many hits the page holds: 1..{MAX_PAGE}.")] = 10,
        after: After = None,
        types: Annotated[list[SearchType] | None, about(
            "What to look through; null for artifacts, capabilities and claims.")] = None,
    ) -> SearchConnection:
        return search_resolvers.search(info.context, query, first, after, types)

    @strawberry.field(description="What should I use for this? The artifacts whose "
                                  "capabilities best meet a need written in plain words, "
                                  f"best first (first: 1..{MAX_PAGE}), each with why.")
    def resolve(
        self, info: Info, intent: IntentText,
        first: Annotated[int, about(f"How many artifacts: 1..{MAX_PAGE}.")] = 5,
    ) -> list[IntentMatch]:
        return intent_resolvers.resolve(info.context, intent, first)

    @strawberry.field(description="What else does what this artifact (an id, slug, name, "
                                  "alias or hub id) does: "
                                  "artifacts sharing its capabilities by match, and those its "
                                  "claims name, ranked by personalized PageRank, each with the "
                                  f"shared capabilities and why (first: 1..{MAX_PAGE}).")
    def alternatives(
        self, info: Info, artifact: ArtifactRef,
        first: Annotated[int, about(f"How many alternatives: 1..{MAX_PAGE}.")] = 5,
    ) -> list[Alternative]:
        return alternative_resolvers.alternatives(info.context, artifact, first)

    @strawberry.field(description="How two artifacts (each an id, slug, name, alias or hub "
                                  "id) are connected: the "
                                  "shortest paths of at most `maxHops` edges (1..8; FROM edges "
                                  "only when `edgeTypes` names them), shortest first (first: "
                                  "1..20).")
    def paths(
        self, info: Info,
        from_: Annotated[str, strawberry.argument(
            name="from", description="The artifact the paths start at (an id, slug, name, "
                                     "alias or hub id).")],
        to: Annotated[str, about(
            "The artifact the paths end at (an id, slug, name, alias or hub id).")],
        max_hops: Annotated[int, about("The most edges a path may have: 1..8.")] = 4,
        first: Annotated[int, about("How many paths: 1..20.")] = 5,
        edge_types: Annotated[EdgeTypes, about(
            "The edge types a path may follow; null for every type but FROM (through which "
            "any two facts of one page are two hops apart).")] = None,
    ) -> Paths:
        return alternative_resolvers.paths(info.context, from_, to, max_hops, first,
                                           edge_types)
