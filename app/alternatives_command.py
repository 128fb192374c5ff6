"""`capgraph alternatives SLUG`: what else does what an artifact does, best first, and why."""

from __future__ import annotations

import argparse
import json

from app.stores import store_with_seeds
from graph.artifact_lookup import resolve_artifact
from graph.settings import Settings


def cmd_alternatives(args: argparse.Namespace, settings: Settings) -> int:
    from inference.intent_index import find_alternatives

    store = store_with_seeds(settings)
    try:
        artifact = resolve_artifact(store, args.artifact)
        if artifact is None:
            print(f"no artifact {args.artifact!r} in the {settings.store} store")
            return 1
        found = find_alternatives(store, artifact, args.first)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"artifact": a.slug, "score": a.score, "why": a.why, "shared": [
            {"capability": p.own, "theirs": p.theirs, "score": p.score, "lexical": p.lexical,
             "semantic": p.semantic, "words": list(p.words)} for p in a.shared],
            "claims": list(a.claims)} for a in found], indent=2))
        return 0
    if not found:
        print(f"nothing in the {settings.store} store is an alternative to "
              f"{artifact.props.get('slug')}")
        return 0
    for rank, alt in enumerate(found, 1):
        print(f"{rank}. {alt.slug}  {alt.score:.4f}  ({alt.why})")
    return 0


def add_alternatives_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    alternatives = sub.add_parser(
        "alternatives", help="what else does what an artifact does, best first, and why")
    alternatives.add_argument("artifact", help="a slug, name, alias or hub id")
    alternatives.add_argument("--first", type=int, default=5, help="how many (default 5)")
    alternatives.add_argument("--json", action="store_true", help="print JSON for scripts")
    alternatives.set_defaults(run=cmd_alternatives)
