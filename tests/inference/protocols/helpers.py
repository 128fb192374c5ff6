"""Checks every protocol test makes on a measurement and its evidence record."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from graph.claims.types import EvidenceRecord
from inference.protocols.base import Measurement, ProtocolCancelled, to_evidence
from inference.protocols.spec import ClaimSpec

PNG = b"\x89PNG\r\n\x1a\n"


def assert_progress(fractions: list[float]) -> None:
    """Reported, never going back, from the start to exactly 1."""
    assert fractions and fractions[0] <= 0.05 and fractions[-1] == 1.0
    assert all(a <= b for a, b in itertools.pairwise(fractions))


def assert_plot(path: str | None) -> None:
    assert path is not None and Path(path).read_bytes().startswith(PNG)


def evidence(m: Measurement, spec: ClaimSpec) -> tuple[EvidenceRecord, dict[str, object]]:
    """The record, with sanity checks on its fields, and its numbers parsed back."""
    record = to_evidence(m, spec.claimed)
    assert record.protocol == f"measure/{m.protocol}"
    assert record.weights == m.weights and record.outcome is m.outcome
    assert record.rule == m.rule and record.explanation == m.explanation
    assert {"torch", "transformers", "device", "cpu", "threads"} <= set(record.libraries)
    assert isinstance(record.found, str) and record.finished_at
    assert record.field is not None and record.field in m.numbers
    found = json.loads(record.found)
    assert {k: v for k, v in found.items() if k not in ("plot", "notes")} == m.numbers
    if m.plot:
        assert found["plot"] == m.plot
    return record, found


@dataclass
class Progress:
    """A protocol's `Control` that records progress reports; `cancel_after` makes `check()`
    stop the run (`ProtocolCancelled`) after N checks."""

    cancel_after: int | None = None
    reports: list[tuple[float, str]] = field(default_factory=list)
    checks: int = 0

    def progress(self, fraction: float, message: str) -> None:
        self.reports.append((fraction, message))

    def check(self) -> None:
        self.checks += 1
        if self.cancel_after is not None and self.checks > self.cancel_after:
            raise ProtocolCancelled("the measurement was cancelled")

    @property
    def fractions(self) -> list[float]:
        return [f for f, _ in self.reports]
