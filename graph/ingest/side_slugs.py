"""Which artifact each listing of a page is: its slug, decided against what the store holds.

A name's slug is its identity across pages (`graph.model.slugify`), but two listings of one
page are two artifacts even when their names slug alike, and a slug a merge made an alias
stands for the artifact kept. `default_slugs` is the answer for a store that holds none of a
page's names: what a worker process drafts a page with (`graph.ingest.drafts`) before the
importer asks the store (`side_slugs`) and keeps the draft when the two agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from graph.artifact_lookup import ArtifactKey, Lookup
from graph.ingest.page import ParsedPage
from graph.model import Node, artifact_id, distinct_slug, slugify


class SlugReads(Protocol):
    """The reads the choice of slugs needs (a `GraphStore` has them)."""

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]: ...

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]: ...


class _NoStore:
    """A store that holds nothing."""

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        return []

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]:
        return [[] for _ in lookups]


def default_slugs(page: ParsedPage) -> list[str]:
    """`side_slugs` for a store that holds none of the page's names (no store is read)."""
    return side_slugs(page, _NoStore())


def candidate_ids(page: ParsedPage) -> list[str]:
    """The artifact ids `side_slugs` reads: each listing's plain and distinct slug."""
    ids: list[str] = []
    for side in page.sides:
        slug = slugify(side.name)
        ids += [artifact_id(slug), artifact_id(distinct_slug(slug, side.name))]
    return list(dict.fromkeys(ids))


def side_slugs(page: ParsedPage, store: SlugReads) -> list[str]:
    """The slug of each listing on a page.

    A name's slug is its identity across pages (`graph.model.slugify`), but two listings of
    one page are two artifacts even when their names slug alike ("vega-2-pro" beside
    "Vega 2 Pro", each with its own rank). One keeps the plain slug: the one whose name
    the stored artifact of that slug has, else the one whose name is the slug itself, else
    the first listed; the others get `distinct_slug` (a digest of the exact name, so every
    page gives that name the same artifact). A name split off that way before keeps its slug.
    Listings with the very same name cannot be told apart and stay one artifact.
    """
    plain = [slugify(side.name) for side in page.sides]
    split = [distinct_slug(slug, side.name) for slug, side in zip(plain, page.sides, strict=True)]
    stored = {n.id: n for n in store.get_nodes(
        list(dict.fromkeys(artifact_id(s) for s in (*plain, *split))))}
    slugs = [alt if artifact_id(alt) in stored else slug
             for slug, alt in zip(plain, split, strict=True)]
    for slug in dict.fromkeys(slugs):
        at = [i for i, s in enumerate(slugs) if s == slug]
        names = {page.sides[i].name for i in at}
        if len(names) < 2:
            continue
        owner_name = stored[artifact_id(slug)].props.get("name") \
            if artifact_id(slug) in stored else None
        keeper = next((i for i in at if page.sides[i].name == owner_name), None)
        if keeper is None:
            keeper = next((i for i in at if page.sides[i].name == slug), at[0])
        for i in at:
            if page.sides[i].name != page.sides[keeper].name:
                slugs[i] = split[i]
    return _through_aliases(store, slugs)


def _through_aliases(store: SlugReads, slugs: list[str]) -> list[str]:
    """A slug that a merge made an alias of another artifact (`graph/merge.py`) stands for
    that artifact: importing a merged duplicate's page again updates the artifact kept, not
    a new copy of the duplicate. Where two listings of the page would become one, neither
    is moved."""
    absent = [s for s in dict.fromkeys(slugs)
              if not store.get_nodes([artifact_id(s)])]
    if not absent:
        return slugs
    owners = store.artifacts_by([(ArtifactKey.ALIAS, s) for s in absent])
    moved = {s: str(found[0].props["slug"])
             for s, found in zip(absent, owners, strict=True) if len(found) == 1}
    result = [moved.get(s, s) for s in slugs]
    return result if len(set(result)) == len(set(slugs)) else slugs
