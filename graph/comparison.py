"""Compare two artifacts row by row: pure functions over two `ArtifactProfile`s.

Every row holds both values, where each came from, and who leads. The rows are built
from the same rank breakdowns the API shows, so the verdict written from them
(`graph.verdict`) can never disagree with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.ranking import RankBreakdown, SignalRef, rank_breakdown, signal_refs
from graph.store import ArtifactProfile


class Leader(StrEnum):
    LEFT = "LEFT"
    RIGHT = "RIGHT"
    TIE = "TIE"
    UNKNOWN = "UNKNOWN"        # at least one side has no value
    DIFFERENT = "DIFFERENT"    # a category row (type, pricing) whose values differ: no order


class RowKind(StrEnum):
    HIGHER_LEADS = "HIGHER_LEADS"
    LOWER_LEADS = "LOWER_LEADS"
    CATEGORY = "CATEGORY"


@dataclass(frozen=True)
class Cell:
    """One side's value in a row: what to show, the number behind it, where it came from."""

    display: str
    number: float | None
    text: str | None
    sources: tuple[SignalRef, ...]

    @property
    def missing(self) -> bool:
        return self.number is None and self.text is None


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    kind: RowKind
    left: Cell
    right: Cell
    leader: Leader


@dataclass(frozen=True)
class Comparison:
    left: ArtifactProfile
    right: ArtifactProfile
    left_rank: RankBreakdown
    right_rank: RankBreakdown
    rows: tuple[ComparisonRow, ...]

    def claim_tally(self, side: Leader) -> dict[str, int]:
        """How many of one side's claims were checked, per verdict."""
        profile = self.left if side is Leader.LEFT else self.right
        tally: dict[str, int] = {}
        for claim in profile.checked_claims:
            verdict = str(claim.props.get("verdict"))
            tally[verdict] = tally.get(verdict, 0) + 1
        return dict(sorted(tally.items()))

    def row(self, key: str) -> ComparisonRow:
        return next(r for r in self.rows if r.key == key)

    def name(self, side: Leader) -> str:
        profile = self.left if side is Leader.LEFT else self.right
        return str(profile.artifact.props["name"])


MISSING = Cell("—", None, None, ())

# (key, label, kind): the rows in the order a page's table shows them.
ROWS: tuple[tuple[str, str, RowKind], ...] = (
    ("type", "Type", RowKind.CATEGORY),
    ("rank", "Rank", RowKind.HIGHER_LEADS),
    ("adoption", "Adoption", RowKind.HIGHER_LEADS),
    ("quality", "Quality", RowKind.HIGHER_LEADS),
    ("ecosystem", "Ecosystem", RowKind.HIGHER_LEADS),
    ("match_graph", "Match graph", RowKind.HIGHER_LEADS),
    ("pricing", "Pricing", RowKind.CATEGORY),
    ("starting_price", "Starting price", RowKind.LOWER_LEADS),
    ("capabilities", "Capabilities", RowKind.HIGHER_LEADS),
    ("times_matched", "Times matched", RowKind.HIGHER_LEADS),
    ("evidence", "Verified claims", RowKind.HIGHER_LEADS),
)

COMPONENT_ROWS = ("adoption", "quality", "ecosystem", "match_graph", "evidence")
"""Rows whose values are rank components: read from the breakdown, not re-derived."""

OPTIONAL_ROWS = ("starting_price", "evidence")
"""Rows shown only when at least one side has a value."""


def compare_profiles(left: ArtifactProfile, right: ArtifactProfile) -> Comparison:
    """The comparison table of two artifacts."""
    left_rank, right_rank = rank_breakdown(left), rank_breakdown(right)
    rows = []
    for key, label, kind in ROWS:
        lcell = _cell(key, left, left_rank)
        rcell = _cell(key, right, right_rank)
        if key in OPTIONAL_ROWS and lcell.missing and rcell.missing:
            continue
        rows.append(ComparisonRow(key, label, kind, lcell, rcell, _leader(kind, lcell, rcell)))
    return Comparison(left, right, left_rank, right_rank, tuple(rows))


def _cell(key: str, profile: ArtifactProfile, rank: RankBreakdown) -> Cell:
    if key == "type":
        value = profile.artifact.props.get("type")
        return Cell(str(value), None, str(value), ()) if value else MISSING
    if key == "rank":
        if rank.score is None:
            return MISSING
        return Cell(f"{rank.score:g}/100", rank.score, None, rank.reported[:1])
    if key in COMPONENT_ROWS:
        component = next(c for c in rank.components if c.name == key)
        if component.value is None:
            return MISSING
        display = f"{component.value:g}"
        if component.claims and key == "evidence":
            display = f"{component.value:.2f} ({len(component.claims)} settled claims)"
        return Cell(display, component.value, None, component.signals[:1])
    refs = signal_refs(profile, key)
    if not refs:
        return MISSING
    latest = refs[0]
    if isinstance(latest.value, int | float):
        display = latest.raw or f"{latest.value:g}"
        return Cell(display, float(latest.value), None, (latest,))
    if latest.value is None:
        return MISSING
    return Cell(str(latest.value), None, str(latest.value), (latest,))


def _leader(kind: RowKind, left: Cell, right: Cell) -> Leader:
    if kind is RowKind.CATEGORY:
        if left.text is None or right.text is None:
            return Leader.UNKNOWN
        return Leader.TIE if left.text.casefold() == right.text.casefold() else Leader.DIFFERENT
    if left.number is None or right.number is None:
        return Leader.UNKNOWN
    if left.number == right.number:
        return Leader.TIE
    left_ahead = left.number > right.number
    if kind is RowKind.LOWER_LEADS:
        left_ahead = not left_ahead
    return Leader.LEFT if left_ahead else Leader.RIGHT
