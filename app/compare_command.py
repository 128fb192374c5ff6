"""`capgraph compare A B [--json]`: two artifacts side by side — the rows with who leads
(ties shown as ties), the verdict sentence by sentence with the rows each rests on, and how
many of each side's claims were checked.

It reads the API's own `compare` (app/local_api.py): the rows and the verdict are those a
frontend gets, written once in graph/comparison.py and graph/comparison_text.py.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Any

from app.local_api import query_data
from app.stores import store_with_seeds
from app.table import table
from graph.settings import Settings

COMPARE = """query Compare($a: String!, $b: String!) { compare(a: $a, b: $b) {
  left { id slug name } right { id slug name }
  rows { key label kind leader left { display } right { display } }
  verdict statements { kind side rows text }
  leftClaims { verdict count } rightClaims { verdict count } } }"""


def _leader(leader: str, left: str, right: str) -> str:
    """Who leads a row, in words: a side's name, `tie`, `differ` or `unknown`."""
    return {"LEFT": left, "RIGHT": right, "TIE": "tie", "DIFFERENT": "differ"}.get(
        leader, leader.lower())


def _claims(counts: list[dict[str, Any]]) -> str:
    """A side's checked claims: how many, then how many got each verdict.

    Example:
        >>> _claims([{"verdict": "NOT_FALSIFIABLE", "count": 2}, {"verdict": "REFUTED",
        ...          "count": 1}])
        '3: 2 not falsifiable, 1 refuted'
    """
    total = sum(c["count"] for c in counts)
    each = ", ".join(f"{c['count']} {c['verdict'].lower().replace('_', ' ')}" for c in counts)
    return f"{total}: {each}" if total else "none"


def _named(artifact: dict[str, Any]) -> str:
    name, slug = artifact["name"], artifact["slug"]
    return name if name == slug else f"{name} ({slug})"


def as_text(data: dict[str, Any]) -> str:
    """The comparison as people read it."""
    left, right = data["left"]["name"], data["right"]["name"]
    rows = [("", left, right, "leads")]
    rows += [(r["label"], r["left"]["display"], r["right"]["display"],
              _leader(r["leader"], left, right)) for r in data["rows"]]
    lines = [f"{_named(data['left'])} vs {_named(data['right'])}", "",
             *table(rows), "", "Verdict:"]
    labels = {r["key"]: r["label"] for r in data["rows"]}
    for statement in data["statements"]:
        rests = [labels.get(k, k) for k in statement["rows"]]
        on = f" [{'; '.join(rests)}]" if rests else ""
        lines += textwrap.wrap(statement["text"] + on, width=96, initial_indent="  ",
                               subsequent_indent="    ")
    lines += ["", "Claims checked:", *table([(left, _claims(data["leftClaims"])),
                                             (right, _claims(data["rightClaims"]))], "  ")]
    return "\n".join(lines)


def cmd_compare(args: argparse.Namespace, settings: Settings) -> int:
    store = store_with_seeds(settings, check=True)
    try:
        data = query_data(store, settings, COMPARE, {"a": args.a, "b": args.b})["compare"]
    finally:
        store.close()
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else as_text(data))
    return 0


def add_compare_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    compare = sub.add_parser(
        "compare", help="two artifacts side by side: rows with who leads, and the verdict")
    compare.add_argument("a", metavar="A", help="an artifact: id, slug, name, alias or hub id")
    compare.add_argument("b", metavar="B", help="the other artifact, named the same ways")
    compare.add_argument("--json", action="store_true",
                         help="print the API's compare result as JSON, for scripts")
    compare.set_defaults(run=cmd_compare)
