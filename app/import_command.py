"""`capgraph import`: comparison pages (files or folders) into the configured store, their
claims checked against the model files after; or, with `--export FILE`, a file `capgraph
export` wrote. Each page's summary goes to stdout (or one JSON object with `--json`); the
total, which store was written and the checks' progress go to stderr."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.stores import open_store, store_description
from graph.ingest.importer import ImportReport
from graph.settings import Settings
from graph.store import GraphStore


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.ingest.importer import import_files, iter_page_files

    if args.export:
        if args.files:
            print("capgraph import: give page files or --export FILE, not both", file=sys.stderr)
            return 2
        return cmd_import_export(args, settings)
    files = iter_page_files(Path(p) for p in args.files)
    if not files:
        print("capgraph import: no page files found in the paths given", file=sys.stderr)
        return 2
    quiet = args.quiet or args.json
    store = open_store(settings)
    code, checks = 0, None
    try:
        with tqdm(total=len(files), unit="page", file=sys.stderr,
                  disable=args.quiet or len(files) < 2) as bar:
            def done(report: ImportReport) -> None:
                if not quiet:
                    tqdm.write(report.summary(), file=sys.stdout)
                    for note in report.notes if args.verbose else ():
                        tqdm.write(f"  note: {note}", file=sys.stdout)
            # the bar moves as pages are written; each page's line once it is in for good
            reports = import_files(store, files, on_page=done, on_progress=bar.update,
                                   workers=args.workers)
        changed = sum(r.status != "unchanged" for r in reports)
        print(f"imported {len(reports)} pages ({changed} created or updated) into "
              f"{store_description(settings)}", file=sys.stderr)
        if not args.no_check:
            code, checks = _check_imported(store, reports, settings, quiet=args.quiet)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"store": store_description(settings), "imported": len(reports),
                          "changed": changed, "checks": checks,
                          "pages": [dataclasses.asdict(r) for r in reports]},
                         indent=2, ensure_ascii=False))
    return code


def _check_imported(store: GraphStore, reports: Sequence[ImportReport], settings: Settings,
                    *, quiet: bool) -> tuple[int, dict[str, object] | None]:
    """Check the claims the import touched against the model files, with a progress bar.
    (1 when some could not be checked (the pages stay imported), else 0; the check's status)."""
    from tqdm import tqdm

    from inference.autocheck import CheckPlan, ClaimCheck
    from inference.check_claims import Checked

    check = ClaimCheck(store, reports, settings.model_roots)
    bars: list[Any] = []          # the bar, made once the plan says how many claims

    def planned(plan: CheckPlan) -> None:
        bars.append(tqdm(total=len(plan.claims), unit="claim", desc="checking claims",
                         file=sys.stderr, disable=quiet or not plan.claims))

    def claimed(_: Checked) -> None:
        bars[0].update(1)

    try:
        check.run(on_claim=claimed, on_plan=planned)
    except Exception as error:
        print(f"capgraph import: the pages were imported, but checking their claims failed: "
              f"{error}; `capgraph verify --artifact SLUG` checks them again", file=sys.stderr)
        return 1, {"state": "failed", "error": str(error)}
    finally:
        for bar in bars:
            bar.close()
    plan = check.plan
    if plan is not None and (check.total or check.failed) and (not quiet or check.failed):
        print(check.summary(), file=sys.stderr)
    elif plan is not None and plan.artifacts and not quiet:
        print(f"claims of {', '.join(plan.artifacts)} already checked", file=sys.stderr)
    if plan is not None and plan.without_files and not quiet:
        print(f"not checked (no model files; attach them with `capgraph models add`): "
              f"{len(plan.without_files)} artifacts", file=sys.stderr)
    return (1 if check.failed else 0), check.status()


def cmd_import_export(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.transfer import load_export, read_export

    path = Path(args.export)
    nodes, edges = read_export(path)      # checked in full before the store is opened
    store = open_store(settings)
    try:
        with tqdm(total=len(nodes) + len(edges), unit="item", file=sys.stderr,
                  disable=args.quiet or args.json) as bar:
            written = load_export(store, path, on_chunk=bar.update)
    finally:
        store.close()
    where = store_description(settings)
    print(f"loaded {written[0]} nodes and {written[1]} edges from {path} into {where}",
          file=sys.stderr)
    if args.json:
        print(json.dumps({"store": where, "file": str(path), "nodes": written[0],
                          "edges": written[1]}, indent=2, ensure_ascii=False))
    return 0


def add_import_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser("import", help="import comparison pages (files or folders of .txt)")
    imp.add_argument("files", nargs="*", help="page files, or folders of *.txt pages")
    imp.add_argument("--export", metavar="FILE",
                     help="load a file written by `capgraph export` instead of pages")
    imp.add_argument("-q", "--quiet", action="store_true", help="print only the total")
    imp.add_argument("-v", "--verbose", action="store_true",
                     help="also print what each page could not read or had cut")
    imp.add_argument("--workers", type=_workers, default=None, metavar="N",
                     help="processes working on the import, this one included: N-1 read and "
                          "parse pages while this one writes them (default: one a core; "
                          "1: all in this process)")
    imp.add_argument("--no-check", action="store_true",
                     help="do not check the imported claims against the model files")
    imp.add_argument("--json", action="store_true",
                     help="print one JSON object (the store, each page's report, the checks)")
    imp.set_defaults(run=cmd_import)


def _workers(text: str) -> int:
    count = int(text)
    if count < 1:
        raise argparse.ArgumentTypeError("expected a number of processes, 1 or more")
    return count
