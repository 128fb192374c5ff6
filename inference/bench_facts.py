"""Benchmark: precision and recall of claim verification on a labelled set of claims.

Run: `python -m inference.bench_facts [--claims PATH] [--models PATH]` (default: the
development set in `tests/inference/devset/`). Each line of the claims file is one JSON
object: `{"model": "owner/name", "family": "...", "claim": "...", "expected":
"SUPPORTED" | "REFUTED" | "UNSETTLED", "note": "..."}`; `--models` is a folder of model
folders named `owner__name` (the layout of `seeds/model-files/`).

Every claim is assessed with `inference.assess.assess_claim` against its model's folder.
A SUPPORTED or REFUTED verdict is a decision; PARTIAL, UNDETERMINED and NOT_FALSIFIABLE are
not. Per family and in total it prints: claims, claims the files settle (expected SUPPORTED
or REFUTED), decided right, decided wrong (the opposite verdict, or any decision on a claim
expected UNSETTLED), precision (right / decided) and recall (right / settled by the files),
then every wrong decision with its explanation, and the time per claim: the first claim in
this process (cold: imports and loading), and a second pass over every claim (warm).

The target (issue 9): 0 wrong decisions and recall of at least 90%.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

DEVSET = Path(__file__).resolve().parents[1] / "tests" / "inference" / "devset"
DEFAULT_CLAIMS = DEVSET / "claims.jsonl"
DEFAULT_MODELS = DEVSET / "models"

EXPECTED = ("SUPPORTED", "REFUTED", "UNSETTLED")
DECIDED = frozenset({"SUPPORTED", "REFUTED"})
RECALL_TARGET = 0.9


class ClaimsFileError(ValueError):
    """A claims file line that is not a labelled claim; the message names file and line."""


@dataclass(frozen=True)
class LabelledClaim:
    """One line of a claims file."""

    model: str                 # hub id, "owner/name"
    family: str
    claim: str
    expected: str              # SUPPORTED | REFUTED | UNSETTLED
    note: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        """The model's name without its owner (what the artifact is called)."""
        return self.model.rpartition("/")[2]

    @property
    def settleable(self) -> bool:
        return self.expected in DECIDED


@dataclass(frozen=True)
class Outcome:
    """A labelled claim and the verdict verification gave it."""

    item: LabelledClaim
    got: str                   # the assessment's verdict
    claim_class: str
    explanation: str
    seconds: float

    @property
    def decided(self) -> bool:
        return self.got in DECIDED

    @property
    def right(self) -> bool:
        return self.decided and self.got == self.item.expected

    @property
    def wrong(self) -> bool:
        return self.decided and self.got != self.item.expected


@dataclass(frozen=True)
class Counts:
    """The tallies of one family (or of all of them)."""

    claims: int = 0
    settleable: int = 0
    decided: int = 0
    right: int = 0
    wrong: int = 0

    @property
    def precision(self) -> float | None:
        """Right decisions over all decisions; None when nothing was decided."""
        return self.right / self.decided if self.decided else None

    @property
    def recall(self) -> float | None:
        """Right decisions over the claims the files settle; None when there are none."""
        return self.right / self.settleable if self.settleable else None

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Counts:
        found = list(outcomes)
        return cls(claims=len(found),
                   settleable=sum(o.item.settleable for o in found),
                   decided=sum(o.decided for o in found),
                   right=sum(o.right for o in found),
                   wrong=sum(o.wrong for o in found))


@dataclass(frozen=True)
class Report:
    """What `evaluate` found: every outcome, tallies per family and in total, timings."""

    claims_path: str
    models_root: str
    outcomes: tuple[Outcome, ...]
    first_seconds: float        # imports (when not yet done in this process) + first claim
    first_pass_seconds: float   # the first pass over every claim, imports included
    warm_seconds: float | None  # a second pass over every claim (caches filled), in total
    machine: str = ""
    busy: dict[str, float] = field(default_factory=dict)

    @property
    def families(self) -> dict[str, Counts]:
        names = sorted({o.item.family for o in self.outcomes})
        return {name: Counts.of(o for o in self.outcomes if o.item.family == name)
                for name in names}

    @property
    def total(self) -> Counts:
        return Counts.of(self.outcomes)

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.wrong]

    @property
    def warm_per_claim(self) -> float | None:
        if self.warm_seconds is None or not self.outcomes:
            return None
        return self.warm_seconds / len(self.outcomes)

    @property
    def meets_target(self) -> bool:
        recall = self.total.recall
        return not self.wrong and recall is not None and recall >= RECALL_TARGET


def load_claims(path: str | Path) -> list[LabelledClaim]:
    """The labelled claims of a JSON-lines file (blank lines and `#` lines skipped).

    Raises:
        ClaimsFileError: a line is not JSON, lacks a field, or has an unknown label.
    """
    source = Path(path)
    found = []
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        where = f"{source.name}:{number}"
        try:
            row = json.loads(text)
        except json.JSONDecodeError as error:
            raise ClaimsFileError(f"{where}: not JSON ({error.msg})") from error
        if not isinstance(row, dict):
            raise ClaimsFileError(f"{where}: expected a JSON object")
        for key in ("model", "claim", "expected"):
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise ClaimsFileError(f"{where}: {key}: expected a non-empty string")
        if row["expected"] not in EXPECTED:
            raise ClaimsFileError(f"{where}: expected: one of {', '.join(EXPECTED)}, "
                                  f"got {row['expected']!r}")
        if "/" not in row["model"]:
            raise ClaimsFileError(f"{where}: model: expected 'owner/name', "
                                  f"got {row['model']!r}")
        found.append(LabelledClaim(model=row["model"], family=str(row.get("family") or
                                   row["model"]), claim=row["claim"],
                                   expected=row["expected"], note=str(row.get("note", "")),
                                   line=number))
    return found


def evaluate(claims_path: str | Path = DEFAULT_CLAIMS, models_root: str | Path =
             DEFAULT_MODELS, *, warm_pass: bool = True) -> Report:
    """Assess every labelled claim against the model folders under `models_root`.

    `warm_pass` assesses every claim a second time (caches filled) to time the warm path;
    the verdicts reported are the first pass's.
    """
    from inference.machine import CpuClock, machine_text

    items = load_claims(claims_path)
    clock = CpuClock.now()
    began = time.perf_counter()
    # imported here so that, in a fresh process, the first claim's time includes them
    from graph.claims.types import ArtifactFacts
    from graph.model import slugify
    from inference.assess import assess_claim

    roots = [Path(models_root)]
    subjects = {item.model: ArtifactFacts(slugify(item.name), item.name) for item in items}
    outcomes = []
    first = 0.0
    for item in items:
        start = time.perf_counter()
        assessment = assess_claim(item.claim, subjects[item.model], roots)
        outcomes.append(Outcome(item, assessment.verdict.value, assessment.claim_class.value,
                                assessment.explanation, time.perf_counter() - start))
        if len(outcomes) == 1:
            first = time.perf_counter() - began
    first_pass = time.perf_counter() - began
    warm = None
    if warm_pass and items:
        start = time.perf_counter()
        for item in items:
            assess_claim(item.claim, subjects[item.model], roots)
        warm = time.perf_counter() - start
    return Report(str(claims_path), str(models_root), tuple(outcomes), first, first_pass,
                  warm, machine_text(), CpuClock.now().since(clock))


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def format_report(report: Report) -> str:
    """The report as the benchmark prints it."""
    from inference.machine import busy_text

    lines = [f"claims {report.claims_path}", f"models {report.models_root}",
             f"{report.machine}; {busy_text(report.busy)}", ""]
    header = (f"{'family':18} {'claims':>6} {'settled':>7} {'decided':>7} {'right':>5} "
              f"{'wrong':>5} {'precision':>9} {'recall':>6}")
    lines += [header, "-" * len(header)]
    rows = [*report.families.items(), ("TOTAL", report.total)]
    for name, c in rows:
        lines.append(f"{name:18} {c.claims:6} {c.settleable:7} {c.decided:7} {c.right:5} "
                     f"{c.wrong:5} {_share(c.precision):>9} {_share(c.recall):>6}")
    verdicts: dict[tuple[str, str], int] = {}
    for o in report.outcomes:
        verdicts[(o.item.expected, o.got)] = verdicts.get((o.item.expected, o.got), 0) + 1
    lines += ["", "expected -> got:"]
    lines += [f"  {e:10} -> {g:16} {n}" for (e, g), n in sorted(verdicts.items())]
    wrong = report.wrong
    lines += ["", f"wrong decisions: {len(wrong)}"]
    for o in wrong:
        lines += [f"  [{o.item.family}] {o.item.model}: {o.item.claim}",
                  f"    expected {o.item.expected}, got {o.got} ({o.claim_class})",
                  f"    why: {o.explanation}",
                  f"    label: {o.item.note}"]
    lines.append("")
    lines.append(f"first claim, imports included (cold in a fresh process): "
                 f"{report.first_seconds:.2f} s")
    slowest = max(report.outcomes, key=lambda o: o.seconds, default=None)
    lines.append(f"first pass: {len(report.outcomes)} claims in "
                 f"{report.first_pass_seconds:.2f} s (loading every model's files once)"
                 + (f"; slowest claim {slowest.seconds:.2f} s ({slowest.item.model}: "
                    f"{slowest.item.claim})" if slowest else ""))
    if report.warm_seconds is not None and report.warm_per_claim is not None:
        lines.append(f"warm: {len(report.outcomes)} claims in {report.warm_seconds:.2f} s "
                     f"({report.warm_per_claim * 1000:.1f} ms per claim)")
    total = report.total
    lines.append(f"target: 0 wrong and recall >= {RECALL_TARGET:.0%}: "
                 f"{'met' if report.meets_target else 'NOT met'} "
                 f"({total.wrong} wrong, recall {_share(total.recall)}, "
                 f"precision {_share(total.precision)})")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> Report:
    """Evaluate a claims file against a folder of model folders and print the report."""
    parser = argparse.ArgumentParser(prog="python -m inference.bench_facts",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--claims", default=str(DEFAULT_CLAIMS),
                        help="JSON-lines file of labelled claims (default: the development set)")
    parser.add_argument("--models", default=str(DEFAULT_MODELS),
                        help="folder of model folders named owner__name")
    parser.add_argument("--no-warm-pass", action="store_true",
                        help="skip the second (timed, warm) pass over the claims")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    report = evaluate(args.claims, args.models, warm_pass=not args.no_warm_pass)
    print(format_report(report))
    if not args.no_warm_pass:
        print(sheet_timings())
    return report


def sheet_timings() -> str:
    """How long the fact sheet of a diffusers pipeline in the model-file roots takes: the
    first in a fresh process (libraries and model classes imported on first use), a second
    one in that process once they are loaded. Target: 2 s for a 12B pipeline."""
    code = ("import time\n"
            "from graph.settings import current_settings\n"
            "from inference.model_files import load_model_files\n"
            "from inference.facts.sheet import fact_sheet\n"
            "roots = current_settings().model_roots\n"
            "folders = sorted(f for r in roots if r.is_dir() for f in r.iterdir()\n"
            "                 if (f / 'model_index.json').is_file())[:2]\n"
            "for folder in folders:\n"
            "    files = load_model_files(folder)\n"
            "    start = time.perf_counter(); sheet = fact_sheet(files)\n"
            "    total = max((f.value for f in sheet if f.name == 'parameters' and not f.part),\n"
            "                default=0)\n"
            "    print(files.hub_id, len(sheet), total, f'{time.perf_counter() - start:.2f}')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    rows = [line.split() for line in done.stdout.splitlines() if line.strip()]
    if not rows:
        return "fact sheet timing: no diffusers pipeline in the model-file roots"
    when = ("in a fresh process, libraries imported on first use",
            "once the libraries are loaded")
    parts = [f"{hub} ({n} facts, {int(params) / 1e9:.1f}B parameters): {secs} s {how}"
             for (hub, n, params, secs), how in zip(rows, when, strict=False)]
    return "fact sheets of diffusers pipelines: " + "; ".join(parts) + " (target 2 s)"


if __name__ == "__main__":
    try:
        main()
    except (ClaimsFileError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
