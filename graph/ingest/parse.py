"""Read one comparison page's text into a `ParsedPage`: pure, no I/O, no store.

The layout (see `Layout`) is decided by the text's structure, never by the file name.
What a page does not say is None. A page that stops before its closing "Verdict" is
truncated: its last line is taken as cut mid-word unless the text ends with a newline,
and the field that line belongs to is dropped (a cut sentence is not a fact) and named in
the capability's `truncated_fields` and in `notes`. Text that is not this format raises
`PageFormatError` naming the file, the line and what was expected.

Every artifact name a page gives (its table's header, a section heading, an artifact
page's first line, the file name of a page without one) passes `graph.names`: normalised,
bidi controls and invisible characters removed with a note, a look-alike mixing scripts
(or a name that gives no slug) refused.

Example:
    >>> page = parse_page("A vs B\\nSide-by-side.\\n| Feature | A | B |\\n|---|---|---|\\n"
    ...                   "| UnfragileRank | 40/100 | 51/100 |\\nDoes X.\\nUnique: Y.\\n",
    ...                   file="a-vs-b.txt")
    >>> page.layout.value, page.sides[0].field("rank").value, page.sides[0].capabilities[0].unique
    ('side_by_side', 40.0, 'Y.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.claim_facts import MAX_STUBS_PER_SENTENCE
from graph.claims.atomize import atomize
from graph.errors import PageFormatError
from graph.ingest.page import Layout, ParsedCapability, ParsedPage, ParsedSide, ReportedField
from graph.ingest.table import ARTIFACT_TYPES, Line, clip, parse_count, read_table
from graph.model import slugify
from graph.names import UnsafeName, clean_name

_RANKED_SUMMARY = re.compile(r"\branks higher at \d+(?:\.\d+)?/100 vs .+ at \d+(?:\.\d+)?/100")
_HEADING = re.compile(r"(.+) Capabilities")
_MORE = re.compile(r"\+(\d+) more capabilit(?:y|ies)")
_VERDICT = "Verdict"
_LABELS = (("unique", re.compile(r"Unique:\s*(.*)", re.IGNORECASE)),
           ("vs_alternatives", re.compile(r"vs alternatives:\s*(.*)", re.IGNORECASE)))
_TYPES = "|".join(re.escape(t) for t in sorted(ARTIFACT_TYPES, key=len, reverse=True))
_ARTIFACT_HEAD = re.compile(rf"({_TYPES})(Free|Paid)(.*)")
_FILE_PAIR = re.compile(r"(.+?)-vs-(.+?)(?:\.txt)?")
_SENTENCE_END = (".", "!", "?", ")", '"', "”")
_TEXT_FIELDS = {"description": "description", "unique": "Unique",
                "vs_alternatives": "vs alternatives"}
_FIELD_WORDS = {
    "name": "its name", "description": "its description", "unique": "its 'Unique' text",
    "vs_alternatives": "its 'vs alternatives' text", "confidence": "its confidence level",
}


def parse_page(text: str, *, file: str) -> ParsedPage:
    """Parse one page's text; `file` names it in notes and errors (and, for a page that
    names no artifact, supplies the name).

    Raises:
        PageFormatError: the text is not a comparison or artifact page.
    """
    doc = _Text.of(text, file)
    if not doc.lines:
        raise PageFormatError(file, 1, None, "the file is empty; expected a comparison page")
    first = doc.lines[0].text
    if len(doc.lines) > 1 and _ARTIFACT_HEAD.fullmatch(doc.lines[1].text):
        # the one-artifact layout lives in its own module, which reads this one's pieces
        from graph.ingest.artifact_page import artifact_page

        return artifact_page(doc)
    table_follows = any(line.text.startswith("|") for line in doc.lines[1:3])
    if " vs " in first and (table_follows or not _is_name(first)):
        return _comparison_page(doc)
    if _is_name(first):
        return _headless_page(doc)
    raise doc.error(0, "expected a title 'A vs B', an artifact's name followed by its type "
                       "and pricing, or a capability name (a short lower-case phrase); "
                       f"got {_clip(first)!r}")


@dataclass(frozen=True)
class _Text:
    """A page's non-blank lines, and whether its last line runs to the end of the text."""

    file: str
    lines: tuple[Line, ...]
    open_end: bool

    @classmethod
    def of(cls, text: str, file: str) -> _Text:
        raw = text.removeprefix("\ufeff").split("\n")
        lines = tuple(Line(n, s.strip()) for n, s in enumerate(raw, 1) if s.strip())
        return cls(file, lines, bool(raw[-1].strip()))

    def cut(self, index: int) -> bool:
        """Whether line `index` may have been cut: the last line, with no newline after it."""
        return self.open_end and index == len(self.lines) - 1

    def error(self, index: int, message: str, field: str | None = None) -> PageFormatError:
        return PageFormatError(self.file, self.lines[index].number, field, message)


@dataclass
class _Draft:
    """A capability being read: its texts by field, in page order (None where cut or empty)."""

    line: int
    texts: dict[str, str | None] = field(default_factory=dict)
    confidence: str | None = None
    cut: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return any(name in self.texts for name in names)

    def put(self, name: str, text: str, cut: bool, line: int | None = None) -> None:
        self.texts[name] = None if cut else (text or None)
        if line is not None:
            self.lines[name] = line
        if cut:
            self.cut += (name,)

    def freeze(self) -> ParsedCapability:
        get = self.texts.get
        return ParsedCapability(get("name"), get("description"), get("unique"),
                                get("vs_alternatives"), self.line, self.confidence, self.cut,
                                tuple(self.lines.items()))


@dataclass
class _SideDraft:
    name: str
    name_from: str = "page"
    drafts: list[_Draft] = field(default_factory=list)
    more: int | None = None
    closed: bool = False


def _comparison_page(doc: _Text) -> ParsedPage:
    title = doc.lines[0].text
    start = 1 if doc.lines[1:2] and doc.lines[1].text.startswith("|") else 2
    summary = doc.lines[1].text if start == 2 and len(doc.lines) > 1 else None
    table = read_table(doc.lines, start, file=doc.file, title=title, open_end=doc.open_end)
    layout = Layout.RANKED if summary and _RANKED_SUMMARY.search(summary) else Layout.SIDE_BY_SIDE
    notes = list(table.notes)
    if summary is None:
        notes.append("the page has no summary line between its title and its table")
    header = start          # the table's header line names the two artifacts
    names = [page_name(doc, header, "table header", column, notes) for column in table.columns]
    body = _Body(doc, layout, [_SideDraft(name) for name in names], notes)
    body.read(table.end)
    sides = tuple(_side(d, fields, notes) for d, fields in zip(body.sides, table.fields,
                                                                strict=True))
    return ParsedPage(doc.file, layout, title, sides, summary, body.verdict,
                      not body.complete, tuple(notes))


def _headless_page(doc: _Text) -> ParsedPage:
    base = re.split(r"[\\/]", doc.file)[-1]
    pair = _FILE_PAIR.fullmatch(base)
    name = pair[1].split("--")[-1] if pair else ""
    if not name:
        raise doc.error(0, "the page names no artifact (it starts at a capability name) and "
                           "the file name has no '<left>-vs-<right>.txt' form to take one from")
    notes: list[str] = []
    name = page_name(doc, 0, "file name", name, notes)
    notes.insert(0, f"the page names no artifact (it starts at a capability name at line "
                    f"{doc.lines[0].number}); its capabilities are attributed to {name!r}, "
                    f"taken from the file name {base!r}")
    body = _Body(doc, Layout.HEADLESS, [_SideDraft(name, "file name")], notes)
    body.read(0)
    if not any(d.has("unique", "vs_alternatives") for s in body.sides for d in s.drafts):
        # Labels are all the structure a page without title or table has; prose has none.
        raise doc.error(len(doc.lines) - 1, "the text ends without a 'Unique:' or 'vs "
                                            "alternatives:' line; nothing marks it as a list "
                                            "of capabilities")
    sides = tuple(_side(d, (), notes) for d in body.sides)
    return ParsedPage(doc.file, Layout.HEADLESS, None, sides, None, body.verdict,
                      not body.complete, tuple(notes))


class _Body:
    """Reads capability sections: headings, groups, '+N more' lines, then the verdict."""

    def __init__(self, doc: _Text, layout: Layout, sides: list[_SideDraft],
                 notes: list[str]) -> None:
        self.doc = doc
        self.layout = layout
        self.sides = sides
        self.notes = notes
        self.current: _SideDraft | None = sides[0] if layout is Layout.HEADLESS else None
        self.verdict: str | None = None
        self.complete = False

    def read(self, start: int) -> None:
        for index in range(start, len(self.doc.lines)):
            text = self.doc.lines[index].text
            if text == _VERDICT:
                self._close_side(index)
                self._read_verdict(index)
                return
            if more := _MORE.fullmatch(text):
                self._more(index, more[1])
            elif heading := _HEADING.fullmatch(text):
                self._heading(index, heading[1])
            else:
                self._text(index)
        self._at_end()

    def _heading(self, index: int, raw: str) -> None:
        name = page_name(self.doc, index, "heading", raw, self.notes)
        side = next((s for s in self.sides if s.name == name), None)
        if side is None and self.layout is Layout.HEADLESS:
            side = _SideDraft(name)
            self.sides.append(side)
        if side is None:
            names = " and ".join(repr(clip(s.name)) for s in self.sides)
            raise self.doc.error(index, f"the heading names {clip(name)!r}, which is not a "
                                        f"column of the table ({names})")
        if side.closed or side.drafts:
            raise self.doc.error(index, f"a second capabilities section for {clip(name)!r}")
        self._close_side(index)
        self.current = side

    def _more(self, index: int, digits: str) -> None:
        if self.current is None:
            raise self.doc.error(index, "'+N more capabilities' does not follow a list of "
                                        "capabilities")
        try:
            self.current.more = parse_count(digits)
        except ValueError as exc:
            raise self.doc.error(index, f"expected '+N more capabilities' with a count a page "
                                        f"can mean ({exc})") from exc
        self._close_side(index)

    def _close_side(self, index: int) -> None:
        if self.current is not None:
            self._check_last(self.current, index)
            self.current.closed = True
            self.current = None

    def _check_last(self, side: _SideDraft, index: int) -> None:
        """A finished capability must hold a labelled line; prose alone is not this format."""
        if side.drafts and not side.drafts[-1].has("unique", "vs_alternatives"):
            raise self.doc.error(index, "expected 'Unique: ...' or 'vs alternatives: ...' to "
                                        "complete the capability that starts at line "
                                        f"{side.drafts[-1].line}")

    def _text(self, index: int) -> None:
        line, cut = self.doc.lines[index], self.doc.cut(index)
        side = self.current or self._unheaded_side(index)
        draft = side.drafts[-1] if side.drafts else None
        label, text = _label(line.text)
        if label == "unique" and (draft is None or draft.has("unique", "vs_alternatives")):
            draft = self._start_at_unique(index, side)
        elif label == "vs_alternatives" and (draft is None or draft.has("vs_alternatives")):
            raise self.doc.error(index, "'vs alternatives:' does not follow a capability's "
                                        "description or 'Unique:' line")
        elif label is None and self.layout is Layout.HEADLESS and draft is not None \
                and list(draft.texts) == ["name"]:
            label = "description"
        elif label is None:
            label = "name" if self.layout is Layout.HEADLESS else "description"
            draft = self._start(index, side)
            if label == "name" and not cut and not _is_name(text):
                raise self.doc.error(index, "expected a capability name (a short lower-case "
                                            f"phrase without a final period), got "
                                            f"{_clip(text)!r}")
        assert draft is not None
        if label != "name" and not cut:
            check_mentions(self.doc, index, label, text, self.notes)
        draft.put(label, text, cut, line.number)

    def _start(self, index: int, side: _SideDraft) -> _Draft:
        if not self.doc.cut(index):     # a cut line may be the start of a label we cannot see
            self._check_last(side, index)
        side.drafts.append(_Draft(self.doc.lines[index].number))
        return side.drafts[-1]

    def _start_at_unique(self, index: int, side: _SideDraft) -> _Draft:
        if self.layout is not Layout.SIDE_BY_SIDE:
            before = "name" if self.layout is Layout.HEADLESS else "description"
            raise self.doc.error(index, f"'Unique:' does not follow a capability {before}")
        draft = self._start(index, side)
        self.notes.append(f"line {draft.line}: capability {len(side.drafts)} of {side.name!r} "
                          "has no description; it starts at its 'Unique:' line")
        return draft

    def _unheaded_side(self, index: int) -> _SideDraft:
        side = next((s for s in self.sides if not s.closed and not s.drafts), None)
        if self.layout is not Layout.SIDE_BY_SIDE or side is None:
            raise self.doc.error(index, "expected a heading '<artifact> Capabilities' or "
                                        f"'Verdict', got {_clip(self.doc.lines[index].text)!r}")
        column = "first" if side is self.sides[0] else "second"
        self.notes.append(f"the capabilities from line {self.doc.lines[index].number} have no "
                          f"heading; they are attributed to the {column} column's artifact "
                          f"{side.name!r}")
        self.current = side
        return side

    def _read_verdict(self, index: int) -> None:
        heading = self.doc.lines[index].number
        rest = self.doc.lines[index + 1:]
        if not rest:
            self.notes.append(f"the 'Verdict' heading at line {heading} is the last line; the "
                              "verdict is missing and the page is taken as truncated")
        elif self.doc.cut(index + 1) and not rest[0].text.endswith(_SENTENCE_END):
            self.notes.append(f"text ends at line {rest[0].number} inside the verdict; it was "
                              "cut and is not imported")
        else:
            self.verdict, self.complete = rest[0].text, True
            if len(rest) > 1:
                self.notes.append(f"lines {rest[1].number}-{rest[-1].number} after the verdict "
                                  "are taken as the page footer and are not imported")

    def _at_end(self) -> None:
        last = self.doc.lines[-1].number
        side = self.current
        if side is not None and side.drafts and side.drafts[-1].cut:
            _drop_cut(side, last, self.notes)
        self.notes.append(f"text ends at line {last} before the closing 'Verdict' section; the "
                          "page is truncated and only what it holds is imported")


def _drop_cut(side: _SideDraft, last: int, notes: list[str]) -> None:
    """Note the cut in the last capability; drop it if the cut took its name or all it had."""
    draft = side.drafts[-1]
    number = len(side.drafts)
    dropped = "name" in draft.cut or not any(draft.texts.values())
    if dropped:
        side.drafts.pop()
    words = " and ".join(_FIELD_WORDS[f] for f in draft.cut)
    notes.append(f"text ends at line {last} inside capability {number} of {side.name!r} "
                 f"({words}); that text was cut and is not imported"
                 + ("; nothing of the capability is complete, so it is dropped" if dropped
                    else ""))


def _side(draft: _SideDraft, fields: tuple[ReportedField, ...], notes: list[str]) -> ParsedSide:
    side = ParsedSide(draft.name, fields, tuple(d.freeze() for d in draft.drafts),
                      draft.more, name_from=draft.name_from)
    count = side.field("capabilities")
    listed = len(side.capabilities) + (side.more_capabilities or 0)
    if draft.closed and count is not None and isinstance(count.value, float) \
            and listed != count.value:
        notes.append(f"{draft.name!r} lists {listed} capabilities (counting '+N more') but its "
                     f"table row at line {count.line} says {count.raw!r}")
    return side


def _label(text: str) -> tuple[str | None, str]:
    for name, pattern in _LABELS:
        if match := pattern.fullmatch(text):
            return name, match[1].strip()
    return None, text


def _is_name(text: str) -> bool:
    """A capability name: a short lower-case phrase on its own line, no final period."""
    return (text[:1].islower() or text[:1].isdigit()) and len(text) <= 120 \
        and not text.endswith((".", ":", ";", ",", "!", "?")) and "|" not in text \
        and _label(text)[0] is None


_clip = clip


def page_name(doc: _Text, index: int, field: str, raw: str, notes: list[str]) -> str:
    """An artifact's name as a page gives it (line `index`), made safe (`graph.names`):
    normalised, invisible characters removed with a note; a look-alike (mixed scripts) or a
    name that gives no slug is refused, naming the line and `field`."""
    try:
        clean = clean_name(raw)
        slugify(clean.text)
    except ValueError as exc:
        raise doc.error(index, str(exc), field) from exc
    note = clean.note(raw)
    if note:
        notes.append(f"line {doc.lines[index].number}: {note}")
    return clean.text


def check_mentions(doc: _Text, index: int, label: str, text: str, notes: list[str]) -> None:
    """The alternatives a capability text names become stub artifacts when the page is
    imported (`graph.claim_facts`), so they pass the same check as a page's own names: a
    look-alike is refused, naming the line and the field. A sentence naming more than
    `MAX_STUBS_PER_SENTENCE` of them is noted: at most that many become stubs."""
    by_sentence: dict[int, dict[str, None]] = {}
    for atom in atomize(text):
        by_sentence.setdefault(atom.sentence_index, {}).update(dict.fromkeys(atom.mentions))
    field = _TEXT_FIELDS.get(label, label)
    for sentence, names in by_sentence.items():
        for name in names:
            try:
                clean_name(name)
            except UnsafeName as exc:
                raise doc.error(index, f"the text names an alternative that could pass for "
                                       f"another: {exc}", field) from exc
        if len(names) > MAX_STUBS_PER_SENTENCE:
            notes.append(f"line {doc.lines[index].number}: sentence {sentence + 1} of the "
                         f"{field} text names {len(names)} alternatives; at most "
                         f"{MAX_STUBS_PER_SENTENCE} of those the graph knows only by name "
                         "are linked (and created)")
