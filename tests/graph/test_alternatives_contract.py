"""`alternatives` and `paths` on both stores: the same answers for the same data (the seed and
a few corpus pages), because both load their subgraph through the seam and run the same
networkx algorithm."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.algorithms import connecting_paths, subgraph_between, to_networkx
from graph.alternatives import Alternative, find_alternatives
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.model import Edge, EdgeType, Label, Node, WriteBatch
from graph.store import GraphStore
from tests.conftest import CORPUS, SEED

PAGES = [CORPUS / name for name in (
    "microsoft--trocr-base-printed-vs-stable-diffusion.txt",
    "openai--whisper-vs-whisper-large-v3.txt",
    "mcp-microsoft-playwright-mcp-vs-langchain.txt",
)]
SLUGS = ["trocr-base-handwritten", "trocr-base-printed", "flux-1-pro", "whisper",
         "mcp-microsoft-playwright-mcp"]
PAIRS = [("trocr-base-handwritten", "trocr-base-printed"), ("flux-1-pro", "stable-diffusion"),
         ("whisper", "whisper-large-v3"), ("trocr-base-handwritten", "tesseract")]


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """The intent index is kept per store object: a store wiped and refilled within its
    refresh time must not answer from the last test's index."""
    from inference import intent_index

    intent_index._BUILT.clear()
    yield
    intent_index._BUILT.clear()


def load(store: GraphStore) -> GraphStore:
    import_text(store, SEED.read_text(), uri="seed.txt", now="2026-12-01T00:00:00+00:00")
    for page in PAGES:
        import_text(store, page.read_text(), uri=page.name, now="2026-12-01T00:00:00+00:00")
    return store


def alternatives(store: GraphStore) -> dict[str, list[Alternative]]:
    from inference.intent_index import find_alternatives as alternatives_of

    found = {}
    for slug in SLUGS:
        node = store.find_artifact(slug)
        assert node is not None, slug
        found[slug] = alternatives_of(store, node, 8)
    return found


def paths(store: GraphStore) -> list[object]:
    out: list[object] = []
    for a, b in PAIRS:
        for hops in (4, 6):
            sub, cut = subgraph_between(store, f"artifact:{a}", f"artifact:{b}", hops)
            out.append((a, b, hops, cut, connecting_paths(
                to_networkx(sub), f"artifact:{a}", f"artifact:{b}", hops, 5)))
    return out


def test_both_stores_give_the_same_alternatives_and_paths(store: GraphStore,
                                                         corpus_dir: object) -> None:
    load(store)
    reference = load(EmbeddedStore())
    mine, theirs = alternatives(store), alternatives(reference)
    assert mine == theirs
    assert paths(store) == paths(reference)
    handwritten = {a.slug: a for a in mine["trocr-base-handwritten"]}
    # shared by match: the printed TrOCR does what the handwritten one does
    printed = handwritten["trocr-base-printed"]
    assert printed.shared and printed.shared[0].score >= 0.5 and "shares" in printed.why
    assert next(iter(handwritten)) == "trocr-base-printed"
    # named by its claims: "... compared to Tesseract, EasyOCR"
    assert handwritten["tesseract"].claims and "named by" in handwritten["tesseract"].why
    scores = [(-a.score, a.slug) for a in mine["flux-1-pro"]]
    assert scores == sorted(scores) and len(scores) >= 5


def test_paths_connect_two_artifacts_through_what_their_claims_name(store: GraphStore,
                                                                   corpus_dir: object) -> None:
    load(store)
    a, b = "artifact:trocr-base-handwritten", "artifact:trocr-base-printed"
    sub, cut = subgraph_between(store, a, b, 6)
    found = connecting_paths(to_networkx(sub), a, b, 6, 5)
    assert found and not cut
    first = found[0]
    assert (first.nodes[0], first.nodes[-1]) == (a, b) and len(first.steps) == 6
    assert [s.type for s in first.steps] == ["HAS_CAPABILITY", "CLAIMS", "MENTIONS",
                                             "MENTIONS", "CLAIMS", "HAS_CAPABILITY"]
    assert not connecting_paths(to_networkx(sub), a, b, 5, 5)       # none shorter
    sources = subgraph_between(store, a, "artifact:flux-1-pro", 2,
                               [EdgeType.FROM])[0]      # one page lists both
    assert [len(p.steps) for p in connecting_paths(
        to_networkx(sources), a, "artifact:flux-1-pro", 2, 5)] == [2]


def test_intents_that_matched_both_make_an_alternative(store: GraphStore) -> None:
    nodes = [Node("artifact:a", Label.ARTIFACT, {"slug": "a", "name": "A"}),
             Node("artifact:b", Label.ARTIFACT, {"slug": "b", "name": "B"}),
             Node("artifact:c", Label.ARTIFACT, {"slug": "c", "name": "C"}),
             Node("capability:a1", Label.CAPABILITY, {"description": "reads lines"}),
             Node("capability:b1", Label.CAPABILITY, {"description": "reads pages"}),
             Node("capability:c1", Label.CAPABILITY, {"description": "paints"}),
             Node("intent:ocr", Label.INTENT, {"text": "read my notes"})]
    edges = [Edge(EdgeType.HAS_CAPABILITY, "artifact:a", "capability:a1"),
             Edge(EdgeType.HAS_CAPABILITY, "artifact:b", "capability:b1"),
             Edge(EdgeType.HAS_CAPABILITY, "artifact:c", "capability:c1"),
             Edge(EdgeType.MATCHED, "intent:ocr", "capability:a1", {"times": 3}),
             Edge(EdgeType.MATCHED, "intent:ocr", "capability:b1", {"times": 1})]
    store.apply(WriteBatch(tuple(nodes), tuple(edges)))
    found = find_alternatives(store, nodes[0], [], 5)
    assert [(a.slug, a.shared, a.claims) for a in found] == [("b", (), ())]
    assert found[0].score > 0 and "intents" in found[0].why


def test_the_subgraph_an_answer_reads_is_bounded(store: GraphStore,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.algorithms
    import graph.alternatives
    from graph.alternatives import SharedCapability

    hub = Node("artifact:hub", Label.ARTIFACT, {"slug": "hub", "name": "Hub"})
    cap = Node("capability:hub", Label.CAPABILITY, {"description": "does it"})
    others = [Node(f"artifact:o{i:02}", Label.ARTIFACT, {"slug": f"o{i:02}", "name": f"O{i}"})
              for i in range(12)]
    caps = [Node(f"capability:o{i:02}", Label.CAPABILITY, {"description": "does it too"})
            for i in range(12)]
    store.apply(WriteBatch((hub, cap, *others, *caps), (
        Edge(EdgeType.HAS_CAPABILITY, hub.id, cap.id),
        *(Edge(EdgeType.HAS_CAPABILITY, o.id, c.id) for o, c in zip(others, caps, strict=True)))))
    shared = [(o.props["slug"], SharedCapability(cap.id, c.id, 0.9 - i / 100, 0.5, 0.9, ()))
              for i, (o, c) in enumerate(zip(others, caps, strict=True))]
    monkeypatch.setattr(graph.alternatives, "MAX_SUBGRAPH_NODES", 8)
    found = find_alternatives(store, hub, shared, 20)
    # 2 of the artifact's nodes, then the best matches first: 3 pairs fit in 8 nodes
    assert [a.slug for a in found] == ["o00", "o01", "o02"]
    monkeypatch.setattr(graph.algorithms, "MAX_SUBGRAPH_NODES", 2)   # one node a side
    sub, cut = subgraph_between(store, hub.id, others[5].id, 4)
    assert cut and {n.id for n in sub.nodes} == {hub.id, others[5].id}
