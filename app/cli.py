"""The `capgraph` command: its parser and the dispatch to each command's module.

Each command lives in its own module (`app/<name>_command.py`) with its `add_<name>_parser`.
What they share: every artifact or claim they take is named as the API names it (an id the
API gave out, a slug, name, alias or hub id: `graph.references`); each prints for people by
default and JSON with `--json`; each that writes says which store it wrote to; and output
piped into a reader that stops early (`capgraph export | head`) ends quietly.

Run `capgraph COMMAND --help` for each command's options. Settings come from
`CAPGRAPH_*` environment variables (see graph/settings.py and the README).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app.alternatives_command import add_alternatives_parser
from app.compare_command import add_compare_parser
from app.explore_command import add_explore_parser
from app.export_command import add_export_parser
from app.import_command import add_import_parser
from app.merge_command import add_merge_parser
from app.models_command import add_models_parser
from app.query_command import add_query_parser
from app.resolve_command import add_resolve_parser
from app.search_command import add_search_parser
from app.serve_command import add_serve_parser
from app.show_command import add_show_parser
from app.tokens_command import add_tokens_parser
from app.verify_command import add_verify_parser
from graph.errors import CapgraphError
from graph.settings import Settings

BROKEN_PIPE = 141
"""What a shell reports for a writer stopped by SIGPIPE (128 + 13), the usual exit when
the reader of a pipe has gone."""


def version() -> str:
    """The installed distribution's version ("unknown" when run from an uninstalled tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("capgraph")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capgraph",
        description="A knowledge graph of AI artifacts: capabilities, claims, what is true.",
    )
    parser.add_argument("--version", action="version", version=f"capgraph {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in (add_serve_parser, add_import_parser, add_export_parser, add_merge_parser,
                add_verify_parser, add_models_parser, add_tokens_parser, add_show_parser,
                add_compare_parser, add_alternatives_parser, add_search_parser,
                add_resolve_parser, add_explore_parser, add_query_parser):
        add(sub)
    return parser


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit finds no closed
    pipe to complain about."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(args, settings))
    except BrokenPipeError:
        _quiet_stdout()         # `capgraph export | head`: the reader had enough
        return BROKEN_PIPE
    except CapgraphError as exc:
        print(f"capgraph {args.command}: {exc}", file=sys.stderr)
        return 1
    except (ValueError, FileNotFoundError) as exc:
        print(f"capgraph {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
