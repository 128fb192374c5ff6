"""Compare two artifacts row by row: pure functions over two `ArtifactProfile`s.

Every row holds both values, where each came from, and who leads. The rows are built
from the same rank breakdowns the API shows, so the verdict written from them
(`graph.comparison_text`) can never disagree with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.ranking import RankBreakdown, ScoreBasis, SignalRef, rank_breakdown, signal_refs
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
    basis: ScoreBasis | None = None    # the rank row: the one basis both cells are read on


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

    def rank_basis(self) -> ScoreBasis | None:
        return self.row("rank").basis

    def checked(self, side: Leader) -> bool:
        return (self.left_rank if side is Leader.LEFT else self.right_rank).checked

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


RANK_LABELS: dict[ScoreBasis, str] = {
    ScoreBasis.REPORTED: "Rank (reported)",
    ScoreBasis.COMPONENTS: "Rank (capgraph, from the reported components)",
    ScoreBasis.CHECKED: "Rank (reported, adjusted by capgraph's checks)",
    ScoreBasis.COMPUTED: "Rank (capgraph, with its checks)",
}


def shared_basis(left: RankBreakdown, right: RankBreakdown) -> ScoreBasis | None:
    """The one basis two ranks are compared on, or None when they share none.

    Both checked: their checked scores (on the reported rank when both have one, else
    capgraph's computed ones). Otherwise the numbers neither side's checks moved: reported
    ranks when both have one, else capgraph's weighting of the reported components. A
    page's reported number is never set against a score capgraph computed.
    """
    order = ((ScoreBasis.CHECKED, ScoreBasis.COMPUTED) if left.checked and right.checked
             else (ScoreBasis.REPORTED, ScoreBasis.COMPONENTS))
    return next((b for b in order if b in left.bases and b in right.bases), None)


def compare_profiles(
    left: ArtifactProfile, right: ArtifactProfile,
    ranks: tuple[RankBreakdown, RankBreakdown] | None = None,
) -> Comparison:
    """The comparison table of two artifacts; `ranks` are their rank breakdowns when the
    caller has them already (computed from these profiles)."""
    left_rank, right_rank = ranks or (rank_breakdown(left), rank_breakdown(right))
    basis = shared_basis(left_rank, right_rank)
    rows = []
    for key, label, kind in ROWS:
        if key == "rank":
            lcell, rcell = _rank_cell(left_rank, basis), _rank_cell(right_rank, basis)
            label = RANK_LABELS[basis] if basis else label
            rows.append(ComparisonRow(key, label, kind, lcell, rcell,
                                      _leader(kind, lcell, rcell), basis))
            continue
        lcell = _cell(key, left, left_rank)
        rcell = _cell(key, right, right_rank)
        if key in OPTIONAL_ROWS and lcell.missing and rcell.missing:
            continue
        rows.append(ComparisonRow(key, label, kind, lcell, rcell, _leader(kind, lcell, rcell)))
    return Comparison(left, right, left_rank, right_rank, tuple(rows))


def _rank_cell(rank: RankBreakdown, basis: ScoreBasis | None) -> Cell:
    """The rank on the shared basis; without one, the side's own score shown as a note with
    no number, so no leader can be read from it."""
    if basis is None:
        if rank.score is None:
            return MISSING
        return Cell(f"{rank.score:g}/100 ({rank.basis.value.lower()})", None, None, ())
    value = rank.on(basis)
    if value is None:
        return MISSING
    cites = basis in (ScoreBasis.REPORTED, ScoreBasis.CHECKED)
    return Cell(f"{value:g}/100", value, None, rank.reported[:1] if cites else ())


def _cell(key: str, profile: ArtifactProfile, rank: RankBreakdown) -> Cell:
    if key == "type":
        value = profile.artifact.props.get("type")
        return Cell(str(value), None, str(value), ()) if value else MISSING
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
