"""The one-artifact page layout: a name, "<Type><Free|Paid><tagline>", "Capabilities<N>
decomposed", then per capability its name, "<Level> confidence" with the description, and
its unique and vs-alternatives texts. `graph.ingest.parse.parse_page` sends such pages here.
"""

from __future__ import annotations

import itertools
import re

from graph.ingest.page import Layout, ParsedPage, ParsedSide, ReportedField
from graph.ingest.parse import (
    _ARTIFACT_HEAD,
    _clip,
    _Draft,
    _drop_cut,
    _SideDraft,
    _Text,
    check_mentions,
    page_name,
)
from graph.ingest.table import parse_count

_CAPABILITY_COUNT = re.compile(r"Capabilities\s*(\d+)\s*decomposed")
_CONFIDENCE = re.compile(r"(High|Medium|Low) confidence(.*)")

def artifact_page(doc: _Text) -> ParsedPage:
    name, head = doc.lines[0], doc.lines[1]
    match = _ARTIFACT_HEAD.fullmatch(head.text)
    assert match is not None
    kind, pricing, tagline = match[1], match[2], match[3].strip() or None
    notes: list[str] = []
    if doc.cut(1):
        tagline = None
        notes.append(f"text ends at line {head.number} inside the tagline; it was cut and is "
                     "not imported")
    reported = [ReportedField("type", kind, kind, None, head.number),
                ReportedField("pricing", pricing, pricing, None, head.number)]
    count = _artifact_count(doc, notes)
    if count is not None:
        reported.append(count)
    side = _SideDraft(page_name(doc, 0, "name", name.text, notes))
    groups = _artifact_groups(doc)
    side.drafts.extend(_artifact_draft(doc, group, notes) for group in groups)
    whole = bool(groups) and len(groups[-1]) == 4 and not side.drafts[-1].cut
    if side.drafts and side.drafts[-1].cut:
        _drop_cut(side, doc.lines[-1].number, notes)
    truncated = doc.open_end or not whole or count is None
    if truncated:
        where = "mid-line" if doc.open_end else "before its last capability is complete"
        notes.append(f"text ends at line {doc.lines[-1].number} {where}; the page is taken as "
                     "truncated and only what it holds is imported")
    parsed = ParsedSide(side.name, tuple(reported), tuple(d.freeze() for d in side.drafts),
                        tagline=tagline)
    return ParsedPage(doc.file, Layout.ARTIFACT, side.name, (parsed,), None, None,
                      truncated, tuple(notes))


def _artifact_count(doc: _Text, notes: list[str]) -> ReportedField | None:
    if len(doc.lines) < 3:
        return None
    line = doc.lines[2]
    match = _CAPABILITY_COUNT.fullmatch(line.text)
    if match:
        raw = f"{match[1]} decomposed"
        try:
            value = parse_count(match[1])
        except ValueError as exc:
            raise doc.error(2, f"expected 'Capabilities<N> decomposed' with a count a page can "
                               f"mean ({exc})", "capabilities") from exc
        return ReportedField("capabilities", raw, float(value), "decomposed", line.number)
    if doc.cut(2):
        notes.append(f"text ends at line {line.number} inside the capability count; it was cut "
                     "and is not imported")
        return None
    raise doc.error(2, f"expected 'Capabilities<N> decomposed', got {_clip(line.text)!r}")


def _artifact_groups(doc: _Text) -> list[list[int]]:
    """Line indexes of each group: name, '<Level> confidence' + description, and the two
    unlabeled texts (unique, vs alternatives). A group starts at the line before a
    confidence line; a cut next capability may trail the last group."""
    lines, first = doc.lines, 3
    starts = [i for i in range(first, len(lines) - 1) if _CONFIDENCE.match(lines[i + 1].text)]
    if (starts and starts[0] != first) or (not starts and len(lines) - first > 2):
        raise doc.error(first + 1, "expected a capability name followed by a "
                                   "'<High|Medium|Low> confidence' line")
    bounds = [*starts, len(lines)] if starts else [first, len(lines)]
    groups = [list(range(a, b)) for a, b in itertools.pairwise(bounds) if b > a]
    for number, group in enumerate(groups, 1):
        last = number == len(groups)
        if (not last and len(group) != 4) or len(group) > 6:
            at = group[4] if len(group) > 4 else group[-1] + 1
            after = (f"has {len(group) - 2} lines after its name and description"
                     if len(group) >= 2 else "is followed at once by another confidence line")
            raise doc.error(at, f"capability {number} (line {lines[group[0]].number}) {after}; "
                                "expected 2 (its unique and vs-alternatives texts)")
    if groups and len(groups[-1]) > 4:
        trailing = groups.pop()
        groups += [trailing[:4], trailing[4:]]
    return groups


def _artifact_draft(doc: _Text, group: list[int], notes: list[str]) -> _Draft:
    name = group[0]
    draft = _Draft(doc.lines[name].number)
    draft.put("name", doc.lines[name].text, doc.cut(name))
    if len(group) > 1:
        line = doc.lines[group[1]]
        match = _CONFIDENCE.fullmatch(line.text)
        if match:
            draft.confidence = match[1]
            if not doc.cut(group[1]):
                check_mentions(doc, group[1], "description", match[2].strip(), notes)
            draft.put("description", match[2].strip(), doc.cut(group[1]), line.number)
        elif doc.cut(group[1]):
            draft.cut += ("confidence",)
            draft.put("description", "", cut=True)
        else:
            raise doc.error(group[1], "expected '<High|Medium|Low> confidence' followed by the "
                                      f"description, got {_clip(line.text)!r}")
    for name_, index in zip(("unique", "vs_alternatives"), group[2:], strict=False):
        if not doc.cut(index):
            check_mentions(doc, index, name_, doc.lines[index].text, notes)
        draft.put(name_, doc.lines[index].text, doc.cut(index), doc.lines[index].number)
    return draft
