"""Smoke tests for the real Neo4j test server (tests/neo4j_server.py, tools/neo4j/)."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import ConstraintError

from tests.neo4j_server import (
    STOPPED_MARKER,
    TOOLS,
    Neo4jServerError,
    Neo4jTestServer,
)

pytestmark = pytest.mark.neo4j


@pytest.fixture
def driver(neo4j_uri: str) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as drv:
        yield drv


def _pinned_version() -> str:
    match = re.search(r"<neo4j.version>([^<]+)</neo4j.version>", (TOOLS / "pom.xml").read_text())
    assert match, "tools/neo4j/pom.xml pins no <neo4j.version>"
    return match.group(1)


def test_return_one(driver: neo4j.Driver) -> None:
    records, summary, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
    assert [r["one"] for r in records] == [1]
    assert summary.server.agent.startswith("Neo4j/5.26")


def test_uniqueness_constraint(driver: neo4j.Driver) -> None:
    name = "capgraph_smoke_key_unique"
    driver.execute_query(
        f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:CapgraphSmoke) REQUIRE n.key IS UNIQUE",
        database_="neo4j",
    )
    try:
        shown, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties WHERE name = $name "
            "RETURN type, labelsOrTypes, properties",
            name=name,
            database_="neo4j",
        )
        assert [r.data() for r in shown] == [
            {"type": "UNIQUENESS", "labelsOrTypes": ["CapgraphSmoke"], "properties": ["key"]}
        ]
        driver.execute_query("CREATE (:CapgraphSmoke {key: 'a'})", database_="neo4j")
        with pytest.raises(ConstraintError):
            driver.execute_query("CREATE (:CapgraphSmoke {key: 'a'})", database_="neo4j")
        count, _, _ = driver.execute_query(
            "MATCH (n:CapgraphSmoke) RETURN count(n) AS c", database_="neo4j"
        )
        assert count[0]["c"] == 1
    finally:
        driver.execute_query("MATCH (n:CapgraphSmoke) DETACH DELETE n", database_="neo4j")
        driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_="neo4j")


def test_sigterm_stops_the_jvm_cleanly() -> None:
    server = Neo4jTestServer(reuse_env=False)  # a private JVM: never the shared one
    try:
        server.start()
        pid, log = server.pid, server.log_path
        assert pid is not None and log is not None
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while server.is_running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not server.is_running(), "the JVM ignored SIGTERM for 60 s"
        # the shutdown hook closed the database and printed the marker as its last line
        assert log.read_text().splitlines()[-1] == STOPPED_MARKER
    finally:
        tmp = server.log_path.parent if server.log_path else None
        server.stop()
    assert tmp is None or not tmp.exists()


def test_kill_then_restart_keeps_committed_data() -> None:
    with Neo4jTestServer(reuse_env=False) as server:
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as drv:
            drv.execute_query("CREATE (:CapgraphSmoke {key: 'kept'})", database_="neo4j")
        uri = server.uri
        server.kill()
        assert not server.is_running()
        with (
            neo4j.GraphDatabase.driver(uri, auth=None, connection_timeout=2.0) as drv,
            pytest.raises(neo4j.exceptions.ServiceUnavailable),
        ):
            drv.verify_connectivity()
        assert server.restart() == uri  # same port; Neo4j ran crash recovery on the store
        with neo4j.GraphDatabase.driver(server.uri, auth=None) as drv:
            records, _, _ = drv.execute_query(
                "MATCH (n:CapgraphSmoke) RETURN n.key AS key", database_="neo4j"
            )
        assert [r["key"] for r in records] == ["kept"]


def test_a_failed_start_names_the_log(tmp_path: Path) -> None:
    # jars that satisfy fetch-jars.sh but hold no classes: the launcher cannot even compile
    (tmp_path / f"neo4j-harness-{_pinned_version()}.jar").write_bytes(b"")
    server = Neo4jTestServer(jars=tmp_path, reuse_env=False, start_timeout=60)
    try:
        with pytest.raises(Neo4jServerError) as failure:
            server.start()
        assert server.log_path is not None and server.log_path.exists()
        assert str(server.log_path) in str(failure.value)
        assert "before printing its bolt URI" in str(failure.value)
    finally:
        server.stop()
