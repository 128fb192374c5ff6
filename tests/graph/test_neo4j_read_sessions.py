"""Reads keep their driver sessions (`graph.neo4j.connection.Connection.rows`), on a real
Neo4j 5.26: one session serves read after read, no session serves two reads at once, a read
that failed does not pass its session on, and closing the connection closes the kept ones."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from graph.errors import StoreError
from graph.neo4j.connection import Connection

pytestmark = pytest.mark.neo4j


class Opened:
    """The sessions a connection's driver opened (the real ones, counted)."""

    def __init__(self, connection: Connection) -> None:
        self.sessions: list[neo4j.Session] = []
        opening = connection.driver.session

        def session(**config: Any) -> neo4j.Session:
            opened = opening(**config)
            self.sessions.append(opened)
            return opened

        connection.driver.session = session     # type: ignore[method-assign]


@pytest.fixture
def connection(neo4j_uri: str) -> Iterator[Connection]:
    connection = Connection.open(neo4j_uri, user="neo4j", password="", database="neo4j")
    yield connection
    connection.close()


def test_read_after_read_is_served_by_one_session(connection: Connection) -> None:
    opened = Opened(connection)
    answers = [connection.rows("RETURN $n AS n", n=n)[0]["n"] for n in range(5)]
    assert answers == [0, 1, 2, 3, 4]
    assert len(opened.sessions) == 1


def test_a_failed_read_does_not_pass_its_session_on(connection: Connection) -> None:
    opened = Opened(connection)
    connection.rows("RETURN 1 AS n")
    with pytest.raises(StoreError, match="failed"):
        connection.rows("RETURN nonsense(")
    assert opened.sessions[0].closed()
    assert connection.rows("RETURN 2 AS n")[0]["n"] == 2
    assert len(opened.sessions) == 2 and not opened.sessions[1].closed()


def test_reads_at_once_each_have_a_session_of_their_own(connection: Connection) -> None:
    opened = Opened(connection)
    in_use: set[int] = set()
    shared: list[int] = []
    guard = threading.Lock()
    running = neo4j.Session.run

    def run(session: neo4j.Session, *args: Any, **kwargs: Any) -> Any:
        with guard:
            if id(session) in in_use:
                shared.append(id(session))
            in_use.add(id(session))
        try:
            return list(running(session, *args, **kwargs))
        finally:
            with guard:
                in_use.discard(id(session))

    answers: list[int] = []
    start = threading.Barrier(6)

    def reads(base: int) -> None:
        start.wait()
        for n in range(15):
            # a read long enough that the six threads' reads overlap
            rows = connection.rows("UNWIND range(1, 2000) AS i RETURN sum(i) + $n AS s", n=n)
            with guard:
                answers.append(int(rows[0]["s"]) - 2001000 - n + base)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(neo4j.Session, "run", run)
        threads = [threading.Thread(target=reads, args=(b,)) for b in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(answers) == sorted(b for b in range(6) for _ in range(15))
    assert not shared
    assert 2 <= len(opened.sessions) <= 6


def test_closing_the_connection_closes_the_kept_sessions(neo4j_uri: str) -> None:
    connection = Connection.open(neo4j_uri, user="neo4j", password="", database="neo4j")
    opened = Opened(connection)
    connection.rows("RETURN 1 AS n")
    assert not opened.sessions[0].closed()
    connection.close()
    assert opened.sessions[0].closed()
