"""resolvers/loaders.py: one store call per batch of keys, cached for the request."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from graph.embedded import EmbeddedStore
from graph.model import Label, Node
from graph.store import ArtifactProfile
from resolvers.loaders import (
    BatchLoader,
    artifact_loader,
    claim_loader,
    evidence_loader,
    mention_loader,
    node_loader,
    profile_loader,
)


def test_a_primed_batch_is_one_read_and_each_key_is_read_once() -> None:
    reads: list[list[str]] = []

    def fetch(keys: Sequence[str]) -> dict[str, int]:
        reads.append(list(keys))
        return {k: len(k) for k in keys if k != "gone"}

    loader = BatchLoader(fetch, missing=lambda: -1)
    loader.prime(["a", "bb", "a", "gone"])
    assert [loader.get(k) for k in ("a", "bb", "gone")] == [1, 2, -1]
    loader.prime(["a", "ccc"])
    assert loader.get("ccc") == 3
    assert reads == [["a", "bb", "gone"], ["ccc"]]


def test_a_missing_list_is_a_fresh_list_per_key() -> None:
    loader: BatchLoader[str, list[int]] = BatchLoader(lambda keys: {}, missing=list)
    loader.get("a").append(1)
    assert loader.get("b") == []


def test_store_loaders_read_the_seed(seeded: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
                                     ) -> None:
    profiles = profile_loader(seeded)
    calls: list[Sequence[str]] = []
    real = seeded.profiles

    def counting(slugs: Sequence[str]) -> list[ArtifactProfile]:
        calls.append(slugs)
        return real(slugs)

    monkeypatch.setattr(seeded, "profiles", counting)
    profiles.prime(["trocr-base-handwritten", "flux-1-pro", "nope"])
    trocr = profiles.get("trocr-base-handwritten")
    assert trocr is not None and profiles.get("nope") is None
    assert len(calls) == 1                                   # three slugs, one read

    capability = trocr.capabilities[0]
    claims = claim_loader(seeded).get(capability.id)
    assert claims and all(c.label is Label.CLAIM for c in claims)
    assert evidence_loader(seeded).get(claims[0].id) == []   # nothing checked yet
    assert node_loader(seeded).get(capability.id) == capability
    assert node_loader(seeded).get("no-such-id") is None
    by_name = artifact_loader(seeded).get("FLUX.1 Pro")
    assert by_name is not None and by_name.props["slug"] == "flux-1-pro"


def test_mentions_are_the_artifacts_a_claim_names(seeded: EmbeddedStore) -> None:
    mentions = mention_loader(seeded)
    named = [(c, mentions.get(c.id)) for c in _all_claims(seeded)]
    assert any(found for _, found in named), "the seed names alternatives (Tesseract...)"
    assert all(n.label is Label.ARTIFACT for _, found in named for n in found)


def _all_claims(store: EmbeddedStore) -> list[Node]:
    profile = store.profiles(["trocr-base-handwritten"])[0]
    found = store.claims_of([c.id for c in profile.capabilities])
    return [claim for claims in found.values() for claim in claims]
