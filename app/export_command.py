"""`capgraph export [-o FILE]`: the whole graph as JSON lines (stdout by default), which
`capgraph import --export FILE` loads into another store. Piped into a reader that stops
early (`capgraph export | head`), it ends quietly (app/cli.py)."""

from __future__ import annotations

import argparse
import sys

from app.stores import open_store, store_description
from graph.settings import Settings


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from graph.transfer import write_export

    store = open_store(settings)
    try:
        if args.output == "-":
            nodes, edges = write_export(store, sys.stdout.buffer)
            sys.stdout.buffer.flush()       # a closed pipe shows here, not at exit
        else:
            with open(args.output, "wb") as out:
                nodes, edges = write_export(store, out)
    finally:
        store.close()
    print(f"exported {nodes} nodes and {edges} edges from {store_description(settings)}",
          file=sys.stderr)
    return 0


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="write the whole graph as JSON lines")
    export.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    export.set_defaults(run=cmd_export)
