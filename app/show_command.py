"""`capgraph show ARTIFACT [--json]`: one artifact as its page shows it — the rank with its
breakdown (each component's weight, value, points and what it came from), the capabilities
with their claims and verdicts, the model files and the sources it was imported from.

It reads the API's own `artifact` and `claims` (app/local_api.py), so the numbers are the
ones a frontend gets; the artifact is named as every command names one (`graph.references`).
"""

from __future__ import annotations

import argparse
import json
import textwrap
from collections import Counter
from typing import Any

from app.local_api import query_data
from app.stores import store_with_seeds
from app.table import table
from graph.global_ids import to_global_id
from graph.model import Label
from graph.settings import Settings

SHOW = """query Show($ref: String!, $claims: Int!) {
  artifact(slug: $ref) { id slug name type tagline stub
    rank { score basis computedScore weightsVersion explanation
      components { name weight value contribution note
        signals { name raw sourceUri } claims { id text verdict } }
      reported { name raw sourceUri } }
    capabilities { id title }
    modelFiles { hubId kind path attached }
    sources { uri kind title importedAt importedBy } }
  claims(first: $claims, artifact: $ref) { totalCount
    edges { node { id text verdict claimClass explanation capability { id } } } } }"""

CLAIMS_SHOWN = 100
"""Claims listed (the API's largest page); past it the output says how many more."""


def _number(value: float | None) -> str:
    """A number as the breakdown shows it: at most four digits, '-' for none.

    Example:
        >>> _number(12.0), _number(0.33333), _number(None)
        ('12', '0.3333', '-')
    """
    return "-" if value is None else f"{value:.4g}"


def _verdict(verdict: str | None) -> str:
    """A verdict in words: `not falsifiable`, `unchecked` for none."""
    return (verdict or "unchecked").lower().replace("_", " ")


def _rank_lines(rank: dict[str, Any]) -> list[str]:
    score = "no rank" if rank["score"] is None else f"{_number(rank['score'])}/100"
    lines = [f"Rank {score} ({rank['basis'].lower()}; weights {rank['weightsVersion']})"]
    lines += textwrap.wrap(rank["explanation"], width=96, initial_indent="  ",
                           subsequent_indent="  ")
    rows = [("component", "weight", "value", "points", "from")]
    for c in rank["components"]:
        came_from = "; ".join(s["raw"] or s["name"] for s in c["signals"]) or c["note"]
        rows.append((c["name"], _number(c["weight"]), _number(c["value"]),
                     _number(c["contribution"]), came_from))
    lines += ["", *table(rows, indent="  ")]
    moved = [(c["name"], claim) for c in rank["components"] for claim in c["claims"]
             if claim["verdict"] in ("REFUTED", "PARTIAL")]
    for name, claim in moved:
        lines.append(f"  {name} moved by {_verdict(claim['verdict'])}: {claim['text']}")
    for reported in rank["reported"]:
        lines.append(f"  reported {reported['name']} {reported['raw']} by "
                     f"{reported['sourceUri']}")
    return lines


def _claim_lines(artifact: dict[str, Any], claims: dict[str, Any]) -> list[str]:
    nodes = [e["node"] for e in claims["edges"]]
    by_capability: dict[str | None, list[dict[str, Any]]] = {}
    for claim in nodes:
        owner = claim["capability"]["id"] if claim["capability"] else None
        by_capability.setdefault(owner, []).append(claim)
    tally = Counter(_verdict(c["verdict"]) for c in nodes)
    counts = ", ".join(f"{n} {v}" for v, n in sorted(tally.items()))
    lines = [f"Capabilities ({len(artifact['capabilities'])}) and claims "
             f"({claims['totalCount']}{': ' + counts if counts else ''})"]
    groups = [(c["title"], by_capability.get(c["id"], [])) for c in artifact["capabilities"]]
    if None in by_capability:
        groups.append(("claims about the artifact itself", by_capability[None]))
    for title, owned in groups:
        lines.append(f"  {title}")
        for claim in owned:
            lines.append(f"    {_verdict(claim['verdict']):<15} {claim['text']}")
    if claims["totalCount"] > len(nodes):
        lines.append(f"  ... {claims['totalCount'] - len(nodes)} more claims: capgraph query "
                     f"'{{ claims(artifact: \"{artifact['slug']}\", first: 100, after: ...) "
                     "{ ... } }'")
    return lines


def as_text(data: dict[str, Any]) -> str:
    """The artifact as people read it."""
    artifact = data["artifact"]
    kind = f", {artifact['type']}" if artifact["type"] else ""
    stub = " (a stub: named by claims, listed by no page)" if artifact["stub"] else ""
    lines = [f"{artifact['name']} ({artifact['slug']}{kind}){stub}"]
    if artifact["tagline"]:
        lines.append(f"  {artifact['tagline']}")
    lines += [f"  id {artifact['id']}", "", *_rank_lines(artifact["rank"]), "",
              *_claim_lines(artifact, data["claims"])]
    if artifact["modelFiles"]:
        lines += ["", "Model files"]
        lines += [f"  {f['hubId']} ({f['kind']}{'' if f['attached'] else ', found by name'}) "
                  f"{f['path']}" for f in artifact["modelFiles"]]
    lines += ["", "Sources"]
    lines += [f"  {s['uri']} ({s['kind']}, imported {s['importedAt'] or 'at a time not recorded'}"
              f"{' by ' + s['importedBy'] if s['importedBy'] else ''})"
              for s in artifact["sources"]] or ["  none"]
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from graph.references import artifact_for

    store = store_with_seeds(settings, check=True)
    try:
        node = artifact_for(store, args.artifact)     # NotFound says what was given
        data = query_data(store, settings, SHOW, {"ref": to_global_id(Label.ARTIFACT, node.id),
                                                  "claims": CLAIMS_SHOWN})
    finally:
        store.close()
    print(json.dumps(data, indent=2, ensure_ascii=False) if args.json else as_text(data))
    return 0


def add_show_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    show = sub.add_parser("show", help="an artifact: rank with its breakdown, capabilities, "
                                       "claims with verdicts, model files, sources")
    show.add_argument("artifact", metavar="ARTIFACT",
                      help="an id, slug, name, alias or hub id")
    show.add_argument("--json", action="store_true",
                      help="print the API's artifact and claims as JSON, for scripts")
    show.set_defaults(run=cmd_show)
