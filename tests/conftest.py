"""Shared fixtures: the stores (embedded and a real Neo4j), the seed and the corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.store import GraphStore
from tests.inference.fixtures_models import tiny_flux_dir, tiny_trocr_dir

os.environ.setdefault("HF_HUB_OFFLINE", "1")

__all__ = ["tiny_flux_dir", "tiny_trocr_dir"]   # tiny models built offline, per session

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "documents" / "trocr-base-handwritten-vs-flux-1-pro.txt"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real pages is not at {CORPUS} (it lives in ../shared/corpus)")
    return CORPUS


def corpus_files() -> list[Path]:
    """Corpus pages for parametrising; empty (tests skip) where the corpus is absent."""
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """A real Neo4j server for the whole session (CAPGRAPH_TEST_NEO4J_URI to reuse one)."""
    from tests.neo4j_server import neo4j_uri_fixture

    # One JVM for the whole session, shared by every fixture built on it. A server that
    # cannot start raises: the run fails, never skips, so CI cannot pass without it.
    yield from neo4j_uri_fixture()


@pytest.fixture(scope="session")
def _neo4j_store(neo4j_uri: str) -> Iterator[GraphStore]:
    from graph.neo4j import Neo4jStore

    store = Neo4jStore.connect(neo4j_uri, user="neo4j", password="", database="neo4j")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def _neo4j_routing_store(neo4j_uri: str) -> Iterator[GraphStore]:
    """The same server through a `neo4j://` URI: the routing driver, as a cluster or Aura
    is reached (a single server answers the routing table with itself)."""
    from graph.neo4j import Neo4jStore

    routing = "neo4j://" + neo4j_uri.split("://", 1)[1]
    store = Neo4jStore.connect(routing, user="neo4j", password="", database="neo4j")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    """One empty embedded store, for tests of what sits above the seam (the measurement
    protocols): the store contract suite already runs the seam itself on both stores."""
    embedded = EmbeddedStore(tmp_path / "capgraph.sqlite3")
    yield embedded
    embedded.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """Each store in turn, empty: the contract suite runs every test on both."""
    if request.param == "embedded":
        yield request.getfixturevalue("embedded_store")
    else:
        neo4j: GraphStore = request.getfixturevalue("_neo4j_store")
        neo4j.clear()
        _forget_indexes(neo4j)
        yield neo4j
        neo4j.clear()
        _forget_indexes(neo4j)


def _forget_indexes(store: GraphStore) -> None:
    """The intent index is kept per store object: the Neo4j store, wiped and refilled from
    test to test, must not answer from the last test's index."""
    import sys

    if "inference.intent_index" in sys.modules:
        sys.modules["inference.intent_index"]._BUILT.pop(store, None)


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every address a socket tries to reach during the test, refused (offline means no
    attempt at all, not a slow one)."""
    import socket

    attempts: list[object] = []

    def refuse(_sock: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(f"test: no network ({address!r})")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts
