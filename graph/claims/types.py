"""The plain data of claim verification: classes, verdicts, atoms, evidence, assessments.

Everything here is JSON-friendly on purpose: the lead stores `EvidenceRecord` fields as
Neo4j/SQLite properties, so `found` and `claimed` are scalars or lists of scalars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Scalar = str | int | float | bool | None
JSONable = Scalar | list[Scalar]


class ClaimClass(StrEnum):
    """What it would take to settle a claim (DESIGN.md, "Claims and verification")."""

    MODEL_FILES = "MODEL_FILES"          # the model's own files and metadata settle it
    MEASURABLE = "MEASURABLE"            # needs running the model
    EXTERNAL = "EXTERNAL"                # needs a paid API, closed weights, people, the Hub...
    NOT_FALSIFIABLE = "NOT_FALSIFIABLE"  # marketing, vague, causal, no baseline, no number


class Verdict(StrEnum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    PARTIAL = "PARTIAL"                  # some aspects supported, others refuted
    UNDETERMINED = "UNDETERMINED"        # the files (or what we can run) do not settle it
    NOT_FALSIFIABLE = "NOT_FALSIFIABLE"


@dataclass(frozen=True)
class AtomicClaim:
    """One checkable statement, with the sentence it came from and where.

    `sentence_index` counts sentences of the text given to `atomize`; `atom_index` counts
    atoms within that sentence. `mentions` are alternatives the claim names (MENTIONS edges).
    """

    text: str
    sentence: str
    sentence_index: int
    atom_index: int
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvidenceRecord:
    """The record of one check: what was read, what was claimed, the rule, the outcome.

    `source_file` is relative to the model folder named by `model` (a hub id such as
    "owner/name"). An outcome of UNDETERMINED on a record that found a value is an
    informing record (an INFORMS edge): it bears on the claim without settling it.
    """

    protocol: str
    source_file: str | None
    field: str | None
    found: JSONable
    claimed: JSONable
    rule: str
    outcome: Verdict
    explanation: str
    libraries: dict[str, str]
    weights: str
    finished_at: str
    model: str | None = None


@dataclass(frozen=True)
class Assessment:
    """A claim's class, its one verdict, why, and every evidence record behind it."""

    claim_class: ClaimClass
    verdict: Verdict
    explanation: str
    evidence: tuple[EvidenceRecord, ...] = ()


@dataclass(frozen=True)
class ArtifactFacts:
    """What verification needs to know about the artifact a claim is made about.

    `model_folders` may be empty: the model folders are then found by slug and name in
    the model-file roots (see `inference.model_files.find_model_folders`). `open_weights`
    is None when unknown (verification fills it in from the model files).
    """

    slug: str
    name: str
    type: str | None = None
    model_folders: tuple[str, ...] = field(default_factory=tuple)
    open_weights: bool | None = None
