"""The match graph on both stores: outcomes counted on MATCHED edges, with the prior."""

from __future__ import annotations

import pytest

from graph.errors import NotFound
from graph.ingest.importer import import_text
from graph.match_graph import intent_id, record_outcome
from graph.model import EdgeType
from graph.ranking import RankBasis, match_success, rank_breakdown
from graph.store import GraphStore
from tests.conftest import SEED

NOW = "2026-12-02T00:00:00+00:00"


def test_outcomes_count_on_matched_edges(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    caps = [c.id for c in store.profiles(["trocr-base-handwritten"])[0].capabilities][:2]
    _, first = record_outcome(store, "Read  handwritten NOTES", "trocr-base-handwritten",
                              caps, True, by="t", now=NOW)
    intent, second = record_outcome(store, "read handwritten notes", "trocr-base-handwritten",
                                    caps[:1], False, by="u", now=NOW)
    assert [(c.times, c.successes) for c in first] == [(1, 1)] * len(caps)
    assert (second[0].times, second[0].successes, second[0].confidence) == (2, 1, 0.5)
    assert intent.id == intent_id("read handwritten notes") and intent.props["outcomes"] == 2
    edges = {e.dst: e.props for e in store.subgraph_among([intent.id, *caps],
                                                          [EdgeType.MATCHED]).edges}
    assert edges[caps[0]]["times"] == 2 and edges[caps[0]]["confidence"] == 0.5
    if len(caps) > 1:
        assert edges[caps[1]]["times"] == 1


def test_outcomes_move_the_match_graph_component_and_the_stored_rank(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    slug = "trocr-base-handwritten"
    before = store.profiles([slug])[0]
    reported = rank_breakdown(before)
    caps = [c.id for c in before.capabilities][:2]
    page_match = next(c for c in reported.components if c.name == "match_graph")
    assert not page_match.own and not page_match.matches

    record_outcome(store, "read handwritten notes", slug, caps, True, by="t", now=NOW)
    once = store.profiles([slug])[0]
    assert {(m.capability, m.times, m.successes) for m in once.matches} == {
        (c, 1, 1) for c in caps}
    one_vote = rank_breakdown(once)
    component = next(c for c in one_vote.components if c.name == "match_graph")
    # one outcome counts once, not once per matched capability, and the prior holds it
    assert component.own and component.value == round(match_success(1, 1), 3)
    assert 0.5 < component.value < 0.6
    assert [(m.text, m.times, m.successes) for m in component.matches] == [
        ("read handwritten notes", 1, 1)]
    # the page's own number stays cited as a reported signal
    assert [s.source_uri for s in component.signals] == [s.source_uri
                                                         for s in page_match.signals]
    assert one_vote.checked and one_vote.basis is not RankBasis.REPORTED
    assert "1 recorded outcome for 1 intent" in one_vote.explanation
    stored = store.find_artifact(slug)
    assert stored is not None and stored.props["rank_score"] == one_vote.score

    for _ in range(20):
        record_outcome(store, "read handwritten notes", slug, caps[:1], False, by="u", now=NOW)
    failing = rank_breakdown(store.profiles([slug])[0])
    worse = next(c for c in failing.components if c.name == "match_graph")
    assert worse.value == round(match_success(21, 1), 3) and worse.value < 0.5
    assert failing.score is not None and one_vote.score is not None
    assert failing.score < one_vote.score


def test_an_outcome_names_capabilities_of_its_artifact(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    other = store.profiles(["flux-1-pro"])[0].capabilities[0].id
    with pytest.raises(ValueError, match="not a capability of"):
        record_outcome(store, "make images", "trocr-base-handwritten", [other], True,
                       by="t", now=NOW)
    with pytest.raises(NotFound):
        record_outcome(store, "make images", "no-such-thing", [other], True, by="t", now=NOW)
    assert store.counts().get("Intent", 0) == 0


def test_reimporting_a_page_keeps_the_outcomes_in_the_stored_rank(store: GraphStore) -> None:
    text = SEED.read_text()
    import_text(store, text, uri=SEED.name)
    slug = "trocr-base-handwritten"
    caps = [c.id for c in store.profiles([slug])[0].capabilities][:1]
    for _ in range(5):
        record_outcome(store, "read handwritten notes", slug, caps, True, by="t", now=NOW)
    # the page again, edited: the importer recomputes the stored rank of its artifacts
    import_text(store, text.replace("Verdict", "Verdict\n", 1), uri=SEED.name)
    profile = store.profiles([slug])[0]
    assert profile.matches
    stored = store.find_artifact(slug)
    assert stored is not None
    assert stored.props["rank_score"] == rank_breakdown(profile).score
