"""Claims: atomize capability text, classify each claim, combine evidence into a verdict.

Pure functions over plain data (no torch, no store). The checks that read model files
live in `inference/` (`inference.assess.assess_text`); this package knows what a claim
says, what would settle it, and how records become one verdict.
"""

from graph.claims.atomize import atomize, split_sentence
from graph.claims.attributes import ATTRIBUTES, Attribute, Family, Mention, find_attributes
from graph.claims.classify import Classification, classify, explain
from graph.claims.mentions import find_mentions
from graph.claims.targets import Targets, claim_targets, family_stem
from graph.claims.types import (
    ArtifactFacts,
    Assessment,
    AtomicClaim,
    ClaimClass,
    EvidenceRecord,
    Verdict,
)
from graph.claims.units import Quantity, agreement, find_quantities, parse_quantity
from graph.claims.verdicts import combine_evidence

__all__ = [
    "ATTRIBUTES",
    "ArtifactFacts",
    "Assessment",
    "AtomicClaim",
    "Attribute",
    "ClaimClass",
    "Classification",
    "EvidenceRecord",
    "Family",
    "Mention",
    "Quantity",
    "Targets",
    "Verdict",
    "agreement",
    "atomize",
    "claim_targets",
    "classify",
    "combine_evidence",
    "explain",
    "family_stem",
    "find_attributes",
    "find_mentions",
    "find_quantities",
    "parse_quantity",
    "split_sentence",
]
