"""Check imported claims against the model files as they are imported.

After pages land, the claims of the artifacts those pages touched are checked (the same
`check_claims` that `verifyArtifact` runs), so the graph shows verdicts without anyone
asking. Only artifacts with model files are looked at; a claim is checked when it has no
verdict yet or when a page that states it was created or updated by this import, so
importing unchanged pages again costs nothing.

    plan = plan_import_check(store, reports, roots)     # which claims, which artifacts
    ClaimCheck(store, reports, roots).run(on_claim=...)  # in the caller's thread (CLI)
    check = ClaimCheck(store, reports, roots); check.start(); check.done.wait()  # serve
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.importer import ImportReport
from graph.model import Node
from graph.store import GraphStore
from inference.assess import subject_files
from inference.check_claims import Checked, artifact_claims, artifact_facts, check_claims

CHUNK = 20
"""Claims checked per call of `check_claims`: a background check can stop between calls."""

Log = Callable[[str], None]


def model_folders(artifact: Node, roots: Sequence[Path],
                  store: GraphStore | None = None) -> tuple[str, ...]:
    """The hub ids of the model folders the checker would read for an artifact: those
    attached to it in the store (when given), else those found by its slug in the roots."""
    return tuple(f.hub_id for f in subject_files(artifact_facts(artifact, store), roots).own)


def no_model_files_message(slug: str, roots: Sequence[Path]) -> str:
    """Why an artifact's claims cannot be settled from files, and what to do about it."""
    searched = ", ".join(str(r) for r in roots) or "none configured"
    return (f"no model files for {slug}: attach them with `capgraph models add` "
            f"(searched the model-file roots: {searched}; CAPGRAPH_MODEL_FILES adds more)")


@dataclass(frozen=True)
class CheckPlan:
    """What a check after an import will do."""

    claims: tuple[Node, ...]            # to check, artifact by artifact
    artifacts: tuple[str, ...]          # slugs with model files whose claims were looked at
    without_files: tuple[str, ...]      # slugs skipped: no model files
    already_checked: int                # claims skipped: verdict set, page unchanged


def plan_import_check(store: GraphStore, reports: Sequence[ImportReport],
                      roots: Sequence[Path]) -> CheckPlan:
    """The claims an import leaves to check: those of the touched artifacts that have model
    files, without a verdict or stated by a page this import created or updated."""
    slugs = list(dict.fromkeys(s for r in reports for s in r.artifacts))
    changed: set[str] = set()
    for report in reports:
        if report.status != "unchanged":
            changed.update(store.source_facts(report.source_id).cited_by)
    claims: list[Node] = []
    with_files: list[str] = []
    without: list[str] = []
    skipped = 0
    for slug in slugs:
        artifact = store.find_artifact(slug)
        if artifact is None:
            continue
        if not model_folders(artifact, roots, store):
            without.append(slug)
            continue
        with_files.append(slug)
        for claim in artifact_claims(store, slug):
            if claim.props.get("verdict") is None or claim.id in changed:
                claims.append(claim)
            else:
                skipped += 1
    return CheckPlan(tuple(claims), tuple(with_files), tuple(without), skipped)


@dataclass
class ClaimCheck:
    """One check of the claims an import touched, run here (`run`) or in a thread (`start`).

    `done` is set when the check has finished, failed or was stopped; `checked`, `total`,
    `counts` and `error` say how far it got. `log` receives a line when the check starts,
    at every tenth of the way and when it ends.
    """

    store: GraphStore
    reports: Sequence[ImportReport]
    roots: Sequence[Path]
    log: Log | None = None
    done: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    plan: CheckPlan | None = field(default=None, init=False, repr=False)
    total: int = field(default=0, init=False)
    checked: int = field(default=0, init=False)
    counts: dict[str, int] = field(default_factory=dict, init=False)
    error: str | None = field(default=None, init=False)
    failed: list[tuple[str, str]] = field(default_factory=list, init=False)  # (claim id, why)
    _stop: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)

    @property
    def state(self) -> str:
        if self.error is not None:
            return "failed"
        if self.done.is_set():
            finished = self.checked + len(self.failed) >= self.total
            return "stopped" if self._stop.is_set() and not finished else "done"
        return "running" if self._thread is not None else "pending"

    def status(self) -> dict[str, object]:
        return {"state": self.state, "checked": self.checked, "total": self.total,
                "failed": len(self.failed), "counts": dict(self.counts),
                **({"error": self.error} if self.error else {})}

    def run(self, on_claim: Callable[[Checked], None] | None = None,
            on_plan: Callable[[CheckPlan], None] | None = None) -> list[Checked]:
        """Plan, then check claim by claim (stopping early when asked); sets `done`."""
        results: list[Checked] = []
        try:
            self.plan = plan = plan_import_check(self.store, self.reports, self.roots)
            self.total = len(plan.claims)
            if on_plan is not None:
                on_plan(plan)
            self._say_start(plan)
            step = max(1, self.total // 10)

            seen: set[str] = set()

            def one(item: Checked) -> None:
                if item.claim.id in seen:       # checked again after its chunk failed
                    return
                seen.add(item.claim.id)
                verdict = item.assessment.verdict.value
                self.counts[verdict] = self.counts.get(verdict, 0) + 1
                self.checked += 1
                results.append(item)
                if on_claim is not None:
                    on_claim(item)
                if self.log and self.checked % step == 0 and self.checked < self.total:
                    self.log(f"checked {self.checked}/{self.total} claims")

            for start in range(0, self.total, CHUNK):
                if self._stop.is_set():
                    break
                self._check_chunk(plan.claims[start:start + CHUNK], one)
            if self.log and self.total:
                self.log(self.summary())
        except Exception as error:  # a background thread must report, not vanish
            self.error = f"{type(error).__name__}: {error}"
            if self.log:
                self.log(f"claim check failed after {self.checked} claims: {self.error}")
            raise
        finally:
            self.done.set()
        return results

    def _check_chunk(self, claims: Sequence[Node], one: Callable[[Checked], None]) -> None:
        """Check claims together; when that fails, one by one, so that a claim the checker
        cannot handle costs only its own verdict (it is counted in `failed`)."""
        try:
            check_claims(self.store, claims, roots=self.roots, on_claim=one)
        except Exception:
            for claim in claims:
                if self._stop.is_set():
                    return
                try:
                    check_claims(self.store, [claim], roots=self.roots, on_claim=one)
                except Exception as error:     # recorded; the other claims go on
                    self.failed.append((claim.id, f"{type(error).__name__}: {error}"))
                    if self.log and len(self.failed) == 1:
                        self.log(f"a claim could not be checked ({claim.id}): "
                                 f"{self.failed[0][1]}")

    def _say_start(self, plan: CheckPlan) -> None:
        if self.log is None:
            return
        if plan.claims:
            self.log(f"checking {len(plan.claims)} claims of {', '.join(plan.artifacts)} "
                     f"against their model files"
                     + (f" ({plan.already_checked} already checked)"
                        if plan.already_checked else ""))
        elif plan.artifacts:
            self.log(f"claims of {', '.join(plan.artifacts)} already checked")

    def summary(self) -> str:
        tally = ", ".join(f"{n} {v.lower()}" for v, n in sorted(self.counts.items()))
        stopped = (" (stopped)" if self.checked + len(self.failed) < self.total else "")
        failed = (f"; {len(self.failed)} could not be checked ({self.failed[0][1]})"
                  if self.failed else "")
        return (f"checked {self.checked} of {self.total} claims against model files"
                f"{stopped}" + (f": {tally}" if tally else "") + failed)

    def start(self) -> None:
        """Run in a daemon thread; `done` is set when it ends."""
        if self._thread is not None:
            return

        def target() -> None:
            with suppress(Exception):   # recorded in `error` and logged by run()
                self.run()

        self._thread = threading.Thread(target=target, name="capgraph-claim-check",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the check to stop after the claims in hand, and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
