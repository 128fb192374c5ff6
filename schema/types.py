"""The GraphQL types: declarations, and how each is read from graph data."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph import comparison as cmp
from graph import ranking
from graph.claims.types import ClaimClass as GraphClaimClass
from graph.claims.types import Verdict as ClaimVerdict
from graph.facts import Fact as GraphFact
from graph.jobs import JobState as GraphJobState
from graph.model import EdgeType as GraphEdgeType
from graph.model import Label
from graph.model import Node as GraphNode
from graph.model_files import AttachedFiles
from graph.verdict import Statement
from graph.verdict import StatementKind as GraphStatementKind
from schema.context import Context
from schema.ids import to_global_id
from schema.selection import selects

Leader = strawberry.enum(cmp.Leader, description="Who leads on a comparison row.")
RowKind = strawberry.enum(cmp.RowKind, description="How a row's values are ordered.")
RankBasis = strawberry.enum(ranking.RankBasis, description="Where a rank's score comes from.")
StatementKind = strawberry.enum(GraphStatementKind, description="What a verdict sentence says.")
EdgeType = strawberry.enum(GraphEdgeType, description="Edge types of the graph.")
ClaimClass = strawberry.enum(GraphClaimClass, description="What it takes to settle a claim.")
Verdict = strawberry.enum(ClaimVerdict, description="What capgraph found a claim to be.")
JobState = strawberry.enum(GraphJobState, description="Where a job is.")
NodeLabel = strawberry.enum(Label, name="NodeLabel", description="Node labels of the graph.")


@strawberry.interface(description="An object with an opaque global id (Relay).")
class Node:
    id: strawberry.ID


def _gid(node: GraphNode) -> strawberry.ID:
    return strawberry.ID(to_global_id(node.label, node.id))


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


@strawberry.type(description="Where facts came from: an imported page.")
class Source(Node):
    uri: str
    kind: str
    checksum: str
    imported_at: str
    layout: str | None
    title: str | None
    truncated: bool
    notes: list[str]
    reported_summary: str | None = strawberry.field(
        description="The page's own summary sentence, verbatim (not trusted).")
    reported_verdict: str | None = strawberry.field(
        description="The page's own verdict, verbatim (not trusted).")

    @classmethod
    def from_node(cls, node: GraphNode) -> Source:
        p = node.props
        return cls(
            id=_gid(node), uri=p["uri"], kind=p["kind"], checksum=p["checksum"],
            imported_at=p["imported_at"], layout=p.get("layout"), title=p.get("title"),
            truncated=bool(p.get("truncated")), notes=list(p.get("notes") or []),
            reported_summary=p.get("reported_summary"), reported_verdict=p.get("reported_verdict"),
        )


@strawberry.type(description="A signal as a rank or a row cites it.")
class SignalRef:
    name: str
    value: float | None
    text: str | None
    raw: str
    source_uri: str
    observed_at: str

    @classmethod
    def from_ref(cls, ref: ranking.SignalRef) -> SignalRef:
        return cls(name=ref.name, value=_number(ref.value), text=_text(ref.value), raw=ref.raw,
                   source_uri=ref.source_uri, observed_at=ref.observed_at)


@strawberry.type(description="An observed value about an artifact, as one source reported it.")
class Signal(Node):
    name: str
    value: float | None
    text: str | None
    raw: str
    unit: str | None
    kind: str
    observed_at: str
    source_id: strawberry.Private[str]

    @strawberry.field
    def source(self, info: strawberry.Info[Context, None]) -> Source | None:
        node = info.context.store.get_node(self.source_id)
        return Source.from_node(node) if node else None

    @classmethod
    def from_node(cls, node: GraphNode) -> Signal:
        p = node.props
        return cls(id=_gid(node), name=p["name"], value=_number(p.get("value")),
                   text=_text(p.get("value")), raw=str(p.get("raw", "")), unit=p.get("unit"),
                   kind=str(p.get("kind", "reported")), observed_at=str(p["observed_at"]),
                   source_id=str(p["source"]))


@strawberry.type(description="A checked claim as a rank cites it, with its evidence ids.")
class ClaimRef:
    id: strawberry.ID
    text: str
    verdict: str
    evidence: list[strawberry.ID]

    @classmethod
    def from_ref(cls, ref: ranking.ClaimRef) -> ClaimRef:
        return cls(id=strawberry.ID(to_global_id(Label.CLAIM, ref.id)), text=ref.text,
                   verdict=ref.verdict,
                   evidence=[strawberry.ID(to_global_id(Label.EVIDENCE, e))
                             for e in ref.evidence])


@strawberry.type(description="One component of a rank: weight, value, and what it came from.")
class RankComponent:
    name: str
    weight: float
    value: float | None
    contribution: float | None = strawberry.field(
        description="Points of the computed score this component adds.")
    note: str
    signals: list[SignalRef]
    claims: list[ClaimRef] = strawberry.field(
        description="Checked claims that moved this component (the evidence component names "
                    "every settled claim; each refuted one lowers the score).")


@strawberry.type(description="A rank 0–100 and every number behind it.")
class Rank:
    score: float | None
    basis: RankBasis
    computed_score: float | None
    weights_version: str
    explanation: str
    components: list[RankComponent]
    reported: list[SignalRef]

    @classmethod
    def from_breakdown(cls, rank: ranking.RankBreakdown) -> Rank:
        return cls(
            score=rank.score, basis=rank.basis, computed_score=rank.computed_score,
            weights_version=rank.weights_version, explanation=rank.explanation,
            components=[
                RankComponent(name=c.name, weight=c.weight, value=c.value,
                              contribution=c.contribution, note=c.note,
                              signals=[SignalRef.from_ref(s) for s in c.signals],
                              claims=[ClaimRef.from_ref(r) for r in c.claims])
                for c in rank.components
            ],
            reported=[SignalRef.from_ref(r) for r in rank.reported],
        )


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
    finished_at: str
    relation: EdgeType | None = strawberry.field(
        description="How it bears on its claim: SUPPORTS, REFUTES or INFORMS.")
    plot: str | None = strawberry.field(
        default=None, description="URL of the plot of a swept parameter (served at /plots).")

    @classmethod
    def from_node(cls, node: GraphNode, relation: GraphEdgeType | None = None) -> Evidence:
        p = node.props
        return cls(
            id=_gid(node), protocol=p["protocol"], model=p.get("model"), file=p.get("file"),
            field=p.get("field"), found=cast(JSON, p.get("found")),
            claimed=cast(JSON, p.get("claimed")),
            rule=p.get("rule", ""), outcome=ClaimVerdict(p["outcome"]),
            explanation=p.get("explanation", ""), weights=p.get("weights", "none"),
            libraries=list(p.get("libraries") or []), finished_at=p.get("finished_at", ""),
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
    checked_at: str | None
    graph_id: strawberry.Private[str]
    artifact_slug: strawberry.Private[str]
    capability_id: strawberry.Private[str | None]

    @strawberry.field(description="The evidence behind the verdict.")
    def evidence(self, info: strawberry.Info[Context, None]) -> list[Evidence]:
        return [Evidence.from_node(n, t) for t, n in info.context.evidence.get(self.graph_id)]

    @strawberry.field(description="Alternatives the claim names.")
    def mentions(self, info: strawberry.Info[Context, None]) -> list[Artifact]:
        sub = info.context.store.neighbourhood(self.graph_id, 1, [GraphEdgeType.MENTIONS])
        return [Artifact.from_node(n) for n in sub.nodes if n.label is Label.ARTIFACT]

    @strawberry.field
    def artifact(self, info: strawberry.Info[Context, None]) -> Artifact | None:
        node = info.context.store.find_artifact(self.artifact_slug)
        return Artifact.from_node(node) if node else None

    @strawberry.field
    def capability(self, info: strawberry.Info[Context, None]) -> Capability | None:
        node = info.context.store.get_node(self.capability_id) if self.capability_id else None
        return Capability.from_node(node) if node else None

    @classmethod
    def from_node(cls, node: GraphNode) -> Claim:
        p = node.props
        return cls(
            id=_gid(node), text=p["text"], kind=p["kind"], position=int(p["position"]),
            atom=int(p.get("atom", 0)), sentence=p.get("sentence", p["text"]),
            claim_class=GraphClaimClass(p["claim_class"]) if p.get("claim_class") else None,
            verdict=ClaimVerdict(p["verdict"]) if p.get("verdict") else None,
            explanation=p.get("explanation"), checked_at=p.get("checked_at"),
            graph_id=node.id, artifact_slug=str(p.get("artifact", "")),
            capability_id=p.get("capability"),
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
        return [Claim.from_node(n) for n in info.context.claims.get(self.graph_id)]

    @strawberry.field
    def artifact(self, info: strawberry.Info[Context, None]) -> Artifact | None:
        node = info.context.store.find_artifact(self.artifact_slug)
        return Artifact.from_node(node) if node else None

    @classmethod
    def from_node(cls, node: GraphNode) -> Capability:
        from graph.model import Capability as CapabilityView
        view = CapabilityView.from_node(node)
        return cls(id=_gid(node), name=view.name, title=view.title,
                   description=view.description, unique_aspect=view.unique_aspect,
                   vs_alternatives=view.vs_alternatives, confidence=view.confidence,
                   graph_id=node.id, artifact_slug=view.artifact_slug)


@strawberry.type(description="One value a model's files state or imply: a config field, a "
                             "processor setting, a card entry, or a value derived from them.")
class Fact:
    name: str = strawberry.field(description="The field's own name (num_key_value_heads).")
    words: list[str] = strawberry.field(description="The phrases people use for it.")
    value: JSON | None = strawberry.field(description="A JSON scalar or a list of scalars.")
    unit: str | None = strawberry.field(description="Hz, s, byte, pixel, token...; null for "
                                                    "a bare count or flag.")
    file: str | None = strawberry.field(description="The file it was read from.")
    field: str | None = strawberry.field(description="The field, dotted through sub-configs.")
    derivation: str | None = strawberry.field(description="How a derived value was computed.")
    part: str = strawberry.field(description="The component (encoder, vae...); empty for "
                                             "the whole model.")
    source: str = strawberry.field(description="Where the value came from, in words.")

    @classmethod
    def from_fact(cls, fact: GraphFact) -> Fact:
        return cls(name=fact.name, words=list(fact.words), value=cast(JSON, fact.value),
                   unit=fact.unit, file=fact.file, field=fact.field,
                   derivation=fact.derivation, part=fact.part, source=fact.source)


@strawberry.type(description="A folder of a model's own files and the facts read from it: "
                             "the model's passport.")
class ModelFiles:
    hub_id: str
    kind: str = strawberry.field(description="transformers, diffusers or provider.")
    path: str
    checksum: str | None = strawberry.field(description="Of the folder's files when attached.")
    attached: bool = strawberry.field(
        description="Attached to the artifact (`capgraph models add`, attachModelFiles); "
                    "false for a folder of the model-file roots found by the artifact's name.")
    attached_at: str | None
    attached_by: str | None = strawberry.field(description="cli or api.")
    facts: list[Fact]

    @classmethod
    def from_attached(cls, files: AttachedFiles) -> ModelFiles:
        return cls(hub_id=files.hub_id, kind=files.kind, path=files.path,
                   checksum=files.checksum, attached=files.attached,
                   attached_at=files.attached_at, attached_by=files.attached_by,
                   facts=[Fact.from_fact(f) for f in files.facts])


@strawberry.type(description="A model, API, MCP server, app, repository, dataset...")
class Artifact(Node):
    slug: str
    name: str
    type: str | None
    tagline: str | None
    stub: bool

    @strawberry.field(description="The rank 0–100 with its breakdown.")
    def rank(self, info: strawberry.Info[Context, None]) -> Rank:
        profile = info.context.profiles.get(self.slug)
        assert profile is not None, f"artifact {self.slug} vanished during the request"
        return Rank.from_breakdown(info.context.rank(profile))

    @strawberry.field
    def capabilities(self, info: strawberry.Info[Context, None]) -> list[Capability]:
        profile = info.context.profiles.get(self.slug)
        nodes = profile.capabilities if profile else ()
        if selects(info, "claims"):
            info.context.claims.prime(n.id for n in nodes)
        return [Capability.from_node(n) for n in nodes]

    @strawberry.field(description="Every signal any source reported, newest first.")
    def signals(self, info: strawberry.Info[Context, None]) -> list[Signal]:
        profile = info.context.profiles.get(self.slug)
        nodes = sorted(profile.signals if profile else (),
                       key=lambda n: (str(n.props["name"]), str(n.props["observed_at"])))
        return [Signal.from_node(n) for n in nodes]

    @strawberry.field(description="The model's own files and their facts: the folders "
                                  "attached to it, else those found by its name in the "
                                  "model-file roots.")
    def model_files(self, info: strawberry.Info[Context, None]) -> list[ModelFiles]:
        from resolvers.model_files import artifact_model_files
        return artifact_model_files(info.context, self.slug, self.name)

    @strawberry.field(description="The sources this artifact's signals came from.")
    def sources(self, info: strawberry.Info[Context, None]) -> list[Source]:
        profile = info.context.profiles.get(self.slug)
        return [Source.from_node(n) for n in (profile.sources.values() if profile else ())]

    @classmethod
    def from_node(cls, node: GraphNode) -> Artifact:
        p = node.props
        return cls(id=_gid(node), slug=p["slug"], name=p["name"], type=p.get("type"),
                   tagline=p.get("tagline"), stub=bool(p.get("stub", False)))


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class ArtifactEdge:
    cursor: str
    node: Artifact


@strawberry.type(description="A page of artifacts (Relay connection).")
class ArtifactConnection:
    edges: list[ArtifactEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="How many claims got one verdict.")
class VerdictCount:
    verdict: Verdict
    count: int

    @classmethod
    def from_tally(cls, tally: dict[str, int]) -> list[VerdictCount]:
        return [cls(verdict=ClaimVerdict(v), count=n) for v, n in sorted(tally.items())]


@strawberry.type(description="One side's value in a comparison row.")
class Cell:
    display: str
    number: float | None
    text: str | None
    sources: list[SignalRef]

    @classmethod
    def from_cell(cls, cell: cmp.Cell) -> Cell:
        return cls(display=cell.display, number=cell.number, text=cell.text,
                   sources=[SignalRef.from_ref(s) for s in cell.sources])


@strawberry.type(description="One row of a comparison: both values and who leads.")
class ComparisonRow:
    key: str
    label: str
    kind: RowKind
    left: Cell
    right: Cell
    leader: Leader


@strawberry.type(description="One sentence of a verdict and the rows it rests on.")
class VerdictStatement:
    kind: StatementKind
    side: Leader | None
    rows: list[str]
    text: str

    @classmethod
    def from_statement(cls, s: Statement) -> VerdictStatement:
        return cls(kind=s.kind, side=s.side, rows=list(s.rows), text=s.text)


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


@strawberry.type(description="A node in an explored subgraph.")
class GraphViewNode:
    id: strawberry.ID
    graph_id: str
    label: NodeLabel
    title: str
    properties: JSON

    @classmethod
    def from_node(cls, node: GraphNode) -> GraphViewNode:
        p = node.props
        title = (p.get("name") or p.get("text") or p.get("uri") or p.get("description")
                 or node.id)
        if node.label is Label.SIGNAL:
            title = f"{p.get('name')} = {p.get('raw') or p.get('value')}"
        if node.label is Label.CAPABILITY:
            from graph.model import Capability as CapabilityView
            title = CapabilityView.from_node(node).title
        if node.label is Label.MODEL_FILES:     # its facts: `Artifact.modelFiles`
            title = f"{p.get('hub_id')} ({p.get('kind')})"
            p = {k: v for k, v in p.items() if k != "facts"}
        return cls(id=_gid(node), graph_id=node.id, label=node.label, title=str(title),
                   properties=cast(JSON, dict(p)))


@strawberry.type(description="A typed edge in an explored subgraph.")
class GraphViewEdge:
    type: EdgeType
    source: strawberry.ID
    target: strawberry.ID
    properties: JSON


@strawberry.type(description="The subgraph around a node, for graph-view frontends.")
class GraphView:
    center: strawberry.ID
    depth: int
    nodes: list[GraphViewNode]
    edges: list[GraphViewEdge]
    truncated: bool = strawberry.field(description="True when the node cap cut the subgraph.")



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
    created_at: str
    started_at: str | None
    finished_at: str | None
    time_limit_s: float
    subject_id: strawberry.Private[str]
    evidence_ids: strawberry.Private[list[str]]

    @strawberry.field(description="The claim the job measures.")
    def claim(self, info: strawberry.Info[Context, None]) -> Claim | None:
        node = info.context.store.get_node(self.subject_id)
        return Claim.from_node(node) if node and node.label is Label.CLAIM else None

    @strawberry.field(description="The evidence the job wrote (when it has finished).")
    def evidence(self, info: strawberry.Info[Context, None]) -> list[Evidence]:
        return [Evidence.from_node(n) for n in info.context.store.get_nodes(self.evidence_ids)]

    @classmethod
    def from_node(cls, node: GraphNode) -> Job:
        p = node.props
        return cls(
            id=_gid(node), kind=p["kind"], state=GraphJobState(p["state"]),
            progress=float(p.get("progress", 0.0)), message=str(p.get("message", "")),
            created_at=p["created_at"], started_at=p.get("started_at"),
            finished_at=p.get("finished_at"), time_limit_s=float(p["time_limit_s"]),
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
