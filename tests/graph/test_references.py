"""graph/references.py: what names an artifact, a claim or a node, on both stores (the seed
imported): the ids the API hands out, graph ids, slugs, names, short names, and the errors."""

from __future__ import annotations

import pytest

from graph.access import Scope, create_token
from graph.errors import NotFound
from graph.global_ids import to_global_id
from graph.ingest.importer import import_files
from graph.merge import merge_artifacts
from graph.model import EdgeType, Label
from graph.references import (
    artifact_for,
    claim_for,
    node_for,
    referenced_artifact,
    referenced_claim,
)
from graph.store import GraphStore
from tests.conftest import SEED

NOW = "2026-12-02T00:00:00+00:00"


@pytest.fixture
def seeded(store: GraphStore) -> GraphStore:
    import_files(store, [SEED])
    return store


def a_claim_id(store: GraphStore) -> str:
    return store.list_claims(first=1, offset=0, artifact="flux-1-pro").nodes[0].id


def test_an_artifact_is_named_by_its_api_id_graph_id_slug_name_or_short_name(
    seeded: GraphStore,
) -> None:
    relay = to_global_id(Label.ARTIFACT, "artifact:flux-1-pro")
    for ref in (relay, relay.rstrip("="), f"  {relay}\n", "artifact:flux-1-pro", "flux-1-pro",
                "flux.1 pro", "FLUX.1 Pro", "flux"):
        assert artifact_for(seeded, ref).id == "artifact:flux-1-pro", ref
    assert artifact_for(seeded, "trocr").props["slug"] == "trocr-base-handwritten"


def test_an_unknown_artifact_is_named_in_the_error_with_near_names(seeded: GraphStore) -> None:
    with pytest.raises(NotFound, match=r"^no artifact 'FLUX\.1 Por'; did you mean 'FLUX\.1 Pro'"):
        artifact_for(seeded, "FLUX.1 Por")
    with pytest.raises(NotFound, match=r"^no artifact 'qwertyuiop'$"):
        artifact_for(seeded, "qwertyuiop")
    gone = to_global_id(Label.ARTIFACT, "artifact:never-imported")
    with pytest.raises(NotFound, match=f"^no artifact '{gone}'$"):     # no guessing past an id
        artifact_for(seeded, gone)
    assert referenced_artifact(seeded, "qwertyuiop") is None
    with pytest.raises(ValueError, match="empty"):
        artifact_for(seeded, "  ")


def test_an_id_of_another_kind_says_what_it_is(seeded: GraphStore) -> None:
    claim = to_global_id(Label.CLAIM, a_claim_id(seeded))
    with pytest.raises(ValueError, match="is a Claim's id, not an Artifact's"):
        artifact_for(seeded, claim)
    artifact = to_global_id(Label.ARTIFACT, "artifact:flux-1-pro")
    with pytest.raises(ValueError, match="is an Artifact's id, not a Claim's"):
        claim_for(seeded, artifact)
    with pytest.raises(ValueError, match="not a claim's id"):
        claim_for(seeded, "FLUX.1 Pro")


def test_a_claim_is_named_by_its_api_id_or_graph_id(seeded: GraphStore) -> None:
    graph_id = a_claim_id(seeded)
    assert claim_for(seeded, to_global_id(Label.CLAIM, graph_id)).id == graph_id
    assert claim_for(seeded, graph_id).id == graph_id
    missing = to_global_id(Label.CLAIM, "claim:flux-1-pro:0")
    assert referenced_claim(seeded, missing) is None
    with pytest.raises(NotFound, match="no claim with id"):
        claim_for(seeded, missing)


def test_a_node_is_any_shown_node_by_id_or_an_artifact_by_name(seeded: GraphStore) -> None:
    owned = seeded.outgoing(["artifact:flux-1-pro"], EdgeType.HAS_CAPABILITY)
    cap_id = owned["artifact:flux-1-pro"][0].id
    assert node_for(seeded, to_global_id(Label.CAPABILITY, cap_id)).id == cap_id
    assert node_for(seeded, cap_id).id == cap_id
    assert node_for(seeded, "FLUX.1 Pro").id == "artifact:flux-1-pro"
    _, token = create_token(seeded, "reader", [Scope.READ], created_by="test")
    with pytest.raises(NotFound, match="no node or artifact 'token:"):
        node_for(seeded, token.id)      # a token is never shown, by any name


def test_a_merged_duplicate_s_id_finds_the_artifact_kept(seeded: GraphStore) -> None:
    merge_artifacts(seeded, "flux-1-pro", "dall-e-3", merged_by="test", now=NOW)
    old = to_global_id(Label.ARTIFACT, "artifact:dall-e-3")
    assert artifact_for(seeded, old).id == "artifact:flux-1-pro"
    assert node_for(seeded, old).id == "artifact:flux-1-pro"
