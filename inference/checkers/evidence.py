"""Build evidence records: one function so every checker fills every field the same way."""

from __future__ import annotations

import json
import re
from typing import Any

from graph.claims.attributes import Family, Mention, find_attributes
from graph.claims.types import AtomicClaim, EvidenceRecord, JSONable, Verdict
from graph.clock import now_iso
from inference.libraries import versions
from inference.model_files import ModelFiles

_DEFAULT_WORDS = re.compile(r"\bdefaults?\b|\bby\s+default\b|\bout\s+of\s+the\s+box\b",
                            re.IGNORECASE)


def mentions_of(claim: AtomicClaim, family: Family) -> list[Mention]:
    """The claim's mentions of attributes this family checks, once per (attribute, value)."""
    seen: set[tuple[str, str | None]] = set()
    found = []
    for mention in find_attributes(claim.text):
        key = (mention.attribute.name, (mention.value or "").lower() or None)
        if mention.attribute.family == family and key not in seen:
            seen.add(key)
            found.append(mention)
    return found


def says_default(claim: AtomicClaim) -> bool:
    """Whether the claim presents a value as the model's default (its own words, not its
    sentence's: a neighbouring clause's "default" says nothing about this one)."""
    return bool(_DEFAULT_WORDS.search(claim.text))


def record(protocol: str, files: ModelFiles, mention: Mention | None, *,
           source_file: str | None, field: str | None, found: Any, claimed: Any, rule: str,
           outcome: Verdict, explanation: str, libraries: tuple[str, ...] = ()
           ) -> EvidenceRecord:
    """One evidence record; `found` and `claimed` are made JSON-able (scalars or lists)."""
    aspect = f"{mention.attribute.name}: " if mention else ""
    return EvidenceRecord(
        protocol=protocol, source_file=source_file, field=field, found=jsonable(found),
        claimed=jsonable(claimed), rule=rule, outcome=outcome,
        explanation=f"{aspect}{explanation}", libraries=versions(*libraries),
        weights="metadata", finished_at=now_iso(), model=files.hub_id)


def not_stated(protocol: str, files: ModelFiles, mention: Mention, why: str,
               found: Any = None, libraries: tuple[str, ...] = ()) -> EvidenceRecord:
    """A record for an attribute the files do not settle."""
    return record(protocol, files, mention, source_file=None, field=None, found=found,
                  claimed=mention.value or mention.text, rule=mention.attribute.settled_by,
                  outcome=Verdict.UNDETERMINED, explanation=why, libraries=libraries)


def verdict_of(ok: bool) -> Verdict:
    return Verdict.SUPPORTED if ok else Verdict.REFUTED


def jsonable(value: Any) -> JSONable:
    """Scalars stay; tuples, lists and sets become lists of scalars; anything else a string.

    Example:
        >>> jsonable((0.5, 0.5)), jsonable({"a": 1}), jsonable(None)
        ([0.5, 0.5], '{"a": 1}', None)
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
        if all(i is None or isinstance(i, str | int | float | bool) for i in items):
            return items
    return json.dumps(value, default=str, sort_keys=True)
