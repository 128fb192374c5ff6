"""The graph's enumerations as GraphQL enums (one declaration each, values from graph/)."""

from __future__ import annotations

import strawberry

from graph import comparison as cmp
from graph import ranking
from graph.claims.types import ClaimClass as GraphClaimClass
from graph.claims.types import Verdict as ClaimVerdict
from graph.comparison_text import StatementKind as GraphStatementKind
from graph.jobs import JobState as GraphJobState
from graph.model import EdgeType as GraphEdgeType
from graph.model import Label

Leader = strawberry.enum(cmp.Leader, description="Who leads on a comparison row.")
RowKind = strawberry.enum(cmp.RowKind, description="How a row's values are ordered.")
RankBasis = strawberry.enum(ranking.RankBasis, description="Where a rank's score comes from.")
StatementKind = strawberry.enum(GraphStatementKind, description="What a verdict sentence says.")
EdgeType = strawberry.enum(GraphEdgeType, description="Edge types of the graph.")
ClaimClass = strawberry.enum(GraphClaimClass, description="What it takes to settle a claim.")
Verdict = strawberry.enum(ClaimVerdict, description="What capgraph found a claim to be.")
JobState = strawberry.enum(GraphJobState, description="Where a job is.")
NodeLabel = strawberry.enum(Label, name="NodeLabel", description="Node labels of the graph.")
