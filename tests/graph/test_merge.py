"""Merging a duplicate artifact into the one kept: on both stores, the same graph after."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import NotFound
from graph.merge import MergeRefused, merge_artifacts
from graph.model import Edge, EdgeType, Label, Node, WriteBatch, stable_id
from graph.store import GraphStore
from tests.graph.test_store_contract import small_graph

NOW = "2026-12-02T00:00:00+00:00"


def duplicate() -> WriteBatch:
    """'Alpha Two' (slug d), from page q: a signal, a capability with a checked claim, and
    named by a claim of artifact a."""
    src = Node("source:q", Label.SOURCE, {"uri": "q.txt", "kind": "page", "checksum": "q",
                                          "imported_at": NOW})
    dup = Node("artifact:d", Label.ARTIFACT, {"slug": "d", "name": "Alpha Two", "type": "Tool",
                                              "aliases": ["alpha-2"]})
    cap = Node("capability:d:1", Label.CAPABILITY,
               {"artifact": "d", "description": "Reads more text.", "position": 0})
    claim = Node("claim:d:x", Label.CLAIM, {"text": "It has 12 layers.", "kind": "description",
                                            "position": 0, "capability": cap.id,
                                            "artifact": "d", "verdict": "SUPPORTED",
                                            "evidence": ["evidence:d:e"]})
    evidence = Node("evidence:d:e", Label.EVIDENCE, {"claim": claim.id, "outcome": "SUPPORTED"})
    sig = Node(stable_id("signal", "rank", "source:q", scope="d"), Label.SIGNAL,
               {"artifact": "d", "name": "rank", "value": 70, "raw": "70/100",
                "source": "source:q", "observed_at": NOW})
    edges = (Edge(EdgeType.HAS_CAPABILITY, dup.id, cap.id), Edge(EdgeType.CLAIMS, cap.id, claim.id),
             Edge(EdgeType.SUPPORTS, evidence.id, claim.id),
             Edge(EdgeType.HAS_SIGNAL, dup.id, sig.id),
             *(Edge(EdgeType.FROM, n.id, src.id) for n in (dup, cap, claim, sig)),
             Edge(EdgeType.MENTIONS, "claim:1", dup.id, {"as": "alternative"}))
    return WriteBatch((src, dup, cap, claim, evidence, sig), edges)


def test_a_merge_moves_every_edge_and_keeps_every_source(store: GraphStore) -> None:
    store.apply(small_graph())
    store.apply(duplicate())
    result = merge_artifacts(store, "alpha", "Alpha Two", merged_by="local:test", now=NOW)
    assert result.merged_slug == "d" and result.moved_claims == 1
    assert store.get_node("artifact:d") is None
    for old in ("d", "Alpha Two", "alpha-two", "alpha-2"):
        found = store.find_artifact(old)
        assert found is not None and found.id == "artifact:a", old
    kept = store.get_node("artifact:a")
    assert kept is not None
    assert kept.props["merged_from"] == ["d"] and kept.props["merged_by"] == "local:test"
    assert kept.props["type"] == "Model"                      # the kept one's own facts win
    assert set(kept.props["aliases"]) >= {"a-alias", "d", "alpha-two", "alpha-2"}
    # the rank reads both pages' signals and the moved claim's verdict
    profile = store.profiles(["a"])[0]
    assert {s.props["source"] for s in profile.signals} == {"source:p", "source:q"}
    assert {c.id for c in profile.capabilities} == {"capability:1", "capability:d:1"}
    assert [c.id for c in profile.checked_claims] == ["claim:a:x"]
    assert kept.props.get("rank_score") == result.kept.props.get("rank_score")
    # the moved claim keeps its evidence and its source; the mention points at the kept one
    claim = store.get_node("claim:a:x")
    assert claim is not None and claim.props["artifact"] == "a"
    assert store.get_node("claim:d:x") is None
    evidence = store.get_node("evidence:d:e")
    assert evidence is not None and evidence.props["claim"] == "claim:a:x"
    assert [n.id for _, n in store.incoming(["claim:a:x"], [EdgeType.SUPPORTS])["claim:a:x"]] \
        == ["evidence:d:e"]
    assert set(store.source_facts("source:q").cited_by) >= {"artifact:a", "claim:a:x",
                                                            "capability:d:1"}
    assert [c.id for c in store.list_claims(first=10, artifact="a").nodes] == ["claim:a:x"]
    mentions = store.outgoing(["claim:1"], EdgeType.MENTIONS)["claim:1"]
    assert [n.id for n in mentions] == ["artifact:a"]
    capability = store.get_node("capability:d:1")
    assert capability is not None and capability.props["artifact"] == "a"


def test_a_merge_of_an_unknown_or_the_same_artifact_writes_nothing(store: GraphStore) -> None:
    store.apply(small_graph())
    before = list(store.export())
    with pytest.raises(NotFound):
        merge_artifacts(store, "alpha", "nobody", merged_by="t", now=NOW)
    with pytest.raises(MergeRefused):
        merge_artifacts(store, "alpha", "a-alias", merged_by="t", now=NOW)
    assert list(store.export()) == before


def test_importing_a_merged_duplicates_page_again_updates_the_one_kept(
    corpus_dir: Path,
) -> None:
    from graph.embedded import EmbeddedStore
    from graph.ingest.importer import import_files, import_text

    store = EmbeddedStore()
    pages = sorted(corpus_dir.glob("*.txt"))[:6]
    reports = import_files(store, pages)
    # a listing of the first page is merged into a listing of another page
    first, other = reports[0], next(r for r in reports[1:]
                                     if set(r.artifacts) - set(reports[0].artifacts))
    duplicate = first.artifacts[0]
    keep = next(s for s in other.artifacts if s not in first.artifacts)
    merge_artifacts(store, keep, duplicate, merged_by="local:test", now=NOW)
    changed = pages[0].read_text() + "\n"                    # the page changed since
    again = import_text(store, changed, uri=first.uri)
    assert again.status == "updated"
    assert store.get_node(f"artifact:{duplicate}") is None    # not brought back
    assert keep in again.artifacts
    kept = store.find_artifact(duplicate)
    assert kept is not None and kept.props["slug"] == keep
