"""Check a claim against a model's fact sheet: one evidence record per stated value.

    check_facts(claim, files) -> FactCheck

Precision rules, here and nowhere else:
- a stated value is decided only by comparing it with the value of the fact it matched;
- a value whose best fact is not clearly better than another fact that would decide
  differently stays UNDETERMINED, and the record names both;
- a value inside a contrast ("rather than 24 layers") describes the alternative: skipped;
- a generation setting (beams, lengths, sampling) is what `generate()` does unless told
  otherwise, so it decides only a claim that presents its value as the default.
`covered` lists the text spans whose values the facts took (decided or found ambiguous),
so no other checker decides them again against a different field.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.claims.attributes import contrast_spans
from graph.claims.statement import Stated, negated, same_clause, stated_values
from graph.claims.types import AtomicClaim, EvidenceRecord, JSONable, Scalar, Verdict
from graph.clock import now_iso
from graph.facts import Fact
from inference.checkers.evidence import jsonable, says_default
from inference.facts.flags import FlagMatch, match_flags
from inference.facts.judge import judge
from inference.facts.match import MARGIN, THRESHOLD, Candidate, ValueMatch, match_values
from inference.facts.names import NameMatch, match_names
from inference.facts.sheet import fact_sheet
from inference.libraries import versions
from inference.model_files import ModelFiles

PROTOCOL = "model-files/facts"


@dataclass(frozen=True)
class FactCheck:
    """The records of one claim's values, and the spans of the values they took."""

    records: tuple[EvidenceRecord, ...]
    covered: tuple[tuple[int, int], ...]
    values_matched: bool = False   # a stated value or name matched a fact (not a flag only)

    @property
    def decided(self) -> bool:
        return any(r.outcome in (Verdict.SUPPORTED, Verdict.REFUTED) for r in self.records)


def check_facts(claim: AtomicClaim, files: ModelFiles) -> FactCheck:
    """Match each value the claim states to the sheet's facts and judge it."""
    text = claim.text
    contrasts = contrast_spans(text)
    values = [v for v in stated_values(text)
              if not any(a <= v.start < b for a, b in contrasts)]
    sheet = fact_sheet(files)
    records: list[EvidenceRecord] = []
    covered: list[tuple[int, int]] = []
    value_records: list[EvidenceRecord] = []
    value_spans: list[tuple[int, int]] = []
    for match in match_values(text, values, sheet) if values else ():
        best = match.best
        if best is None or best.score < THRESHOLD:
            continue
        if match.stated.names[:1] and match.stated.names[0].startswith("task:") and (
                judge(match.stated, best.fact.value)[0] is None):
            continue      # naming another task says nothing against the card's tag
        value_spans.append((match.stated.start, match.stated.end))
        value_records.append(_record(match, best, files, says_default(claim)))
    for name in match_names(text, sheet, contrasts):
        covered.append((name.start, name.end))
        value_records.append(_name_record(name, files))
    decided = [span for span, r in zip(value_spans, value_records, strict=False)
               if r.outcome is not Verdict.UNDETERMINED]
    for flag in match_flags(text, sheet):
        if any(a <= flag.start < b for a, b in contrasts):
            continue
        # a yes/no fact in the clause of a compared value is part of that value's subject
        # ("the cross-attention dimension is 2048" states no cross-attention flag)
        if any(same_clause(text, (flag.start, flag.end), span) for span in decided):
            continue
        covered.append((flag.start, flag.end))
        if not any(r.field == (flag.fact.field or flag.fact.name) for r in records):
            records.append(_flag_record(flag, text, files, says_default(claim)))
    flags = len(records)
    records.extend(value_records)
    covered.extend(value_spans)
    return FactCheck(tuple(records), tuple(covered), len(records) > flags)


def _record(match: ValueMatch, best: Candidate, files: ModelFiles, default_said: bool
            ) -> EvidenceRecord:
    stated = match.stated
    holds, rule = judge(stated, best.fact.value)
    rivals = [c for c in match.candidates[1:] if c.score >= best.score - MARGIN
              and c.fact.value != best.fact.value and judge(stated, c.fact.value)[0] != holds]
    fact = best.fact
    why = (f"{_shown(fact)} (matched {best.phrase!r} to the claim's words "
           f"{match.subject!r}, score {best.score:.2f})")
    if rivals:
        rival = rivals[0].fact
        outcome = Verdict.UNDETERMINED
        why = (f"the claim's {stated.text!r} matches two facts about equally and they "
               f"disagree: {_shown(fact)} and {_shown(rival)}")
        rule = "a value is decided only against the one fact it clearly matches"
    elif holds is None:
        outcome = Verdict.UNDETERMINED
    elif fact.part == "generation" and not default_said:
        outcome = Verdict.UNDETERMINED
        why = (f"{_shown(fact)}: generate() takes this setting from its caller; only a "
               "claim that presents the value as the default is settled by the files")
    else:
        outcome = Verdict.SUPPORTED if holds else Verdict.REFUTED
    return EvidenceRecord(
        protocol=PROTOCOL, source_file=fact.file, field=fact.field or (
            f"derived: {fact.derivation}" if fact.derivation else fact.name),
        found=jsonable(fact.value), claimed=claimed_value(stated), rule=rule, outcome=outcome,
        explanation=f"{fact.name}: {why}", libraries=versions(*_libraries(fact)),
        weights="metadata", finished_at=now_iso(), model=files.hub_id)


def _flag_record(flag: FlagMatch, text: str, files: ModelFiles, default_said: bool
                 ) -> EvidenceRecord:
    fact = flag.fact
    clause = text[max(0, flag.start - 30):flag.end + 10]
    claimed = not negated(clause)
    outcome = Verdict.SUPPORTED if fact.value == claimed else Verdict.REFUTED
    why = f"{_shown(fact)} (the claim states {flag.phrase!r}" + (
        ", denied)" if not claimed else ")")
    if fact.part == "generation" and not default_said:
        outcome = Verdict.UNDETERMINED
        why += "; generate() takes this setting from its caller"
    return EvidenceRecord(
        protocol=PROTOCOL, source_file=fact.file, field=fact.field or (
            f"derived: {fact.derivation}" if fact.derivation else fact.name),
        found=fact.value, claimed=claimed, rule="a yes/no fact whose words the claim states "
        "(or denies) holds as stated", outcome=outcome, explanation=f"{fact.name}: {why}",
        libraries=versions(*_libraries(fact)), weights="metadata", finished_at=now_iso(),
        model=files.hub_id)


def _name_record(name: NameMatch, files: ModelFiles) -> EvidenceRecord:
    fact = name.fact
    outcome = (Verdict.UNDETERMINED if name.holds is None else
               Verdict.SUPPORTED if name.holds else Verdict.REFUTED)
    return EvidenceRecord(
        protocol=PROTOCOL, source_file=fact.file, field=fact.field or fact.name,
        found=jsonable(fact.value), claimed=name.claimed, rule=name.rule, outcome=outcome,
        explanation=f"{fact.name}: {_shown(fact)}; the claim names {name.claimed!r}",
        libraries=versions(*_libraries(fact)), weights="metadata", finished_at=now_iso(),
        model=files.hub_id)


def _shown(fact: Fact) -> str:
    where = f"derived as {fact.derivation}" if fact.derivation else fact.source
    return f"{where} = {fact.value!r}" if not fact.derivation else f"{fact.value!r} ({where})"


def _libraries(fact: Fact) -> tuple[str, ...]:
    if fact.file == "README.md":
        return ("huggingface_hub",)
    if fact.file and fact.file.endswith("json") and "/" in fact.file:
        return ("diffusers", "transformers")
    if fact.derivation and fact.name == "parameters":
        return ("torch", "transformers", "diffusers")
    return ("transformers",)


def claimed_value(stated: Stated) -> JSONable:
    """What the claim states, as evidence stores it: a number, [lo, hi], a list, a name."""
    if stated.kind in ("list", "dims"):
        return list(stated.values)
    if stated.kind == "name":
        return stated.names[0].partition(":")[2]
    value = [stated.lo, stated.hi] if stated.lo != stated.hi else [stated.lo]
    plain: list[Scalar] = [int(v) if v.is_integer() else v for v in value]
    return plain if len(plain) > 1 else plain[0]
