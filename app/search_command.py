"""`capgraph search QUERY [--types ...] [--first N] [--json]`: search the configured store
(seeds loaded as `capgraph query` loads them) for artifacts, capabilities and claims."""

from __future__ import annotations

import argparse
import json

from app.stores import store_with_seeds
from graph.model import Label
from graph.search import SearchHit, SearchResult, search
from graph.settings import Settings

_TYPES = {label.value.lower(): label for label in (Label.ARTIFACT, Label.CAPABILITY, Label.CLAIM)}


def _labels(text: str | None) -> list[Label]:
    if not text:
        return list(_TYPES.values())
    labels = []
    for name in text.split(","):
        key = name.strip().lower().removesuffix("s")
        if key.endswith("capabilitie"):
            key = "capability"
        if key not in _TYPES:
            raise ValueError(f"--types: {name.strip()!r} is not one of {', '.join(_TYPES)}")
        labels.append(_TYPES[key])
    return labels


def _title(hit: SearchHit) -> str:
    props = hit.node.props
    if hit.node.label is Label.ARTIFACT:
        return f"{props.get('name')} ({props.get('slug')})"
    if hit.node.label is Label.CAPABILITY:
        name = props.get("name") or str(props.get("description", ""))[:60]
        return f"{name} — of {props.get('artifact')}"
    return f"claim of {props.get('artifact')}"


def _as_json(result: SearchResult, first: int) -> str:
    return json.dumps({
        "terms": list(result.terms), "total": len(result.hits),
        "didYouMean": list(result.did_you_mean),
        "hits": [{"id": h.node.id, "type": h.node.label.value, "score": h.score,
                  "resolved": h.resolved, "matchedTerms": list(h.matched),
                  "highlights": [{"field": x.field, "snippet": x.snippet, "marked": x.marked(),
                                  "spans": [list(s) for s in x.spans], "terms": list(x.terms)}
                                 for x in h.highlights]}
                 for h in result.hits[:first]],
    }, indent=2, ensure_ascii=False)


def _as_text(result: SearchResult, first: int) -> str:
    lines = []
    for hit in result.hits[:first]:
        named = "  (named by the query)" if hit.resolved else ""
        lines.append(f"{hit.score:.3f}  {hit.node.label.value:<10} {_title(hit)}{named}")
        for highlight in hit.highlights:
            lines.append(f"       {highlight.field}: {highlight.marked('[', ']')}")
    if len(result.hits) > first:
        lines.append(f"... {len(result.hits) - first} more (--first N)")
    if not result.hits:
        lines.append(f"no hits for {' '.join(result.terms) or 'that'}")
    if result.did_you_mean:
        lines.append("did you mean: " + ", ".join(result.did_you_mean))
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    labels = _labels(args.types)
    if args.first < 1:
        raise ValueError(f"--first must be at least 1, got {args.first}")
    store = store_with_seeds(settings)
    try:
        result = search(store, args.query, labels)
    finally:
        store.close()
    print(_as_json(result, args.first) if args.json else _as_text(result, args.first))
    return 0 if result.hits else 1


def add_search_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("search", help="search artifacts, capabilities and claims "
                                           "(hub ids and short names resolve)")
    parser.add_argument("query", help="words, a name, a slug or a hub id (owner/name)")
    parser.add_argument("--types", metavar="T1,T2",
                        help="comma-separated: artifact, capability, claim (default: all)")
    parser.add_argument("--first", type=int, default=10, help="hits to print (default 10)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.set_defaults(run=cmd_search)
