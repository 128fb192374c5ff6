"""Assess claims: atomize, classify, check against model files, combine into a verdict.

    assess_text(text, subject) -> [(AtomicClaim, Assessment), ...]
    assess_claim(claim, subject) -> Assessment

A claim is checked against the files of the model it is about: the subject's own folders,
or a relative it names ("FLUX.1-dev", "Schnell"). When the subject publishes no weights
(a provider card only), its open relatives *inform* structural claims (architecture,
parameters, diffusion settings) without deciding them. When a capability's opening
sentence names only other models, its later sentences are about those models too.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from graph.claims.atomize import atomize
from graph.claims.attributes import Family, find_attributes
from graph.claims.classify import (
    HEDGES,
    Classification,
    explain,
    feature_residual,
    value_residual,
)
from graph.claims.mentions import find_mentions
from graph.claims.statement import mask, same_clause, uncompared_values
from graph.claims.targets import Targets, claim_targets
from graph.claims.types import (
    ArtifactFacts,
    Assessment,
    AtomicClaim,
    ClaimClass,
    EvidenceRecord,
    Verdict,
)
from graph.claims.verdicts import combine_evidence
from graph.clock import now_iso
from graph.errors import CapgraphError
from graph.ingest.sentences import split_sentences
from inference.checkers import CHECKERS
from inference.facts.check import FactCheck, check_facts
from inference.model_files import (
    ModelFiles,
    Roots,
    find_model_folders,
    find_relatives,
    load_model_files,
)

_INFORMED_BY_RELATIVES = frozenset({Family.ARCHITECTURE, Family.PARAMETERS, Family.DIFFUSION})


@dataclasses.dataclass(frozen=True)
class SubjectFiles:
    """The subject's own model folders, and its relatives' (same owner and family)."""

    own: tuple[ModelFiles, ...]
    relatives: tuple[ModelFiles, ...]

    @property
    def family_slug(self) -> str | None:
        return self.own[0].slug if self.own else None


def subject_files(subject: ArtifactFacts, roots: Roots = None) -> SubjectFiles:
    """Resolve the subject's folders (given, or found by slug and name) and relatives."""
    return _subject_files(subject, tuple(str(r) for r in roots) if roots is not None else None)


def assess_text(text: str, subject: ArtifactFacts, roots: Roots = None,
                scope_text: str | None = None) -> list[tuple[AtomicClaim, Assessment]]:
    """Every atomic claim of `text` with its assessment. `scope_text` (default: `text`)
    is the capability text whose opening sentence says which model it is about."""
    scope = capability_scope(scope_text or text, subject, roots)
    return [(atom, assess_claim(atom, subject, roots, scope=scope)) for atom in atomize(text)]


def capability_scope(text: str, subject: ArtifactFacts, roots: Roots = None) -> Targets | None:
    """The models a capability is about when its opening sentence names only others."""
    files = subject_files(subject, roots)
    sentences = split_sentences(text)
    if not sentences or files.family_slug is None:
        return None
    targets = claim_targets(sentences[0], files.family_slug, [r.slug for r in files.relatives])
    return targets if targets.named and not targets.subject else None


def assess_claim(claim: str | AtomicClaim, subject: ArtifactFacts, roots: Roots = None, *,
                 scope: Targets | None = None) -> Assessment:
    """Classify one atomic claim about `subject` and, when the files settle it, check it."""
    atom = claim if isinstance(claim, AtomicClaim) else AtomicClaim(
        claim, claim, 0, 0, find_mentions(claim))
    files = subject_files(subject, roots)
    targets = (claim_targets(atom.text, files.family_slug, [r.slug for r in files.relatives])
               if files.family_slug else Targets(subject=True))
    if not targets.named:
        targets = scope or Targets(subject=True)
    settle = [f for f in files.own if targets.subject] + [
        r for r in files.relatives if r.slug in targets.relatives]
    open_weights = subject.open_weights
    if open_weights is None and (settle or files.own):
        open_weights = any(f.has_open_weights for f in settle or files.own)
    classification = explain(atom.text, dataclasses.replace(subject, open_weights=open_weights))
    hedged = HEDGES.search(atom.text) is not None
    own = _own_names(subject, settle)
    facts = FactCheck((), ()) if hedged else _check_facts(_without_names(atom, own), settle)
    if facts.records:
        classification = _with_facts(classification, atom.text, facts, subject)
    if classification.claim_class is not ClaimClass.MODEL_FILES:
        return _not_checked(atom, classification)
    if not settle:
        about = ", ".join(targets.foreign) or subject.slug
        return _undetermined(classification, f"the claim is about {about}, for which no model "
                             "files are available", "model-files/scope")
    rest = _masked(atom, facts, own)
    records, informing = _check(rest, settle)
    records = list(facts.records) + records
    informing = [i + len(facts.records) for i in informing]
    if targets.subject and not any(f.has_open_weights for f in files.own):
        others = [r for r in files.relatives if r not in settle]
        records, informing = _inform(rest, records, informing, others, files.own[0])
    if not records:
        names = ", ".join(dict.fromkeys(m.attribute.name for m in find_attributes(atom.text)))
        return _undetermined(classification, f"no checker reads {names} from "
                             f"{', '.join(f.kind for f in settle)} files", "model-files")
    residual = (f"needs more than the files: {classification.residual_reason}"
                if classification.residual else "")
    unchecked = uncompared_values(atom.text, facts.covered, rest.text)
    if unchecked and not residual:
        residual = (f"states {unchecked}, which no check compared with the files (a feature "
                    "alone never supports a claim that states values)")
    verdict, why = combine_evidence(records, residual, frozenset(informing))
    if targets.foreign:
        why += f" (the claim also names {', '.join(targets.foreign)}: no model files)"
    return Assessment(ClaimClass.MODEL_FILES, verdict, why, tuple(records))


def _check_facts(atom: AtomicClaim, folders: Sequence[ModelFiles]) -> FactCheck:
    records: list[EvidenceRecord] = []
    covered: list[tuple[int, int]] = []
    values = False
    for files in folders:
        try:
            found = check_facts(atom, files)
        except (CapgraphError, OSError, ValueError, KeyError) as error:
            records.append(_failed("facts", files, error))
            continue
        records.extend(found.records)
        covered.extend(found.covered)
        values = values or found.values_matched
    return FactCheck(tuple(records), tuple(dict.fromkeys(covered)), values)


def _with_facts(classification: Classification, text: str, facts: FactCheck,
                subject: ArtifactFacts) -> Classification:
    """A claim whose stated values match facts is settled by the files, whatever its verb;
    what its other words need (a performance word, vague wording) stays its residual. A
    feature named without a value ("tied embeddings") settles a claim that would otherwise
    need a run, unless the rest says what the model does with it."""
    cls = classification.claim_class
    rest = mask(text, facts.covered)
    if facts.values_matched:
        residual = value_residual(rest, subject)
        if cls is ClaimClass.MODEL_FILES and classification.residual is ClaimClass.NOT_FALSIFIABLE:
            residual = residual or (classification.residual, classification.residual_reason)
    elif cls is ClaimClass.MODEL_FILES:
        return classification
    elif cls in (ClaimClass.MEASURABLE, ClaimClass.EXTERNAL) and facts.decided:
        residual = feature_residual(rest, subject)
    else:
        return classification
    return Classification(ClaimClass.MODEL_FILES, "states values the model's files state "
                          "(matched to their facts)", *(residual or (None, "")))


def _masked(atom: AtomicClaim, facts: FactCheck, names: Sequence[str]) -> AtomicClaim:
    """The claim as the attribute checkers see it.

    - the model's own name is no statement ("bert-base-uncased is ..." names no size preset);
    - values the facts took are blanked, with any attribute phrase around them (no second
      reading against another field);
    - a feature word in the clause of a stated value (the flag "normalizes" of "normalizes
      with mean [...]", "resized" of "resized with bicubic resampling") does not decide
      alone, and a size name ("BERT-base") says nothing beside explicit numbers.
    """
    text = mask(_without_names(atom, names).text, facts.covered)
    mentions = find_attributes(text)
    overlapping = [(m.start, m.end) for m in mentions
                   if any(m.start < b + 12 and a - 12 < m.end for a, b in facts.covered)]
    text = mask(text, overlapping)
    values = [*facts.covered, *((m.start, m.end) for m in find_attributes(text)
                               if m.attribute.strong and m.attribute.name != "size_preset")]
    weak = [(m.start, m.end) for m in find_attributes(text)
            if (not m.attribute.strong and any(same_clause(atom.text, (m.start, m.end), v)
                                               for v in values))
            or (m.attribute.name == "size_preset" and values)]
    text = mask(text, weak)
    return atom if text == atom.text else dataclasses.replace(atom, text=text)


def _without_names(atom: AtomicClaim, names: Sequence[str]) -> AtomicClaim:
    """The claim with the model's own name blanked: "bert-base-uncased is ..." states no
    size preset, "whisper-small" no size (a license named after the model stays)."""
    text = atom.text
    for name in names:
        pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])(?!\s+licen[cs]e)"
        text = mask(text, [(m.start(), m.end()) for m in re.finditer(pattern, text, re.I)])
    return atom if text == atom.text else dataclasses.replace(atom, text=text)


def _own_names(subject: ArtifactFacts, folders: Sequence[ModelFiles]) -> list[str]:
    names = {subject.name, subject.slug, *(f.hub_id for f in folders),
             *(f.hub_id.split("/")[-1] for f in folders)}
    return sorted((n for n in names if n and len(n) > 3), key=len, reverse=True)


def _check(atom: AtomicClaim, folders: Sequence[ModelFiles]) -> tuple[list[EvidenceRecord],
                                                                       list[int]]:
    records: list[EvidenceRecord] = []
    for files in folders:
        for checker in CHECKERS:
            try:
                found = checker(atom, files)
            except (CapgraphError, OSError, ValueError, KeyError) as error:
                found = [_failed(checker.__module__, files, error)]
            records.extend(found or ())
    return records, []


def _inform(atom: AtomicClaim, records: list[EvidenceRecord], informing: list[int],
            relatives: Sequence[ModelFiles], subject: ModelFiles
            ) -> tuple[list[EvidenceRecord], list[int]]:
    families = {m.attribute.family for m in find_attributes(atom.text)}
    if not families & _INFORMED_BY_RELATIVES or not relatives:
        return records, informing
    extra, _ = _check(atom, relatives)
    for record in extra:
        if not any(record.protocol.endswith(f"/{f}") for f in families & _INFORMED_BY_RELATIVES):
            continue
        informing.append(len(records))
        records.append(dataclasses.replace(
            record, outcome=Verdict.UNDETERMINED, explanation=(
                f"{record.model}, an open relative of {subject.hub_id} (whose weights are not "
                f"published), would say {record.outcome}: {record.explanation}")))
    return records, informing


def _failed(module: str, files: ModelFiles, error: Exception) -> EvidenceRecord:
    return EvidenceRecord(
        protocol=f"model-files/{module.rsplit('.', 1)[-1]}", source_file=None, field=None,
        found=None, claimed=None, rule="a check that could not read the files settles nothing",
        outcome=Verdict.UNDETERMINED, explanation=f"could not read the files: {error}",
        libraries={}, weights="metadata", finished_at=now_iso(), model=files.hub_id)


def _not_checked(atom: AtomicClaim, classification: Classification) -> Assessment:
    cls = classification.claim_class
    if cls is ClaimClass.NOT_FALSIFIABLE:
        record = _classification_record(classification, Verdict.NOT_FALSIFIABLE)
        return Assessment(cls, Verdict.NOT_FALSIFIABLE, classification.reason, (record,))
    prefix = "needs a measurement: " if cls is ClaimClass.MEASURABLE else "needs: "
    reason = classification.reason
    why = reason if reason.endswith(prefix.removesuffix(": ")) else prefix + reason
    return _undetermined(classification, why, "classification")


def _undetermined(classification: Classification, why: str, protocol: str) -> Assessment:
    record = dataclasses.replace(_classification_record(classification, Verdict.UNDETERMINED),
                                 protocol=protocol, explanation=why)
    return Assessment(classification.claim_class, Verdict.UNDETERMINED, why, (record,))


def _classification_record(classification: Classification, outcome: Verdict) -> EvidenceRecord:
    return EvidenceRecord(
        protocol="classification", source_file=None, field=None,
        found=str(classification.claim_class), claimed=None,
        rule="graph.claims.classify rules (first match wins)", outcome=outcome,
        explanation=classification.reason, libraries={}, weights="none", finished_at=now_iso())


@lru_cache(maxsize=256)
def _subject_files(subject: ArtifactFacts, roots: tuple[str, ...] | None) -> SubjectFiles:
    refs: list[str | Path] = list(subject.model_folders) or list(
        find_model_folders(subject.slug, subject.name, roots))
    own = tuple(load_model_files(ref, roots) for ref in refs)
    relatives: dict[str, ModelFiles] = {}
    for files in own:
        for relative in find_relatives(files, roots):
            if relative not in own:
                relatives.setdefault(relative.hub_id, relative)
    return SubjectFiles(own, tuple(relatives.values()))


def assess_capability(description: str | None, unique: str | None,
                      vs_alternatives: str | None, subject: ArtifactFacts, roots: Roots = None
                      ) -> list[tuple[str, AtomicClaim, Assessment]]:
    """All claims of one capability, as (kind, claim, assessment); the description's opening
    sentence sets which model the capability is about."""
    texts = {"description": description, "unique": unique, "vs_alternatives": vs_alternatives}
    opening = next((t for t in texts.values() if t), "")
    return [(kind, atom, assessment) for kind, text in texts.items() if text
            for atom, assessment in assess_text(text, subject, roots, scope_text=opening)]
