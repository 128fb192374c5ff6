"""The GraphStore contract: every test runs on the embedded store and on a real Neo4j, the
latter twice: through `bolt://` (one server) and through `neo4j://` (the routing driver a
cluster or Aura is reached with)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.claim_facts import verdict_batch, with_ranks
from graph.claims.types import Assessment, ClaimClass, Verdict
from graph.errors import BatchRejected
from graph.facts import Fact
from graph.ingest.importer import import_text
from graph.model import Edge, EdgeType, Label, Node, WriteBatch, stable_id
from graph.model_files import (
    FolderReading,
    attach_batch,
    attached_model_files,
    facts_by_artifact,
    folder_source_id,
)
from graph.ranking import rank_breakdown
from graph.store import ArtifactOrder, GraphStore
from inference.check_claims import artifact_claims, check_claims, record_assertion
from schema.pagination import decode_cursor, encode_cursor
from tests.conftest import SEED, _forget_indexes

SEED_TEXT = SEED.read_text() if SEED.exists() else ""


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j),
                        pytest.param("neo4j-routing", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """Each store in turn, empty (this module adds the routing driver to conftest's two)."""
    if request.param == "embedded":
        yield request.getfixturevalue("embedded_store")
        return
    neo4j: GraphStore = request.getfixturevalue(
        "_neo4j_store" if request.param == "neo4j" else "_neo4j_routing_store")
    neo4j.clear()
    _forget_indexes(neo4j)
    yield neo4j
    neo4j.clear()
    _forget_indexes(neo4j)


@pytest.mark.neo4j
def test_the_routing_store_uses_the_routing_driver(
        request: pytest.FixtureRequest) -> None:
    import neo4j

    routing = request.getfixturevalue("_neo4j_routing_store")
    assert isinstance(routing._connection.driver, neo4j.Neo4jDriver)     # routing
    direct = request.getfixturevalue("_neo4j_store")
    assert isinstance(direct._connection.driver, neo4j.BoltDriver)       # one server


def artifact(slug: str, name: str, rank: float | None = None, type: str = "Model") -> Node:
    return Node(f"artifact:{slug}", Label.ARTIFACT,
                {"slug": slug, "name": name, "type": type, "rank_score": rank,
                 "aliases": [f"{slug}-alias"]})


def small_graph() -> WriteBatch:
    src = Node("source:p", Label.SOURCE, {"uri": "p.txt", "kind": "page", "checksum": "c",
                                          "imported_at": "2026-11-01T00:00:00+00:00",
                                          "notes": ["cut at line 9"], "truncated": True})
    arts = [artifact("b", "Beta", 58.0), artifact("a", "alpha", 43.0),
            artifact("c", "Gamma", None, "Dataset")]
    cap = Node("capability:1", Label.CAPABILITY,
               {"artifact": "a", "description": "Reads text.", "position": 0})
    claims = [Node(f"claim:{i}", Label.CLAIM, {"text": f"Claim {i}.", "kind": "description",
                                                "position": i, "capability": "capability:1"})
              for i in (1, 0)]
    sig = Node(stable_id("signal", "rank", "source:p", scope="a"), Label.SIGNAL,
               {"artifact": "a", "name": "rank", "value": 43, "raw": "43/100",
                "source": "source:p", "observed_at": "2026-11-01T00:00:00+00:00"})
    edges = [
        Edge(EdgeType.HAS_CAPABILITY, "artifact:a", "capability:1"),
        *(Edge(EdgeType.CLAIMS, "capability:1", c.id) for c in claims),
        Edge(EdgeType.HAS_SIGNAL, "artifact:a", sig.id),
        *(Edge(EdgeType.FROM, n.id, "source:p") for n in (*arts[:2], cap, *claims, sig)),
        Edge(EdgeType.MENTIONS, "claim:0", "artifact:b", {"as": "alternative"}),
    ]
    return WriteBatch(nodes=(src, *arts, cap, *claims, sig), edges=tuple(edges))


def test_what_is_written_reads_back(store: GraphStore) -> None:
    store.apply(small_graph())
    node = store.get_node("source:p")
    assert node is not None and node.props["notes"] == ["cut at line 9"]
    assert node.props["truncated"] is True
    assert [n.id for n in store.get_nodes(["artifact:b", "nope", "artifact:a"])] == \
        ["artifact:b", "artifact:a"]
    assert store.counts() == {"Artifact": 3, "Capability": 1, "Claim": 2, "Signal": 1,
                              "Source": 1, "CLAIMS": 2, "FROM": 6, "HAS_CAPABILITY": 1,
                              "HAS_SIGNAL": 1, "MENTIONS": 1}


def test_none_properties_are_not_stored(store: GraphStore) -> None:
    store.apply(small_graph())
    node = store.get_node("artifact:c")
    assert node is not None and "rank_score" not in node.props


def test_applying_the_same_batch_twice_changes_nothing(store: GraphStore) -> None:
    store.apply(small_graph())
    first = list(store.export())
    store.apply(small_graph())
    assert list(store.export()) == first


def test_a_batch_with_a_dangling_edge_writes_nothing(store: GraphStore) -> None:
    batch = WriteBatch(nodes=(artifact("x", "X"),),
                       edges=(Edge(EdgeType.FROM, "artifact:x", "source:missing"),))
    with pytest.raises(BatchRejected, match="source:missing"):
        store.apply(batch)
    assert list(store.export()) == []


def test_two_artifacts_cannot_share_a_slug(store: GraphStore) -> None:
    store.apply(WriteBatch(nodes=(artifact("x", "X"),)))
    clash = Node("artifact:other", Label.ARTIFACT, {"slug": "x", "name": "Other"})
    with pytest.raises(BatchRejected, match="slug"):
        store.apply(WriteBatch(nodes=(clash,)))
    assert store.get_node("artifact:other") is None


def source(name: str) -> Node:
    return Node(f"source:{name}", Label.SOURCE, {"uri": f"{name}.txt", "kind": "page"})


def test_many_batches_write_what_one_after_another_would(store: GraphStore) -> None:
    cited = Edge(EdgeType.FROM, "artifact:x", "source:p")
    batches = [
        WriteBatch(nodes=(source("p"), artifact("x", "X", 40.0)), edges=(cited,)),
        WriteBatch(nodes=(artifact("y", "Y"), source("q")),
                   edges=(Edge(EdgeType.FROM, "artifact:y", "source:q"),)),
        WriteBatch(delete_nodes=("artifact:x",)),         # what a batch before wrote
        WriteBatch(nodes=(artifact("x", "X again", 41.0),), edges=(cited,)),   # written again
        WriteBatch(delete_edges=(("FROM", "artifact:x", "source:p"),)),
        WriteBatch(edges=(Edge(EdgeType.FROM, "artifact:x", "source:p", {"w": 1}),)),
        WriteBatch(nodes=(Node("artifact:y", Label.CLAIM, {"text": "Now a claim."}),)),
        WriteBatch(nodes=(artifact("z", "Z"),), delete_nodes=("source:q",)),
    ]
    store.apply_many(batches)
    many = list(store.export())
    assert store.find_artifact("y") is None and store.find_artifact("X again") is not None
    store.clear()
    for batch in batches:
        store.apply(batch)
    assert list(store.export()) == many


@pytest.mark.parametrize("broken", [
    WriteBatch(edges=(Edge(EdgeType.FROM, "artifact:b2", "source:missing"),)),
    WriteBatch(nodes=(Node("artifact:other", Label.ARTIFACT, {"slug": "b1", "name": "O"}),)),
    WriteBatch(nodes=(artifact("b2", "B2 again"),), delete_nodes=("artifact:b2",)),
], ids=["dangling edge", "slug taken by a batch before", "written and deleted"])
def test_many_batches_stop_at_a_broken_one_with_those_before_it_written(
    store: GraphStore, broken: WriteBatch,
) -> None:
    before = [WriteBatch(nodes=(artifact("b1", "B1"),)), WriteBatch(nodes=(artifact("b2", "B2"),))]
    with pytest.raises(BatchRejected):
        store.apply_many([*before, broken, WriteBatch(nodes=(artifact("after", "After"),))])
    written = {n.id for n in store.export() if isinstance(n, Node)}
    assert written == {"artifact:b1", "artifact:b2"}


def test_find_artifact_by_slug_name_and_alias(store: GraphStore) -> None:
    store.apply(small_graph())
    for given in ("a", "Alpha", "ALPHA", "a-alias"):
        found = store.find_artifact(given)
        assert found is not None and found.id == "artifact:a", given
    assert store.find_artifact("zeta") is None
    assert store.find_artifact("!!!") is None


def test_deleting_a_node_deletes_its_edges(store: GraphStore) -> None:
    store.apply(small_graph())
    store.apply(WriteBatch(delete_nodes=("claim:0",),
                           delete_edges=(("FROM", "artifact:b", "source:p"),)))
    assert store.get_node("claim:0") is None
    counts = store.counts()
    assert counts["CLAIMS"] == 1 and "MENTIONS" not in counts and counts["FROM"] == 4


def test_source_facts_names_what_only_this_source_states(store: GraphStore) -> None:
    batch = small_graph()
    other = Node("source:q", Label.SOURCE, {"uri": "q.txt", "kind": "page", "checksum": "d",
                                            "imported_at": "2026-11-02T00:00:00+00:00"})
    store.apply(batch)
    store.apply(WriteBatch(nodes=(other,), edges=(Edge(EdgeType.FROM, "artifact:a", "source:q"),)))
    facts = store.source_facts("source:p")
    assert facts.source is not None and facts.source.props["uri"] == "p.txt"
    assert "artifact:a" in facts.cited_by and "artifact:a" not in facts.owned
    assert "capability:1" in facts.owned
    assert store.source_facts("source:none").source is None


def test_profiles_gather_signals_sources_and_capabilities(store: GraphStore) -> None:
    store.apply(small_graph())
    profiles = store.profiles(["b", "missing", "a"])
    assert [p.artifact.props["slug"] for p in profiles] == ["b", "a"]
    a = profiles[1]
    assert [s.props["name"] for s in a.signals] == ["rank"]
    assert list(a.sources) == ["source:p"]
    assert [c.id for c in a.capabilities] == ["capability:1"]


def test_claims_of_orders_by_kind_and_position(store: GraphStore) -> None:
    store.apply(small_graph())
    claims = store.claims_of(["capability:1", "capability:none"])
    assert [c.id for c in claims["capability:1"]] == ["claim:0", "claim:1"]
    assert "capability:none" not in claims


def test_listing_orders_pages_and_filters(store: GraphStore) -> None:
    store.apply(small_graph())
    page = store.list_artifacts(first=2)
    assert [n.props["slug"] for n in page.nodes] == ["b", "a"] and page.has_next
    assert page.total == 3
    rest = store.list_artifacts(first=2, offset=2)
    assert [n.props["slug"] for n in rest.nodes] == ["c"] and not rest.has_next
    by_name = store.list_artifacts(first=10, order=ArtifactOrder.NAME_ASC)
    assert [n.props["slug"] for n in by_name.nodes] == ["a", "b", "c"]
    datasets = store.list_artifacts(first=10, type="Dataset")
    assert [n.props["slug"] for n in datasets.nodes] == ["c"] and datasets.total == 1


def test_the_type_filter_ignores_case_and_stubs_can_be_left_out(store: GraphStore) -> None:
    store.apply(small_graph())
    store.apply(WriteBatch((artifact("d", "Delta", 50.0, type="MODEL"),
                            Node("artifact:s", Label.ARTIFACT,
                                 {"slug": "s", "name": "Stubby", "stub": True}),
                            Node("artifact:t", Label.ARTIFACT, {"slug": "t", "name": "Tee",
                                 "type": "model", "stub": True}))))
    for asked in ("model", "Model", "MODEL", " model "):
        for order in ArtifactOrder:
            models = store.list_artifacts(first=10, type=asked, order=order)
            assert {n.props["slug"] for n in models.nodes} == {"a", "b", "d", "t"}
            assert models.total == 4
    assert store.get_node("artifact:d").props["type"] == "MODEL"   # shown as it was given
    real = store.list_artifacts(first=10, include_stubs=False)
    assert [n.props["slug"] for n in real.nodes] == ["b", "d", "a", "c"] and real.total == 4
    everything = store.list_artifacts(first=10)
    assert everything.total == 6
    real_models = store.list_artifacts(first=1, type="Model", include_stubs=False,
                                       order=ArtifactOrder.NAME_ASC)
    assert [n.props["slug"] for n in real_models.nodes] == ["a"] and real_models.total == 3


def test_cursors_round_trip_and_reject_foreign_ones() -> None:
    assert decode_cursor(encode_cursor(4)) == 5
    with pytest.raises(ValueError, match="cursor"):
        decode_cursor("bm9wZQ==")


def test_neighbourhood_by_depth_and_edge_type(store: GraphStore) -> None:
    store.apply(small_graph())
    one = store.neighbourhood("artifact:a", 1)
    assert {n.id for n in one.nodes} == {"artifact:a", "capability:1", "source:p",
                                         one.nodes[-1].id} | {n.id for n in one.nodes
                                                              if n.label is Label.SIGNAL}
    two = store.neighbourhood("artifact:a", 2, [EdgeType.HAS_CAPABILITY, EdgeType.CLAIMS])
    assert {n.id for n in two.nodes} == {"artifact:a", "capability:1", "claim:0", "claim:1"}
    assert {e.type for e in two.edges} == {EdgeType.HAS_CAPABILITY, EdgeType.CLAIMS}
    assert store.neighbourhood("artifact:a", 0).nodes[0].id == "artifact:a"
    assert store.neighbourhood("nothing", 2).nodes == ()


def test_export_is_stable_and_complete(store: GraphStore) -> None:
    store.apply(small_graph())
    items = list(store.export())
    nodes = [i for i in items if isinstance(i, Node)]
    edges = [i for i in items if isinstance(i, Edge)]
    assert [n.id for n in nodes] == sorted(n.id for n in nodes)
    assert len(nodes) == 8 and len(edges) == 11
    assert items == list(store.export())
    mention = next(e for e in edges if e.type is EdgeType.MENTIONS)
    assert mention.props == {"as": "alternative"}


def test_clear_empties_the_store(store: GraphStore) -> None:
    store.apply(small_graph())
    store.clear()
    assert list(store.export()) == [] and store.counts() == {}


def test_nodes_with_a_property_value(store: GraphStore) -> None:
    store.apply(small_graph())
    found = store.nodes_with(Label.CLAIM, "kind", ["description"])
    assert [n.id for n in found] == ["claim:0", "claim:1"]
    assert store.nodes_with(Label.CLAIM, "kind", ["other"]) == []
    assert store.nodes_with(Label.ARTIFACT, "type", ["Dataset", "Model"])[0].id == "artifact:a"


# -- ranks that verdicts feed (both stores) ----------------------------------------------

SEED_MODEL_FILES = Path(__file__).resolve().parents[2] / "seeds" / "model-files"


def _verdicts(store: GraphStore, slug: str, verdict: Verdict, count: int) -> None:
    """Write `verdict` on the first `count` claims of an artifact the way every check does."""
    (profile,) = store.profiles([slug])
    claims = [c for cap in profile.capabilities
              for c in store.claims_of([cap.id]).get(cap.id, [])][:count]
    assert len(claims) == count
    for claim in claims:
        store.apply(with_ranks(store, verdict_batch(
            claim, Assessment(ClaimClass.MODEL_FILES, verdict, "written by the test"),
            previous_evidence=[], checked_at="2026-12-01T00:00:00+00:00")))


def _shown(store: GraphStore) -> list[tuple[str, float | None, float | None]]:
    """(slug, score the API shows, stored rank) of every artifact, in RANK_DESC order."""
    listed = store.list_artifacts(first=100, order=ArtifactOrder.RANK_DESC).nodes
    profiles = store.profiles([str(n.props["slug"]) for n in listed])
    return [(str(p.artifact.props["slug"]), rank_breakdown(p).score,
             p.artifact.props.get("rank_score")) for p in profiles]


def test_rank_order_follows_the_scores_verdicts_move(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri="seed.txt")
    before = _shown(store)
    assert [s for s, _, _ in before[:2]] == ["flux-1-pro", "trocr-base-handwritten"]
    _verdicts(store, "flux-1-pro", Verdict.REFUTED, 10)
    after = _shown(store)
    scored = [(slug, shown) for slug, shown, _ in after if shown is not None]
    # FLUX.1 Pro's ten refuted claims take it below trocr's 43, and the listing follows
    assert [slug for slug, _ in scored] == ["trocr-base-handwritten", "flux-1-pro"]
    assert dict(scored)["flux-1-pro"] < 43
    assert all(stored == shown for _, shown, stored in after)


def test_an_asserted_refuted_claim_does_not_move_the_rank(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri="seed.txt")
    _verdicts(store, "trocr-base-handwritten", Verdict.SUPPORTED, 2)
    before = _shown(store)
    trocr = store.find_artifact("trocr-base-handwritten")
    assert trocr is not None
    claim = record_assertion(store, trocr, "trocr-base-handwritten has 7 encoder layers.",
                             client="test-client")
    stored = store.get_node(claim.id)
    assert stored is not None and stored.props["asserted_by"] == "test-client"
    assert stored.props["asserted_at"]
    store.apply(with_ranks(store, verdict_batch(
        stored, Assessment(ClaimClass.MODEL_FILES, Verdict.REFUTED, "12 layers"),
        previous_evidence=[], checked_at="2026-12-01T00:00:00+00:00")))
    assert _shown(store) == before
    anonymous = record_assertion(store, trocr, "It reads handwriting.", client=None)
    assert anonymous.props["asserted_by"] == "anonymous"


def test_checking_the_seed_lowers_trocr_and_the_stored_rank_follows(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri="seed.txt")
    (before,) = store.profiles(["trocr-base-handwritten"])
    checked = check_claims(store, artifact_claims(store, "trocr-base-handwritten"),
                           roots=[SEED_MODEL_FILES])
    assert sum(c.assessment.verdict is Verdict.REFUTED for c in checked) >= 4
    (after,) = store.profiles(["trocr-base-handwritten"])
    old, new = rank_breakdown(before).score, rank_breakdown(after).score
    assert old is not None and new is not None and new < old
    assert after.artifact.props["rank_score"] == new
    shown = _shown(store)
    assert all(stored == score for _, score, stored in shown)


# -- model files attached to artifacts, and their facts (both stores) --------------------

FACTS = (
    Fact("num_hidden_layers", ("layers", "depth"), 2, None, "config.json",
         "num_hidden_layers"),
    Fact("image_mean", ("mean",), [0.5, 0.5, 0.5], None, "preprocessor_config.json",
         "image_mean"),
    Fact("sizes", (), [1, 2.5], None, "config.json", "sizes"),     # mixed: Neo4j would coerce
    Fact("tie_word_embeddings", ("tied embeddings",), True, None, None, None,
         derivation="decoder and lm_head share one tensor", part="decoder"),
    Fact("sampling_rate", ("sampling rate",), 16000, "Hz", "preprocessor_config.json",
         "sampling_rate", model="acme/tiny"),
    Fact("license", ("license",), None, None, "README.md", "license"),
)


def reading(checksum: str = "sha256:1", facts: tuple[Fact, ...] = FACTS) -> FolderReading:
    return FolderReading("/models/acme__tiny", "acme/tiny", "transformers", checksum, facts)


def test_model_files_and_their_facts_read_back_per_artifact(store: GraphStore) -> None:
    store.apply(small_graph())
    attach = attach_batch(store, reading(), artifact=store.get_node("artifact:a"),
                          new_slug="tiny", attached_by="cli", now="2026-12-01T00:00:00+00:00")
    assert attach.status == "attached" and not attach.created_artifact
    store.apply(attach.batch)
    (files,) = attached_model_files(store, "a")
    assert (files.hub_id, files.kind, files.path, files.checksum, files.attached_by) == (
        "acme/tiny", "transformers", "/models/acme__tiny", "sha256:1", "cli")
    assert files.attached_at == "2026-12-01T00:00:00+00:00"
    assert files.facts == FACTS                 # values, units, fields, derivations, parts
    assert attached_model_files(store, "b") == []
    assert facts_by_artifact(store, ["a", "b"]) == {"a": list(FACTS), "b": []}
    sub = store.neighbourhood("artifact:a", 1, [EdgeType.HAS_MODEL_FILES])
    assert [n.label for n in sub.nodes] == [Label.ARTIFACT, Label.MODEL_FILES]
    source = store.source_facts(folder_source_id("/models/acme__tiny"))
    assert source.source is not None and source.source.props["kind"] == "model-folder"
    assert source.cited_by == (files.id,)
    assert store.counts()["HAS_MODEL_FILES"] == 1 and store.counts()["ModelFiles"] == 1


def test_attaching_again_is_idempotent_and_a_changed_folder_replaces_its_facts(
        store: GraphStore) -> None:
    first = attach_batch(store, reading(), artifact=None, new_slug="tiny", attached_by="api",
                         now="2026-12-01T00:00:00+00:00")
    assert first.created_artifact and first.artifact.props["created_from"] == "model-files"
    store.apply(first.batch)
    exported = list(store.export())
    again = attach_batch(store, reading(), artifact=store.find_artifact("tiny"),
                         new_slug="tiny", attached_by="api", now="2026-12-02T00:00:00+00:00")
    assert again.status == "unchanged" and not again.batch
    assert list(store.export()) == exported
    changed = attach_batch(store, reading("sha256:2", FACTS[:1]),
                           artifact=store.find_artifact("tiny"), new_slug="tiny",
                           attached_by="api", now="2026-12-03T00:00:00+00:00")
    assert changed.status == "updated"
    store.apply(changed.batch)
    (files,) = attached_model_files(store, "tiny")
    assert files.facts == FACTS[:1] and files.checksum == "sha256:2"
    assert store.counts()["ModelFiles"] == 1
    artifact_node = store.find_artifact("tiny")
    assert artifact_node is not None and artifact_node.props["name"] == "tiny"
    assert artifact_node.props["url"] == "https://huggingface.co/acme/tiny"


def test_the_checker_reads_the_folders_attached_to_an_artifact(
        store: GraphStore, tmp_path: Path) -> None:
    from inference.attach import attach_model_files

    folder = tmp_path / "tiny-bert-own"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({
        "model_type": "bert", "num_hidden_layers": 2, "hidden_size": 64,
        "num_attention_heads": 2, "intermediate_size": 128}))
    done = attach_model_files(store, str(folder), roots=[tmp_path / "no-roots"],
                              attached_by="cli")
    assert done.created_artifact and done.artifact.props["slug"] == "tiny-bert-own"
    claim = record_assertion(store, done.artifact, "tiny-bert-own has 2 layers.")
    (checked,) = check_claims(store, [claim], roots=[tmp_path / "no-roots"])
    assert checked.assessment.verdict is Verdict.SUPPORTED, checked.assessment.explanation
