"""The answer of `resolve`: which artifacts meet a need, and why."""

from __future__ import annotations

import strawberry

from schema.types import Artifact, Capability


@strawberry.type(description="One thing of an artifact that matched the intent.")
class IntentEvidence:
    text: str = strawberry.field(description="What matched: the artifact's name and type, or "
                                             "one capability's name and description.")
    capability: Capability | None = strawberry.field(
        description="The capability that matched; null when the artifact's name did.")
    lexical: float = strawberry.field(
        description="Share of the intent's words (weighted by rarity) found in the text, 0..1.")
    semantic: float = strawberry.field(
        description="Similarity of meaning (sentence embeddings, all-MiniLM-L6-v2), 0..1.")
    words: list[str] = strawberry.field(
        description="The intent's words (stems) found in the text.")


@strawberry.type(description="An artifact that meets the intent, with its score and why.")
class IntentMatch:
    artifact: Artifact = strawberry.field(description="The artifact that meets the intent.")
    score: float = strawberry.field(description="0..1: the best-matching item's fused score, "
                                                "plus a little for a second one.")
    evidence: list[IntentEvidence] = strawberry.field(
        description="The items that matched, best first (at most three).")


@strawberry.type(description="One capability's count in the match graph after an outcome.")
class MatchedCapability:
    capability: Capability = strawberry.field(
        description="One of the artifact's capabilities that matched the intent.")
    times: int = strawberry.field(description="Outcomes reported for this intent and capability.")
    successes: int = strawberry.field(description="Of those, how many worked.")
    confidence: float = strawberry.field(
        description="(successes + 1) / (times + 2): the success rate, one vote cannot swing it.")


@strawberry.type(description="What `recordOutcome` counted.")
class OutcomeRecorded:
    intent: str = strawberry.field(description="The intent as the graph keeps it (normalised).")
    artifact: Artifact = strawberry.field(description="The artifact the outcome was about.")
    matched: list[MatchedCapability] = strawberry.field(
        description="The artifact's capabilities that matched the intent, with their counts.")
