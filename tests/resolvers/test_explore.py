"""resolvers/explore.py: the subgraph around a node, its bounds, and an unknown id."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.model import EdgeType, Label
from resolvers.artifacts import artifact
from resolvers.explore import explore
from schema.context import Context
from schema.ids import to_global_id
from schema.limits import MAX_DEPTH


def test_explore_keeps_to_the_edge_types_asked_for(context: Context) -> None:
    found = artifact(context, "trocr-base-handwritten")
    assert found is not None
    view = explore(context, found.id, 1, [EdgeType.HAS_CAPABILITY])
    assert view.center == found.id and not view.truncated
    assert view.edges and {e.type for e in view.edges} == {EdgeType.HAS_CAPABILITY}
    ids = {n.id for n in view.nodes}
    assert all(e.source in ids and e.target in ids for e in view.edges)
    assert len(explore(context, found.id, 0, None).nodes) == 1


def test_explore_refuses_depths_out_of_bounds_and_unknown_nodes(context: Context) -> None:
    found = artifact(context, "flux-1-pro")
    assert found is not None
    for depth in (-1, MAX_DEPTH + 1):
        with pytest.raises(ValueError, match="depth"):
            explore(context, found.id, depth, None)
    with pytest.raises(NotFound):
        explore(context, to_global_id(Label.ARTIFACT, "artifact:nope"), 1, None)
