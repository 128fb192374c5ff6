"""The import floor (`bench.import_floor`) times the import's own writes: its replay writes the
same graph the import did, and its simplest Neo4j statements write every node and edge the
import wrote; otherwise its figures would measure something else."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.import_floor import embedded_floor, neo4j_floor
from graph.model import Edge
from graph.store import GraphStore


def test_the_replayed_statements_write_the_graph_the_import_wrote(tmp_path: Path) -> None:
    floor = embedded_floor(tmp_path, pages=5, warm=3)
    assert floor.imported, "the import wrote nothing"
    assert floor.replayed == floor.imported
    for run in floor.replays.values():
        assert run.seconds > 0
        edges = [rows for text, (_, rows) in run.by_statement.items()
                 if text.startswith("INSERT OR REPLACE INTO edges")]
        # the timed replay holds the timed pages' edges only, not the pages before them
        timed_edges = sum(isinstance(item, Edge) for item in floor.imported) * 5 / 8
        assert edges and 0.5 * timed_edges < edges[0] < 1.5 * timed_edges


@pytest.mark.neo4j
def test_the_simplest_statements_write_every_node_and_edge_and_leave_the_index(
        _neo4j_store: GraphStore, neo4j_uri: str) -> None:
    from neo4j import GraphDatabase

    floor = neo4j_floor(_neo4j_store, neo4j_uri, lambda: None, pages=3, warm=2)
    # what the import wrote: pages of 161 nodes and 318 edges (two artifacts, ten capabilities
    # each); the floor raises when its statements wrote fewer than it read back
    assert floor.nodes > 150 * 5 and floor.edges > 300 * 5
    assert set(floor.simplest) == {"full-text index", "no full-text index"}
    assert floor.import_server is None and floor.import_wall > 0
    with GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        names = {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records}
        left = driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n").records[0]["n"]
    assert "capgraph_search" in names
    assert left == 0
