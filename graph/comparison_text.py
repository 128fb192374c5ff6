"""The one place that turns comparison rows into verdict sentences.

A verdict is a list of statements, each built from rows and naming the rows it rests on,
then rendered as text. A side is said to lead only on rows whose leader is that side; a
tie is called a tie. (Imported pages break this often; capgraph never repeats it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from graph.comparison import Comparison, ComparisonRow, Leader, RowKind
from graph.ranking import ScoreBasis


class StatementKind(StrEnum):
    RANK = "RANK"            # who ranks higher, or a tie
    LEADS = "LEADS"          # one side leads on these rows
    TIED = "TIED"            # both sides are equal on these rows
    DIFFERS = "DIFFERS"      # category rows whose values differ (type, pricing)
    UNKNOWN = "UNKNOWN"      # rows where a value is missing


@dataclass(frozen=True)
class Statement:
    kind: StatementKind
    side: Leader | None          # LEFT or RIGHT for RANK and LEADS; TIE for a tied rank
    rows: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Verdict:
    statements: tuple[Statement, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.statements)


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _label(row: ComparisonRow) -> str:
    return row.label.lower()


def write_verdict(comparison: Comparison) -> Verdict:
    """The verdict on a comparison, statement by statement."""
    statements: list[Statement] = []
    rank = comparison.row("rank")
    statements.append(_rank_statement(comparison, rank))
    others = [r for r in comparison.rows if r.key != "rank"]
    for side in (Leader.LEFT, Leader.RIGHT):
        rows = [r for r in others if r.leader is side and r.kind is not RowKind.CATEGORY]
        if rows:
            statements.append(_leads(comparison, side, rows))
    tied = [r for r in others if r.leader is Leader.TIE and r.kind is not RowKind.CATEGORY]
    same = [r for r in others if r.leader is Leader.TIE and r.kind is RowKind.CATEGORY]
    if same:
        statements.append(Statement(
            StatementKind.TIED, Leader.TIE, tuple(r.key for r in same),
            f"Same {_join([f'{_label(r)} ({r.left.display})' for r in same])}.",
        ))
    if tied:
        statements.append(Statement(
            StatementKind.TIED, Leader.TIE, tuple(r.key for r in tied),
            f"They are tied on {_join([_label(r) for r in tied])}.",
        ))
    differs = [r for r in others if r.leader is Leader.DIFFERENT]
    for row in differs:
        statements.append(Statement(
            StatementKind.DIFFERS, None, (row.key,),
            f"{row.label}: {comparison.name(Leader.LEFT)} is {row.left.display}, "
            f"{comparison.name(Leader.RIGHT)} is {row.right.display}.",
        ))
    unknown = [r for r in comparison.rows if r.leader is Leader.UNKNOWN]
    if unknown:
        statements.append(Statement(
            StatementKind.UNKNOWN, None, tuple(r.key for r in unknown),
            f"Not comparable for lack of data: {_join([_label(r) for r in unknown])}.",
        ))
    return Verdict(tuple(statements))


def basis_phrase(comparison: Comparison) -> str:
    """The basis the rank row is read on, and why that one, in words."""
    basis = comparison.rank_basis()
    left, right = comparison.name(Leader.LEFT), comparison.name(Leader.RIGHT)
    checked = [n for side, n in ((Leader.LEFT, left), (Leader.RIGHT, right))
               if comparison.checked(side)]
    why = (f", as capgraph has checked only {checked[0]}'s claims"
           if len(checked) == 1 else "")
    if basis is ScoreBasis.REPORTED:
        return f"reported ranks{why}"
    if basis is ScoreBasis.COMPONENTS:
        if not why:
            why = ", as only one side has a reported rank"
        return f"capgraph's weighting of the reported components{why}"
    if basis is ScoreBasis.CHECKED:
        return "reported ranks adjusted by capgraph's checks of both"
    if basis is ScoreBasis.COMPUTED:
        return "capgraph's scores with its checks of both"
    return ""


def _rank_statement(comparison: Comparison, row: ComparisonRow) -> Statement:
    left, right = comparison.name(Leader.LEFT), comparison.name(Leader.RIGHT)
    on = f" ({basis_phrase(comparison)})" if row.basis is not None else ""
    if row.leader is Leader.TIE:
        text = f"{left} and {right} are tied at {row.left.display}{on}."
        return Statement(StatementKind.RANK, Leader.TIE, ("rank",), text)
    if row.leader is Leader.UNKNOWN:
        missing = [n for n, c in ((left, row.left), (right, row.right))
                   if c.missing and c.display == "—"]
        if missing:
            text = (f"No rank is known for {_join(missing)}, so neither can be said "
                    "to rank higher.")
        else:
            text = (f"{left} ({row.left.display}) and {right} ({row.right.display}) have no "
                    "rank on one shared basis, so neither can be said to rank higher.")
        return Statement(StatementKind.RANK, None, ("rank",), text)
    if row.leader is Leader.LEFT:
        hi, hi_cell, lo, lo_cell = left, row.left, right, row.right
    else:
        hi, hi_cell, lo, lo_cell = right, row.right, left, row.left
    text = f"{hi} ranks higher at {hi_cell.display} vs {lo} at {lo_cell.display}{on}."
    return Statement(StatementKind.RANK, row.leader, ("rank",), text)


def _leads(comparison: Comparison, side: Leader, rows: list[ComparisonRow]) -> Statement:
    name = comparison.name(side)
    parts = []
    for row in rows:
        mine, theirs = (row.left, row.right) if side is Leader.LEFT else (row.right, row.left)
        parts.append(f"{_label(row)} ({mine.display} vs {theirs.display})")
    return Statement(
        StatementKind.LEADS, side, tuple(r.key for r in rows),
        f"{name} leads on {_join(parts)}.",
    )
