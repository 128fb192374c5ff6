"""The connection to Neo4j: the driver, its sessions, and what a failure means to callers.

Reads run as auto-commit queries in sessions kept between reads (`Connection.rows`), writes
in managed transactions; every one names the database and shares the driver's bookmark
manager, so a read sees the writes before it on a cluster too.
"""

from __future__ import annotations

import time
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import StoreError, StoreUnavailable
from graph.neo4j import cypher

READ_ATTEMPTS = 4
"""How often a read is tried when the driver calls its failure retryable."""
RETRY_PAUSE_S = 0.2
"""The pause before a read's second attempt (it grows with each attempt)."""

MAX_IDLE_READ_SESSIONS = 64
"""Sessions kept for reads between them (at most as many as reads run at once)."""

_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
"""Bolt, direct or routing (a cluster); the driver's HTTP preview is not for this store."""


def reason(exc: Exception) -> str:
    """What went wrong, in the server's words when it said something."""
    if isinstance(exc, Neo4jError) and exc.message:
        return str(exc.message)
    return str(exc) or type(exc).__name__


def redact_uri(uri: str) -> str:
    """The URI without any password in it (`bolt://user:pw@host` -> `bolt://user@host`)."""
    try:
        parts = urlsplit(uri)
        if parts.password is None:
            return uri
        host = parts.netloc.rpartition("@")[2]
        user = f"{parts.username}@" if parts.username else ""
        return urlunsplit(parts._replace(netloc=user + host))
    except ValueError:
        return "<unparseable URI>"


class Connection:
    """A verified driver for one database: sessions, retried reads, failures named."""

    def __init__(self, driver: neo4j.Driver, *, uri: str, database: str) -> None:
        """Use `open`; this takes a driver that is already verified."""
        self.driver = driver
        self.database = database
        self.where = f"Neo4j at {redact_uri(uri)} (database {database!r})"
        self._bookmarks = driver.execute_query_bookmark_manager
        self._idle_reads: list[neo4j.Session] = []    # sessions `rows` keeps between reads
        self._closed = False

    @classmethod
    def open(
        cls, uri: str, *, user: str, password: str, database: str,
        connection_timeout: float = 15.0,
    ) -> Connection:
        """Connect, check the server answers for `database`, create constraints and indexes.

        An empty password means no authentication. Failing to reach the server, to log in or
        to find the database raises `StoreUnavailable` naming the URI and the database.
        """
        where = f"Neo4j at {redact_uri(uri)} (database {database!r})"

        def unavailable(what: str, exc: Exception) -> StoreUnavailable:
            why = reason(exc)
            if password:
                why = why.replace(password, "***")
            return StoreUnavailable(f"{what} {where}: {why}")

        scheme = uri.partition("://")[0].lower() if "://" in uri else ""
        if scheme not in _SCHEMES:
            raise StoreUnavailable(
                f"cannot use {where}: the URI must start with one of "
                f"{', '.join(s + '://' for s in _SCHEMES)}"
            )
        auth = (user, password) if password else None
        try:
            driver = neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=connection_timeout,
                # no usage report to the server before every transaction: a message less each
                telemetry_disabled=True,
                # "property `verdict` does not exist" on a young graph is not worth a log line
                notifications_disabled_classifications=[
                    neo4j.NotificationDisabledClassification.UNRECOGNIZED],
            )
        except (ConfigurationError, ValueError) as exc:
            raise unavailable("cannot use", exc) from None
        try:
            driver.verify_connectivity()
            connection = cls(driver, uri=uri, database=database)
            connection._create_schema()
        except AuthError as exc:
            driver.close()
            raise unavailable(f"authentication as {user!r} failed at", exc) from None
        except Neo4jError as exc:
            driver.close()
            raise unavailable("cannot open", exc) from None
        except (DriverError, OSError) as exc:
            driver.close()
            raise unavailable("cannot reach", exc) from None
        except BaseException:
            driver.close()
            raise
        return connection

    def session(self) -> neo4j.Session:
        return self.driver.session(database=self.database, bookmark_manager=self._bookmarks)

    def _create_schema(self) -> None:
        with self.session() as session:
            for statement in cypher.SCHEMA:
                try:
                    session.run(statement).consume()
                except ClientError as exc:
                    # a concurrent start created it first
                    if exc.code != "Neo.ClientError.Schema.EquivalentSchemaRuleAlreadyExists":
                        raise
            session.run(cypher.AWAIT_INDEXES).consume()

    def fail(self, exc: Exception) -> StoreError:
        if isinstance(exc, ServiceUnavailable | SessionExpired):
            return StoreUnavailable(f"cannot reach {self.where}: {reason(exc)}")
        if isinstance(exc, Neo4jError) and (exc.code or "").startswith(
            ("Neo.ClientError.Database.", "Neo.ClientError.Security.")
        ):
            return StoreUnavailable(f"{self.where} refused: {reason(exc)}")
        return StoreError(f"{self.where} failed: {reason(exc)}")

    def rows(self, query: str, **params: Any) -> list[neo4j.Record]:
        """One read query's rows, in an auto-commit transaction: RUN and PULL in one round
        trip, where a managed transaction adds BEGIN and COMMIT (a second round trip, and a
        third of a small read's CPU in the driver). The session shares the driver's bookmark
        manager, so the read still sees every write before it on a cluster. A read is
        idempotent: one the driver calls retryable (a leader change, a lost connection, a
        transient error) is tried again, up to `READ_ATTEMPTS` times."""
        for attempt in range(1, READ_ATTEMPTS + 1):
            session = self._take_read_session()
            try:
                records = list(session.run(query, params))
            except (DriverError, Neo4jError) as exc:
                _close_quietly(session)
                if attempt == READ_ATTEMPTS or not exc.is_retryable():
                    raise self.fail(exc) from exc
                time.sleep(RETRY_PAUSE_S * attempt)
            except BaseException:
                _close_quietly(session)
                raise
            else:
                self._keep_read_session(session)
                return records
        raise AssertionError("unreachable")     # the loop returns or raises

    def _take_read_session(self) -> neo4j.Session:
        """A session for one read: one kept from an earlier read, else a new one. Opening
        and closing a session was a sixth of a small read's Python calls in the driver (684
        for a compare's read with a session of its own, 558 with one kept). A kept session
        holds no connection (a read borrows one from the pool and gives it back with its
        last row) and still takes the bookmark manager's bookmarks at each read. A session
        is never shared: each read takes one from the idle list (`list.pop` and `append`
        are atomic) and puts it back when done."""
        try:
            return self._idle_reads.pop()
        except IndexError:
            return self.driver.session(database=self.database,
                                       default_access_mode=neo4j.READ_ACCESS,
                                       bookmark_manager=self._bookmarks)

    def _keep_read_session(self, session: neo4j.Session) -> None:
        if len(self._idle_reads) >= MAX_IDLE_READ_SESSIONS:
            _close_quietly(session)
            return
        self._idle_reads.append(session)
        if self._closed:            # closed while this read ran
            self._close_idle_reads()

    def _close_idle_reads(self) -> None:
        while True:
            try:
                session = self._idle_reads.pop()
            except IndexError:
                return
            _close_quietly(session)

    def close(self) -> None:
        self._closed = True
        self._close_idle_reads()
        self.driver.close()


def _close_quietly(session: neo4j.Session) -> None:
    """Close a session that may be broken (a failed read, a driver closing)."""
    with suppress(Exception):
        session.close()
