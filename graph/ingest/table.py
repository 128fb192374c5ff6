"""Read a comparison page's pipe table: `| Feature | A | B |`, a separator, then a row a feature.

Rows broken over several lines (`| Quality | 0 |` then `| 0 |`) are joined until they hold
as many cells as the header. Each cell becomes a `ReportedField` with its value parsed:
"43/100" -> 43.0 "/100", "9 decomposed" -> 9.0 "decomposed", "$3.00e-5 per prompt token"
-> 3e-05 "USD per prompt token", "—" -> None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from graph.errors import PageFormatError
from graph.ingest.page import ReportedField

ARTIFACT_TYPES = (
    "Model", "Product", "Repository", "Prompt", "MCP Server", "Extension", "Agent",
    "CLI Tool", "Platform", "Web App", "Dataset", "Framework",
)
PRICING = ("Free", "Paid")
NO_VALUE = frozenset({"", "—", "–", "-", "n/a"})

_NUMBER = r"\d+(?:\.\d+)?"
_RANK = re.compile(rf"({_NUMBER})\s*/\s*100")
_COUNT = re.compile(_NUMBER)
_DECOMPOSED = re.compile(r"(\d+)(?:\s*decomposed)?")
# one way to read each digit run (`\d*\.?\d+` had many: quadratic on a long cell)
_PRICE = re.compile(
    r"\$\s*((?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:(?:per|/)\s*(\S.*))?",
    re.IGNORECASE,
)
COUNT_LIMIT = 2 ** 53
"""Counts ("+N more", "N decomposed") above this are refused: a float holds every whole
number below it exactly, and a page listing more capabilities than that is not reporting."""
_SEPARATOR = re.compile(r":?-{3,}:?")


class Line(NamedTuple):
    """One non-blank line of a page: its 1-based number and its stripped text."""

    number: int
    text: str


@dataclass(frozen=True)
class Table:
    """The two columns' names, each column's reported fields, and where the table ends."""

    columns: tuple[str, str]
    fields: tuple[tuple[ReportedField, ...], tuple[ReportedField, ...]]
    end: int                     # index of the first line after the table
    notes: tuple[str, ...] = ()


Value = tuple[float | str | None, str | None]
_N = TypeVar("_N", int, float)


class _CellError(ValueError):
    """A cell's text does not fit its row; the message says what was expected."""


def read_table(
    lines: Sequence[Line], start: int, *, file: str, title: str, open_end: bool,
) -> Table:
    """Read the table whose header is `lines[start]`; `open_end` means the last line was cut."""
    header = _header(lines, start, file=file, title=title, open_end=open_end)
    _separator(lines, start + 1, file=file)
    reader = _RowReader(file, header)
    index = start + 2
    while index < len(lines) and lines[index].text.startswith("|"):
        line = lines[index]
        index += 1
        if line.text.endswith("|"):
            reader.add(line)
        elif open_end and index == len(lines):
            reader.cut_at(line)
        else:
            raise PageFormatError(file, line.number, "table", "expected a row ending with '|'")
    reader.finish(lines[index] if index < len(lines) else None)
    return Table(header, (tuple(reader.left), tuple(reader.right)), index, tuple(reader.notes))


def _cells(text: str) -> list[str]:
    """The cells of one table line: `| a | b |` -> ['a', 'b'] (one pipe off each end)."""
    inner = text.strip().removeprefix("|").removesuffix("|")
    return [cell.strip() for cell in inner.split("|")]


def _header(
    lines: Sequence[Line], index: int, *, file: str, title: str, open_end: bool,
) -> tuple[str, str]:
    expected = "expected the table header '| Feature | A | B |'"
    if index >= len(lines) or (open_end and index == len(lines) - 1):
        number = lines[-1].number
        raise PageFormatError(file, number, "table", f"the text ends before the table; {expected}")
    line = lines[index]
    cells = _cells(line.text)
    if not (line.text.startswith("|") and line.text.endswith("|")) or len(cells) != 3 \
            or cells[0].lower() != "feature" or not all(cells[1:]):
        raise PageFormatError(file, line.number, "table header",
                              f"{expected}, got {clip(line.text)!r}")
    columns = (cells[1], cells[2])
    if " ".join(title.split()) != " ".join(f"{columns[0]} vs {columns[1]}".split()):
        raise PageFormatError(
            file, line.number, "table header",
            f"the columns {clip(columns[0])!r} and {clip(columns[1])!r} do not match the "
            f"title {clip(title)!r}",
        )
    return columns


def _separator(lines: Sequence[Line], index: int, *, file: str) -> None:
    line = lines[index] if index < len(lines) else None
    if line is None:
        raise PageFormatError(file, lines[-1].number, "table",
                              "the text ends before the separator row '|---|---|---|'")
    cells = _cells(line.text)
    if not line.text.startswith("|") or len(cells) != 3 \
            or not all(_SEPARATOR.fullmatch(c) for c in cells):
        raise PageFormatError(file, line.number, "table",
                              f"expected the separator row '|---|---|---|', got "
                              f"{clip(line.text)!r}")


class _RowReader:
    """Joins broken rows and turns complete ones into two columns of reported fields."""

    def __init__(self, file: str, columns: tuple[str, str]) -> None:
        self.file = file
        self.columns = columns
        self.left: list[ReportedField] = []
        self.right: list[ReportedField] = []
        self.notes: list[str] = []
        self.cut = False
        self.pending: list[str] = []
        self.pending_line = 0
        self.seen: dict[str, int] = {}

    def add(self, line: Line) -> None:
        if not self.pending:
            self.pending_line = line.number
        self.pending.extend(_cells(line.text))
        if len(self.pending) > 3:
            raise PageFormatError(
                self.file, line.number, self.pending[0] or "table",
                f"the row starting at line {self.pending_line} has {len(self.pending)} cells; "
                "the header has 3",
            )
        if len(self.pending) == 3:
            if self.pending_line != line.number:
                self.notes.append(
                    f"table row {self.pending[0]!r} is broken over lines "
                    f"{self.pending_line}-{line.number}; its cells were joined"
                )
            self._row(self.pending, self.pending_line)
            self.pending = []

    def cut_at(self, line: Line) -> None:
        self.cut = True
        row = self.pending[0] if self.pending else _cells(line.text)[0]
        self.notes.append(
            f"text ends at line {line.number} inside the table; row {row!r} was cut and "
            "is not imported"
        )

    def finish(self, next_line: Line | None) -> None:
        """Check the last row: cut by the end of the text, or short before a non-table line."""
        if not self.pending or self.cut:
            return
        if next_line is None:
            self.cut = True
            self.notes.append(
                f"text ends inside the table; row {self.pending[0]!r} (line "
                f"{self.pending_line}) has only {len(self.pending)} of 3 cells and is not "
                "imported"
            )
            return
        raise PageFormatError(
            self.file, next_line.number, self.pending[0] or "table",
            f"the row starting at line {self.pending_line} has {len(self.pending)} cells; "
            "the header has 3",
        )

    def _row(self, cells: list[str], number: int) -> None:
        label = cells[0]
        name = field_name(label)
        if not name:
            raise PageFormatError(self.file, number, "table", "a table row has no label")
        if name in self.seen:
            raise PageFormatError(self.file, number, label,
                                  f"the row repeats line {self.seen[name]}")
        self.seen[name] = number
        if name not in _PARSERS:
            self.notes.append(f"line {number}: unknown table row {label!r} kept as {name!r} "
                              "with its raw text")
        for column, raw, out in zip(self.columns, cells[1:], (self.left, self.right),
                                    strict=True):
            out.append(self._field(name, label, raw, number, column))

    def _field(self, name: str, label: str, raw: str, number: int, column: str) -> ReportedField:
        parse = _PARSERS.get(name, _text)
        try:
            value, unit = (None, None) if raw.lower() in NO_VALUE else parse(raw)
        except _CellError as exc:
            raise PageFormatError(self.file, number, label,
                                  f"{exc} for {column!r}, got {clip(raw)!r}") from exc
        note = _odd_value(name, value)
        if note:
            self.notes.append(f"line {number}: {label} {raw!r} for {column!r} {note}")
        return ReportedField(name, raw, value, unit, number)


_KNOWN_ROWS = {
    "type": "type", "unfragilerank": "rank", "adoption": "adoption", "quality": "quality",
    "ecosystem": "ecosystem", "matchgraph": "match_graph", "pricing": "pricing",
    "startingprice": "starting_price", "capabilities": "capabilities",
    "timesmatched": "times_matched",
}


def clip(text: str, width: int = 60) -> str:
    """Text as an error message quotes it: at most `width` characters.

    Example:
        >>> clip("x" * 100, 10)
        'xxxxxxxxx…'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def field_name(label: str) -> str:
    """The normalised key of a row label: known rows by name, others in snake_case.

    Example:
        >>> field_name("UnfragileRank"), field_name("Match Graph"), field_name("Last Seen")
        ('rank', 'match_graph', 'last_seen')
    """
    known = _KNOWN_ROWS.get(re.sub(r"[^a-z0-9]", "", label.lower()))
    return known or re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def parse_number(digits: str) -> float:
    """A number's value; `ValueError` when a float cannot hold it (it would be infinite).

    Example:
        >>> parse_number("43"), parse_number("3.00e-5")
        (43.0, 3e-05)
        >>> parse_number("1" + "0" * 400)
        Traceback (most recent call last):
        ...
        ValueError: the number 1000000000…0 (401 digits) is too large
    """
    value = float(digits)
    if not math.isfinite(value):
        shown = digits if len(digits) <= 20 else \
            f"{digits[:10]}…{digits[-1]} ({len(digits)} digits)"
        raise ValueError(f"the number {shown} is too large")
    return value


def parse_count(digits: str) -> int:
    """A count's value (any decimal digits); `ValueError` from `COUNT_LIMIT` up.

    Example:
        >>> parse_count("12"), parse_count("\u0663")
        (12, 3)
    """
    stripped = digits.lstrip("0") or "0"
    if len(stripped) > len(str(COUNT_LIMIT)) or int(stripped) >= COUNT_LIMIT:
        shown = stripped if len(stripped) <= 20 else f"{stripped[:10]}… ({len(stripped)} digits)"
        raise ValueError(f"the count {shown} is too large (at most {COUNT_LIMIT - 1})")
    return int(stripped)


def _rank(raw: str) -> Value:
    match = _RANK.fullmatch(raw)
    if not match or float(match[1]) > 100:
        raise _CellError("expected 'N/100' with N from 0 to 100")
    return float(match[1]), "/100"


def _count(raw: str) -> Value:
    if not _COUNT.fullmatch(raw):
        raise _CellError("expected a number")
    return _checked(parse_number, raw), None


def _decomposed(raw: str) -> Value:
    match = _DECOMPOSED.fullmatch(raw)
    if not match:
        raise _CellError("expected 'N decomposed'")
    return float(_checked(parse_count, match[1])), "decomposed"


def _price(raw: str) -> Value:
    match = _PRICE.fullmatch(raw)
    if not match:
        return raw, None        # free text ("Contact sales"); `_odd_value` notes it
    per = match[2]
    return _checked(parse_number, match[1]), f"USD per {per}" if per else "USD"


def _checked(read: Callable[[str], _N], digits: str) -> _N:
    try:
        return read(digits)
    except ValueError as exc:
        raise _CellError(f"expected a number a page can mean ({exc})") from exc


def _text(raw: str) -> Value:
    return raw, None


_PARSERS: dict[str, Callable[[str], Value]] = {
    "type": _text, "rank": _rank, "adoption": _count, "quality": _count,
    "ecosystem": _count, "match_graph": _count, "pricing": _text,
    "starting_price": _price, "capabilities": _decomposed, "times_matched": _count,
}


def _odd_value(name: str, value: float | str | None) -> str | None:
    """Why a readable but unexpected value deserves a note, if it does."""
    if name == "type" and value is not None and value not in ARTIFACT_TYPES:
        return "is not a known artifact type; kept as written"
    if name == "pricing" and value is not None and value not in PRICING:
        return "is neither 'Free' nor 'Paid'; kept as written"
    if name == "starting_price" and isinstance(value, str):
        return "is not a dollar amount; kept as text"
    return None
