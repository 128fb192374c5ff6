"""Rank an artifact 0–100 with its breakdown: pure functions over an `ArtifactProfile`.

The weights live in one declared, versioned table. A page's own reported numbers stay
reported signals with their source; the breakdown always says which signals and sources
each component came from, and whether the score is reported or computed by capgraph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.model import Node
from graph.store import ArtifactProfile

WEIGHTS_VERSION = "2026-11-25.2"
"""Bump when any weight changes: a rank names the table it was computed with."""

COMPONENTS: tuple[str, ...] = (
    "adoption", "quality", "ecosystem", "match_graph", "freshness", "evidence",
)

WEIGHTS: Mapping[str, Mapping[str, float]] = {
    "default": {
        "adoption": 0.25, "quality": 0.30, "ecosystem": 0.15,
        "match_graph": 0.10, "freshness": 0.10, "evidence": 0.10,
    },
    # Datasets are judged more on quality and less on ecosystem reach.
    "Dataset": {
        "adoption": 0.25, "quality": 0.40, "ecosystem": 0.05,
        "match_graph": 0.10, "freshness": 0.10, "evidence": 0.10,
    },
}

REFUTED_QUALITY_PENALTY = 0.1
"""How much each refuted claim takes off an artifact's quality (0..1), floored at 0."""

SETTLED = {"SUPPORTED": 1.0, "PARTIAL": 0.5, "REFUTED": 0.0}
"""Verdicts that settle a claim, and what each counts for in the evidence component."""

COMPONENT_LABELS: Mapping[str, str] = {
    "adoption": "adoption", "quality": "quality", "ecosystem": "ecosystem",
    "match_graph": "match graph", "freshness": "freshness", "evidence": "evidence",
}

_NO_DATA_NOTES: Mapping[str, str] = {
    "freshness": "no release or activity dates are recorded for this artifact",
    "evidence": "no claim of this artifact has been settled by a check yet",
}


class RankBasis(StrEnum):
    REPORTED = "REPORTED"   # the score is a source's reported rank; capgraph measured nothing
    COMPUTED = "COMPUTED"   # the score is capgraph's weighted sum of the components
    NONE = "NONE"           # nothing is known that a rank could be built from


@dataclass(frozen=True)
class SignalRef:
    """A signal as a breakdown cites it: its value and where it came from."""

    id: str
    name: str
    value: float | str | None
    raw: str
    source_id: str
    source_uri: str
    observed_at: str


@dataclass(frozen=True)
class ClaimRef:
    """A checked claim as a breakdown cites it, with the evidence behind its verdict."""

    id: str
    text: str
    verdict: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class RankComponent:
    name: str
    weight: float
    value: float | None            # 0..1, None when nothing is known
    contribution: float | None     # points out of 100 this component adds to the computed score
    signals: tuple[SignalRef, ...]
    note: str
    claims: tuple[ClaimRef, ...] = ()   # claims whose verdicts moved this component


@dataclass(frozen=True)
class RankBreakdown:
    slug: str
    score: float | None
    basis: RankBasis
    computed_score: float | None
    reported: tuple[SignalRef, ...]    # every reported rank, newest first
    components: tuple[RankComponent, ...]
    weights_version: str
    explanation: str


def signal_refs(profile: ArtifactProfile, name: str) -> list[SignalRef]:
    """The profile's signals called `name`, newest source first."""
    refs = [_ref(s, profile.sources) for s in profile.signals if s.props.get("name") == name]
    refs.sort(key=lambda r: (r.observed_at, r.source_id), reverse=True)
    return refs


def _ref(signal: Node, sources: Mapping[str, Node]) -> SignalRef:
    source_id = str(signal.props["source"])
    source = sources.get(source_id)
    return SignalRef(
        id=signal.id,
        name=str(signal.props["name"]),
        value=signal.props.get("value"),
        raw=str(signal.props.get("raw", "")),
        source_id=source_id,
        source_uri=str(source.props.get("uri", source_id)) if source else source_id,
        observed_at=str(signal.props.get("observed_at", "")),
    )


def describe_disagreement(refs: Sequence[SignalRef]) -> str:
    """'' when the sources agree, else a sentence naming each value and its source."""
    if len({r.value for r in refs}) <= 1:
        return ""
    parts = ", ".join(f"{r.raw or r.value} in {r.source_uri}" for r in refs)
    return f"sources disagree ({parts}); the most recent is used"


def weights_for(artifact_type: str | None) -> Mapping[str, float]:
    return WEIGHTS.get(artifact_type or "", WEIGHTS["default"])


def rank_breakdown(profile: ArtifactProfile) -> RankBreakdown:
    """The rank of one artifact and every number behind it.

    Example:
        >>> from graph.model import Label, Node
        >>> art = Node("artifact:x", Label.ARTIFACT, {"slug": "x", "name": "X"})
        >>> rank_breakdown(ArtifactProfile(art, (), {}, ())).basis
        <RankBasis.NONE: 'NONE'>
    """
    weights = weights_for(profile.artifact.props.get("type"))
    claims = [_claim_ref(c) for c in profile.checked_claims]
    settled = [c for c in claims if c.verdict in SETTLED]
    components = tuple(
        _evidence_component(settled, len(claims), weights[name]) if name == "evidence"
        else _quality_component(profile, settled, weights[name]) if name == "quality"
        else _component(profile, name, weights[name])
        for name in COMPONENTS
    )
    known = [c for c in components if c.value is not None]
    total_weight = sum(c.weight for c in known)
    computed = (
        round(sum(c.weight * (c.value or 0.0) for c in known) / total_weight * 100, 1)
        if total_weight else None
    )
    components = tuple(
        _with_contribution(c, total_weight) for c in components
    )
    reported = tuple(signal_refs(profile, "rank"))
    reported_values = [r for r in reported if isinstance(r.value, int | float)]
    score: float | None
    if settled and computed is not None:
        score, basis = computed, RankBasis.COMPUTED
        tally = ", ".join(f"{sum(c.verdict == v for c in settled)} {v.lower()}" for v in SETTLED)
        explanation = (
            f"Computed by capgraph (weights {WEIGHTS_VERSION}) from {len(known)} of "
            f"{len(components)} components, including its own checks of {len(claims)} claims "
            f"({tally})."
        )
        if reported_values:
            latest = reported_values[0]
            explanation += (f" {latest.source_uri} reported {latest.raw or latest.value}; "
                            "that number is kept as a reported signal, not used as the score.")
    elif reported_values:
        latest = reported_values[0]
        score = float(latest.value)  # type: ignore[arg-type]
        basis = RankBasis.REPORTED
        explanation = (
            f"Reported rank {latest.raw or latest.value} from {latest.source_uri} "
            f"(imported {latest.observed_at[:10]}). capgraph has measured nothing of its own "
            "for this artifact yet, so the score is the reported one; the components are "
            "the page's reported values"
            + (f", which capgraph's weights ({WEIGHTS_VERSION}) turn into {computed:g}/100."
               if computed is not None else ".")
        )
        disagreement = describe_disagreement(reported_values)
        if disagreement:
            explanation += f" Rank: {disagreement}."
    elif computed is not None:
        score, basis = computed, RankBasis.COMPUTED
        explanation = (
            f"Computed by capgraph from {len(known)} of {len(components)} components "
            f"with weights {WEIGHTS_VERSION}."
        )
    else:
        score, basis = None, RankBasis.NONE
        explanation = "Nothing is known about this artifact that a rank could be built from."
    return RankBreakdown(
        slug=str(profile.artifact.props["slug"]),
        score=score,
        basis=basis,
        computed_score=computed,
        reported=reported,
        components=components,
        weights_version=WEIGHTS_VERSION,
        explanation=explanation,
    )


def _component(profile: ArtifactProfile, name: str, weight: float) -> RankComponent:
    refs = signal_refs(profile, name)
    numeric = [r for r in refs if isinstance(r.value, int | float)]
    if not numeric:
        note = _NO_DATA_NOTES.get(name, f"no source reports {COMPONENT_LABELS[name]}")
        return RankComponent(name, weight, None, None, (), note)
    value = max(0.0, min(1.0, float(numeric[0].value)))  # type: ignore[arg-type]
    note = f"reported by {numeric[0].source_uri}"
    if disagreement := describe_disagreement(numeric):
        note += f"; {disagreement}"
    return RankComponent(name, weight, value, None, tuple(numeric), note)


def _with_contribution(component: RankComponent, total_weight: float) -> RankComponent:
    if component.value is None or not total_weight:
        return component
    points = round(component.weight * component.value / total_weight * 100, 1)
    return RankComponent(
        component.name, component.weight, component.value, points,
        component.signals, component.note, component.claims,
    )


def _claim_ref(claim: Node) -> ClaimRef:
    p = claim.props
    return ClaimRef(claim.id, str(p.get("text", "")), str(p.get("verdict", "")),
                    tuple(p.get("evidence") or ()))


def _evidence_component(
    settled: list[ClaimRef], checked: int, weight: float,
) -> RankComponent:
    if not settled:
        note = _NO_DATA_NOTES["evidence"]
        if checked:
            note += f" ({checked} checked, none settled: undetermined or not falsifiable)"
        return RankComponent("evidence", weight, None, None, (), note)
    value = sum(SETTLED[c.verdict] for c in settled) / len(settled)
    holds = sum(c.verdict == "SUPPORTED" for c in settled)
    note = (f"{holds} of {len(settled)} settled claims hold in full "
            f"(partial counts half); {checked} claims checked in all")
    return RankComponent("evidence", weight, round(value, 3), None, (), note, tuple(settled))


def _quality_component(
    profile: ArtifactProfile, settled: list[ClaimRef], weight: float,
) -> RankComponent:
    reported = _component(profile, "quality", weight)
    refuted = tuple(c for c in settled if c.verdict == "REFUTED")
    if reported.value is None or not refuted:
        return reported
    value = max(0.0, reported.value - REFUTED_QUALITY_PENALTY * len(refuted))
    note = (f"{reported.note}; lowered by {REFUTED_QUALITY_PENALTY:g} for each of "
            f"{len(refuted)} refuted claims (see claims and their evidence)")
    return RankComponent("quality", weight, round(value, 3), None, reported.signals, note,
                         refuted)
