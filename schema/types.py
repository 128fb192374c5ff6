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
from graph.ranking import stored_rank_of
from schema.comparison_rows import Cell, ComparisonRow, VerdictCount, VerdictStatement
from schema.context import Context
from schema.descriptions import (
    CURSOR,
    PAGE_INFO,
    SIGNAL_NAME,
    SIGNAL_OBSERVED_AT,
    SIGNAL_RAW,
    SIGNAL_TEXT,
    SIGNAL_VALUE,
    TOTAL_COUNT,
)
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


@strawberry.type(description="Where facts came from: an imported page, a model file or folder "
                             "a check read, or the API (claims asserted through it).")
class Source(Node):
    uri: str = strawberry.field(
        description="What the source is: an imported page's URL or name (`seeds:...` for a "
                    "seed), `model-files:owner/name/file` for a model file a check read, a "
                    "`file:` URL for a model folder, `api:assessClaim` for claims asserted "
                    "through the API.")
    kind: str = strawberry.field(
        description="`page`, `model-file`, `model-folder` or `assertion`.")
    checksum: str = strawberry.field(
        description="`sha256:` and the hex digest of the page's text or the file's bytes: an "
                    "unchanged page imported again changes nothing.")
    imported_at: datetime | None = strawberry.field(
        description="When capgraph last imported or read it.")
    layout: str | None = strawberry.field(
        description="The page layout the parser recognised: `ranked`, `side_by_side`, "
                    "`headless` or `artifact`; null for a source that is not a page.")
    title: str | None = strawberry.field(description="The page's title line, when it has one.")
    truncated: bool = strawberry.field(
        description="The page's text ended mid-way: what was cut is not imported (`notes` "
                    "says what).")
    notes: list[str] = strawberry.field(
        description="What the parser could not read or cut, each naming its line.")
    reported_summary: str | None = strawberry.field(
        description="The page's own summary sentence, verbatim (not trusted).")
    reported_verdict: str | None = strawberry.field(
        description="The page's own verdict sentence, verbatim (not trusted; prose, not a "
                    "claim's `Verdict`).")
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
    name: str = strawberry.field(description=SIGNAL_NAME)
    value: float | None = strawberry.field(description=SIGNAL_VALUE)
    text: str | None = strawberry.field(description=SIGNAL_TEXT)
    raw: str = strawberry.field(description=SIGNAL_RAW)
    unit: str | None = strawberry.field(
        description="The unit the page gave: `/100` for a rank, `USD` or `USD per ...` for a "
                    "price, `decomposed` for a capability count; null for a bare number or "
                    "a text.")
    kind: str = strawberry.field(
        description="`reported`: a page's own value, kept as it gave it (capgraph's own "
                    "numbers are in `Artifact.rank`).")
    observed_at: datetime | None = strawberry.field(description=SIGNAL_OBSERVED_AT)
    source_id: strawberry.Private[str]

    @strawberry.field(description="The source that reported it.")
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
    protocol: str = strawberry.field(
        description="What ran: `model-files/<checker>` (architecture, parameters, "
                    "preprocessing, generation, licensing, card, pricing, diffusion, facts) "
                    "for a check of the model's files, `measure/<protocol>` for a "
                    "measurement, `classification` for a claim nothing could check.")
    model: str | None = strawberry.field(description="The model (hub id) whose files were read.")
    file: str | None = strawberry.field(description="The file read, relative to the model.")
    field: str | None = strawberry.field(description="The field of that file.")
    found: JSON | None = strawberry.field(description="The value found.")
    claimed: JSON | None = strawberry.field(description="The value the claim states.")
    rule: str = strawberry.field(description="The rule that turned the values into an outcome.")
    outcome: Verdict = strawberry.field(
        description="What this check found the claim to be; the claim's verdict combines "
                    "its evidence.")
    explanation: str = strawberry.field(description="Why, in words, with the numbers.")
    weights: str = strawberry.field(description="Weights used: none, metadata, real, random, tiny.")
    libraries: list[str] = strawberry.field(
        description="The libraries that read the files or ran the model, as `name==version`.")
    finished_at: datetime | None = strawberry.field(description="When the check finished.")
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
    text: str = strawberry.field(description="The statement, one checkable thing.")
    kind: str = strawberry.field(
        description="Which text of its capability it came from: `description`, `unique` or "
                    "`vs_alternatives`; `assertion` for a claim asserted through "
                    "`assessClaim`.")
    position: int = strawberry.field(
        description="The index (from 0) of its sentence in that text.")
    atom: int = strawberry.field(
        description="The index (from 0) of this claim among those its sentence was split "
                    "into.")
    sentence: str = strawberry.field(description="The whole sentence it was split from.")
    claim_class: ClaimClass | None = strawberry.field(
        description="What it takes to settle it; null until it is checked.")
    verdict: Verdict | None = strawberry.field(
        description="What capgraph found it to be; null until it is checked.")
    explanation: str | None = strawberry.field(
        description="Why the verdict, in words; null until it is checked.")
    checked_at: datetime | None = strawberry.field(
        description="When it was last checked; null until it is.")
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

    @strawberry.field(description="The artifact the claim is about.")
    def artifact(self, info: strawberry.Info[Context, None]) -> Artifact | None:
        from resolvers import fields
        return fields.claim_artifact(info, self)

    @strawberry.field(description="The capability whose text made the claim; null for a "
                                  "claim asserted through the API.")
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
    name: str | None = strawberry.field(
        description="Its name as the page gave it; null when the page gave none.")
    title: str = strawberry.field(
        description="What to call it: the name, else the first eight words of its text.")
    description: str | None = strawberry.field(
        description="What it does, as the page described it.")
    unique_aspect: str | None = strawberry.field(
        description="The page's `Unique:` paragraph: what sets it apart.")
    vs_alternatives: str | None = strawberry.field(
        description="The page's `vs alternatives:` paragraph: how it compares with others.")
    confidence: str | None = strawberry.field(
        description="The page's own confidence in it, `High`, `Medium` or `Low` (artifact "
                    "pages give one); null when it gave none.")
    graph_id: strawberry.Private[str]
    artifact_slug: strawberry.Private[str]

    @strawberry.field(description="The claims its texts make, one checkable statement each.")
    def claims(self, info: strawberry.Info[Context, None]) -> list[Claim]:
        from resolvers import fields
        return fields.capability_claims(info, self)

    @strawberry.field(description="The artifact it belongs to.")
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
    slug: str = strawberry.field(
        description="Its unique key, made from its name in one way everywhere (`FLUX.1 Pro` "
                    "-> `flux-1-pro`): use it in URLs.")
    name: str = strawberry.field(description="Its name, as the first page that named it wrote "
                                             "it.")
    type: str | None = strawberry.field(
        description="What kind of artifact, as a page reported it (Model, Dataset, MCP "
                    "Server, Repository, Web App...); null when none did.")
    tagline: str | None = strawberry.field(description="The page's one-line summary of it.")
    stub: bool = strawberry.field(
        description="True for an artifact only claims name as an alternative: no page lists "
                    "it, so it has no rank data (lists leave stubs out unless asked).")
    stored_rank: strawberry.Private[object]     # `graph.ranking.stored_rank_of` its node

    @strawberry.field(description="The rank 0–100 with its breakdown.")
    def rank(self, info: strawberry.Info[Context, None]) -> Rank:
        from resolvers import fields
        return fields.artifact_rank(info, self)

    @strawberry.field(description="What it does, decomposed, in the order its page lists them.")
    def capabilities(self, info: strawberry.Info[Context, None]) -> list[Capability]:
        from resolvers import fields
        return fields.artifact_capabilities(info, self)

    @strawberry.field(description="Every value any source reported about it, by name, then "
                                  "oldest first (two pages that disagree each keep theirs).")
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
                   stored_rank=stored_rank_of(node))


@strawberry.type(description="One artifact of a page, with its cursor (Relay edge).")
class ArtifactEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Artifact = strawberry.field(description="The artifact.")


@strawberry.type(description="A page of artifacts (Relay connection).")
class ArtifactConnection:
    edges: list[ArtifactEdge] = strawberry.field(description="This page's artifacts, in order.")
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL_COUNT)


@strawberry.type(description="Two artifacts side by side, with a verdict written from the rows.")
class Comparison:
    left: Artifact = strawberry.field(description="The artifact `a` names.")
    right: Artifact = strawberry.field(description="The artifact `b` names.")
    rows: list[ComparisonRow] = strawberry.field(
        description="The table, in a page's order: type, rank, adoption, quality, ecosystem, "
                    "match graph, pricing, starting price, capabilities, times matched, "
                    "verified claims (starting price and verified claims only when a side has "
                    "a value).")
    verdict: str = strawberry.field(
        description="The comparison's verdict as text: the statements' sentences joined. "
                    "Written from the rows only, so a tie is called a tie. (A claim's verdict "
                    "is the `Verdict` enum; this is prose.)")
    statements: list[VerdictStatement] = strawberry.field(
        description="The verdict sentence by sentence, each with the rows it rests on.")
    left_capabilities: list[Capability] = strawberry.field(
        description="The left artifact's capabilities, in its page's order.")
    right_capabilities: list[Capability] = strawberry.field(
        description="The right artifact's capabilities, in its page's order.")
    left_claims: list[VerdictCount] = strawberry.field(
        description="How many of the left side's claims were checked, per verdict.")
    right_claims: list[VerdictCount] = strawberry.field(
        description="How many of the right side's claims were checked, per verdict.")


@strawberry.type(description="One claim of a page, with its cursor (Relay edge).")
class ClaimEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Claim = strawberry.field(description="The claim.")


@strawberry.type(description="A page of claims (Relay connection).")
class ClaimConnection:
    edges: list[ClaimEdge] = strawberry.field(description="This page's claims, in order.")
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL_COUNT)


@strawberry.type(description="Long work (a measurement): state, progress, and its evidence.")
class Job(Node):
    kind: str = strawberry.field(description="What the job does: `measure` (run the model to "
                                             "settle a claim).")
    state: JobState = strawberry.field(description="Where the job is.")
    progress: float = strawberry.field(description="0..1: the share of the work done.")
    message: str = strawberry.field(
        description="What it is doing now, or why it stopped, in words.")
    created_at: datetime | None = strawberry.field(description="When it was queued.")
    started_at: datetime | None = strawberry.field(
        description="When a worker started it; null while it is queued.")
    finished_at: datetime | None = strawberry.field(
        description="When it stopped, whatever the state; null while it is queued or running.")
    time_limit_s: float = strawberry.field(
        description="Seconds it may run before it is stopped (state TIMED_OUT).")
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
    claim: Claim = strawberry.field(description="The claim, as the graph now holds it.")
    claim_class: ClaimClass = strawberry.field(description="What it takes to settle it.")
    verdict: Verdict = strawberry.field(description="What capgraph found it to be.")
    explanation: str = strawberry.field(description="Why, in words.")
    evidence: list[Evidence] = strawberry.field(
        description="The evidence this check recorded.")
    job: Job | None = strawberry.field(
        default=None,
        description="The measurement started for a MEASURABLE claim; the verdict above is the "
                    "one before it, the job's evidence decides when it has finished.")


@strawberry.type(description="Every claim of an artifact checked, with counts per verdict.")
class ArtifactVerification:
    artifact: Artifact = strawberry.field(description="The artifact checked.")
    checked: int = strawberry.field(description="How many of its claims were checked.")
    counts: list[VerdictCount] = strawberry.field(
        description="How many got each verdict (verdicts no claim got are left out).")
    assessments: list[ClaimAssessment] = strawberry.field(
        description="Each claim's class, verdict, why and evidence.")
    message: str | None = strawberry.field(
        default=None,
        description="Why the files settle none of the claims, when the artifact has no model "
                    "files (and how to attach them); null when it has some.")
