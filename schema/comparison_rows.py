"""The parts of a comparison: cells, rows, verdict sentences, and verdict counts."""

from __future__ import annotations

import strawberry

from graph import comparison as cmp
from graph.claims.types import Verdict as ClaimVerdict
from graph.comparison_text import Statement
from schema.enums import Leader, RowKind, StatementKind, Verdict
from schema.rank import SignalRef


@strawberry.type(description="How many claims got one verdict.")
class VerdictCount:
    verdict: Verdict = strawberry.field(description="The verdict.")
    count: int = strawberry.field(description="How many claims got it (at least 1).")

    @classmethod
    def from_tally(cls, tally: dict[str, int]) -> list[VerdictCount]:
        return [cls(verdict=ClaimVerdict(v), count=n) for v, n in sorted(tally.items())]


@strawberry.type(description="One side's value in a comparison row.")
class Cell:
    display: str = strawberry.field(
        description="The value as a table shows it (`58/100`, `1`, `Free`, `9 decomposed`); "
                    "`—` when the side has none.")
    number: float | None = strawberry.field(
        description="The number a leader is read from (a rank 0..100, a component 0..1, a "
                    "count, a price in USD); null for a category or a missing value, and for "
                    "a rank no shared basis lets the table compare.")
    text: str | None = strawberry.field(
        description="The value of a category row (type, pricing) as reported; null otherwise.")
    sources: list[SignalRef] = strawberry.field(
        description="The reported signals the value came from (empty for a value capgraph "
                    "computed).")

    @classmethod
    def from_cell(cls, cell: cmp.Cell) -> Cell:
        return cls(display=cell.display, number=cell.number, text=cell.text,
                   sources=[SignalRef.from_ref(s) for s in cell.sources])


@strawberry.type(description="One row of a comparison: both values and who leads.")
class ComparisonRow:
    key: str = strawberry.field(
        description="The row's stable key: type, rank, adoption, quality, ecosystem, "
                    "match_graph, pricing, starting_price, capabilities, times_matched or "
                    "evidence (what `VerdictStatement.rows` name).")
    label: str = strawberry.field(
        description="The row's name for display; the rank row's names the basis both ranks "
                    "are read on (`Rank (reported)`).")
    kind: RowKind = strawberry.field(description="How the row's values are ordered.")
    left: Cell = strawberry.field(description="The left artifact's value (`a`).")
    right: Cell = strawberry.field(description="The right artifact's value (`b`).")
    leader: Leader = strawberry.field(
        description="Who leads on this row; the verdict says a side leads only where this "
                    "says so.")


@strawberry.type(description="One sentence of a verdict and the rows it rests on.")
class VerdictStatement:
    kind: StatementKind = strawberry.field(description="What the sentence says.")
    side: Leader | None = strawberry.field(
        description="LEFT or RIGHT for a RANK or LEADS sentence, TIE for tied ranks; null "
                    "for the other kinds.")
    rows: list[str] = strawberry.field(
        description="The keys of the rows the sentence rests on (`ComparisonRow.key`).")
    text: str = strawberry.field(description="The sentence, in English.")

    @classmethod
    def from_statement(cls, s: Statement) -> VerdictStatement:
        return cls(kind=s.kind, side=s.side, rows=list(s.rows), text=s.text)
