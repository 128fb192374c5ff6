"""What a person or a client may give to name an artifact, a claim or any node, and the node
it names: one rule for every GraphQL field and every command.

An artifact reference is, in this order:

1. an id the API handed out (`Artifact.id`, a Relay global id, `graph.global_ids`) or a
   graph id (`artifact:<slug>`); an artifact merged away since is found by its old slug,
   now an alias of the one kept (`graph.merge`);
2. else what `graph.artifact_lookup.resolve_artifact` finds: a slug, a name (any case), an
   alias, a hub id (owner/name), or a short name only one artifact's slug begins with.

A claim has no name: a claim reference is the id the API handed out (`Claim.id`) or the
claim's graph id (`claim:...`). A node reference (a graph view's centre) is any node's id
the API hands out or its graph id, else an artifact reference. A token is never a node here.

`artifact_for`, `claim_for` and `node_for` raise `NotFound` naming what was given when it
names nothing (for an artifact, with the near names search suggests); `referenced_artifact`
and `referenced_claim` answer None instead, for fields whose answer may be null. An id of
another kind of node, or a claim reference that is no id at all, is a `ValueError` saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.artifact_lookup import find_artifact, resolve_artifact
from graph.errors import NotFound
from graph.global_ids import EXPOSED, decode_global_id, graph_id_of
from graph.model import Label, Node, slugify
from graph.search import did_you_mean

if TYPE_CHECKING:
    from collections.abc import Sequence

    from graph.store import ArtifactProfile, GraphStore

__all__ = ["artifact_for", "claim_for", "node_for", "profiles_for", "referenced_artifact",
           "referenced_claim", "referenced_node"]


def referenced_artifact(store: GraphStore, ref: str) -> Node | None:
    """The artifact `ref` names (see the module's order), or None."""
    text = _given(ref, "an artifact")
    graph_id, handed_out = _id_in(text, Label.ARTIFACT)
    if graph_id is not None:
        node = store.get_node(graph_id)
        if node is not None and node.label is Label.ARTIFACT:
            return node
        # ids are `artifact:<slug>`: a merged duplicate's slug lives on as an alias
        moved = find_artifact(store, graph_id.removeprefix("artifact:"))
        if moved is not None or handed_out:
            return moved        # an id names one artifact: no guessing past it
    return resolve_artifact(store, text)


def artifact_for(store: GraphStore, ref: str) -> Node:
    """The artifact `ref` names; `NotFound` naming `ref` (and near names) when none.

    Example:
        >>> from graph.embedded import EmbeddedStore
        >>> from graph.store import WriteBatch
        >>> store = EmbeddedStore()
        >>> store.apply(WriteBatch((Node("artifact:vega-2-pro", Label.ARTIFACT,
        ...     {"slug": "vega-2-pro", "name": "Vega.2 Pro"}),), ()))
        >>> artifact_for(store, "QXJ0aWZhY3Q6YXJ0aWZhY3Q6dmVnYS0yLXBybw==").props["name"]
        'Vega.2 Pro'
        >>> artifact_for(store, "Vgea 2 Pro")
        Traceback (most recent call last):
        ...
        graph.errors.NotFound: no artifact 'Vgea 2 Pro'; did you mean 'Vega.2 Pro'?
    """
    found = referenced_artifact(store, ref)
    if found is None:
        raise NotFound(f"no artifact {ref.strip()!r}{_suggested(store, ref)}")
    return found


def profiles_for(store: GraphStore, refs: Sequence[str]) -> list[ArtifactProfile]:
    """The profiles of the artifacts `refs` name, in order (`NotFound` as `artifact_for`):
    in one read when each is a slug or an artifact's id, as clients send them; the others
    are looked up by the artifact rule, then read."""
    # what is no slug (a name, a hub id) is looked up first, so one read takes them all
    slugs = [_slug_in(ref) or str(artifact_for(store, ref).props["slug"]) for ref in refs]
    found = {str(p.artifact.props["slug"]): p for p in store.profiles(slugs)}
    # a slug-shaped reference that is no slug ("trocr", a short name) is looked up after
    slugs = [slug if slug in found else str(artifact_for(store, ref).props["slug"])
             for ref, slug in zip(refs, slugs, strict=True)]
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        found.update((str(p.artifact.props["slug"]), p) for p in store.profiles(missing))
    return [found[slug] for slug in slugs]


def _slug_in(ref: str) -> str | None:
    """The slug `ref` is, or is the id of, if it can name an artifact by either (no read).

    Example:
        >>> _slug_in("vega-2-pro"), _slug_in("artifact:vega-2-pro"), _slug_in("Vega.2 Pro")
        ('vega-2-pro', 'vega-2-pro', None)
    """
    text = ref.strip()
    try:
        graph_id, _ = _id_in(text, Label.ARTIFACT)
    except ValueError:
        return None
    if graph_id is not None:
        return graph_id.removeprefix("artifact:")
    try:
        return text if text and slugify(text) == text else None
    except ValueError:
        return None


def referenced_claim(store: GraphStore, ref: str) -> Node | None:
    """The claim `ref` (an id) names, or None when no claim has that id."""
    text = _given(ref, "a claim")
    graph_id, _ = _id_in(text, Label.CLAIM)
    if graph_id is None:
        raise ValueError(f"{text!r} is not a claim's id: give the id the API returns "
                         "(Claim.id) or the claim's graph id (claim:...)")
    node = store.get_node(graph_id)
    return node if node is not None and node.label is Label.CLAIM else None


def claim_for(store: GraphStore, ref: str) -> Node:
    """The claim `ref` names; `NotFound` naming `ref` when no claim has that id."""
    found = referenced_claim(store, ref)
    if found is None:
        raise NotFound(f"no claim with id {ref.strip()!r}")
    return found


def referenced_node(store: GraphStore, ref: str) -> Node | None:
    """The node `ref` names: any node by the id the API hands out or its graph id, else an
    artifact by the artifact rule; None when nothing matches."""
    text = _given(ref, "a node")
    decoded = decode_global_id(text)
    graph_id = decoded[1] if decoded else _graph_id_form(text)
    if graph_id is not None:
        node = store.get_node(graph_id)
        if node is not None and node.label in EXPOSED:
            return node
        if decoded is not None and decoded[0] is not Label.ARTIFACT:
            return None
    return referenced_artifact(store, text)


def node_for(store: GraphStore, ref: str) -> Node:
    """The node `ref` names; `NotFound` naming `ref` (and near artifact names) when none."""
    found = referenced_node(store, ref)
    if found is None:
        raise NotFound(f"no node or artifact {ref.strip()!r}{_suggested(store, ref)}")
    return found


def _given(ref: str, what: str) -> str:
    text = ref.strip()
    if not text:
        raise ValueError(f"name {what}: the reference given is empty")
    return text


def _id_in(text: str, label: Label) -> tuple[str | None, bool]:
    """The graph id `text` gives for a node of `label` (and whether it was an id the API
    handed out), or (None, False) when `text` is no id; ValueError for another kind's id.

    Example:
        >>> _id_in("claim:vega-2-pro:0f", Label.CLAIM), _id_in("Vega.2 Pro", Label.ARTIFACT)
        (('claim:vega-2-pro:0f', False), (None, False))
        >>> _id_in("QXJ0aWZhY3Q6YXJ0aWZhY3Q6dmVnYS0yLXBybw==", Label.CLAIM)
        Traceback (most recent call last):
        ...
        ValueError: id 'QXJ0aWZhY3Q6YXJ0aWZhY3Q6dmVnYS0yLXBybw==' is an Artifact's id, not a Claim's
    """
    if decode_global_id(text) is not None:
        return graph_id_of(text, label.value), True
    if text.startswith(f"{label.value.lower()}:"):
        return text, False
    return None, False


def _graph_id_form(text: str) -> str | None:
    """`text` when it has the form of a shown node's graph id (`<label>:...`), else None."""
    prefix, sep, rest = text.partition(":")
    shown = {label.value.lower() for label in EXPOSED}
    return text if sep and rest and prefix in shown else None


def _suggested(store: GraphStore, ref: str) -> str:
    """"; did you mean 'A', 'B'?" with the near artifact names search finds, or "" (and
    always for an id: it was copied, not typed)."""
    text = ref.strip()
    if decode_global_id(text) is not None or _graph_id_form(text) is not None:
        return ""
    names = did_you_mean(store, text)
    return f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
