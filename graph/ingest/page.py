"""What a comparison page says, as read from its text: plain data, no graph ids yet.

`graph.ingest.parse.parse_page` produces a `ParsedPage`; `graph.ingest.importer` turns it
into graph nodes and edges. Nothing here knows about stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Layout(StrEnum):
    """The page layouts found in the wild (see shared/corpus/README.md)."""

    RANKED = "ranked"              # title, "X ranks higher at N/100 ...", table, "A Capabilities"
    SIDE_BY_SIDE = "side_by_side"  # title, "Side-by-side comparison ...", table, paragraphs
    HEADLESS = "headless"          # starts at a capability name; no title, summary or table
    ARTIFACT = "artifact"          # one artifact's own page: name, type+pricing+tagline, ...


@dataclass(frozen=True)
class ReportedField:
    """One table cell (or artifact-page field) about one artifact, as the page reports it.

    `name` is the normalised feature key: one of "type", "rank", "adoption", "quality",
    "ecosystem", "match_graph", "pricing", "starting_price", "capabilities",
    "times_matched" (unknown features keep a snake_case form of their label).
    `value` is the parsed value: a float for numbers (rank 43 from "43/100", 9 from
    "9 decomposed", 3e-05 from "$3.00e-5 per prompt token"), a str for categories
    ("Model", "Free"), None when the page shows no value ("—", empty).
    `unit` says what a number counts where that is not obvious ("USD per prompt token",
    "/100", "decomposed").
    """

    name: str
    raw: str
    value: float | str | None
    unit: str | None
    line: int


@dataclass(frozen=True)
class ParsedCapability:
    """One capability paragraph group. Any text field may be None when the page lacks it.

    `truncated_fields` names the fields whose text the end of the page cut off; those
    fields hold None (a cut sentence is not a fact). `line` is the 1-based line where the
    capability starts; `lines` holds the line of each text field the page gave
    (`line_of`), so a claim can cite the line its text came from.
    """

    name: str | None
    description: str | None
    unique: str | None
    vs_alternatives: str | None
    line: int
    confidence: str | None = None
    truncated_fields: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, field: str) -> int:
        """The line of `field` ("description", "unique", "vs_alternatives"), else the
        capability's first line."""
        return dict(self.lines).get(field, self.line)


@dataclass(frozen=True)
class ParsedSide:
    """One artifact as the page describes it."""

    name: str
    reported: tuple[ReportedField, ...] = ()
    capabilities: tuple[ParsedCapability, ...] = ()
    more_capabilities: int | None = None   # "+N more capabilities" after the listed ones
    tagline: str | None = None
    name_from: str = "page"                # "page", or "file name" when the text has no name

    def field(self, name: str) -> ReportedField | None:
        """The reported field called `name`, if the page has it."""
        return next((f for f in self.reported if f.name == name), None)


@dataclass(frozen=True)
class ParsedPage:
    """Everything one page says, with what could not be read listed in `notes`."""

    file: str
    layout: Layout
    title: str | None
    sides: tuple[ParsedSide, ...]
    summary: str | None = None        # the page's own summary sentence(s), kept verbatim
    verdict: str | None = None        # the page's closing verdict, kept verbatim
    truncated: bool = False           # the text ends before the page does
    notes: tuple[str, ...] = field(default_factory=tuple)
