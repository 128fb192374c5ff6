"""resolvers/artifacts.py: look-ups by slug or name, pages, and global ids."""

from __future__ import annotations

import pytest

from graph.store import ArtifactOrder
from resolvers.artifacts import artifact, artifacts, capability, node
from schema.context import Context
from schema.types import Artifact, Capability


def test_an_artifact_is_found_by_slug_or_name(context: Context) -> None:
    by_slug, by_name = artifact(context, "flux-1-pro"), artifact(context, "FLUX.1 Pro")
    assert by_slug is not None and by_name is not None and by_slug.id == by_name.id
    assert artifact(context, "nope") is None


def test_pages_follow_their_cursors_and_read_their_profiles_at_once(
    context: Context, monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = artifacts(context, first=1, after=None, type=None, order=ArtifactOrder.NAME_ASC)
    assert len(first.edges) == 1 and first.page_info.has_next_page
    assert not first.page_info.has_previous_page and first.total_count >= 2
    second = artifacts(context, first=1, after=first.page_info.end_cursor, type=None,
                       order=ArtifactOrder.NAME_ASC)
    assert second.page_info.has_previous_page
    assert second.edges[0].node.slug != first.edges[0].node.slug

    def no_more_reads(slugs: object) -> None:
        raise AssertionError(f"profiles read again: {slugs}")

    monkeypatch.setattr(context.store, "profiles", no_more_reads)
    assert context.profiles.get(first.edges[0].node.slug) is not None   # read with its page


def test_first_outside_its_bounds_is_refused(context: Context) -> None:
    with pytest.raises(ValueError):
        artifacts(context, first=0, after=None, type=None, order=ArtifactOrder.NAME_ASC)


def test_a_global_id_resolves_to_its_type_and_a_wrong_type_is_refused(context: Context
                                                                       ) -> None:
    found = artifact(context, "trocr-base-handwritten")
    assert found is not None
    assert isinstance(node(context, found.id), Artifact)
    profile = context.profiles.get(found.slug)
    assert profile is not None
    cap_id = Capability.from_node(profile.capabilities[0]).id
    assert isinstance(node(context, cap_id), Capability)
    assert capability(context, cap_id) is not None
    with pytest.raises(ValueError, match="not a Capability"):
        capability(context, found.id)
