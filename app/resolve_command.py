"""`capgraph resolve "INTENT"`: which artifacts meet a need, best first, and why."""

from __future__ import annotations

import argparse
import json

from app.stores import store_with_seeds
from graph.settings import Settings


def cmd_resolve(args: argparse.Namespace, settings: Settings) -> int:
    from inference.intent_index import resolve_intent

    store = store_with_seeds(settings)
    try:
        matches = resolve_intent(store, args.intent, args.first)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"artifact": m.slug, "score": m.score, "evidence": [
            {"text": i.text, "capability": i.capability, "lexical": lx, "semantic": sm,
             "words": list(w)} for i, lx, sm, w in m.items]} for m in matches], indent=2))
        return 0
    if not matches:
        print(f"nothing in the {settings.store} store meets {args.intent!r}")
        return 0
    for rank, match in enumerate(matches, 1):
        item, _lexical, semantic, words = match.items[0]
        why = f"words {', '.join(words)}; " if words else ""
        print(f"{rank}. {match.slug}  {match.score:.2f}  ({why}meaning {semantic:.2f}: "
              f"{item.text[:80]})")
    return 0


def add_resolve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    resolve = sub.add_parser("resolve", help="which artifacts meet a need, best first, and why")
    resolve.add_argument("intent", help='the need in plain words ("read handwritten notes")')
    resolve.add_argument("--first", type=int, default=5, help="how many (default 5)")
    resolve.add_argument("--json", action="store_true", help="print JSON for scripts")
    resolve.set_defaults(run=cmd_resolve)
