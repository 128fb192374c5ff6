"""A model's fact sheet, read from its files, and claims matched to it.

    fact_sheet(files) -> tuple[Fact, ...]     (inference.facts.sheet)
"""

from __future__ import annotations

from inference.facts.sheet import fact_sheet

__all__ = ["fact_sheet"]
