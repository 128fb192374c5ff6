"""compare(a, b): two profiles in one read, rows and verdict from graph.comparison.

The capabilities' claims are read (in one batch for both sides) only when the query asks
for them, and each side's rank is computed once for the request (`Context.rank`).
"""

from __future__ import annotations

from graph.comparison import Leader, compare_profiles
from graph.comparison_text import write_verdict
from graph.references import profiles_for
from schema.context import Context
from schema.types import (
    Artifact,
    Capability,
    Cell,
    Comparison,
    ComparisonRow,
    VerdictCount,
    VerdictStatement,
)


def compare(context: Context, a: str, b: str, *, with_claims: bool = False) -> Comparison:
    left, right = profiles_for(context.store, [a, b])     # one read when both are slugs
    slug = str(left.artifact.props["slug"])
    if slug == right.artifact.props["slug"]:
        raise ValueError(f"{a!r} and {b!r} are the same artifact ({slug}); name two")
    for profile in (left, right):
        context.profiles.put(str(profile.artifact.props["slug"]), profile)
    result = compare_profiles(left, right, ranks=(context.rank(left), context.rank(right)))
    verdict = write_verdict(result)
    if with_claims:
        context.claims.prime(n.id for n in (*left.capabilities, *right.capabilities))
    return Comparison(
        left=Artifact.from_node(left.artifact),
        right=Artifact.from_node(right.artifact),
        rows=[
            ComparisonRow(key=r.key, label=r.label, kind=r.kind, left=Cell.from_cell(r.left),
                          right=Cell.from_cell(r.right), leader=r.leader)
            for r in result.rows
        ],
        verdict=verdict.text,
        statements=[VerdictStatement.from_statement(s) for s in verdict.statements],
        left_capabilities=[Capability.from_node(n) for n in left.capabilities],
        right_capabilities=[Capability.from_node(n) for n in right.capabilities],
        left_claims=VerdictCount.from_tally(result.claim_tally(Leader.LEFT)),
        right_claims=VerdictCount.from_tally(result.claim_tally(Leader.RIGHT)),
    )
