"""The Neo4j store against a real Neo4j 5.26: the embedded store's answers, exactly.

Every parity test writes the same batches into an in-memory `EmbeddedStore` and into the
Neo4j store and compares what each protocol method returns, down to property types (1 is not
1.0), key order and list order. The rest covers what only a server has: connecting, batches
that land whole or not at all, retried transactions, races, and how many queries a read costs.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import neo4j
import orjson
import pytest

from graph.embedded import EmbeddedStore
from graph.errors import BatchRejected, StoreUnavailable
from graph.ingest.importer import import_text
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch, stable_id
from graph.neo4j import Neo4jStore
from graph.neo4j.codec import decode_props, encode_props
from graph.neo4j.writes import plan_batch, write_batch
from graph.store import MAX_SUBGRAPH_NODES, ArtifactOrder, ArtifactProfile, NodePage, SourceFacts
from tests.conftest import SEED, corpus_files

pytestmark = pytest.mark.neo4j

NOW = "2026-11-01T00:00:00+00:00"


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def neo4j_db(neo4j_uri: str) -> Iterator[Neo4jStore]:
    """One Neo4j store for the session, on the session's server (tests/conftest.py)."""
    store = Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="neo4j")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def db(neo4j_db: Neo4jStore) -> Iterator[Neo4jStore]:
    neo4j_db.clear()
    yield neo4j_db
    neo4j_db.clear()


@pytest.fixture
def pair(db: Neo4jStore) -> Iterator[tuple[EmbeddedStore, Neo4jStore]]:
    """An empty embedded store and the empty Neo4j store, to fill alike."""
    embedded = EmbeddedStore(None)
    yield embedded, db
    embedded.close()


def both(pair: tuple[EmbeddedStore, Neo4jStore], *batches: WriteBatch) -> None:
    for store in pair:
        for batch in batches:
            store.apply(batch)


# -- exact comparison -------------------------------------------------------------------------


def exact(value: Any) -> Any:
    """A value that compares equal only when types, key order and list order agree too."""
    if isinstance(value, Node):
        assert type(value.label) is Label
        return ("node", value.id, value.label.value, orjson.dumps(dict(value.props)).decode())
    if isinstance(value, Edge):
        assert type(value.type) is EdgeType
        return ("edge", value.type.value, value.src, value.dst,
                orjson.dumps(dict(value.props)).decode())
    if isinstance(value, Subgraph):
        return ("subgraph", exact(value.nodes), exact(value.edges))
    if isinstance(value, ArtifactProfile):
        return ("profile", exact(value.artifact), exact(value.signals),
                exact(list(value.sources.items())), exact(value.capabilities),
                exact(value.checked_claims))
    if isinstance(value, NodePage):
        return ("page", exact(value.nodes), value.offset, value.total)
    if isinstance(value, SourceFacts):
        return ("facts", exact(value.source), value.cited_by, value.owned)
    if isinstance(value, dict):
        return ("dict", [(exact(k), exact(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [exact(v) for v in value])
    if isinstance(value, EdgeType | Label):
        return (type(value).__name__, value.value)
    return (type(value).__name__, value)


def same(embedded: Any, neo: Any) -> None:
    assert exact(neo) == exact(embedded)


# -- data -------------------------------------------------------------------------------------


def artifact(slug: str, name: str, rank: float | None = None, type: str | None = "Model",
             **more: Any) -> Node:
    return Node(f"artifact:{slug}", Label.ARTIFACT,
                {"slug": slug, "name": name, "type": type, "rank_score": rank, **more})


ARTIFACTS = [
    artifact("b", "Beta", 58.0, aliases=["beta-alias", "bb"]),
    artifact("a", "alpha", 43.0, aliases=["a-alias"]),
    artifact("c", "Gamma", None, "Dataset"),
    artifact("tie-2", "Tie", 58.0),                       # same rank as b: slug breaks the tie
    artifact("tie-1", "tie", 58.0),                       # and a name shared up to case
    artifact("int-rank", "Int Rank", 43),                 # an int rank sorts with 43.0
    artifact("strasse", "Straße", 12.5, "API"),           # casefold: "strasse"
    artifact("emoji", "\U0001f600 bot", 12.5, "API"),     # past U+FFFF ...
    artifact("fullwidth", "\uff46ull", 12.5, "API"),      # ... against U+FF46
    artifact("\ue000pua", "\ue000 private", 1.0, None),   # slug past U+E000 ...
    artifact("\U0001f600pua", "\ue000 private", 1.0, None),  # ... against a slug past U+FFFF
    artifact("quote", "O'Brien `}) DETACH DELETE n //", -3.0, "Model"),
    artifact("zero", "zero", 0, "Model", stub=True),
    artifact("inf", "Infinite", float("inf"), "Model"),    # reads back as None, sorts first
    artifact("neg-inf", "Nothing", float("-inf"), "Model"),
]


def claim(slug: str, owner: str, kind: str, position: int, text: str, **more: Any) -> Node:
    return Node(stable_id("claim", owner, kind, text, scope=slug), Label.CLAIM, {
        "text": text, "sentence": text, "kind": kind, "position": position,
        "capability": owner, "artifact": slug, **more,
    })


def rich_graph() -> list[WriteBatch]:
    """Every label and edge type, odd property values, odd ids, and a second batch that
    replaces, deletes and relabels."""
    src_p = Node("source:p", Label.SOURCE, {
        "uri": "p.txt", "kind": "page", "checksum": "c", "imported_at": NOW,
        "notes": ["cut at line 9", "twice"], "truncated": True, "title": None,
    })
    src_q = Node("source:q", Label.SOURCE, {"uri": "q.txt", "kind": "page", "checksum": "d",
                                            "imported_at": NOW, "notes": []})
    caps = [
        Node(stable_id("capability", "reads", scope="a"), Label.CAPABILITY,
             {"artifact": "a", "description": "Reads text. Writes it back.", "position": 1}),
        Node(stable_id("capability", "sees", scope="a"), Label.CAPABILITY,
             {"artifact": "a", "name": "Sees", "position": 0, "confidence": "high"}),
        Node(stable_id("capability", "nopos", scope="a"), Label.CAPABILITY,
             {"artifact": "a", "description": "No position."}),
        Node(stable_id("capability", "draws", scope="b"), Label.CAPABILITY,
             {"artifact": "b", "description": "Draws.", "position": 0}),
    ]
    claims = [
        claim("a", caps[0].id, "description", 1, "Writes it back.", verdict="supported",
              claim_class="measurable"),
        claim("a", caps[0].id, "description", 0, "Reads text.", verdict="refuted",
              claim_class="settled"),
        claim("a", caps[0].id, "unique", 0, "Only one.", claim_class="settled"),
        claim("a", caps[0].id, "vs_alternatives", 0, "Beats Tesseract.", verdict=False),
        claim("a", caps[1].id, "table", 3, "A table row.", verdict={"why": ["x", 1]}),
        claim("b", caps[3].id, "description", 0, "Draws.", verdict="supported",
              claim_class="measurable"),
        claim("b", "artifact:b", "description", 0, "Owned by the artifact."),
        # scoped to a, but says it is b's: neither artifact counts it as checked
        Node(stable_id("claim", "x", scope="a"), Label.CLAIM,
             {"text": "Misfiled.", "kind": "description", "artifact": "b", "verdict": "x"}),
    ]
    signals = [
        Node(stable_id("signal", name, src.id, scope=slug), Label.SIGNAL, {
            "artifact": slug, "name": name, "value": value, "raw": str(value),
            "unit": unit, "source": src.id, "observed_at": NOW, "kind": "reported",
        })
        for slug, name, value, unit, src in [
            ("a", "rank", 43, None, src_p), ("a", "rank", 44.5, None, src_q),
            ("a", "adoption", "high", "level", src_p), ("b", "rank", 58, None, src_p),
            ("b", "stars", 1200, "stars", src_q),
        ]
    ]
    orphan_signal = Node(stable_id("signal", "lost", "source:gone", scope="c"), Label.SIGNAL, {
        "artifact": "c", "name": "lost", "value": 1.0, "raw": "1", "source": "source:gone",
        "observed_at": NOW})
    intents = [Node(f"intent:{i}", Label.INTENT, {"text": f"need {i}", "embedding": [0.5, -1.0]})
               for i in range(3)]
    odd = Node("evidence:\U0001f600", Label.EVIDENCE, {
        "protocol": "measure", "numbers": {"cer": 0.12, "n": 3, "nested": {"k": [1, "x"]}},
        "mixed": [1, 2.5], "holes": [1, None], "nested": [[1], [2]], "empty": [],
        "tuple": ("x", "y"), "flags": [True, False], "ints": [1, 2, 3], "floats": [0.5, 2.0],
        "big": 2**63 + 5, "nan": float("nan"), "inf": float("inf"), "neg_zero": -0.0,
        "id": "not the id", "_cg_sort": "not the key", "_cg_k_x": "escaped twice",
        "quote": "'); MATCH (n) DETACH DELETE n //", "unicode": "Straße \U0001f600",
        "when": NOW, "count": 0, "ok": True, "gone": None,
        "": "empty key", "x y": 1, "a.b": 2, "`": 3, "ü": 4,
    })
    pua = Node("evidence:\ue000", Label.EVIDENCE, {"protocol": "check", "outcome": "pass"})
    ascii_ev = Node("evidence:plain", Label.EVIDENCE, {"protocol": "check"})
    nodes = (src_p, src_q, *ARTIFACTS, *caps, *claims, *signals, orphan_signal, *intents,
             odd, pua, ascii_ev)
    cited = [*ARTIFACTS[:3], *caps, *claims[:5], *signals[:3], signals[3]]
    edges = [
        *(Edge(EdgeType.HAS_CAPABILITY, f"artifact:{c.props['artifact']}", c.id) for c in caps),
        *(Edge(EdgeType.CLAIMS, str(c.props["capability"]), c.id) for c in claims[:7]),
        Edge(EdgeType.CLAIMS, "artifact:a", claims[7].id),
        *(Edge(EdgeType.HAS_SIGNAL, f"artifact:{s.props['artifact']}", s.id)
          for s in (*signals, orphan_signal)),
        *(Edge(EdgeType.FROM, n.id, "source:p") for n in cited),
        *(Edge(EdgeType.FROM, n.id, "source:q") for n in (ARTIFACTS[0], claims[0], signals[1],
                                                           signals[4])),
        Edge(EdgeType.MENTIONS, claims[3].id, "artifact:b", {"as": "alternative", "n": 2}),
        Edge(EdgeType.MENTIONS, claims[3].id, "artifact:strasse"),
        Edge(EdgeType.MATCHED, "intent:0", caps[0].id,
             {"times": 3, "successes": 2, "confidence": 0.66, "tags": ["a", 1]}),
        Edge(EdgeType.MATCHED, "intent:1", caps[0].id, {"times": 1, "successes": 1}),
        Edge(EdgeType.MATCHED, "intent:1", caps[3].id),
        Edge(EdgeType.SUPPORTS, odd.id, claims[0].id, {"weight": 1.0}),
        Edge(EdgeType.REFUTES, pua.id, claims[1].id),
        Edge(EdgeType.INFORMS, ascii_ev.id, claims[4].id),
        Edge(EdgeType.INFORMS, ascii_ev.id, ascii_ev.id),          # a loop
        Edge(EdgeType.FROM, odd.id, "source:q", {"gone": None, "kept": "yes"}),
        Edge(EdgeType.FROM, pua.id, "source:q"),
    ]
    first = WriteBatch(nodes=nodes, edges=tuple(edges))
    second = WriteBatch(
        nodes=(
            # replaced: props that are gone must be gone
            Node("source:q", Label.SOURCE, {"uri": "q.txt", "kind": "page", "checksum": "e",
                                            "imported_at": NOW}),
            # relabelled
            Node("intent:2", Label.EVIDENCE, {"protocol": "was an intent"}),
            artifact("new", "New", 99.0, "Model"),
        ),
        edges=(Edge(EdgeType.FROM, "artifact:new", "source:q"),
               Edge(EdgeType.MATCHED, "intent:0", caps[0].id, {"times": 4})),
        delete_nodes=("intent:1", claims[2].id),
        delete_edges=(("FROM", "artifact:b", "source:p"), ("MENTIONS", claims[3].id,
                                                           "artifact:strasse"),
                      ("NOT_A_TYPE", "a", "b"), ("FROM", "nowhere", "source:p")),
    )
    return [first, second]


def hub_graph(spokes: int = 700) -> WriteBatch:
    """A source cited by `spokes` claims, each mentioning one of a few artifacts."""
    src = Node("source:hub", Label.SOURCE, {"uri": "hub.txt", "kind": "page",
                                            "checksum": "h", "imported_at": NOW})
    arts = [artifact(f"hub-{i}", f"Hub {i}", float(i)) for i in range(5)]
    claims = [Node(f"claim:hub:{i:04d}", Label.CLAIM, {"text": f"c{i}", "kind": "description"})
              for i in range(spokes)]
    edges = [Edge(EdgeType.FROM, c.id, src.id) for c in claims]
    edges += [Edge(EdgeType.MENTIONS, c.id, arts[i % 5].id) for i, c in enumerate(claims)]
    edges += [Edge(EdgeType.FROM, a.id, src.id) for a in arts]
    return WriteBatch(nodes=(src, *arts, *claims), edges=tuple(edges))


def all_ids(store: EmbeddedStore) -> list[str]:
    return [n.id for n in store.export() if isinstance(n, Node)]


# -- parity: every protocol method ------------------------------------------------------------


def test_export_and_counts_are_identical(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    first, second = rich_graph()
    both(pair, first)
    same(list(embedded.export()), list(neo.export()))
    same(embedded.counts(), neo.counts())
    both(pair, second)
    exported = list(embedded.export())
    same(exported, list(neo.export()))
    same(embedded.counts(), neo.counts())
    ids = [n.id for n in exported if isinstance(n, Node)]
    assert ids.index("evidence:\ue000") < ids.index("evidence:\U0001f600")   # code point order


def test_properties_round_trip_with_their_types(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    node = neo.get_node("evidence:\U0001f600")
    assert node is not None
    props = node.props
    assert props["mixed"] == [1, 2.5] and type(props["mixed"][0]) is int
    assert props["ints"] == [1, 2, 3] and props["tuple"] == ["x", "y"] and props["empty"] == []
    assert props["holes"] == [1, None] and props["nested"] == [[1], [2]]
    assert props["big"] == 2**63 + 5 and props["count"] == 0 and type(props["count"]) is int
    assert props["nan"] is None and props["inf"] is None          # as JSON (and SQLite) has them
    assert props["id"] == "not the id" and props["_cg_sort"] == "not the key"
    assert props["_cg_k_x"] == "escaped twice" and "gone" not in props
    assert list(props) == sorted(props)
    same(embedded.get_node(node.id), node)
    artifact_c = neo.get_node("artifact:c")
    assert artifact_c is not None and "rank_score" not in artifact_c.props


def test_a_relabelled_node_keeps_only_its_new_label(db: Neo4jStore, neo4j_uri: str) -> None:
    """A node written again with another label loses the old one; one written with its own
    label again, or for the first time, has just that label."""
    for batch in rich_graph():
        db.apply(batch)
    db.apply_many([WriteBatch(nodes=(Node("claim:new", Label.CLAIM, {"text": "New."}),)),
                   WriteBatch(nodes=(Node("source:p", Label.SOURCE, {"uri": "p.txt"}),))])
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity) WHERE n.id IN ['intent:2', 'claim:new', 'source:p'] "
            "RETURN n.id AS id, labels(n) AS labels", database_="neo4j")
    assert {r["id"]: sorted(r["labels"]) for r in records} == {
        "intent:2": ["Entity", "Evidence"], "claim:new": ["Claim", "Entity"],
        "source:p": ["Entity", "Source"]}


def test_native_values_are_stored_as_neo4j_values(db: Neo4jStore, neo4j_uri: str) -> None:
    """Cypher outside the store can read lists, numbers and the id as they are."""
    both((db,), rich_graph()[0])
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity {id: $id}) RETURN n.notes AS notes, n.truncated AS truncated, "
            "labels(n) AS labels", {"id": "source:p"}, database_="neo4j")
        assert records[0]["notes"] == ["cut at line 9", "twice"]
        assert records[0]["truncated"] is True
        assert sorted(records[0]["labels"]) == ["Entity", "Source"]
        records, _, _ = driver.execute_query(
            "MATCH (n:Artifact {slug: 'a'}) RETURN n.rank_score AS rank", database_="neo4j")
        assert records[0]["rank"] == 43.0
        records, _, _ = driver.execute_query(
            "MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.ints AS ints, n._cg_json AS js",
            {"id": "evidence:\U0001f600"}, database_="neo4j")
        assert records[0]["id"] == "evidence:\U0001f600" and records[0]["ints"] == [1, 2, 3]
        assert set(records[0]["js"]) == {"numbers", "mixed", "holes", "nested", "big", "nan",
                                         "inf"}


def test_get_nodes_and_find_artifact_agree(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    ids = all_ids(embedded)
    for node_id in [*ids, "missing"]:
        same(embedded.get_node(node_id), neo.get_node(node_id))
    asked = [ids[3], "missing", ids[0], ids[3], *ids[::-1]]
    same(embedded.get_nodes(asked), neo.get_nodes(asked))
    same(embedded.get_nodes([]), neo.get_nodes([]))
    names = ["a", "b", "Alpha", "ALPHA", "a-alias", "bb", "beta alias", "TIE", "tie", "Tie",
             "STRASSE", "straße", "Straße", "\U0001f600 BOT", "\uff26ULL", "int rank",
             "Int-Rank", "zeta", "!!!", "", "O'Brien `}) DETACH DELETE n //", "new", "New",
             "\ue000 private", "c", "gamma", "hub-1"]
    for name in names:
        same(embedded.find_artifact(name), neo.find_artifact(name))


def test_source_facts_agree(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    first, second = rich_graph()
    both(pair, first)
    for source_id in ["source:p", "source:q", "source:none", "artifact:a"]:
        same(embedded.source_facts(source_id), neo.source_facts(source_id))
    both(pair, second)
    for source_id in ["source:p", "source:q"]:
        same(embedded.source_facts(source_id), neo.source_facts(source_id))


def test_profiles_agree(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    slugs = [str(n.props["slug"]) for n in ARTIFACTS] + ["new"]
    for asked in (slugs, slugs[::-1], ["b", "missing", "a", "b"], [], ["missing"]):
        same(embedded.profiles(asked), neo.profiles(asked))
    a = neo.profiles(["a"])[0]
    assert [s.props["name"] for s in a.signals] and list(a.sources) == ["source:p", "source:q"]
    assert len(a.checked_claims) == 4      # misfiled and unchecked claims are not counted


def test_claims_of_list_claims_and_incoming_agree(
    pair: tuple[EmbeddedStore, Neo4jStore],
) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    ids = all_ids(embedded)
    owners = [i for i in ids if i.startswith(("capability:", "artifact:"))]
    for asked in (owners, [*owners[::-1], "missing", owners[0]], [], ["source:p"]):
        same(embedded.claims_of(asked), neo.claims_of(asked))
    for artifact_slug in (None, "a", "b", "c", ""):
        for verdict in (None, "supported", "refuted", "nope"):
            for claim_class in (None, "settled", "measurable"):
                # bounds are non-negative: the caller's to check (schema.pagination)
                for first, offset in ((100, 0), (2, 1), (1, 0), (0, 0), (3, 5)):
                    kwargs = {"first": first, "offset": offset, "artifact": artifact_slug,
                              "verdict": verdict, "claim_class": claim_class}
                    same(embedded.list_claims(**kwargs), neo.list_claims(**kwargs))
    for types in ([EdgeType.FROM], [EdgeType.CLAIMS, EdgeType.SUPPORTS, EdgeType.REFUTES,
                                    EdgeType.INFORMS], list(EdgeType), []):
        asked = [*ids, "missing", ids[0]]
        same(embedded.incoming(asked, types), neo.incoming(asked, types))


def test_list_artifacts_orders_and_pages_agree(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    types = [None, "Model", "API", "Dataset", "Nope"]
    for order in ArtifactOrder:
        for type_ in types:
            full = embedded.list_artifacts(first=100, order=order, type=type_)
            same(full, neo.list_artifacts(first=100, order=order, type=type_))
            for offset in range(full.total + 2):
                for first in (1, 2, 3):
                    same(embedded.list_artifacts(first=first, offset=offset, order=order,
                                                 type=type_),
                         neo.list_artifacts(first=first, offset=offset, order=order,
                                            type=type_))
            for first, offset in ((0, 0), (0, 3)):
                same(embedded.list_artifacts(first=first, offset=offset, order=order,
                                             type=type_),
                     neo.list_artifacts(first=first, offset=offset, order=order, type=type_))
    by_rank = [n.props["slug"] for n in neo.list_artifacts(first=100).nodes]
    assert by_rank[:5] == ["inf", "new", "b", "tie-1", "tie-2"] and by_rank[-1] == "neg-inf"
    assert by_rank.index("\ue000pua") < by_rank.index("\U0001f600pua")


def test_neighbourhoods_agree(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    both(pair, *rich_graph())
    filters: list[Sequence[EdgeType] | None] = [
        None, [], [EdgeType.FROM], [EdgeType.HAS_CAPABILITY, EdgeType.CLAIMS],
        [EdgeType.MENTIONS, EdgeType.CLAIMS, EdgeType.INFORMS],
    ]
    for node_id in [*all_ids(embedded), "missing"]:
        for depth in (0, 1, 2, 3):
            for edge_types in filters:
                same(embedded.neighbourhood(node_id, depth, edge_types),
                     neo.neighbourhood(node_id, depth, edge_types))


def test_a_capped_neighbourhood_cuts_at_the_same_nodes(
    pair: tuple[EmbeddedStore, Neo4jStore],
) -> None:
    embedded, neo = pair
    both(pair, hub_graph())
    for node_id, depth, edge_types in [
        ("source:hub", 1, None), ("source:hub", 2, None), ("artifact:hub-3", 2, None),
        ("artifact:hub-3", 3, None), ("claim:hub:0350", 3, [EdgeType.FROM]),
        ("artifact:hub-0", 3, [EdgeType.MENTIONS]), ("source:hub", -1, None),
    ]:
        expected = embedded.neighbourhood(node_id, depth, edge_types)
        got = neo.neighbourhood(node_id, depth, edge_types)
        same(expected, got)
    capped = neo.neighbourhood("artifact:hub-3", 2)
    assert len(capped.nodes) == MAX_SUBGRAPH_NODES


def test_imported_pages_land_identically(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    """The importer (which reads as it writes: source_facts, profiles, get_nodes) on both."""
    embedded, neo = pair
    pages = [SEED, *corpus_files()]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        reports = [import_text(store, text, uri=page.name, now=NOW) for store in pair]
        assert reports[0] == reports[1]
    # a changed page replaces its facts the same way
    changed = SEED.read_text(encoding="utf-8").replace(
        "| UnfragileRank | 43/100 | 58/100 |", "| UnfragileRank | 47/100 | 58/100 |",
    ).replace("Recognizes handwritten text", "Reads handwritten text")
    reports = [import_text(store, changed, uri=SEED.name, now=NOW) for store in pair]
    assert reports[0] == reports[1] and reports[0].status == "updated" and reports[0].removed
    same(list(embedded.export()), list(neo.export()))
    same(embedded.counts(), neo.counts())
    for order in ArtifactOrder:
        same(embedded.list_artifacts(first=100, order=order),
             neo.list_artifacts(first=100, order=order))
    slugs = [n.props["slug"] for n in embedded.list_artifacts(first=100).nodes]
    same(embedded.profiles(slugs), neo.profiles(slugs))


# -- writes: all or nothing, idempotent -------------------------------------------------------


def rejected(store: Neo4jStore, batch: WriteBatch, match: str) -> None:
    before = list(store.export())
    with pytest.raises(BatchRejected, match=match):
        store.apply(batch)
    assert list(store.export()) == before


def test_a_batch_with_a_dangling_edge_writes_nothing(db: Neo4jStore) -> None:
    dangling = WriteBatch(nodes=(artifact("x", "X"), artifact("y", "Y")),
                          edges=(Edge(EdgeType.MENTIONS, "artifact:x", "artifact:y"),
                                 Edge(EdgeType.FROM, "artifact:x", "source:missing")))
    rejected(db, dangling, "source:missing")
    assert list(db.export()) == [] and db.counts() == {}
    db.apply(rich_graph()[0])
    rejected(db, dangling, "source:missing")


def test_broken_invariants_are_rejected_whole(db: Neo4jStore) -> None:
    db.apply(rich_graph()[0])
    rejected(db, WriteBatch(nodes=(artifact("x", "X"),), delete_nodes=("artifact:x",)),
             "writes and deletes")
    rejected(db, WriteBatch(nodes=(artifact("x", "X"), Node("artifact:other", Label.ARTIFACT,
                                                            {"slug": "b", "name": "B2"}))),
             "slug 'b' already belongs")
    rejected(db, WriteBatch(nodes=(artifact("x", "X"), Node("artifact:x2", Label.ARTIFACT,
                                                            {"slug": "x", "name": "X2"}))),
             "two artifacts in one batch")
    rejected(db, WriteBatch(nodes=(Node("artifact:n", Label.ARTIFACT, {"slug": "n"}),)),
             "needs a slug and a name")
    rejected(db, WriteBatch(nodes=(artifact("x", "X"),),
                            edges=(Edge(EdgeType.FROM, "artifact:x", "source:p"),),
                            delete_nodes=("source:p",)), "'source:p' does not exist")
    rejected(db, WriteBatch(nodes=(Node("n:1", Label.INTENT, {"v": {1, 2}}),)), "JSON")
    rejected(db, WriteBatch(nodes=(artifact("r", "R", rank="high"),)),  # type: ignore[arg-type]
             "not a number")


def test_applying_the_same_batch_again_changes_nothing(db: Neo4jStore) -> None:
    first, second = rich_graph()
    db.apply(first)
    once = list(db.export())
    counts = db.counts()
    db.apply(first)
    assert list(db.export()) == once and db.counts() == counts
    db.apply(second)
    twice = list(db.export())
    db.apply(second)
    assert list(db.export()) == twice


def test_a_retried_transaction_function_writes_the_same(db: Neo4jStore) -> None:
    """The driver may run the write function again (transient errors): run it twice in one
    transaction and once in another, and compare."""
    first, second = rich_graph()
    db.apply(first)
    db.apply(second)
    expected = list(db.export())
    db.clear()
    with db._driver.session(database="neo4j") as session:
        for batch in (first, second):
            plan = plan_batch(batch)
            session.execute_write(lambda tx, p=plan: (write_batch(tx, p), write_batch(tx, p)))
    assert list(db.export()) == expected


def test_a_slug_taken_by_a_concurrent_writer_is_rejected(db: Neo4jStore, neo4j_uri: str) -> None:
    """The check reads committed data; the uniqueness constraint catches the race."""
    db.apply(WriteBatch(nodes=(artifact("keep", "Keep"),)))
    raised: list[BaseException] = []

    def ours() -> None:
        try:
            db.apply(WriteBatch(nodes=(artifact("race", "Ours"),
                                       Node("intent:ours", Label.INTENT, {"text": "t"})),
                                edges=(Edge(EdgeType.MATCHED, "intent:ours", "artifact:keep"),)))
        except BaseException as exc:
            raised.append(exc)

    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver, \
            driver.session(database="neo4j") as session:
        tx = session.begin_transaction()
        tx.run("CREATE (:Entity:Artifact {id: 'artifact:theirs', slug: 'race', name: 'Theirs', "
               "_cg_sort: 'artifact:theirs', _cg_rank: -1.0, _cg_name: 'theirs', "
               "_cg_slug: 'race'})").consume()
        writer = threading.Thread(target=ours)
        writer.start()
        time.sleep(1.0)             # ours has checked the slug and waits on the index lock
        tx.commit()
        writer.join(60)
    assert not writer.is_alive()
    assert len(raised) == 1 and isinstance(raised[0], BatchRejected), raised
    assert "refused the batch" in str(raised[0])        # the server's constraint said no
    assert db.get_node("artifact:race") is None and db.get_node("intent:ours") is None
    theirs = db.get_node("artifact:theirs")
    assert theirs is not None and theirs.props == {"name": "Theirs", "slug": "race"}


def test_an_edge_whose_end_vanished_after_the_check_rejects_the_batch(db: Neo4jStore) -> None:
    """Between the check and the write a concurrent transaction may delete an end; the write
    counts what it merged and takes the whole batch back. (The check is skipped here to stand
    for that window.)"""
    db.apply(WriteBatch(nodes=(artifact("keep", "Keep"),)))
    plan = plan_batch(WriteBatch(nodes=(artifact("late", "Late"),),
                            edges=(Edge(EdgeType.MENTIONS, "artifact:late", "artifact:keep"),
                                   Edge(EdgeType.FROM, "artifact:late", "source:gone"))))
    unchecked = dataclasses.replace(plan, slugs={}, ends=[])
    before = list(db.export())
    with db._driver.session(database="neo4j") as session, \
            pytest.raises(BatchRejected, match="lost an end"):
        session.execute_write(write_batch, unchecked)
    assert list(db.export()) == before


def test_a_node_can_change_label(db: Neo4jStore) -> None:
    db.apply(WriteBatch(nodes=(Node("x:1", Label.INTENT, {"text": "t"}),)))
    db.apply(WriteBatch(nodes=(Node("x:1", Label.EVIDENCE, {"protocol": "p"}),)))
    assert db.counts() == {"Evidence": 1}
    assert db.get_node("x:1") == Node("x:1", Label.EVIDENCE, {"protocol": "p"})


def test_the_last_write_of_an_id_in_a_batch_wins(pair: tuple[EmbeddedStore, Neo4jStore]) -> None:
    embedded, neo = pair
    batch = WriteBatch(
        nodes=(Node("x:1", Label.INTENT, {"v": 1}), Node("x:1", Label.EVIDENCE, {"v": 2}),
               Node("x:2", Label.INTENT, {"v": 3}), Node("x:2", Label.INTENT, {"w": 4})),
        edges=(Edge(EdgeType.INFORMS, "x:1", "x:2", {"a": 1}),
               Edge(EdgeType.INFORMS, "x:1", "x:2", {"b": 2})))
    both(pair, batch)
    same(list(embedded.export()), list(neo.export()))


def test_grouped_writes_keep_each_batch_whole(db: Neo4jStore) -> None:
    with db.grouped_writes(size=10):
        db.apply(WriteBatch(nodes=(artifact("g1", "G1"),)))
        with pytest.raises(BatchRejected):
            db.apply(WriteBatch(nodes=(artifact("g2", "G2"),),
                                edges=(Edge(EdgeType.FROM, "artifact:g2", "nowhere"),)))
        db.apply(WriteBatch(nodes=(artifact("g3", "G3"),)))
    assert [n.id for n in db.export()] == ["artifact:g1", "artifact:g3"]


def test_clear_empties_the_store_and_keeps_the_constraints(db: Neo4jStore) -> None:
    db.apply(hub_graph(2500))                # more than one chunk of deletions
    db.clear()
    assert list(db.export()) == [] and db.counts() == {}
    with db._driver.session(database="neo4j") as session:
        names = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name")}
    assert {"capgraph_entity_id", "capgraph_artifact_slug"} <= names


# -- round trips ------------------------------------------------------------------------------


class _Queries(logging.Handler):
    """The Cypher queries the driver sends (its Bolt log: one `C: RUN` per query), read from
    the wire log of the real server conversation."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if " C: RUN " in message:
            self.seen.append(message)

    def clear(self) -> None:
        self.seen.clear()

    def __len__(self) -> int:
        return len(self.seen)


@pytest.fixture
def queries() -> Iterator[_Queries]:
    """Every query the store sends to the server during the test."""
    handler, logger = _Queries(), logging.getLogger("neo4j")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_reads_cost_a_fixed_number_of_queries(db: Neo4jStore, queries: _Queries) -> None:
    db.apply(rich_graph()[0])
    db.apply(hub_graph())
    slugs = [str(n.props["slug"]) for n in ARTIFACTS]
    caps = [n.id for n in db.export() if isinstance(n, Node) and n.label is Label.CAPABILITY]
    claims = [n.id for n in db.export() if isinstance(n, Node) and n.label is Label.CLAIM]

    def cost(call: Callable[[], object]) -> int:
        queries.clear()
        call()
        return len(queries)

    assert cost(lambda: db.profiles(slugs[:1])) == cost(lambda: db.profiles(slugs)) == 1
    assert cost(lambda: db.claims_of(caps[:1])) == cost(lambda: db.claims_of(caps)) == 1
    assert cost(lambda: db.get_nodes(claims[:1])) == cost(lambda: db.get_nodes(claims)) == 1
    assert cost(lambda: db.source_facts("source:hub")) == 1
    assert cost(lambda: db.list_artifacts(first=3)) == 1
    assert cost(lambda: db.list_artifacts(first=3, type="API",
                                          order=ArtifactOrder.NAME_ASC)) == 1
    assert cost(lambda: db.list_claims(first=5, artifact="a")) == 1
    assert cost(lambda: db.incoming(claims, [EdgeType.CLAIMS, EdgeType.FROM])) == 1
    assert cost(lambda: db.counts()) == 1
    assert cost(lambda: db.find_artifact("Beta")) == 1
    assert cost(lambda: db.find_artifact("bb")) == 2           # the alias fallback
    for depth in (0, 1, 2, 3):
        assert cost(lambda d=depth: db.neighbourhood("artifact:a", d)) <= depth + 2  # type: ignore[misc]
    assert cost(lambda: db.neighbourhood("source:hub", 3)) <= 5
    # a write: one statement checks and writes the whole batch, whatever labels and types
    first = rich_graph()[0]
    assert len({n.label for n in first.nodes}) > 1 and len({e.type for e in first.edges}) > 1
    assert cost(lambda: db.apply(first)) == 1


# -- connecting -------------------------------------------------------------------------------


def test_the_store_is_still_importable_by_its_earlier_path() -> None:
    """The shared benchmark's in-process profile (`../shared/peer-bench`) imports it so."""
    from graph.neo4j_store import Neo4jStore as by_earlier_path

    assert by_earlier_path is Neo4jStore


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_an_unreachable_server_is_store_unavailable(scheme: str) -> None:
    uri = f"{scheme}://127.0.0.1:{closed_port()}"
    with pytest.raises(StoreUnavailable) as failure:
        Neo4jStore.connect(uri, user="neo4j", password="s3cret-pw", database="graphs")
    message = str(failure.value)
    assert uri in message and "'graphs'" in message and "s3cret-pw" not in message
    assert failure.value.__cause__ is None and failure.value.__suppress_context__


def test_a_password_in_the_uri_is_never_shown() -> None:
    uri = f"bolt://neo4j:s3cret-pw@127.0.0.1:{closed_port()}"
    with pytest.raises(StoreUnavailable) as failure:
        Neo4jStore.connect(uri, user="neo4j", password="s3cret-pw", database="neo4j")
    assert "s3cret-pw" not in str(failure.value) and "127.0.0.1" in str(failure.value)


def test_a_missing_database_or_scheme_is_store_unavailable(neo4j_uri: str) -> None:
    with pytest.raises(StoreUnavailable, match=r"'nope'.*not found"):
        Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="nope")
    with pytest.raises(StoreUnavailable, match="bolt://"):
        Neo4jStore.connect(neo4j_uri.replace("bolt://", "http://"), user="neo4j", password="",
                           database="neo4j")


def test_a_routing_uri_works_and_sees_the_other_connections_writes(
    db: Neo4jStore, neo4j_uri: str,
) -> None:
    routed = Neo4jStore.connect(neo4j_uri.replace("bolt://", "neo4j://"), user="neo4j",
                                password="", database="neo4j")
    try:
        routed.apply(WriteBatch(nodes=(artifact("routed", "Routed", 1.0),)))
        found = db.find_artifact("Routed")
        assert found is not None and found.id == "artifact:routed"
        assert routed.list_artifacts(first=5).total == 1
    finally:
        routed.close()


def test_connecting_again_finds_the_schema_in_place(neo4j_uri: str) -> None:
    again = Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="neo4j")
    again.close()


# -- the encoding on its own ------------------------------------------------------------------


def test_encoding_round_trips_what_json_round_trips() -> None:
    rng = random.Random(7)
    values: list[Any] = ["s", "", 0, -1, 2**63 - 1, -(2**63), 2**63, 1.5, -0.0, True, False,
                         [], [1], [1.0], ["a", "b"], [True], [1, True], [1, "a"], [[1]],
                         {"a": 1}, {"a": [1, {"b": None}]}, ("t",), [None], float("nan")]
    keys = ["k", "id", "_cg_json", "_cg_sort", "_cg_k_k", "_cg_k_id", "x y", "ü", "id2"]
    for _ in range(300):
        props = {key: rng.choice(values) for key in rng.sample(keys, rng.randint(0, 6))}
        assert orjson.dumps(decode_props(encode_props(props))) == \
            orjson.dumps(orjson.loads(orjson.dumps(props, option=orjson.OPT_SORT_KEYS)))
