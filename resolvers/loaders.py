"""One batch loader for every per-request read: keys gathered, one store call, cached.

A page of fifty artifacts needs fifty profiles, a page of claims their evidence: a
resolver `prime`s the loader with every key it is about to need (one store call for all
of them), and each field then `get`s its own. A key nobody primed is read alone. A
loader lives for one request (`schema.context.Context`), so nothing stale outlives it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

from graph.claim_facts import EVIDENCE_EDGES
from graph.model import EdgeType, Label, Node
from graph.store import ArtifactProfile, GraphStore

K = TypeVar("K")
V = TypeVar("V")


class BatchLoader(Generic[K, V]):
    """Values by key, read in batches through `fetch` (keys -> the values it found).

    Example:
        >>> calls = []
        >>> def double(keys):
        ...     calls.append(list(keys))
        ...     return {k: 2 * k for k in keys if k > 0}
        >>> loader = BatchLoader(double, missing=lambda: 0)
        >>> loader.prime([1, 2, 2, -1])
        >>> loader.get(2), loader.get(-1), loader.get(3)
        (4, 0, 6)
        >>> calls                      # one read for the primed keys, one for the stray
        [[1, 2, -1], [3]]
    """

    def __init__(self, fetch: Callable[[Sequence[K]], Mapping[K, V]],
                 missing: Callable[[], V]) -> None:
        self._fetch = fetch
        self._missing = missing          # the value of a key `fetch` found nothing for
        self._values: dict[K, V] = {}

    def prime(self, keys: Iterable[K]) -> None:
        """Read every key not read yet, in one call."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self._values]
        if not wanted:
            return
        found = self._fetch(wanted)
        for key in wanted:
            self._values[key] = found[key] if key in found else self._missing()

    def put(self, key: K, value: V) -> None:
        """A value read some other way (a read that found the key and its value at once)."""
        self._values[key] = value

    def get(self, key: K) -> V:
        self.prime([key])
        return self._values[key]


def profile_loader(store: GraphStore) -> BatchLoader[str, ArtifactProfile | None]:
    """Artifact profiles (node, signals, sources, capabilities) by slug."""
    def fetch(slugs: Sequence[str]) -> dict[str, ArtifactProfile | None]:
        return {str(p.artifact.props["slug"]): p for p in store.profiles(slugs)}
    return BatchLoader(fetch, missing=lambda: None)


def claim_loader(store: GraphStore) -> BatchLoader[str, list[Node]]:
    """The claims of each capability, by capability id."""
    def fetch(ids: Sequence[str]) -> dict[str, list[Node]]:
        return {k: list(v) for k, v in store.claims_of(ids).items()}
    return BatchLoader(fetch, missing=list)


def evidence_loader(store: GraphStore) -> BatchLoader[str, list[tuple[EdgeType, Node]]]:
    """The evidence of each claim with how it bears on it, by claim id."""
    def fetch(ids: Sequence[str]) -> dict[str, list[tuple[EdgeType, Node]]]:
        return {k: list(v) for k, v in store.incoming(ids, EVIDENCE_EDGES).items()}
    return BatchLoader(fetch, missing=list)


def node_loader(store: GraphStore) -> BatchLoader[str, Node | None]:
    """Any node by id."""
    def fetch(ids: Sequence[str]) -> dict[str, Node | None]:
        return {n.id: n for n in store.get_nodes(ids)}
    return BatchLoader(fetch, missing=lambda: None)


def artifact_loader(store: GraphStore) -> BatchLoader[str, Node | None]:
    """Artifacts by slug or name (the store's own fallback order, one look-up each)."""
    def fetch(names: Sequence[str]) -> dict[str, Node | None]:
        return {name: store.find_artifact(name) for name in names}
    return BatchLoader(fetch, missing=lambda: None)


def mention_loader(store: GraphStore) -> BatchLoader[str, list[Node]]:
    """The artifacts each claim names (MENTIONS), by claim id."""
    def fetch(ids: Sequence[str]) -> dict[str, list[Node]]:
        return {claim_id: [n for n in store.neighbourhood(claim_id, 1, [EdgeType.MENTIONS]).nodes
                           if n.label is Label.ARTIFACT]
                for claim_id in ids}
    return BatchLoader(fetch, missing=list)
