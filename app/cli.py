"""The `capgraph` command: serve, import, query, export.

Run `capgraph COMMAND --help` for each command's options. Settings come from
`CAPGRAPH_*` environment variables (see app/settings.py and the README).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.settings import Settings
from app.stores import load_seeds, open_store
from graph.errors import CapgraphError
from graph.store import GraphStore


def _store_with_seeds(settings: Settings, *, quiet: bool = True) -> GraphStore:
    store = open_store(settings)
    if settings.load_seeds:
        try:
            reports = load_seeds(store, settings)
        except BaseException:
            store.close()
            raise
        if not quiet:
            for report in reports:
                print(f"seed {report.summary()}", file=sys.stderr)
    return store


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from app.web import create_app

    store = _store_with_seeds(settings, quiet=False)
    host = args.host or settings.host
    port = args.port or settings.port
    ide = f" (GraphiQL at http://{host}:{port}/graphql)" if settings.development else ""
    print(f"capgraph serving the {settings.store} store on http://{host}:{port}{ide}",
          file=sys.stderr)
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="info")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from graph.ingest.importer import ImportReport, import_files, iter_page_files

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
    finally:
        store.close()
    changed = sum(r.status != "unchanged" for r in reports)
    print(f"imported {len(reports)} pages ({changed} created or updated)", file=sys.stderr)
    return 0


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    from schema import build_schema
    from schema.context import Context

    document = Path(args.document[1:]).read_text() if args.document.startswith("@") \
        else args.document
    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as exc:
        print(f"capgraph query: --variables is not JSON: {exc}", file=sys.stderr)
        return 2
    store = _store_with_seeds(settings)
    try:
        result = build_schema().execute_sync(
            document, variable_values=variables, context_value=Context.for_store(store),
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
    imp.add_argument("files", nargs="+", help="page files, or folders of *.txt pages")
    imp.add_argument("-q", "--quiet", action="store_true", help="print only the total")
    imp.add_argument("-v", "--verbose", action="store_true",
                     help="also print what each page could not read or had cut")
    imp.set_defaults(run=cmd_import)

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
