"""`capgraph verify`: check an artifact's claims against its model files, with a progress
bar, and with `--measure` run the model for the claims that need it (a job each)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.stores import store_with_seeds
from graph.model import Node
from graph.settings import Settings
from graph.store import GraphStore


def cmd_verify(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.claims.types import ClaimClass
    from graph.errors import NotFound
    from inference.autocheck import model_folders, no_model_files_message
    from inference.check_claims import Checked, artifact_claims, check_claims

    store = store_with_seeds(settings)
    try:
        node = store.find_artifact(args.artifact)
        if node is None:
            raise NotFound(f"no artifact with slug or name {args.artifact!r}")
        slug = str(node.props["slug"])
        if not model_folders(node, settings.model_roots, store):
            print(no_model_files_message(slug, settings.model_roots), file=sys.stderr)
        claims = artifact_claims(store, slug)
        if args.claim:
            claims = [c for c in claims if c.id == args.claim]
            if not claims:
                raise NotFound(f"{slug} has no claim with id {args.claim!r}")
        roots = settings.model_roots
        counts: dict[str, int] = {}
        with tqdm(total=len(claims), unit="claim", file=sys.stderr) as bar:
            def done(item: Checked) -> None:
                verdict = item.assessment.verdict.value
                counts[verdict] = counts.get(verdict, 0) + 1
                bar.update(1)
                if args.verbose or verdict in ("SUPPORTED", "REFUTED", "PARTIAL"):
                    tqdm.write(f"{verdict:<15} {item.claim.props['text']}")
                    tqdm.write(f"{'':<15} {item.assessment.explanation}")
            checked = check_claims(store, claims, roots=roots, on_claim=done)
        measurable = [c.claim for c in checked
                      if c.assessment.claim_class is ClaimClass.MEASURABLE]
        if args.measure:
            _measure(store, measurable, settings, Path(args.weights) if args.weights else None)
        elif measurable:
            print(f"{len(measurable)} claims need a measurement: add --measure to run the "
                  "model (minutes per claim on a CPU)", file=sys.stderr)
    finally:
        store.close()
    summary = ", ".join(f"{n} {v.lower()}" for v, n in sorted(counts.items()))
    fields = "text verdict explanation evidence { file field found claimed rule plot }"
    print(f"{slug}: {len(claims)} claims checked ({summary}). Evidence: capgraph query "
          f"'{{ claims(artifact: \"{slug}\", first: 100) {{ edges {{ node {{ {fields} }} }} }} }}'")
    return 0


def _measure(store: GraphStore, claims: list[Node], settings: Settings,
             weights: Path | None) -> None:
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
                print(f"{'NO PROTOCOL':<24} {text}")
                print(f"{'':<24} capgraph has no measurement that settles this claim: "
                      f"{claim.props.get('explanation') or 'it stays undetermined'}")
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
            print(f"{job.props['state']:<10} {verdict or '':<13} {text}")
            why = claim_now.props.get("explanation") if claim_now else None
            print(f"{'':<24} {why or job.props.get('message', '')}")
    finally:
        runner.shutdown()
