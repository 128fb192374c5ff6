"""Merging a duplicate artifact into the one kept ("ChatGPT4" into "ChatGPT",
"mcp-microsoft-playwright-mcp" into "playwright-mcp"), once for both stores.

`merge_artifacts(store, keep, duplicate)` writes one batch (all or nothing) built from the
seam's reads, so both stores merge alike:

- every edge of the duplicate moves to the artifact kept (its signals, capabilities, the
  claims that mention it, its model files, and its own `FROM` edges: the kept artifact now
  cites the duplicate's sources too, so every fact keeps its source);
- the duplicate's claims move under the kept artifact's key (`claim:<kept slug>:...`, the
  same digest), with their evidence, so its claim listing and its rank read them;
  the capabilities, signals and model files that named the duplicate's slug name the kept one;
- the duplicate's slug, its name's slug and its aliases become aliases of the kept
  artifact, so looking up the old slug or name finds the kept one (`find_artifact`);
- the kept artifact records the merge (`merged_from`, `merged_by`, `merged_at`), is a stub
  only if both were, and its stored rank is recomputed from everything it now has;
- the duplicate node is removed.

A merged claim's global id changes with its key (its old id is not found afterwards).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass

from graph.model import Edge, Label, Node, WriteBatch, slugify
from graph.ranking import ranked_artifact
from graph.references import artifact_for
from graph.store import ArtifactProfile, GraphStore

MAX_MERGED_CLAIMS = 100_000
"""The most claims one merge moves (an artifact has a few hundred)."""


class MergeRefused(ValueError):
    """A merge that cannot be done (an artifact into itself); nothing was written."""


@dataclass(frozen=True)
class MergeResult:
    """What a merge wrote: the kept artifact as stored, and what moved to it."""

    kept: Node
    merged_slug: str
    moved_edges: int
    moved_claims: int


def merge_artifacts(
    store: GraphStore, keep: str, duplicate: str, *, merged_by: str, now: str,
) -> MergeResult:
    """Merge the artifact `duplicate` names into the one `keep` names (any artifact
    reference: an id the API gave out, a slug, name, alias or hub id; `graph.references`).

    Raises:
        NotFound: either name finds no artifact.
        MergeRefused: both name the same artifact.
    """
    kept = artifact_for(store, keep)
    dup = artifact_for(store, duplicate)
    if kept.id == dup.id:
        raise MergeRefused(f"{keep!r} and {duplicate!r} are the same artifact "
                           f"({kept.props['slug']}): nothing to merge")
    kept_slug, dup_slug = str(kept.props["slug"]), str(dup.props["slug"])
    claims = store.list_claims(first=MAX_MERGED_CLAIMS, artifact=dup_slug).nodes
    renamed = {dup.id: kept.id}
    old_prefix, new_prefix = f"claim:{dup_slug}:", f"claim:{kept_slug}:"
    for claim in claims:
        if claim.id.startswith(old_prefix):
            renamed[claim.id] = new_prefix + claim.id[len(old_prefix):]
    around = store.incident(list(renamed), None)
    neighbours = sorted({other for pairs in around.values() for other, _ in pairs} - set(renamed))
    among = store.subgraph_among([*renamed, *neighbours], None)
    edges = {}
    for edge in among.edges:
        if edge.src not in renamed and edge.dst not in renamed:
            continue
        src, dst = renamed.get(edge.src, edge.src), renamed.get(edge.dst, edge.dst)
        if src != dst:
            moved = Edge(edge.type, src, dst, edge.props)
            edges[moved.key] = moved
    nodes: dict[str, Node] = {}
    for claim in claims:
        if claim.id in renamed:
            nodes[renamed[claim.id]] = Node(renamed[claim.id], Label.CLAIM,
                                            _renamed_props(claim.props, dup_slug, kept_slug,
                                                           renamed))
    for node in among.nodes:
        if node.id in renamed or node.label is Label.ARTIFACT:
            continue
        props = _renamed_props(node.props, dup_slug, kept_slug, renamed)
        if props != dict(node.props):
            nodes[node.id] = Node(node.id, node.label, props)
    merged = _merged_artifact(kept, dup, merged_by=merged_by, now=now)
    nodes[kept.id] = _reranked(store, merged, kept_slug, dup_slug, nodes)
    store.apply(WriteBatch(tuple(nodes.values()), tuple(edges.values()),
                           tuple(renamed)))
    return MergeResult(nodes[kept.id], dup_slug, len(edges), len(renamed) - 1)


def _renamed_props(
    props: Mapping[str, object], old_slug: str, new_slug: str, renamed: Mapping[str, str],
) -> dict[str, object]:
    """A node's properties with the duplicate's slug and the renamed ids replaced."""
    result = dict(props)
    if result.get("artifact") == old_slug:
        result["artifact"] = new_slug
    for key in ("claim", "capability"):
        value = result.get(key)
        if isinstance(value, str) and value in renamed:
            result[key] = renamed[value]
    return result


def _merged_artifact(kept: Node, dup: Node, *, merged_by: str, now: str) -> Node:
    props = dict(kept.props)
    slug = str(kept.props["slug"])
    names = [str(dup.props["slug"]), *map(str, dup.props.get("aliases") or ())]
    with suppress(ValueError):               # a name with no letters gives no slug
        names.append(slugify(str(dup.props["name"])))
    aliases = [str(a) for a in kept.props.get("aliases") or ()]
    props["aliases"] = list(dict.fromkeys(a for a in (*aliases, *names) if a != slug))
    props["merged_from"] = [*map(str, kept.props.get("merged_from") or ()),
                            str(dup.props["slug"])]
    props["merged_by"] = merged_by
    props["merged_at"] = now
    if not (kept.props.get("stub") and dup.props.get("stub")):
        props.pop("stub", None)
    for key, value in dup.props.items():      # what only the duplicate knew (type, tagline)
        if key not in props and key not in ("slug", "name") and not key.startswith("rank"):
            props[key] = value
    return Node(kept.id, Label.ARTIFACT, props)


def _reranked(
    store: GraphStore, merged: Node, kept_slug: str, dup_slug: str, written: Mapping[str, Node],
) -> Node:
    """The merged artifact with its stored rank computed from both profiles."""
    profiles = {p.artifact.props["slug"]: p for p in store.profiles([kept_slug, dup_slug])}
    parts = [profiles[s] for s in (kept_slug, dup_slug) if s in profiles]
    checked = {c.id: c for p in parts for c in p.checked_claims}
    claims = tuple(sorted(
        (written.get(_moved(c.id, dup_slug, kept_slug), c) for c in checked.values()),
        key=lambda n: n.id))
    profile = ArtifactProfile(
        merged,
        tuple({s.id: s for p in parts for s in p.signals}.values()),
        {k: v for p in parts for k, v in p.sources.items()},
        tuple({c.id: c for p in parts for c in p.capabilities}.values()),
        claims,
    )
    return ranked_artifact(profile)


def _moved(claim_id: str, old_slug: str, new_slug: str) -> str:
    prefix = f"claim:{old_slug}:"
    return f"claim:{new_slug}:{claim_id[len(prefix):]}" if claim_id.startswith(prefix) \
        else claim_id
