"""Rank an artifact 0–100 with its breakdown: pure functions over an `ArtifactProfile`.

The weights live in one declared, versioned table. A page's own reported numbers stay
reported signals with their source; the breakdown always says which signals and sources
each component came from, and whether the score is reported or computed by capgraph.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from graph.model import Node
from graph.store import ArtifactProfile, MatchRecord

WEIGHTS_VERSION = "2026-12-02.2"
"""Bump when any weight or rule changes: a rank names the table it was computed with."""

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

REFUTED_PENALTY = 0.05
"""The share of the evidence-adjusted score each refuted claim takes off (a partial claim
half of it). Multiplied, never subtracted: a refuted claim always lowers a score above 0,
and no floor clamps it away."""

MATCH_PRIOR_RATE = 0.5
MATCH_PRIOR_OUTCOMES = 10
"""The match-graph component from recorded outcomes is their success rate pulled toward
`MATCH_PRIOR_RATE` as if that many outcomes had gone that way: one vote moves it from 0.5 to
0.545 (or 0.455), fifty votes all one way reach 0.917."""

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
    REPORTED = "REPORTED"   # the score is a source's reported rank; capgraph checked nothing
    COMPUTED = "COMPUTED"   # capgraph's weighted sum of the components (and its checks)
    CHECKED = "CHECKED"     # a source's reported rank, adjusted by capgraph's own checks
    NONE = "NONE"           # nothing is known that a rank could be built from


class ScoreBasis(StrEnum):
    """The numbers a rank can be read on; two ranks are compared on one of them only."""

    REPORTED = "reported"         # the newest reported rank, as the page gave it
    COMPONENTS = "components"     # capgraph's weighting of the reported components, no checks
    CHECKED = "checked"           # the reported rank adjusted by capgraph's checks
    COMPUTED = "computed"         # capgraph's weighting of the components and its checks


BASIS_NAMES: Mapping[ScoreBasis, str] = {
    ScoreBasis.REPORTED: "reported ranks",
    ScoreBasis.COMPONENTS: "capgraph's weighting of the reported components, no checks",
    ScoreBasis.CHECKED: "reported ranks adjusted by capgraph's checks",
    ScoreBasis.COMPUTED: "capgraph's computed scores with its checks",
}


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
class MatchRef:
    """Outcomes recorded for one intent on an artifact, as a breakdown cites them: the
    intent's MATCHED edge with the most outcomes into the artifact's capabilities."""

    intent: str          # the Intent node's id
    text: str
    capability: str      # the capability node's id that edge goes to
    times: int
    successes: int


@dataclass(frozen=True)
class RankComponent:
    name: str
    weight: float
    value: float | None            # 0..1, None when nothing is known
    contribution: float | None     # points out of 100 this component adds to the computed score
    signals: tuple[SignalRef, ...]
    note: str
    claims: tuple[ClaimRef, ...] = ()   # claims whose verdicts moved this component
    matches: tuple[MatchRef, ...] = ()  # recorded outcomes behind this component
    own: bool = False
    """Measured by capgraph (its checks, outcomes recorded with it), not a page's report."""


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
    bases: Mapping[ScoreBasis, float] = field(default_factory=dict)
    """This rank's number on every basis it has one (the comparison picks a shared one)."""
    checked: bool = False
    """capgraph's own data feeds it: settled claims (not asserted through the API) or
    recorded outcomes."""

    def on(self, basis: ScoreBasis) -> float | None:
        return self.bases.get(basis)


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


def counted_claims(profile: ArtifactProfile) -> list[Node]:
    """The checked claims that feed the rank: from imported sources and model-file checks.

    Claims asserted through the API (anyone can assert anything) are left out.
    """
    return [c for c in profile.checked_claims if not is_asserted(c)]


def is_asserted(claim: Node) -> bool:
    return claim.props.get("kind") == "assertion" or "asserted_at" in claim.props


def penalty_factor(refuted: int, partial: int) -> float:
    """What is left of a score after its refuted and partial claims: each takes a share off."""
    return (1 - REFUTED_PENALTY) ** refuted * (1 - REFUTED_PENALTY / 2) ** partial


def rank_breakdown(profile: ArtifactProfile) -> RankBreakdown:
    """The rank of one artifact and every number behind it.

    Without settled claims the score is the newest reported rank, else capgraph's weighting
    of the reported components. Once capgraph's checks settle claims, the evidence component
    (the share of settled claims that hold) takes its weight of the score, the rest of the
    score staying what it was (the reported rank, or the other components); then each
    refuted claim takes `REFUTED_PENALTY` off the result (a partial claim half of that).
    So a refuted claim always scores lower than the same claim unchecked or supported.

    Example:
        >>> from graph.model import Label, Node
        >>> art = Node("artifact:x", Label.ARTIFACT, {"slug": "x", "name": "X"})
        >>> rank_breakdown(ArtifactProfile(art, (), {}, ())).basis
        <RankBasis.NONE: 'NONE'>
    """
    weights = weights_for(profile.artifact.props.get("type"))
    claims = [_claim_ref(c) for c in counted_claims(profile)]
    asserted = len(profile.checked_claims) - len(claims)
    settled = [c for c in claims if c.verdict in SETTLED]
    refuted = sum(c.verdict == "REFUTED" for c in settled)
    partial = sum(c.verdict == "PARTIAL" for c in settled)
    factor = penalty_factor(refuted, partial)
    components = tuple(
        _evidence_component(settled, len(claims), asserted, weights[name])
        if name == "evidence" else
        _match_graph_component(profile, weights[name]) if name == "match_graph" else
        _component(profile, name, weights[name])
        for name in COMPONENTS
    )
    page = [c for c in components if not c.own and c.value is not None]
    own = [c for c in components if c.own]
    page_weight = sum(c.weight for c in page)
    base = (sum(c.weight * (c.value or 0.0) for c in page) / page_weight * 100
            if page_weight else None)
    known = [c for c in components if c.value is not None]
    total_weight = sum(c.weight for c in known)
    computed: float | None = None
    if total_weight:
        computed = round(sum(c.weight * (c.value or 0.0) for c in known) / total_weight
                         * 100 * factor, 1)
    components = tuple(_with_contribution(c, total_weight, factor) for c in components)
    reported = tuple(signal_refs(profile, "rank"))
    reported_values = [r for r in reported if isinstance(r.value, int | float)]
    latest = reported_values[0] if reported_values else None

    bases: dict[ScoreBasis, float] = {}
    if latest is not None:
        bases[ScoreBasis.REPORTED] = float(latest.value)  # type: ignore[arg-type]
    if base is not None:
        bases[ScoreBasis.COMPONENTS] = round(base, 1)
    own_weight = sum(c.weight for c in own)
    share = own_weight / sum(weights.values())
    if own and computed is not None:
        bases[ScoreBasis.COMPUTED] = computed
    if own and latest is not None:
        own_value = sum(c.weight * (c.value or 0.0) for c in own) / own_weight
        adjusted = ((1 - share) * float(latest.value)  # type: ignore[arg-type]
                    + share * 100 * own_value)
        bases[ScoreBasis.CHECKED] = round(adjusted * factor, 1)

    missing = [COMPONENT_LABELS[c.name] for c in components if c.value is None]
    rescaled = (
        f" Weights are renormalised over the {len(known)} components with a value "
        f"(each divided by their sum, {total_weight:g}): {_join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} missing, not counted as 0."
        if missing and known else ""
    )
    tally = ", ".join(f"{sum(c.verdict == v for c in settled)} {v.lower()}" for v in SETTLED)
    penalty = (
        f" Each refuted claim takes {REFUTED_PENALTY:.0%} off and each partial one "
        f"{REFUTED_PENALTY / 2:.1%}: {refuted} refuted and {partial} partial leave "
        f"{factor:.3f} of the score (the evidence component names them)."
        if refuted or partial else ""
    )
    not_counted = (
        f" {asserted} claims asserted through the API are not counted."
        if asserted else ""
    )
    labels = [COMPONENT_LABELS[c.name] for c in own]
    checks = _join([
        f"checks of {len(claims)} claims ({tally}): evidence, the share of settled claims "
        f"that hold, {c.value:g}" if c.name == "evidence" else
        f"{_outcomes(c.matches)}: match graph {c.value:g}"
        for c in own])
    score: float | None
    if ScoreBasis.CHECKED in bases and latest is not None:
        score, basis = bases[ScoreBasis.CHECKED], RankBasis.CHECKED
        explanation = (
            f"Reported rank {latest.raw or latest.value} from {latest.source_uri}, adjusted "
            f"by capgraph's own {checks}: {'these take' if len(own) > 1 else 'it takes'} "
            f"{share:g} of the score, the weight of {_join(labels)}, and the reported rank "
            f"the rest (weights {WEIGHTS_VERSION}).{penalty}"
            f"{not_counted} capgraph's weighting of the page's components with its checks "
            f"gives {computed:g}/100 (computedScore).{rescaled}"
        )
    elif ScoreBasis.COMPUTED in bases:
        score, basis = bases[ScoreBasis.COMPUTED], RankBasis.COMPUTED
        explanation = (
            f"Computed by capgraph (weights {WEIGHTS_VERSION}) from {len(known)} of "
            f"{len(components)} components, including its own {checks}.{penalty}"
            f"{not_counted}{rescaled}"
        )
    elif latest is not None:
        score, basis = float(latest.value), RankBasis.REPORTED  # type: ignore[arg-type]
        explanation = (
            f"Reported rank {latest.raw or latest.value} from {latest.source_uri} "
            f"(imported {latest.observed_at[:10]}). capgraph has settled no claim of its own "
            "for this artifact yet, so the score is the reported one; the components are "
            "the page's reported values"
            + (f", which capgraph's weights ({WEIGHTS_VERSION}) turn into {computed:g}/100."
               if computed is not None else ".")
            + not_counted + rescaled
        )
        disagreement = describe_disagreement(reported_values)
        if disagreement:
            explanation += f" Rank: {disagreement}."
    elif computed is not None:
        score, basis = computed, RankBasis.COMPUTED
        explanation = (
            f"Computed by capgraph from {len(known)} of {len(components)} components "
            f"with weights {WEIGHTS_VERSION}.{not_counted}{rescaled}"
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
        bases=bases,
        checked=bool(own),
    )


RANK_FIELDS = ("rank_score", "rank_basis", "rank_weights")
"""The artifact properties that hold its rank: the score (the stores index `rank_score` for
sorting), its basis, and the weights version they were computed with."""


def stored_rank(profile: ArtifactProfile) -> dict[str, float | str | None]:
    """The rank fields an artifact node stores: the score the API shows, so sorting by
    them sorts by what is shown, where it comes from, and the weights it was computed with.
    The importer and every write that moves a rank (verdicts, outcomes, merges) use this."""
    rank = rank_breakdown(profile)
    return {"rank_score": rank.score, "rank_basis": rank.basis.value,
            "rank_weights": WEIGHTS_VERSION}


@dataclass(frozen=True)
class StoredRank:
    """What an artifact node stores of its rank (`stored_rank`): enough for a leaderboard
    without reading profiles. `basis` is None on a node written before bases were stored."""

    score: float | None
    basis: RankBasis | None


NOT_STORED = object()
"""What `stored_rank_of` gives for a node without a current stored rank."""


def stored_rank_of(artifact: Node) -> StoredRank | object:
    """The rank the artifact node stores, when it was computed with the current weights
    (so it is what `rank_breakdown` gives), else `NOT_STORED`: a reader that needs only the
    score, or the score and its basis, takes them from the node instead of its profile.

    Example:
        >>> from graph.model import Label
        >>> node = Node("artifact:x", Label.ARTIFACT, {"slug": "x", "rank_score": 43.0,
        ...             "rank_basis": "REPORTED", "rank_weights": WEIGHTS_VERSION})
        >>> stored_rank_of(node)
        StoredRank(score=43.0, basis=<RankBasis.REPORTED: 'REPORTED'>)
        >>> stored_rank_of(Node("artifact:x", Label.ARTIFACT, {"rank_score": 43.0})) is NOT_STORED
        True
    """
    props = artifact.props
    if props.get("rank_weights") != WEIGHTS_VERSION:
        return NOT_STORED
    score = props.get("rank_score")
    basis = props.get("rank_basis")
    return StoredRank(float(score) if isinstance(score, int | float) else None,
                      _BASES.get(basis) if isinstance(basis, str) else None)


_BASES = {b.value: b for b in RankBasis}


def ranked_artifact(profile: ArtifactProfile) -> Node:
    """The profile's artifact node with its stored rank fields brought up to date."""
    props = {k: v for k, v in profile.artifact.props.items() if k not in RANK_FIELDS}
    props.update((k, v) for k, v in stored_rank(profile).items() if v is not None)
    return Node(profile.artifact.id, profile.artifact.label, props)


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


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


def _with_contribution(
    component: RankComponent, total_weight: float, factor: float,
) -> RankComponent:
    """Points of the computed score: weight renormalised over the present components,
    after the refuted claims' share is taken off the whole."""
    if component.value is None or not total_weight:
        return component
    points = round(component.weight * component.value / total_weight * 100 * factor, 1)
    return replace(component, contribution=points)


def _claim_ref(claim: Node) -> ClaimRef:
    p = claim.props
    return ClaimRef(claim.id, str(p.get("text", "")), str(p.get("verdict", "")),
                    tuple(p.get("evidence") or ()))


def _evidence_component(
    settled: list[ClaimRef], checked: int, asserted: int, weight: float,
) -> RankComponent:
    aside = (f"; {asserted} claims asserted through the API are not counted"
             if asserted else "")
    if not settled:
        note = _NO_DATA_NOTES["evidence"]
        if checked:
            note += f" ({checked} checked, none settled: undetermined or not falsifiable)"
        return RankComponent("evidence", weight, None, None, (), note + aside)
    value = sum(SETTLED[c.verdict] for c in settled) / len(settled)
    holds = sum(c.verdict == "SUPPORTED" for c in settled)
    refuted = sum(c.verdict == "REFUTED" for c in settled)
    note = (f"{holds} of {len(settled)} settled claims hold in full "
            f"(partial counts half); {checked} claims checked in all")
    if refuted:
        note += (f"; each of the {refuted} refuted claims also takes "
                 f"{REFUTED_PENALTY:.0%} off the score")
    return RankComponent("evidence", weight, round(value, 3), None, (), note + aside,
                         tuple(settled), own=True)


def match_refs(matches: Sequence[MatchRecord]) -> tuple[MatchRef, ...]:
    """Per intent, the MATCHED edge with the most outcomes (then successes): an outcome is
    counted on every capability that matched, so edges of one intent are not added up."""
    best: dict[str, MatchRecord] = {}
    for m in matches:
        held = best.get(m.intent)
        if held is None or (m.times, m.successes, held.capability) > (
                held.times, held.successes, m.capability):
            best[m.intent] = m
    refs = (MatchRef(m.intent, m.text, m.capability, m.times, m.successes)
            for m in best.values())
    return tuple(sorted(refs, key=lambda r: (-r.times, r.intent)))


def match_success(times: int, successes: int) -> float:
    """Recorded outcomes' success rate with the prior (`MATCH_PRIOR_OUTCOMES`).

    Example:
        >>> match_success(0, 0), round(match_success(1, 1), 3), round(match_success(50, 50), 3)
        (0.5, 0.545, 0.917)
    """
    return (successes + MATCH_PRIOR_RATE * MATCH_PRIOR_OUTCOMES) / (times + MATCH_PRIOR_OUTCOMES)


def _outcomes(refs: Sequence[MatchRef]) -> str:
    times = sum(r.times for r in refs)
    successes = sum(r.successes for r in refs)
    return (f"{times} recorded outcome{'s' if times != 1 else ''} for {len(refs)} "
            f"intent{'s' if len(refs) != 1 else ''} ({successes} met the need)")


def _match_graph_component(profile: ArtifactProfile, weight: float) -> RankComponent:
    """From the outcomes recorded on MATCHED edges when there are any (the page's reported
    match-graph number stays cited among its signals), else the page's report."""
    reported = _component(profile, "match_graph", weight)
    refs = match_refs(profile.matches)
    if not refs:
        if reported.value is None:
            return replace(reported, note="no outcome is recorded for this artifact yet and "
                                          "no source reports its match graph")
        return replace(reported, note=reported.note + "; no outcome recorded in capgraph yet")
    times = sum(r.times for r in refs)
    successes = sum(r.successes for r in refs)
    value = round(match_success(times, successes), 3)
    note = (f"{_outcomes(refs)}: success rate {successes}/{times} pulled toward "
            f"{MATCH_PRIOR_RATE:g} as if {MATCH_PRIOR_OUTCOMES} more outcomes had gone that "
            f"way gives {value:g}")
    if reported.signals:
        note += f"; the reported {reported.signals[0].raw or reported.signals[0].value} " \
                f"from {reported.signals[0].source_uri} is kept as a reported signal"
    return RankComponent("match_graph", weight, value, None, reported.signals, note,
                         matches=refs, own=True)
