"""Plain-text tables for the commands' human-readable output."""

from __future__ import annotations

from collections.abc import Sequence


def table(rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    """Rows as lines, each column as wide as its widest cell (the last one left ragged).

    Example:
        >>> table([("row", "left"), ("Adoption", "1")])
        ['row       left', 'Adoption  1']
    """
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [indent + "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)),
                                row[-1]]).rstrip()
            for row in rows]
