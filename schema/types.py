"""The GraphQL node types and their connections: declarations only.

Fields that read the graph hand over to `resolvers.fields` (through the request's batch
loaders). The other types live beside this module — `schema.enums`, `schema.relay`,
`schema.rank`, `schema.comparison_rows`, `schema.model_files`, `schema.graph_view` — and
are re-exported here, so `from schema.types import ...` names every type.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph.claims.types import ClaimClass as GraphClaimClass
from graph.claims.types import Verdict as ClaimVerdict
from graph.jobs import JobState as GraphJobState
from graph.model import EdgeType as GraphEdgeType
from graph.model import Node as GraphNode
from graph.ranking import stored_score
from schema.comparison_rows import Cell, ComparisonRow, VerdictCount, VerdictStatement
from schema.context import Context
from schema.enums import (
    ClaimClass,
    EdgeType,
    JobState,
    Leader,
    NodeLabel,
    RankBasis,
    RowKind,
    StatementKind,
    Verdict,
)
from schema.graph_view import GraphView, GraphViewEdge, GraphViewNode
from schema.model_files import Fact, ModelFiles
from schema.rank import ClaimRef, Rank, RankComponent, SignalRef
from schema.relay import Node, PageInfo, global_id
from schema.scalars import as_datetime, as_number, as_text

__all__ = [
    "Artifact", "ArtifactConnection", "ArtifactEdge", "ArtifactVerification", "Capability",
    "Cell", "Claim", "ClaimAssessment", "ClaimClass", "ClaimConnection", "ClaimEdge",
    "ClaimRef", "Comparison", "ComparisonRow", "EdgeType", "Evidence", "Fact", "GraphView",
    "GraphViewEdge", "GraphViewNode", "Job", "JobState", "Leader", "ModelFiles", "Node",
    "NodeLabel", "PageInfo", "Rank", "RankBasis", "RankComponent", "RowKind", "Signal",
    "SignalRef", "Source", "StatementKind", "Verdict", "VerdictCount", "VerdictStatement",
]


@strawberry.type(description="Where facts came from: an imported page.")
class Source(Node):
    uri: str
    kind: str
    checksum: str
    imported_at: datetime | None
    layout: str | None
    title: str | None
    truncated: bool
    notes: list[str]
    reported_summary: str | None = strawberry.field(
        description="The page's own summary sentence, verbatim (not trusted).")
    reported_verdict: str | None = strawberry.field(
        description="The page's own verdict, verbatim (not trusted).")
    imported_by: str | None = strawberry.field(
        default=None, description="Who imported the page: `local` (the command line) or the "
                                  "API token that sent it.")

    @classmethod
    def from_node(cls, node: GraphNode) -> Source:
        p = node.props
        return cls(
            id=global_id(node), uri=p["uri"], kind=p["kind"], checksum=p["checksum"],
            imported_at=as_datetime(p.get("imported_at")), layout=p.get("layout"),
            title=p.get("title"),
            truncated=bool(p.get("truncated")), notes=list(p.get("notes") or []),
            reported_summary=p.get("reported_summary"), reported_verdict=p.get("reported_verdict"),
            imported_by=p.get("imported_by"),
        )


@strawberry.type(description="An observed value about an artifact, as one source reported it.")
class Signal(Node):
    name: str
    value: float | None
    text: str | None
    raw: str
    unit: str | None
    kind: str
    observed_at: datetime | None
    source_id: strawberry.Private[str]

    @strawberry.field
    def source(self, info: strawberry.Info[Context, None]) -> Source | None:
        from resolvers import fields
        return fields.signal_source(info, self)

    @classmethod
    def from_node(cls, node: GraphNode) -> Signal:
        p = node.props
        return cls(id=global_id(node), name=p["name"], value=as_number(p.get("value")),
                   text=as_text(p.get("value")), raw=str(p.get("raw", "")), unit=p.get("unit"),
                   kind=str(p.get("kind", "reported")),
                   observed_at=as_datetime(p.get("observed_at")),
                   source_id=str(p["source"]))


@strawberry.type(description="The record of one check or measurement of a claim.")
class Evidence(Node):
    protocol: str
    model: str | None = strawberry.field(description="The model (hub id) whose files were read.")
    file: str | None = strawberry.field(description="The file read, relative to the model.")
    field: str | None = strawberry.field(description="The field of that file.")
    found: JSON | None = strawberry.field(description="The value found.")
    claimed: JSON | None = strawberry.field(description="The value the claim states.")
    rule: str = strawberry.field(description="The rule that turned the values into an outcome.")
    outcome: Verdict
    explanation: str
    weights: str = strawberry.field(description="Weights used: none, metadata, real, random, tiny.")
    libraries: list[str]
    finished_at: datetime | None
    relation: EdgeType | None = strawberry.field(
        description="How it bears on its claim: SUPPORTS, REFUTES or INFORMS.")
    plot: str | None = strawberry.field(
        default=None, description="URL of the plot of a swept parameter (served at /plots).")

    @classmethod
    def from_node(cls, node: GraphNode, relation: GraphEdgeType | None = None) -> Evidence:
        p = node.props
        return cls(
            id=global_id(node), protocol=p["protocol"], model=p.get("model"), file=p.get("file"),
            field=p.get("field"), found=cast(JSON, p.get("found")),
            claimed=cast(JSON, p.get("claimed")),
            rule=p.get("rule", ""), outcome=ClaimVerdict(p["outcome"]),
            explanation=p.get("explanation", ""), weights=p.get("weights", "none"),
            libraries=list(p.get("libraries") or []), finished_at=as_datetime(p.get("finished_at")),
            relation=relation, plot=f"/plots/{p['plot']}" if p.get("plot") else None,
        )


@strawberry.type(description="One checkable statement made about an artifact.")
class Claim(Node):
    text: str
    kind: str
    position: int
    atom: int
    sentence: str
    claim_class: ClaimClass | None
    verdict: Verdict | None
    explanation: str | None
    checked_at: datetime | None
    line: int | None = strawberry.field(
        description="The 1-based line of `source` the claim's text is on (null for a claim "
                    "asserted through the API).")
    graph_id: strawberry.Private[str]
    artifact_slug: strawberry.Private[str]
    capability_id: strawberry.Private[str | None]
    source_id: strawberry.Private[str | None]

    @strawberry.field(description="The page the claim was imported from (its latest import; "
                                  "null for a claim asserted through the API).")
    def source(self, info: strawberry.Info[Context, None]) -> Source | None:
        from resolvers import fields
        return fields.claim_source(info, self)

    @strawberry.field(description="The evidence behind the verdict.")
    def evidence(self, info: strawberry.Info[Context, None]) -> list[Evidence]:
        from resolvers import fields
        return fields.claim_evidence(info, self)

    @strawberry.field(description="Alternatives the claim names.")
    def mentions(self, info: strawberry.Info[Context, None]) -> list[Artifact]:
        from resolvers import fields
        return fields.claim_mentions(info, self)

    @strawberry.field
    def artifact(self, info: strawberry.Info[Context, None]) -> Artifact | None:
        from resolvers import fields
        return fields.claim_artifact(info, self)

    @strawberry.field
    def capability(self, info: strawberry.Info[Context, None]) -> Capability | None:
        from resolvers import fields
        return fields.claim_capability(info, self)

    @classmethod
    def from_node(cls, node: GraphNode) -> Claim:
        p = node.props
        return cls(
            id=global_id(node), text=p["text"], kind=p["kind"], position=int(p["position"]),
            atom=int(p.get("atom", 0)), sentence=p.get("sentence", p["text"]),
            claim_class=GraphClaimClass(p["claim_class"]) if p.get("claim_class") else None,
            verdict=ClaimVerdict(p["verdict"]) if p.get("verdict") else None,
            explanation=p.get("explanation"), checked_at=as_datetime(p.get("checked_at")),
            line=int(p["line"]) if p.get("line") is not None else None,
            graph_id=node.id, artifact_slug=str(p.get("artifact", "")),
            capability_id=p.get("capability"), source_id=p.get("source"),
        )


@strawberry.type(description="One decomposed thing an artifact does.")
class Capability(Node):
    name: str | None
    title: str
    description: str | None
    unique_aspect: str | None
    vs_alternatives: str | None
    confidence: str | None
    graph_id: strawberry.Private[str]
    artifact_slug: strawberry.Private[str]

    @strawberry.field
    def claims(self, info: strawberry.Info[Context, None]) -> list[Claim]:
        from resolvers import fields
        return fields.capability_claims(info, self)

    @strawberry.field
    def artifact(self, info: strawberry.Info[Context, None]) -> Artifact | None:
        from resolvers import fields
        return fields.capability_artifact(info, self)

    @classmethod
    def from_node(cls, node: GraphNode) -> Capability:
        from graph.model import Capability as CapabilityView
        view = CapabilityView.from_node(node)
        return cls(id=global_id(node), name=view.name, title=view.title,
                   description=view.description, unique_aspect=view.unique_aspect,
                   vs_alternatives=view.vs_alternatives, confidence=view.confidence,
                   graph_id=node.id, artifact_slug=view.artifact_slug)


@strawberry.type(description="A model, API, MCP server, app, repository, dataset...")
class Artifact(Node):
    slug: str
    name: str
    type: str | None
    tagline: str | None
    stub: bool
    stored_score: strawberry.Private[object]    # `graph.ranking.stored_score` of its node

    @strawberry.field(description="The rank 0–100 with its breakdown.")
    def rank(self, info: strawberry.Info[Context, None]) -> Rank:
        from resolvers import fields
        return fields.artifact_rank(info, self)

    @strawberry.field
    def capabilities(self, info: strawberry.Info[Context, None]) -> list[Capability]:
        from resolvers import fields
        return fields.artifact_capabilities(info, self)

    @strawberry.field(description="Every signal any source reported, newest first.")
    def signals(self, info: strawberry.Info[Context, None]) -> list[Signal]:
        from resolvers import fields
        return fields.artifact_signals(info, self)

    @strawberry.field(description="The model's own files and their facts: the folders "
                                  "attached to it, else those found by its name in the "
                                  "model-file roots.")
    def model_files(self, info: strawberry.Info[Context, None]) -> list[ModelFiles]:
        from resolvers.model_files import artifact_model_files
        return artifact_model_files(info.context, self.slug, self.name)

    @strawberry.field(description="The sources this artifact's signals came from.")
    def sources(self, info: strawberry.Info[Context, None]) -> list[Source]:
        from resolvers import fields
        return fields.artifact_sources(info, self)

    @classmethod
    def from_node(cls, node: GraphNode) -> Artifact:
        p = node.props
        return cls(id=global_id(node), slug=p["slug"], name=p["name"], type=p.get("type"),
                   tagline=p.get("tagline"), stub=bool(p.get("stub", False)),
                   stored_score=stored_score(node))


@strawberry.type
class ArtifactEdge:
    cursor: str
    node: Artifact


@strawberry.type(description="A page of artifacts (Relay connection).")
class ArtifactConnection:
    edges: list[ArtifactEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="Two artifacts side by side, with a verdict written from the rows.")
class Comparison:
    left: Artifact
    right: Artifact
    rows: list[ComparisonRow]
    verdict: str
    statements: list[VerdictStatement]
    left_capabilities: list[Capability]
    right_capabilities: list[Capability]
    left_claims: list[VerdictCount] = strawberry.field(
        description="How many of the left side's claims were checked, per verdict.")
    right_claims: list[VerdictCount]


@strawberry.type
class ClaimEdge:
    cursor: str
    node: Claim


@strawberry.type(description="A page of claims (Relay connection).")
class ClaimConnection:
    edges: list[ClaimEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="Long work (a measurement): state, progress, and its evidence.")
class Job(Node):
    kind: str
    state: JobState
    progress: float
    message: str
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    time_limit_s: float
    subject_id: strawberry.Private[str]
    evidence_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The claim the job measures.")
    def claim(self, info: strawberry.Info[Context, None]) -> Claim | None:
        from resolvers import fields
        return fields.job_claim(info, self)

    @strawberry.field(description="The evidence the job wrote (when it has finished).")
    def evidence(self, info: strawberry.Info[Context, None]) -> list[Evidence]:
        from resolvers import fields
        return fields.job_evidence(info, self)

    @classmethod
    def from_node(cls, node: GraphNode) -> Job:
        p = node.props
        return cls(
            id=global_id(node), kind=p["kind"], state=GraphJobState(p["state"]),
            progress=float(p.get("progress", 0.0)), message=str(p.get("message", "")),
            created_at=as_datetime(p.get("created_at")),
            started_at=as_datetime(p.get("started_at")),
            finished_at=as_datetime(p.get("finished_at")), time_limit_s=float(p["time_limit_s"]),
            subject_id=str(p["subject"]), evidence_ids=list(p.get("evidence") or []),
        )


@strawberry.type(description="A claim's class, verdict, why, and the evidence behind it.")
class ClaimAssessment:
    claim: Claim
    claim_class: ClaimClass
    verdict: Verdict
    explanation: str
    evidence: list[Evidence]
    job: Job | None = strawberry.field(
        default=None,
        description="The measurement started for a MEASURABLE claim; the verdict above is the "
                    "one before it, the job's evidence decides when it has finished.")


@strawberry.type(description="Every claim of an artifact checked, with counts per verdict.")
class ArtifactVerification:
    artifact: Artifact
    checked: int
    counts: list[VerdictCount]
    assessments: list[ClaimAssessment]
    message: str | None = strawberry.field(
        default=None,
        description="Why the files settle none of the claims, when the artifact has no model "
                    "files (and how to attach them); null when it has some.")
