"""Claims: look them up, list them, and assess or verify them (mutations)."""

from __future__ import annotations

from collections.abc import Sequence

from graph.claim_facts import EVIDENCE_EDGES
from graph.claims.types import ClaimClass
from graph.model import Node
from graph.references import artifact_for, claim_for, referenced_claim
from inference.autocheck import model_folders, no_model_files_message
from inference.check_claims import Checked, artifact_claims, check_claims, record_assertion
from inference.jobs import JobControl, Work
from inference.measure import MeasurementPlan, measure_claim, plan_measurement
from schema.context import Context
from schema.errors import InputTooLarge
from schema.limits import MAX_CLAIM_TEXT, check_first
from schema.pagination import decode_cursor, encode_cursor
from schema.types import (
    Artifact,
    ArtifactVerification,
    Claim,
    ClaimAssessment,
    ClaimConnection,
    ClaimEdge,
    Evidence,
    Job,
    PageInfo,
    VerdictCount,
)


def claim(context: Context, id: str) -> Claim | None:
    """The claim `id` names (its API id or graph id: `graph.references`), or None."""
    node = referenced_claim(context.store, id)
    return Claim.from_node(node) if node else None


def claims(
    context: Context, first: int, after: str | None, artifact: str | None,
    verdict: str | None, claim_class: str | None,
) -> ClaimConnection:
    slug = None
    if artifact is not None:
        slug = str(artifact_for(context.store, artifact).props["slug"])
    offset = decode_cursor(after) if after else 0
    page = context.store.list_claims(first=check_first(first), offset=offset, artifact=slug,
                                     verdict=verdict, claim_class=claim_class)
    context.evidence.prime(n.id for n in page.nodes)
    context.nodes.prime(str(n.props["capability"]) for n in page.nodes
                        if n.props.get("capability"))
    edges = [ClaimEdge(cursor=encode_cursor(page.offset + i), node=Claim.from_node(n))
             for i, n in enumerate(page.nodes)]
    return ClaimConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next, has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )


def _assessments(context: Context, checked: list[Checked]) -> list[ClaimAssessment]:
    """The API's view of checked claims, their evidence read back in one store call."""
    evidence = context.store.incoming([c.claim.id for c in checked], EVIDENCE_EDGES)
    return [
        ClaimAssessment(
            claim=Claim.from_node(c.claim),
            claim_class=c.assessment.claim_class,
            verdict=c.assessment.verdict,
            explanation=c.assessment.explanation,
            evidence=[Evidence.from_node(n, t) for t, n in evidence.get(c.claim.id, [])],
        )
        for c in checked
    ]


def assess_claim(context: Context, artifact: str, text: str) -> ClaimAssessment:
    node = artifact_for(context.store, artifact)
    if len(text.strip()) > MAX_CLAIM_TEXT:
        raise InputTooLarge(f"a claim is at most {MAX_CLAIM_TEXT:,} characters (one statement); "
                            f"this one has {len(text.strip()):,}")
    claim_node = record_assertion(context.store, node, text, client=context.principal.who)
    return _assessments(context, check_claims(context.store, [claim_node],
                                              roots=context.model_roots))[0]


def measurement_for(context: Context, claim: Node, plan: MeasurementPlan | None = None) -> Work:
    """The job work that measures a claim by running its model (as `plan` says, when given)."""
    store, roots, plots = context.store, context.model_roots, context.plots

    def work(control: JobControl) -> Sequence[str]:
        return measure_claim(store, claim, control, roots=roots, plots=plots, plan=plan)

    return work


def verify_claim(context: Context, id: str) -> ClaimAssessment:
    """Check a claim against the model files; a MEASURABLE one also starts a measurement job."""
    node = claim_for(context.store, id)
    (checked,) = check_claims(context.store, [node], roots=context.model_roots)
    (assessment,) = _assessments(context, [checked])
    plan = (plan_measurement(context.store, node, context.model_roots, context.plots)
            if checked.assessment.claim_class is ClaimClass.MEASURABLE
            and context.jobs is not None else None)
    if plan is not None and context.jobs is not None:
        job = context.jobs.submit("measure", node.id,
                                  measurement_for(context, checked.claim, plan),
                                  params={"claim": node.id}, owner=context.principal.key,
                                  requested_by=context.principal.who)
        assessment.job = Job.from_node(job)
    return assessment


def verify_artifact(context: Context, slug: str) -> ArtifactVerification:
    node = artifact_for(context.store, slug)
    slug = str(node.props["slug"])
    claims_of = artifact_claims(context.store, slug)
    checked = check_claims(context.store, claims_of, roots=context.model_roots)
    message = (None if model_folders(node, context.model_roots, context.store)
               else no_model_files_message(slug, context.model_roots))
    counts: dict[str, int] = {}
    for item in checked:
        counts[item.assessment.verdict.value] = counts.get(item.assessment.verdict.value, 0) + 1
    return ArtifactVerification(
        artifact=Artifact.from_node(node),
        checked=len(checked),
        counts=VerdictCount.from_tally(counts),
        assessments=_assessments(context, checked),
        message=message,
    )
