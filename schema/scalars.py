"""A reported value as GraphQL shows it: a number, or a text, never a bool as a number.

Example:
    >>> as_number(58), as_number(True), as_number("Free"), as_text("Free"), as_text(3)
    (58.0, None, None, 'Free', None)
"""

from __future__ import annotations


def as_number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def as_text(value: object) -> str | None:
    return value if isinstance(value, str) else None
