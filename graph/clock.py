"""The one clock: every timestamp capgraph writes (imports, checks, evidence, jobs, model
folders) comes from `now_iso`."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """The current time in UTC, ISO 8601 with microseconds (stamps written within one
    second still sort in the order they were written).

    Example:
        >>> stamp = now_iso()
        >>> stamp.endswith("+00:00") and len(stamp) == len("2026-12-02T08:00:00.000000+00:00")
        True
    """
    return datetime.now(UTC).isoformat(timespec="microseconds")
