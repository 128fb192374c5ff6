"""Stored values as GraphQL shows them: a reported value as a number or a text (never a bool
as a number), and a stored timestamp as a `DateTime`.

The graph holds every time as ISO 8601 text (`graph.clock.now_iso`: UTC, microseconds).
`as_datetime` is the one place that text becomes a `DateTime`: a time without an offset is
taken as UTC (capgraph writes nothing else), and a stored text that is not ISO 8601 (an
older or hand-edited graph) is shown as null and logged once, never an error that would
take the object holding it out of the answer. `DATETIME` serialises every time the same
way: UTC, with microseconds, so the texts sort as the times do.

Example:
    >>> as_number(58), as_number(True), as_number("Free"), as_text("Free"), as_text(3)
    (58.0, None, None, 'Free', None)
    >>> as_datetime("2026-11-01T09:30:00+01:00")
    datetime.datetime(2026, 11, 1, 8, 30, tzinfo=datetime.timezone.utc)
    >>> as_datetime("2026-11-01"), as_datetime("last week"), as_datetime(None)
    (datetime.datetime(2026, 11, 1, 0, 0, tzinfo=datetime.timezone.utc), None, None)
    >>> iso_utc(as_datetime("2026-11-01T09:30:00+01:00"))
    '2026-11-01T08:30:00.000000+00:00'
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from datetime import UTC, datetime

import strawberry
from strawberry.types.scalar import ScalarDefinition

__all__ = ["DATETIME", "SCALARS", "as_datetime", "as_number", "as_text", "iso_utc"]

log = logging.getLogger("capgraph.api")


def as_number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def as_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _utc(moment: datetime) -> datetime:
    """The moment in UTC; a moment without an offset is taken as UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """How the API writes a time: ISO 8601 in UTC with microseconds (as the graph does)."""
    return _utc(moment).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    """ISO 8601 text as a moment in UTC; ValueError for text that is not ISO 8601."""
    return _utc(datetime.fromisoformat(text))


@functools.lru_cache(maxsize=4096)
def _stored(text: str) -> datetime | None:
    # Cached, so a leaderboard of signals stamped alike parses (and logs) each text once.
    try:
        return parse_iso(text)
    except ValueError:
        log.warning("a stored timestamp is not ISO 8601 and is shown as null: %r", text[:100])
        return None


def as_datetime(value: object) -> datetime | None:
    """A stored timestamp as the API shows it: None when there is none, or when it is not
    ISO 8601 text (logged); see the module."""
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, str):
        return _stored(value.strip()) if value.strip() else None
    if value is not None:
        log.warning("a stored timestamp is not ISO 8601 text and is shown as null: %r", value)
    return None


DATETIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="A moment in time: ISO 8601 text in UTC with microseconds "
                "(`2026-12-02T08:00:00.000000+00:00`), so the texts sort as the times do and "
                "`new Date(text)` reads them. capgraph stamps each time itself, in UTC, when "
                "the thing happens (an import, a check, a job's step). A field of this type is "
                "null when no time was recorded, or when the stored one is not ISO 8601 (an "
                "older or hand-edited graph; the server logs it) rather than failing the query.",
    serialize=iso_utc,
    parse_value=lambda value: parse_iso(str(value)),
)

SCALARS: Mapping[object, ScalarDefinition] = {datetime: DATETIME}
"""The schema's own scalars by Python type (`StrawberryConfig.scalar_map`)."""
