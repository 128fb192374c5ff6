"""The match graph on both stores: outcomes counted on MATCHED edges, with the prior."""

from __future__ import annotations

from graph.ingest.importer import import_text
from graph.match_graph import intent_id, record_outcome
from graph.model import EdgeType
from graph.store import GraphStore
from tests.conftest import SEED

NOW = "2026-12-02T00:00:00+00:00"


def test_outcomes_count_on_matched_edges(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    caps = [c.id for c in store.profiles(["trocr-base-handwritten"])[0].capabilities][:2]
    _, first = record_outcome(store, "Read  handwritten NOTES", caps, True, by="t", now=NOW)
    intent, second = record_outcome(store, "read handwritten notes", caps[:1], False, by="u",
                                    now=NOW)
    assert [(c.times, c.successes) for c in first] == [(1, 1)] * len(caps)
    assert (second[0].times, second[0].successes, second[0].confidence) == (2, 1, 0.5)
    assert intent.id == intent_id("read handwritten notes") and intent.props["outcomes"] == 2
    edges = {e.dst: e.props for e in store.subgraph_among([intent.id, *caps],
                                                          [EdgeType.MATCHED]).edges}
    assert edges[caps[0]]["times"] == 2 and edges[caps[0]]["confidence"] == 0.5
    if len(caps) > 1:
        assert edges[caps[1]]["times"] == 1
