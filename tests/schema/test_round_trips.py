"""The benchmark's three queries beside @neo4j/graphql (`../shared/peer-bench/queries.mjs`)
cost the Neo4j round trips the README states: (a) one artifact with its capabilities and
signals, one statement; (b) the top 50 with their rank scores, one (the stored rank fields,
not the profiles); (c) a compare, one. Counted from the driver's wire log on the real server:
one `C: RUN` per statement, whatever kind of transaction carries it."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema import build_schema
from schema.context import Context
from tests.conftest import SEED
from tests.graph.test_neo4j_store import _Queries

pytestmark = pytest.mark.neo4j

CAPS = "name description"
A = f"""query ($slug: String!) {{ artifact(slug: $slug) {{ slug name type
  capabilities {{ {CAPS} }} signals {{ name raw kind observedAt }} }} }}"""
B = "{ artifacts(first: 50) { edges { node { slug name type rank { score } } } } }"
C = f"""query ($a: String!, $b: String!) {{ compare(a: $a, b: $b) {{
  left {{ slug name type }} right {{ slug name type }}
  rows {{ key leader left {{ display }} right {{ display }} }} verdict
  leftCapabilities {{ {CAPS} }} rightCapabilities {{ {CAPS} }} }} }}"""
LEFT, RIGHT = "trocr-base-handwritten", "flux-1-pro"


@pytest.fixture
def seeded(_neo4j_store: GraphStore) -> Iterator[GraphStore]:
    _neo4j_store.clear()
    import_text(_neo4j_store, SEED.read_text(), uri=SEED.name)
    yield _neo4j_store
    _neo4j_store.clear()


@pytest.mark.parametrize(("query", "variables", "statements"), [
    (A, {"slug": LEFT}, 1),
    (B, {}, 1),
    (C, {"a": LEFT, "b": RIGHT}, 1),
], ids=["a-artifact", "b-top-50", "c-compare"])
def test_each_benchmark_query_costs_the_round_trips_stated(
        seeded: GraphStore, query: str, variables: dict[str, str], statements: int) -> None:
    schema = build_schema()
    first = schema.execute_sync(query, variables, Context.for_store(seeded))
    assert not first.errors, first.errors
    runs, logger = _Queries(), logging.getLogger("neo4j")
    level = logger.level
    logger.addHandler(runs)
    logger.setLevel(logging.DEBUG)
    try:
        again = schema.execute_sync(query, variables, Context.for_store(seeded))
    finally:
        logger.removeHandler(runs)
        logger.setLevel(level)
    assert again.data == first.data and again.data
    assert len(runs.seen) == statements, runs.seen
