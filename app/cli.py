"""The `capgraph` command: its arguments, and serve, import, query, export.

`verify`, `models` and `tokens` live in app/verify_command.py, app/models_command.py and
app/tokens_command.py.

Run `capgraph COMMAND --help` for each command's options. Settings come from
`CAPGRAPH_*` environment variables (see graph/settings.py and the README).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.alternatives_command import add_alternatives_parser
from app.models_command import cmd_models_add, cmd_models_download, cmd_models_list
from app.resolve_command import add_resolve_parser
from app.search_command import add_search_parser
from app.stores import open_store, store_with_seeds
from app.tokens_command import add_tokens_parser
from app.verify_command import cmd_verify
from graph.errors import CapgraphError
from graph.ingest.importer import ImportReport
from graph.settings import Settings
from graph.store import GraphStore


def _log(message: str) -> None:
    print(f"capgraph: {message}", file=sys.stderr, flush=True)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.web import serve_app

    # the seeds' claims are checked in the background: the server answers at once
    app = serve_app(settings, log=_log)
    host = args.host or settings.host
    port = args.port or settings.port
    ide = f" (GraphiQL at http://{host}:{port}/graphql)" if settings.development else ""
    print(f"capgraph serving the {settings.store} store on http://{host}:{port}{ide}",
          file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    if args.export:
        if args.files:
            print("capgraph import: give page files or --export FILE, not both", file=sys.stderr)
            return 2
        return cmd_import_export(args, settings)

    from graph.ingest.importer import import_files, iter_page_files

    files = iter_page_files(Path(p) for p in args.files)
    if not files:
        print("capgraph import: no page files found in the paths given", file=sys.stderr)
        return 2
    store = open_store(settings)
    try:
        with tqdm(total=len(files), unit="page", file=sys.stderr,
                  disable=args.quiet or len(files) < 2) as bar:
            def done(report: ImportReport) -> None:
                bar.update(1)
                if not args.quiet:
                    tqdm.write(report.summary(), file=sys.stdout)
                    for note in report.notes if args.verbose else ():
                        tqdm.write(f"  note: {note}", file=sys.stdout)
            reports = import_files(store, files, on_page=done)
        changed = sum(r.status != "unchanged" for r in reports)
        print(f"imported {len(reports)} pages ({changed} created or updated)", file=sys.stderr)
        if not args.no_check:
            return _check_imported(store, reports, settings, quiet=args.quiet)
    finally:
        store.close()
    return 0


def _check_imported(store: GraphStore, reports: Sequence[ImportReport], settings: Settings,
                    *, quiet: bool) -> int:
    """Check the claims the import touched against the model files, with a progress bar.
    1 when some could not be checked (the pages stay imported)."""
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
        return 1
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
    return 1 if check.failed else 0


def cmd_import_export(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.transfer import load_export, read_export

    path = Path(args.export)
    nodes, edges = read_export(path)      # checked in full before the store is opened
    store = open_store(settings)
    try:
        with tqdm(total=len(nodes) + len(edges), unit="item", file=sys.stderr,
                  disable=args.quiet) as bar:
            written = load_export(store, path, on_chunk=bar.update)
    finally:
        store.close()
    print(f"loaded {written[0]} nodes and {written[1]} edges from {path}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from graph.transfer import write_export

    store = open_store(settings)
    try:
        if args.output == "-":
            nodes, edges = write_export(store, sys.stdout.buffer)
        else:
            with open(args.output, "wb") as out:
                nodes, edges = write_export(store, out)
    finally:
        store.close()
    print(f"exported {nodes} nodes and {edges} edges", file=sys.stderr)
    return 0


def cmd_merge(args: argparse.Namespace, settings: Settings) -> int:
    import getpass

    from graph.clock import now_iso
    from graph.merge import merge_artifacts

    store = open_store(settings)
    try:
        result = merge_artifacts(store, args.keep, args.duplicate,
                                 merged_by=f"local:{getpass.getuser()}", now=now_iso())
    finally:
        store.close()
    print(f"merged {result.merged_slug} into {result.kept.props['slug']}: "
          f"{result.moved_edges} edges and {result.moved_claims} claims moved; "
          f"'{result.merged_slug}' now finds {result.kept.props['slug']}")
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from schema import build_schema
    from schema.context import Context
    from schema.limits import ApiLimits

    document = Path(args.document[1:]).read_text() if args.document.startswith("@") \
        else args.document
    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as exc:
        print(f"capgraph query: --variables is not JSON: {exc}", file=sys.stderr)
        return 2
    store = store_with_seeds(settings, check=True)
    try:
        context = Context.for_store(store, settings.model_roots, plots=settings.plots)
        # the command line is the local administrator: every scope, introspection on
        result = build_schema(ApiLimits(production=False, introspection=True)).execute_sync(
            document, variable_values=variables, context_value=context,
        )
    finally:
        store.close()
    output: dict[str, object] = {"data": result.data}
    if result.errors:
        output["errors"] = [e.formatted for e in result.errors]
    print(json.dumps(output, indent=2, ensure_ascii=False))
    return 1 if result.errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capgraph",
        description="A knowledge graph of AI artifacts: capabilities, claims, what is true.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve GraphQL (and GraphiQL) over HTTP")
    serve.add_argument("--host", help="address to listen on (CAPGRAPH_HOST)")
    serve.add_argument("--port", type=int, help="port to listen on (CAPGRAPH_PORT)")
    serve.set_defaults(run=cmd_serve)

    imp = sub.add_parser("import", help="import comparison pages (files or folders of .txt)")
    imp.add_argument("files", nargs="*", help="page files, or folders of *.txt pages")
    imp.add_argument("--export", metavar="FILE",
                     help="load a file written by `capgraph export` instead of pages")
    imp.add_argument("-q", "--quiet", action="store_true", help="print only the total")
    imp.add_argument("-v", "--verbose", action="store_true",
                     help="also print what each page could not read or had cut")
    imp.add_argument("--no-check", action="store_true",
                     help="do not check the imported claims against the model files")
    imp.set_defaults(run=cmd_import)

    export = sub.add_parser("export", help="write the whole graph as JSON lines")
    export.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    export.set_defaults(run=cmd_export)

    merge = sub.add_parser("merge", help="merge a duplicate artifact into the one kept")
    merge.add_argument("keep", help="slug, name or alias of the artifact kept")
    merge.add_argument("duplicate", help="slug, name or alias of the duplicate: its edges, "
                       "claims and sources move to KEEP, its slug and name become aliases")
    merge.set_defaults(run=cmd_merge)

    verify = sub.add_parser("verify", help="check an artifact's claims against its model files")
    verify.add_argument("--artifact", required=True, help="slug or name of the artifact")
    verify.add_argument("--claim", help="check only this claim (its graph id)")
    verify.add_argument("--weights", help="a folder holding the model's real weights, for "
                        "the measurements")
    verify.add_argument("--measure", action="store_true",
                        help="also run the model for claims that need a measurement (jobs)")
    verify.add_argument("-v", "--verbose", action="store_true",
                        help="print every verdict, not only the settled ones")
    verify.set_defaults(run=cmd_verify)

    models = sub.add_parser("models", help="attach model files to artifacts, list them")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    add = models_sub.add_parser(
        "add", help="attach a folder of model files, or a model in the local Hugging Face "
                    "cache (offline), to an artifact, then check its claims")
    add.add_argument("ref", metavar="PATH_OR_HUB_ID",
                     help="a folder holding config.json, model_index.json or provider.json; "
                          "or a hub id (owner/name) in the model-file roots or the HF cache")
    add.add_argument("--artifact", metavar="SLUG",
                     help="the artifact to attach to (default: the one named after the "
                          "model, created when there is none)")
    add.set_defaults(run=cmd_models_add)
    listing = models_sub.add_parser("list", help="artifacts with their model folders")
    listing.set_defaults(run=cmd_models_list)
    download = models_sub.add_parser(
        "download", help="fetch a model from the Hugging Face Hub into the local cache (the "
                         "only command that goes online; the server never does)")
    download.add_argument("hub_id", metavar="HUB_ID", help="owner/name")
    download.add_argument("--weights", action="store_true",
                          help="fetch the weights too (default: metadata files only)")
    download.set_defaults(run=cmd_models_download)

    add_tokens_parser(sub)
    add_alternatives_parser(sub)
    add_search_parser(sub)
    add_resolve_parser(sub)

    query = sub.add_parser("query", help="run a GraphQL document in-process, print JSON")
    query.add_argument("document", help="the GraphQL document, or @FILE to read it from a file")
    query.add_argument("--variables", help="variables as a JSON object")
    query.set_defaults(run=cmd_query)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(args, settings))
    except CapgraphError as exc:
        print(f"capgraph {args.command}: {exc}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError) as exc:
        print(f"capgraph {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
