"""The one small interface every measurement protocol has, and what it produces.

A protocol works in two steps. `collect` runs a loaded model (`inference.loaders`) and
returns a `Run`: the numbers, the environment, the weights it ran, and a plot when it
swept a parameter; it reports progress (0..1 and a message, never going back) to its
`Control` and calls the control's `check()` between steps, which raises to stop it. `judge` turns
a run into a `Measurement` for one claim (`ClaimSpec`): the outcome and the rule that gave
it. Claims whose runs would be the same (`run_key`) can share one run. `to_evidence`
makes the graph's record.
"""

from __future__ import annotations

import json
import platform
import typing
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.claims.types import EvidenceRecord, JSONable, Verdict
from graph.clock import now_iso
from graph.settings import current_settings
from inference.errors import VerificationError
from inference.libraries import load, versions
from inference.machine import cpu_model
from inference.protocols.spec import ClaimSpec

Number = float | int | str | bool


class Control(typing.Protocol):
    """What a running protocol may do: report progress, and check whether to stop.

    `inference.jobs.JobControl` is one: its `check` raises `JobStopped` (cancelled, or out
    of time), and that exception travels up through the protocol unchanged.
    """

    def progress(self, fraction: float, message: str) -> None: ...

    def check(self) -> None:
        """Return when the work may go on; raise to stop it."""


class ProtocolCancelled(VerificationError):
    """What a control outside a job (a script, a test) raises from `check` to stop a run."""


@dataclass(frozen=True)
class Measurement:
    """What one protocol run found, and the outcome for the claim it was run for.

    `headline` names the number the outcome rests on most (EvidenceRecord.field)."""

    protocol: str
    numbers: dict[str, Number]
    environment: dict[str, str]
    weights: str
    outcome: Verdict
    rule: str
    explanation: str
    plot: str | None = None
    model: str | None = None
    headline: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Run:
    """What one protocol run found, before any claim is judged against it.

    `details` holds what the protocol's judge needs beyond the numbers (timing passes,
    per-engine results); it never goes into evidence by itself."""

    protocol: str
    numbers: dict[str, Number]
    environment: dict[str, str]
    weights: str
    device: str
    model: str | None
    notes: tuple[str, ...] = ()
    plot: str | None = None
    details: Any = None

    def measurement(self, outcome: Verdict, rule: str, explanation: str,
                    headline: str) -> Measurement:
        return Measurement(self.protocol, self.numbers, self.environment, self.weights,
                           outcome, rule, explanation, self.plot, self.model, headline,
                           self.notes)


class Protocol:
    """A measurement protocol: `collect` a run on a loaded model, `judge` a claim by it.

    Protocols are dataclasses of their settings that subclass this."""

    name: str

    def run_key(self, claim: ClaimSpec) -> Hashable:
        """What of the claim the run depends on: claims with equal keys share a run."""
        return ()

    def collect(self, loaded: Any, claim: ClaimSpec, control: Control) -> Run:
        raise NotImplementedError

    def judge(self, run: Run, claim: ClaimSpec) -> Measurement:
        raise NotImplementedError

    def run(self, loaded: Any, claim: ClaimSpec, control: Control) -> Measurement:
        """Collect a run for this claim and judge the claim by it."""
        return self.judge(self.collect(loaded, claim, control), claim)


class Tracker:
    """Progress that only moves forward, and the control's stop check at every step."""

    def __init__(self, control: Control) -> None:
        self._control, self.fraction = control, 0.0

    def check(self) -> None:
        self._control.check()

    def step(self, fraction: float, message: str) -> None:
        self.check()
        self.fraction = max(self.fraction, min(1.0, max(0.0, fraction)))
        self._control.progress(self.fraction, message)

    def done(self, message: str = "done") -> None:
        self.fraction = 1.0
        self._control.progress(1.0, message)


def environment(device: str, *libraries: str) -> dict[str, str]:
    """Library versions, device, CPU model, threads: where a measurement ran."""
    torch = load("torch")
    found = versions("torch", "transformers", "diffusers", *libraries)
    found.update(device=device, cpu=cpu_model(), threads=str(torch.get_num_threads()),
                 python=platform.python_version(), platform=platform.platform(terse=True))
    if device.startswith("cuda") and torch.cuda.is_available():
        found["gpu"] = torch.cuda.get_device_name(0)
    return found


def to_evidence(m: Measurement, claimed: JSONable) -> EvidenceRecord:
    """The graph's record of a measurement: `found` is the numbers as compact JSON (with the
    plot's path and the notes), `libraries` the environment, `weights` the weights kind."""
    found: dict[str, Any] = dict(m.numbers)
    if m.plot:
        found["plot"] = m.plot
    if m.notes:
        found["notes"] = list(m.notes)
    return EvidenceRecord(
        protocol=f"measure/{m.protocol}", source_file=None, field=m.headline,
        found=json.dumps(found, separators=(",", ":"), sort_keys=True), claimed=claimed,
        rule=m.rule, outcome=m.outcome, explanation=m.explanation,
        libraries=dict(m.environment), weights=m.weights,
        finished_at=now_iso(), model=m.model)


def series(values: Sequence[float]) -> str:
    """Repeated figures (one per timed pass) as one evidence number: "1.62,1.4,1.49"."""
    return ",".join(f"{v:.4g}" for v in values)


def default_plots_dir() -> Path:
    """Where sweeps save their PNGs when no folder is given: the configured plots folder
    (`graph.settings`: $CAPGRAPH_PLOTS_DIR, else the data folder's plots/)."""
    return current_settings().plots
