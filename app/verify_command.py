"""`capgraph verify --artifact A` (or `--claim ID`): check an artifact's claims (or one
claim) against its model files, with a progress bar, and with `--measure` run the model for
the claims that need it (a job each). Verdicts are recorded in the configured store, which
the last line names; `--json` prints them as one object for scripts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.stores import store_description, store_with_seeds
from graph.model import Node
from graph.settings import Settings
from graph.store import GraphStore

if TYPE_CHECKING:
    from inference.check_claims import Checked


def _subject(store: GraphStore, artifact: str | None,
             claim: str | None) -> tuple[Node, list[Node] | None]:
    """The artifact to verify and, when `--claim` names one, that claim alone (None: all of
    the artifact's claims). Either may be any reference (`graph.references`)."""
    from graph.references import artifact_for, claim_for

    if artifact is None and claim is None:
        raise ValueError("name what to verify: --artifact ARTIFACT, --claim CLAIM_ID, or both")
    one = claim_for(store, claim) if claim is not None else None
    if artifact is not None:
        node = artifact_for(store, artifact)
    else:
        assert one is not None
        node = artifact_for(store, str(one.props.get("artifact", "")))
    if one is not None and one.props.get("artifact") != node.props["slug"]:
        raise ValueError(f"claim {claim!r} is a claim of {one.props.get('artifact')}, "
                         f"not of {node.props['slug']}")
    return node, [one] if one is not None else None


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.claims.types import ClaimClass
    from inference.autocheck import model_folders, no_model_files_message
    from inference.check_claims import artifact_claims, check_claims

    out = sys.stderr if args.json else sys.stdout      # JSON alone on stdout for scripts
    store = store_with_seeds(settings)
    try:
        node, chosen = _subject(store, args.artifact, args.claim)
        slug = str(node.props["slug"])
        if not model_folders(node, settings.model_roots, store):
            print(no_model_files_message(slug, settings.model_roots), file=sys.stderr)
        claims = chosen if chosen is not None else artifact_claims(store, slug)
        roots = settings.model_roots
        counts: dict[str, int] = {}
        with tqdm(total=len(claims), unit="claim", file=sys.stderr) as bar:
            def done(item: Checked) -> None:
                verdict = item.assessment.verdict.value
                counts[verdict] = counts.get(verdict, 0) + 1
                bar.update(1)
                if not args.json and (args.verbose
                                      or verdict in ("SUPPORTED", "REFUTED", "PARTIAL")):
                    tqdm.write(f"{verdict:<15} {item.claim.props['text']}", file=out)
                    tqdm.write(f"{'':<15} {item.assessment.explanation}", file=out)
            checked = check_claims(store, claims, roots=roots, on_claim=done)
        measurable = [c.claim for c in checked
                      if c.assessment.claim_class is ClaimClass.MEASURABLE]
        if args.measure:
            _measure(store, measurable, settings, Path(args.weights) if args.weights else None,
                     out=out)
        elif measurable:
            print(f"{len(measurable)} claims need a measurement: add --measure to run the "
                  "model (minutes per claim on a CPU)", file=sys.stderr)
        if args.json:
            now = {c.id: store.get_node(c.id) or c for c in claims} if args.measure else {}
            print(json.dumps({
                "store": store_description(settings), "artifact": slug,
                "checked": len(claims), "counts": dict(sorted(counts.items())),
                "claims": [_claim_json(now.get(c.claim.id, c.claim), c) for c in checked],
            }, indent=2, ensure_ascii=False))
            return 0
    finally:
        store.close()
    summary = ", ".join(f"{n} {v.lower()}" for v, n in sorted(counts.items()))
    print(f"{slug}: {len(claims)} claims checked ({summary}), recorded in "
          f"{store_description(settings)}. Evidence: capgraph show {slug}")
    return 0


def _claim_json(claim: Node, checked: Checked) -> dict[str, object]:
    """A checked claim for `--json`: its API id, text, class, verdict and why (after a
    measurement, the verdict the measurement left)."""
    from graph.global_ids import to_global_id

    measured = claim.props.get("verdict")
    return {"id": to_global_id(claim.label, claim.id), "text": claim.props.get("text"),
            "class": checked.assessment.claim_class.value,
            "verdict": measured or checked.assessment.verdict.value,
            "explanation": claim.props.get("explanation") or checked.assessment.explanation}


def _measure(store: GraphStore, claims: list[Node], settings: Settings,
             weights: Path | None, *, out: TextIO) -> None:
    """Run each claim's measurement as a job, a progress bar each, and print its verdict."""
    import time

    from tqdm import tqdm

    from graph.jobs import JobState
    from inference.jobs import JobControl, JobRunner
    from inference.measure import MeasurementPlan, Session, measure_claim, plan_measurement

    runner = JobRunner(store)
    settings.plots.mkdir(parents=True, exist_ok=True)
    session = Session()     # the model loads once; claims measured the same way share a run
    try:
        for claim in claims:
            text = str(claim.props["text"])
            plan = plan_measurement(store, claim, settings.model_roots, settings.plots)
            if plan is None:
                print(f"{'NO PROTOCOL':<24} {text}", file=out)
                print(f"{'':<24} capgraph has no measurement that settles this claim: "
                      f"{claim.props.get('explanation') or 'it stays undetermined'}", file=out)
                continue

            def work(control: JobControl, claim: Node = claim,
                     plan: MeasurementPlan = plan) -> list[str]:
                return measure_claim(store, claim, control, roots=settings.model_roots,
                                     plots=settings.plots, weights=weights, session=session,
                                     plan=plan)

            job = runner.submit("measure", claim.id, work)
            with tqdm(total=100, desc=text[:40], file=sys.stderr, leave=False) as bar:
                while not JobState((job := runner.get(job.id)).props["state"]).finished:
                    bar.n = round(100 * float(job.props.get("progress", 0)))
                    bar.set_postfix_str(str(job.props.get("message", ""))[:40])
                    bar.refresh()
                    time.sleep(0.5)
            claim_now = store.get_node(claim.id)
            verdict = claim_now.props.get("verdict") if claim_now else None
            print(f"{job.props['state']:<10} {verdict or '':<13} {text}", file=out)
            why = claim_now.props.get("explanation") if claim_now else None
            print(f"{'':<24} {why or job.props.get('message', '')}", file=out)
    finally:
        runner.shutdown()


def add_verify_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = sub.add_parser("verify", help="check an artifact's claims against its model files")
    verify.add_argument("--artifact", help="the artifact: an id, slug, name, alias or hub id "
                        "(optional with --claim: the claim's own artifact)")
    verify.add_argument("--claim", help="check only this claim: its id as the API gives it "
                        "(Claim.id) or its graph id (claim:...)")
    verify.add_argument("--weights", help="a folder holding the model's real weights, for "
                        "the measurements")
    verify.add_argument("--measure", action="store_true",
                        help="also run the model for claims that need a measurement (jobs)")
    verify.add_argument("-v", "--verbose", action="store_true",
                        help="print every verdict, not only the settled ones")
    verify.add_argument("--json", action="store_true",
                        help="print one JSON object (the store, counts, each claim's verdict)")
    verify.set_defaults(run=cmd_verify)
