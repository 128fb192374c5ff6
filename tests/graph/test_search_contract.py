"""Search on both stores: the same hits, scores, highlights and suggestions for the same data
(the seed and a few corpus pages), and the index kept in step with every write."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import search_index
from graph.artifact_lookup import resolve_artifact
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.model import Label, Node, WriteBatch
from graph.search import search
from graph.store import GraphStore
from tests.conftest import CORPUS, SEED

PAGES = [CORPUS / name for name in (
    "microsoft--trocr-base-printed-vs-stable-diffusion.txt",
    "openai--whisper-vs-whisper-large-v3.txt",
    "mcp-microsoft-playwright-mcp-vs-langchain.txt",
)]
QUERIES = ["trocr", "microsoft/trocr-base-handwritten", "handwritten text", "trcor",
           "flux pro", "fluxx", "beam width", "whisper large", "wisper", "playwright",
           "image generation api", "a", "zzzz", "Café ﬁne"]


def load(store: GraphStore, corpus: bool) -> None:
    import_text(store, SEED.read_text(), uri="seed.txt", now="2026-12-01T00:00:00+00:00")
    for page in PAGES if corpus else ():
        import_text(store, page.read_text(), uri=page.name, now="2026-12-01T00:00:00+00:00")


def answers(store: GraphStore) -> list[object]:
    """Everything a search answers, for each query, in plain data."""
    out: list[object] = []
    for query in QUERIES:
        result = search(store, query)
        out.append((query, result.did_you_mean, [
            (h.node.id, h.score, h.resolved, h.matched,
             [(x.field, x.snippet, x.spans, x.terms) for x in h.highlights])
            for h in result.hits]))
    return out


def test_the_seed_answers(store: GraphStore) -> None:
    load(store, corpus=False)
    top = search(store, "microsoft/trocr-base-handwritten").hits[0]
    assert (top.node.id, top.score, top.resolved) == ("artifact:trocr-base-handwritten", 1.0, True)
    hits = search(store, "beam width").hits
    assert hits[0].score >= hits[-1].score and hits[0].highlights[0].terms
    assert search(store, "trcor").did_you_mean == ("trocr-base-handwritten",)
    assert search(store, "fluxx").did_you_mean == ("FLUX.1 Pro",)
    only = search(store, "handwritten", [Label.CLAIM]).hits
    assert only and {h.node.label for h in only} == {Label.CLAIM}
    assert search(store, "zzzz").hits == ()


def test_hub_ids_and_short_names_resolve(store: GraphStore) -> None:
    load(store, corpus=False)
    for text in ("microsoft/trocr-base-handwritten", "trocr", "TrOCR", "trocr-base"):
        found = resolve_artifact(store, text)
        assert found is not None and found.id == "artifact:trocr-base-handwritten", text
    assert resolve_artifact(store, "flux") is not None     # only FLUX.1 Pro in the seed
    store.apply(WriteBatch(nodes=(Node("artifact:flux-1-dev", Label.ARTIFACT,
                                       {"slug": "flux-1-dev", "name": "FLUX.1 dev"}),)))
    assert resolve_artifact(store, "flux") is None          # now ambiguous
    assert resolve_artifact(store, "nobody/nothing") is None


def test_the_index_follows_writes(store: GraphStore) -> None:
    art = Node("artifact:z", Label.ARTIFACT, {"slug": "zephyr", "name": "Zephyr"})
    store.apply(WriteBatch(nodes=(art,)))
    assert [h.node.id for h in search(store, "zeph").hits] == ["artifact:z"]
    store.apply(WriteBatch(nodes=(Node("artifact:z", Label.ARTIFACT,
                                       {"slug": "zephyr", "name": "Mistral"}),)))
    assert search(store, "mistral").hits[0].node.id == "artifact:z"
    assert [h.node.id for h in search(store, "zeph").hits] == ["artifact:z"]   # the slug
    store.apply(WriteBatch(delete_nodes=("artifact:z",)))
    assert search(store, "mistral").hits == ()
    store.apply(WriteBatch(nodes=(art,)))
    store.clear()
    assert search(store, "zephyr").hits == ()


@pytest.fixture
def both(tmp_path: Path, _neo4j_store: GraphStore) -> Iterator[tuple[GraphStore, GraphStore]]:
    embedded = EmbeddedStore(tmp_path / "a.sqlite3")
    _neo4j_store.clear()
    yield embedded, _neo4j_store
    embedded.close()
    _neo4j_store.clear()


@pytest.mark.neo4j
def test_both_stores_give_the_same_answers(
    both: tuple[GraphStore, GraphStore], corpus_dir: Path,
) -> None:
    embedded, neo4j = both
    for store in both:
        load(store, corpus=True)
    expected = answers(embedded)
    assert sum(len(hits) for _, _, hits in expected) > 100    # not agreeing on nothing
    assert answers(neo4j) == expected
    with pytest.MonkeyPatch.context() as patch:     # every term common: ids walked in order
        patch.setattr(search_index, "COMMON_MATCHES", 2)
        assert answers(embedded) == expected
        assert answers(neo4j) == expected


def test_a_common_term_finds_the_same_first_candidates(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    load(store, corpus=False)
    labels = [Label.ARTIFACT, Label.CAPABILITY, Label.CLAIM]
    terms = ["handwritten", "image", "trocr", "the", "zz"]
    sorted_first = store.text_candidates(terms, labels, limit=7)
    assert sorted_first["handwritten"] and sorted_first["zz"] == []
    monkeypatch.setattr(search_index, "COMMON_MATCHES", 1)
    assert store.text_candidates(terms, labels, limit=7) == sorted_first
    assert store.text_candidates(terms, [Label.CLAIM], limit=3) == {
        term: [i for i in ids if i.startswith("claim:")][:3]
        for term, ids in store.text_candidates(terms, [Label.CLAIM], limit=500).items()}


def test_a_store_written_before_search_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    store = EmbeddedStore(path)
    load(store, corpus=False)
    with store._lock:           # as a store from before search was written
        store._db.execute("DELETE FROM search_docs")
    store.close()
    reopened = EmbeddedStore(path)
    try:
        assert search(reopened, "trocr").hits[0].node.id == "artifact:trocr-base-handwritten"
    finally:
        reopened.close()


@pytest.mark.neo4j
def test_a_neo4j_graph_written_before_search_is_indexed_when_connected(
    neo4j_uri: str, _neo4j_store: GraphStore,
) -> None:
    from graph.neo4j import Neo4jStore
    from graph.neo4j.search_backfill import MARKER

    _neo4j_store.clear()
    load(_neo4j_store, corpus=False)
    with _neo4j_store._connection.session() as session:  # type: ignore[attr-defined]
        session.run("MATCH (n:Entity) REMOVE n._cg_words, n._cg_grams").consume()
        session.run("MATCH (m:CapgraphLock {name: $m}) DELETE m", m=MARKER).consume()
    assert search(_neo4j_store, "trocr").hits == ()
    again = Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="neo4j")
    try:
        assert search(again, "trocr").hits[0].node.id == "artifact:trocr-base-handwritten"
        assert search(again, "fluxx").did_you_mean == ("FLUX.1 Pro",)
    finally:
        again.close()
        _neo4j_store.clear()


def test_an_index_of_the_first_version_is_rebuilt_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "first.sqlite3"
    store = EmbeddedStore(path)
    load(store, corpus=False)
    with store._lock:           # the first version's FTS table had no label: it is replaced
        store._db.executescript("DROP TABLE search_text; CREATE VIRTUAL TABLE search_fts "
                                "USING fts5(words, grams, content='search_docs')")
    store.close()
    reopened = EmbeddedStore(path)
    try:
        assert search(reopened, "trocr").hits[0].node.id == "artifact:trocr-base-handwritten"
        assert search(reopened, "fluxx").did_you_mean == ("FLUX.1 Pro",)
    finally:
        reopened.close()
