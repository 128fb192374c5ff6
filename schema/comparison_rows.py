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
    verdict: Verdict
    count: int

    @classmethod
    def from_tally(cls, tally: dict[str, int]) -> list[VerdictCount]:
        return [cls(verdict=ClaimVerdict(v), count=n) for v, n in sorted(tally.items())]


@strawberry.type(description="One side's value in a comparison row.")
class Cell:
    display: str
    number: float | None
    text: str | None
    sources: list[SignalRef]

    @classmethod
    def from_cell(cls, cell: cmp.Cell) -> Cell:
        return cls(display=cell.display, number=cell.number, text=cell.text,
                   sources=[SignalRef.from_ref(s) for s in cell.sources])


@strawberry.type(description="One row of a comparison: both values and who leads.")
class ComparisonRow:
    key: str
    label: str
    kind: RowKind
    left: Cell
    right: Cell
    leader: Leader


@strawberry.type(description="One sentence of a verdict and the rows it rests on.")
class VerdictStatement:
    kind: StatementKind
    side: Leader | None
    rows: list[str]
    text: str

    @classmethod
    def from_statement(cls, s: Statement) -> VerdictStatement:
        return cls(kind=s.kind, side=s.side, rows=list(s.rows), text=s.text)
