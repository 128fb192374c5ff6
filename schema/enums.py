"""The graph's enumerations as GraphQL enums, each with a description of every value.

One enum per idea: each GraphQL enum wraps the graph's own (`graph/` keeps its StrEnums free
of GraphQL), so resolvers hand over the graph's values unchanged and no second copy can
drift. The descriptions a frontend developer reads in GraphiQL are declared here, a mapping
per enum keyed by the graph's members; `described` attaches them to strawberry's
definition of the enum. A member added in `graph/` without a description here shows up
with none, and `tests/schema/test_descriptions.py` names it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

import strawberry
from strawberry.types.enum import StrawberryEnumDefinition

from graph import comparison as cmp
from graph import ranking
from graph.claims.types import ClaimClass as GraphClaimClass
from graph.claims.types import Verdict as ClaimVerdict
from graph.comparison_text import StatementKind as GraphStatementKind
from graph.jobs import JobState as GraphJobState
from graph.model import EdgeType as GraphEdgeType
from graph.model import Label
from graph.store import ArtifactOrder as GraphArtifactOrder

__all__ = ["ArtifactOrder", "ClaimClass", "EdgeType", "JobState", "Leader", "NodeLabel",
           "RankBasis", "RowKind", "StatementKind", "Verdict", "described"]

E = TypeVar("E", bound=Enum)


def described(enum: type[E], description: str, values: Mapping[E, str],
              name: str | None = None) -> type[E]:
    """The enum as a GraphQL enum, with a description for the type and each value: strawberry
    marks the class itself, so `described(Enum, ...)` may stand alone, or name the result.

    Example:
        >>> from enum import StrEnum
        >>> class Colour(StrEnum):
        ...     RED = "RED"
        >>> Colour = described(Colour, "A colour.", {Colour.RED: "Like blood."})
        >>> [v.description for v in Colour.__strawberry_definition__.values]
        ['Like blood.']
    """
    wrapped = strawberry.enum(enum, name=name, description=description)
    definition: StrawberryEnumDefinition = wrapped.__strawberry_definition__  # type: ignore[attr-defined]
    for value in definition.values:
        value.description = values.get(enum(value.value))
    return wrapped


Verdict = described(ClaimVerdict, "What capgraph found a claim to be, from the evidence it "
                    "recorded (`Claim.evidence`). The same enum wherever a claim's verdict "
                    "appears: a claim, an assessment, a piece of evidence's outcome, a rank's "
                    "cited claims, the counts of a comparison.", {
    ClaimVerdict.SUPPORTED: "The evidence shows the claim holds (e.g. the config states the "
                            "12 layers it claims).",
    ClaimVerdict.REFUTED: "The evidence shows the claim is false (e.g. the processor's mean is "
                          "0.5, not the ImageNet mean claimed). Lowers the artifact's rank.",
    ClaimVerdict.PARTIAL: "Some of what the claim states holds and some does not. Counts half "
                          "in the rank's evidence component.",
    ClaimVerdict.UNDETERMINED: "Checked, but what capgraph can read or run does not settle it "
                               "(the explanation says why); when unsure, capgraph says this.",
    ClaimVerdict.NOT_FALSIFIABLE: "Nothing could settle it: marketing, vague, causal or "
                                  "without a baseline.",
})

ClaimClass = described(GraphClaimClass, "What it takes to settle a claim, decided when the "
                       "claim is checked.", {
    GraphClaimClass.MODEL_FILES: "The model's own files and metadata settle it (config, "
                                 "processor, generation config, model card, provider card).",
    GraphClaimClass.MEASURABLE: "Running the model settles it: `verifyClaim` starts a "
                                "measurement job.",
    GraphClaimClass.EXTERNAL: "It needs what capgraph cannot reach: a paid API, closed "
                              "weights, people, the Hugging Face Hub.",
    GraphClaimClass.NOT_FALSIFIABLE: "Nothing could settle it: marketing, vague, causal, no "
                                     "baseline or no number.",
})

Leader = described(cmp.Leader, "Who leads on one comparison row, read from the two cells' "
                   "values and the row's kind.", {
    cmp.Leader.LEFT: "The left artifact (`a` of `compare`) has the better value.",
    cmp.Leader.RIGHT: "The right artifact (`b` of `compare`) has the better value.",
    cmp.Leader.TIE: "Both values are equal (a category row: the same text, whatever its "
                    "case).",
    cmp.Leader.UNKNOWN: "At least one side has no value, so nobody leads.",
    cmp.Leader.DIFFERENT: "A category row (type, pricing) whose values differ: they have no "
                          "order, so nobody leads.",
})

RowKind = described(cmp.RowKind, "How a comparison row's values are ordered.", {
    cmp.RowKind.HIGHER_LEADS: "A number where more is better (rank, adoption, quality...).",
    cmp.RowKind.LOWER_LEADS: "A number where less is better (starting price).",
    cmp.RowKind.CATEGORY: "A text with no order (type, pricing): equal is a tie, else "
                          "DIFFERENT.",
})

RankBasis = described(ranking.RankBasis, "Where a rank's `score` comes from.", {
    ranking.RankBasis.REPORTED: "The newest rank an imported page reported, as it gave it; "
                                "capgraph has no check of its own for the artifact yet (no "
                                "settled claim, no recorded outcome).",
    ranking.RankBasis.COMPUTED: "capgraph's weighted sum of the components (the values pages "
                                "reported, and its own checks when it has some), because no "
                                "page reported a rank.",
    ranking.RankBasis.CHECKED: "A page's reported rank, adjusted by capgraph's own checks "
                               "(settled claims, recorded outcomes).",
    ranking.RankBasis.NONE: "Nothing is known that a rank could be built from: `score` is "
                            "null.",
})

StatementKind = described(GraphStatementKind, "What one sentence of a comparison's verdict "
                          "says.", {
    GraphStatementKind.RANK: "Who ranks higher, or that the ranks tie (`side`: LEFT, RIGHT "
                             "or TIE).",
    GraphStatementKind.LEADS: "One side (`side`) leads on the rows named.",
    GraphStatementKind.TIED: "Both sides are equal on the rows named.",
    GraphStatementKind.DIFFERS: "Category rows whose values differ (type, pricing).",
    GraphStatementKind.UNKNOWN: "Rows where a side has no value.",
})

EdgeType = described(GraphEdgeType, "The kinds of edge in the graph (README, \"The "
                     "graph\"); each runs one way, from `source` to `target`.", {
    GraphEdgeType.HAS_CAPABILITY: "Artifact to one of its capabilities.",
    GraphEdgeType.CLAIMS: "Capability (or artifact) to a claim its text makes.",
    GraphEdgeType.MENTIONS: "Claim to an artifact it names as an alternative (a `stub` "
                            "artifact when no page lists it).",
    GraphEdgeType.MATCHED: "Intent to a capability, counting recorded outcomes: times, "
                           "successes, confidence (`recordOutcome`).",
    GraphEdgeType.SUPPORTS: "Evidence to the claim it shows holds.",
    GraphEdgeType.REFUTES: "Evidence to the claim it shows false.",
    GraphEdgeType.INFORMS: "Evidence to a claim it bears on without settling it.",
    GraphEdgeType.HAS_SIGNAL: "Artifact to a value a source reported about it.",
    GraphEdgeType.FROM: "Any fact to the Source it came from.",
    GraphEdgeType.HAS_MODEL_FILES: "Artifact to a folder of its model files attached to it.",
})

NodeLabel = described(Label, "The kinds of node in the graph (README, \"The graph\").", {
    Label.ARTIFACT: "A model, API, MCP server, app, repository, dataset...",
    Label.CAPABILITY: "One decomposed thing an artifact does.",
    Label.CLAIM: "One checkable statement about an artifact.",
    Label.INTENT: "A need people expressed, as `resolve` and `recordOutcome` saw it.",
    Label.EVIDENCE: "The record of one check or measurement of a claim.",
    Label.SOURCE: "Where facts came from: an imported page, a model folder, the API.",
    Label.SIGNAL: "A value a source reported about an artifact.",
    Label.JOB: "Long work, such as a measurement.",
    Label.MODEL_FILES: "A folder of a model's own files attached to an artifact.",
    Label.TOKEN: "An API token: never returned by the API (listed for completeness).",
}, name="NodeLabel")

JobState = described(GraphJobState, "Where a job is; all but QUEUED and RUNNING are final.", {
    GraphJobState.QUEUED: "Waiting for a worker.",
    GraphJobState.RUNNING: "Running: `progress` and `message` move.",
    GraphJobState.SUCCEEDED: "Finished; its evidence is written (`Job.evidence`).",
    GraphJobState.FAILED: "Stopped by an error; `message` says which.",
    GraphJobState.CANCELLED: "Stopped because `cancelJob` asked.",
    GraphJobState.TIMED_OUT: "Stopped at its time limit (`timeLimitS`).",
    GraphJobState.INTERRUPTED: "The server stopped while the job was queued or running; "
                               "`rerunJob` runs it again.",
})

ArtifactOrder = described(GraphArtifactOrder, "How `artifacts` lists artifacts.", {
    GraphArtifactOrder.RANK_DESC: "Highest rank first (the score `rank.score` shows; "
                                  "unranked last), then by slug.",
    GraphArtifactOrder.NAME_ASC: "By name, A to Z, whatever its case; then by slug.",
})
