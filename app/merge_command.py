"""`capgraph merge KEEP DUPLICATE [--json]`: merge a duplicate artifact into the one kept
(`graph.merge`), recorded as merged by `local:<user>`; each side is any artifact reference
(`graph.references`: an id the API gave out, a slug, name, alias or hub id)."""

from __future__ import annotations

import argparse
import getpass
import json

from app.stores import open_store, store_description
from graph.settings import Settings


def cmd_merge(args: argparse.Namespace, settings: Settings) -> int:
    from graph.clock import now_iso
    from graph.merge import merge_artifacts

    store = open_store(settings)
    try:
        result = merge_artifacts(store, args.keep, args.duplicate,
                                 merged_by=f"local:{getpass.getuser()}", now=now_iso())
    finally:
        store.close()
    kept, where = str(result.kept.props["slug"]), store_description(settings)
    if args.json:
        print(json.dumps({"store": where, "kept": kept, "merged": result.merged_slug,
                          "movedEdges": result.moved_edges,
                          "movedClaims": result.moved_claims}, indent=2))
        return 0
    print(f"merged {result.merged_slug} into {kept}: {result.moved_edges} edges and "
          f"{result.moved_claims} claims moved; '{result.merged_slug}' now finds {kept} "
          f"(in {where})")
    return 0


def add_merge_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    merge = sub.add_parser("merge", help="merge a duplicate artifact into the one kept")
    merge.add_argument("keep", help="the artifact kept: an id, slug, name, alias or hub id")
    merge.add_argument("duplicate", help="the duplicate (named the same ways): its edges, "
                       "claims and sources move to KEEP, its slug and name become aliases")
    merge.add_argument("--json", action="store_true", help="print JSON for scripts")
    merge.set_defaults(run=cmd_merge)
