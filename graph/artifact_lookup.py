"""How a name or a slug finds its artifact, in one order for every store and every caller.

The order: the text as a slug; as a name (case-insensitive; the smallest id wins a shared name);
then the slug the text gives (`slugify`), as a slug and then as a recorded alias. A store answers
`artifacts_by`, several lookups in one read; the alias, the costly one, is asked only when the
others find nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from graph.model import Label, Node, slugify

if TYPE_CHECKING:
    from graph.store import GraphStore


class ArtifactKey(StrEnum):
    SLUG = "slug"
    NAME = "name"      # the case-folded name
    ALIAS = "alias"


Lookup = tuple[ArtifactKey, str]


class ArtifactLookups(Protocol):
    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]:
        """For each (key, value), the artifacts whose key has that value."""


def lookup_rounds(text: str) -> list[list[Lookup]]:
    """The lookups `find_artifact` makes for `text`, in rounds, in order within each.

    Example:
        >>> [[f"{key}={value}" for key, value in r] for r in lookup_rounds("Vega.2 Pro")]
        [['slug=Vega.2 Pro', 'name=vega.2 pro', 'slug=vega-2-pro'], ['alias=vega-2-pro']]
    """
    first: list[Lookup] = [(ArtifactKey.SLUG, text), (ArtifactKey.NAME, text.casefold())]
    try:
        slug = slugify(text)
    except ValueError:
        return [first]
    return [[*first, (ArtifactKey.SLUG, slug)], [(ArtifactKey.ALIAS, slug)]]


def find_artifact(store: ArtifactLookups, text: str) -> Node | None:
    """The artifact `text` names (see the module's order), or None."""
    for lookups in lookup_rounds(text):
        for found in store.artifacts_by(lookups):
            if found:
                return min(found, key=lambda n: n.id)
    return None


SHORT_NAME_CANDIDATES = 50
"""Artifacts a short name is checked against; more than this and it is ambiguous anyway."""


def resolve_artifact(store: GraphStore, text: str) -> Node | None:
    """`find_artifact`, then what people type for a model: a hub id (`owner/name`: the
    artifact its model files were attached as, else the one `name` finds), then a short name
    that begins exactly one artifact's slug (`quill` -> `quill-base-handwritten`; `vega`,
    which begins two, finds nothing). Not for resolving mentions: a short name is a guess.
    """
    found = find_artifact(store, text)
    if found is not None:
        return found
    text = text.strip()
    if "/" in text:
        owner_name = text.strip("/")
        for files in store.nodes_with(Label.MODEL_FILES, "hub_id", [owner_name]):
            found = find_artifact(store, str(files.props.get("artifact", "")))
            if found is not None:
                return found
        found = find_artifact(store, owner_name.rsplit("/", 1)[-1])
        if found is not None:
            return found
        text = owner_name.rsplit("/", 1)[-1]
    return _by_short_name(store, text)


def _by_short_name(store: GraphStore, text: str) -> Node | None:
    """The one artifact whose slug or an alias begins with `text`'s slug, word for word."""
    try:
        short = slugify(text)
    except ValueError:
        return None
    first_word = short.split("-", 1)[0]
    ids = store.text_candidates([first_word], [Label.ARTIFACT],
                                limit=SHORT_NAME_CANDIDATES + 1).get(first_word, [])
    if len(ids) > SHORT_NAME_CANDIDATES:
        return None

    def begins(key: object) -> bool:
        return isinstance(key, str) and (key == short or key.startswith(short + "-"))

    matches = [node for node in store.get_nodes(ids)
               if begins(node.props.get("slug"))
               or any(begins(alias) for alias in node.props.get("aliases") or ())]
    return matches[0] if len(matches) == 1 else None
