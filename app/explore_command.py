"""`capgraph explore NODE [--depth N] [--edge-types T1,T2] [--json]`: the subgraph around a
node (any node's id, or an artifact's slug, name, alias or hub id), read through the API's
own `explore` (app/local_api.py): its nodes by label, and its edges."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from typing import Any

from app.local_api import query_data
from app.stores import store_with_seeds
from graph.model import EdgeType
from graph.settings import Settings

EXPLORE = """query Explore($id: ID!, $depth: Int!, $types: [EdgeType!]) {
  explore(id: $id, depth: $depth, edgeTypes: $types) { center depth truncated
    nodes { id graphId label title } edges { type source target } } }"""


def _edge_types(text: str | None) -> list[str] | None:
    if not text:
        return None
    names = [n.strip().upper() for n in text.split(",") if n.strip()]
    known = {t.name for t in EdgeType}
    for name in names:
        if name not in known:
            raise ValueError(f"--edge-types: {name!r} is not one of {', '.join(sorted(known))}")
    return names


def as_text(view: dict[str, Any]) -> str:
    """The subgraph as people read it: the centre, the nodes by label, then the edges."""
    titles = {n["id"]: n["title"] for n in view["nodes"]}
    center = next(n for n in view["nodes"] if n["id"] == view["center"])
    lines = [f"{center['label']} {center['title']} ({center['graphId']}), depth "
             f"{view['depth']}: {len(view['nodes'])} nodes, {len(view['edges'])} edges"
             + (" (cut at the node cap)" if view["truncated"] else "")]
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in view["nodes"]:
        if node["id"] != view["center"]:
            by_label[node["label"]].append(node["title"])
    for label, found in sorted(by_label.items()):
        lines.append(f"  {label} ({len(found)})")
        lines += [f"    {title[:100]}" for title in sorted(found)]
    lines.append("  edges")
    lines += [f"    {titles[e['source']][:45]} -{e['type']}-> {titles[e['target']][:45]}"
              for e in view["edges"]]
    return "\n".join(lines)


def cmd_explore(args: argparse.Namespace, settings: Settings) -> int:
    types = _edge_types(args.edge_types)
    store = store_with_seeds(settings)
    try:
        view = query_data(store, settings, EXPLORE, {"id": args.node, "depth": args.depth,
                                                     "types": types})["explore"]
    finally:
        store.close()
    print(json.dumps(view, indent=2, ensure_ascii=False) if args.json else as_text(view))
    return 0


def add_explore_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    explore = sub.add_parser("explore", help="the subgraph around a node or an artifact")
    explore.add_argument("node", metavar="NODE", help="any node's id (as the API gives it), "
                         "or an artifact's slug, name, alias or hub id")
    explore.add_argument("--depth", type=int, default=1, help="hops from the node (default 1)")
    explore.add_argument("--edge-types", metavar="T1,T2",
                         help="comma-separated edge types to follow (default: all)")
    explore.add_argument("--json", action="store_true", help="print the API's view as JSON")
    explore.set_defaults(run=cmd_explore)
