"""A rank as GraphQL shows it: score, basis, every component, the signals and claims behind."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import ranking
from graph.claims.types import Verdict as ClaimVerdict
from graph.model import Label
from schema.descriptions import (
    SIGNAL_NAME,
    SIGNAL_OBSERVED_AT,
    SIGNAL_RAW,
    SIGNAL_TEXT,
    SIGNAL_VALUE,
)
from schema.enums import RankBasis, Verdict
from schema.ids import to_global_id
from schema.scalars import as_datetime, as_number, as_text


@strawberry.type(description="A signal as a rank or a row cites it.")
class SignalRef:
    name: str = strawberry.field(description=SIGNAL_NAME)
    value: float | None = strawberry.field(description=SIGNAL_VALUE)
    text: str | None = strawberry.field(description=SIGNAL_TEXT)
    raw: str = strawberry.field(description=SIGNAL_RAW)
    source_uri: str = strawberry.field(description="The uri of the source that reported it "
                                                   "(`Source.uri`).")
    observed_at: datetime | None = strawberry.field(description=SIGNAL_OBSERVED_AT)

    @classmethod
    def from_ref(cls, ref: ranking.SignalRef) -> SignalRef:
        return cls(name=ref.name, value=as_number(ref.value), text=as_text(ref.value), raw=ref.raw,
                   source_uri=ref.source_uri, observed_at=as_datetime(ref.observed_at))


@strawberry.type(description="A checked claim as a rank cites it, with its evidence ids.")
class ClaimRef:
    id: strawberry.ID = strawberry.field(
        description="The claim's id (`Claim.id`: `claim(id:)` gives the whole claim).")
    text: str = strawberry.field(description="The claim's statement.")
    verdict: Verdict = strawberry.field(
        description="Its verdict: SUPPORTED, PARTIAL or REFUTED (only settled claims move a "
                    "rank).")
    evidence: list[strawberry.ID] = strawberry.field(
        description="The ids of the evidence behind the verdict (`node(id:)` gives each).")

    @classmethod
    def from_ref(cls, ref: ranking.ClaimRef) -> ClaimRef:
        return cls(id=strawberry.ID(to_global_id(Label.CLAIM, ref.id)), text=ref.text,
                   verdict=ClaimVerdict(ref.verdict),
                   evidence=[strawberry.ID(to_global_id(Label.EVIDENCE, e))
                             for e in ref.evidence])


@strawberry.type(description="Outcomes recorded for one intent on an artifact "
                                "(`recordOutcome`), as the match-graph component cites them.")
class MatchRef:
    intent: str = strawberry.field(description="The intent, normalised (lower case).")
    intent_id: strawberry.ID = strawberry.field(description="The Intent node's id.")
    capability_id: strawberry.ID = strawberry.field(
        description="The capability whose MATCHED edge from the intent holds the most "
                    "outcomes (an outcome is counted on every capability that matched).")
    times: int = strawberry.field(description="Outcomes recorded.")
    successes: int = strawberry.field(description="Of those, how many met the need.")

    @classmethod
    def from_ref(cls, ref: ranking.MatchRef) -> MatchRef:
        return cls(intent=ref.text, intent_id=strawberry.ID(to_global_id(Label.INTENT,
                                                                          ref.intent)),
                   capability_id=strawberry.ID(to_global_id(Label.CAPABILITY, ref.capability)),
                   times=ref.times, successes=ref.successes)


@strawberry.type(description="One component of a rank: weight, value, and what it came from.")
class RankComponent:
    name: str = strawberry.field(
        description="`adoption`, `quality`, `ecosystem`, `match_graph`, `freshness` or "
                    "`evidence`.")
    weight: float = strawberry.field(
        description="Its weight in the declared table (`Rank.weightsVersion`), 0..1; the "
                    "weights of an artifact's type add up to 1.")
    value: float | None = strawberry.field(
        description="0..1; null when nothing is known (missing, not 0: the other weights are "
                    "renormalised).")
    contribution: float | None = strawberry.field(
        description="Points of the computed score this component adds.")
    note: str = strawberry.field(
        description="Where the value came from, or why there is none, in words.")
    signals: list[SignalRef] = strawberry.field(
        description="The reported signals it was read from, newest first.")
    claims: list[ClaimRef] = strawberry.field(
        description="Checked claims that moved this component (the evidence component names "
                    "every settled claim; each refuted one lowers the score).")
    matches: list[MatchRef] = strawberry.field(
        description="Recorded outcomes behind the match-graph component, one per intent, "
                    "most outcomes first (empty while it is the page's reported number).")
    own: bool = strawberry.field(
        description="True when capgraph measured this component (its claim checks, recorded "
                    "outcomes), false when it is a page's reported number.")


@strawberry.type(description="A rank 0–100 and every number behind it.")
class Rank:
    score: float | None = strawberry.field(
        description="0..100, the number to show; `basis` says where it comes from. Null when "
                    "nothing is known (basis NONE).")
    basis: RankBasis = strawberry.field(description="Where `score` comes from.")
    computed_score: float | None = strawberry.field(
        description="0..100: capgraph's weighting of the components (with its checks); equal "
                    "to `score` when the basis is COMPUTED, else shown beside a reported "
                    "score. Null when no component has a value.")
    weights_version: str = strawberry.field(
        description="The version of the weights table the rank was computed with "
                    "(a date and a counter); a new one whenever a weight or rule changes.")
    explanation: str = strawberry.field(
        description="How the score was reached, in words, with the numbers.")
    components: list[RankComponent] = strawberry.field(
        description="Every component, in a fixed order: adoption, quality, ecosystem, match "
                    "graph, freshness, evidence.")
    reported: list[SignalRef] = strawberry.field(
        description="Every rank a page reported for the artifact, newest first (kept as "
                    "reported, with its source).")

    @classmethod
    def from_stored(cls, stored: ranking.StoredRank) -> Rank:
        """A rank for a query that selects its score and basis alone (a leaderboard): what
        the artifact node stores (`graph.ranking.stored_rank_of`). The other fields are never
        read: `resolvers.fields.artifact_rank` builds this only when none is selected."""
        return cls(score=stored.score, basis=stored.basis or ranking.RankBasis.NONE,
                   computed_score=None, weights_version=ranking.WEIGHTS_VERSION,
                   explanation="", components=[], reported=[])

    @classmethod
    def from_breakdown(cls, rank: ranking.RankBreakdown) -> Rank:
        return cls(
            score=rank.score, basis=rank.basis, computed_score=rank.computed_score,
            weights_version=rank.weights_version, explanation=rank.explanation,
            components=[
                RankComponent(name=c.name, weight=c.weight, value=c.value,
                              contribution=c.contribution, note=c.note,
                              signals=[SignalRef.from_ref(s) for s in c.signals],
                              claims=[ClaimRef.from_ref(r) for r in c.claims],
                              matches=[MatchRef.from_ref(m) for m in c.matches], own=c.own)
                for c in rank.components
            ],
            reported=[SignalRef.from_ref(r) for r in rank.reported],
        )
