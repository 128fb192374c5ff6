"""How a name or a slug finds its artifact, in one order for every store and every caller.

The order: the text as a slug; as a name (case-insensitive; the smallest id wins a shared name);
then the slug the text gives (`slugify`), as a slug and then as a recorded alias. A store answers
`artifacts_by`, several lookups in one read; the alias, the costly one, is asked only when the
others find nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol

from graph.model import Node, slugify


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
        >>> [[f"{key}={value}" for key, value in r] for r in lookup_rounds("FLUX.1 Pro")]
        [['slug=FLUX.1 Pro', 'name=flux.1 pro', 'slug=flux-1-pro'], ['alias=flux-1-pro']]
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
