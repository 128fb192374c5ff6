"""A real Neo4j 5.26 server for tests, started from the Maven test-harness jars (no Docker).

``tools/neo4j/fetch-jars.sh`` fetches the jars once (into ``$CAPGRAPH_NEO4J_JARS``, default
``~/.cache/capgraph/neo4j-jars``); ``tools/neo4j/Launcher.java`` runs Neo4j in a JVM of its own
and prints its bolt URI. This module drives that JVM::

    with Neo4jTestServer() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=None)

The server is community edition, listens on 127.0.0.1 only, has auth off and one usable
database, ``neo4j``. Each server gets its own temporary directory (store, logs) that ``stop()``
removes. ``kill()`` SIGKILLs the JVM (to test faults) and ``restart()`` brings it back on the same
port with the same data, after Neo4j's crash recovery when it was killed.

If ``CAPGRAPH_TEST_NEO4J_URI`` is set, nothing is started: the server at that URI is used as is
(``stop()`` leaves it alone; ``kill()``/``restart()`` refuse). Pass ``reuse_env=False`` for a
private server that a test may kill.

Stdlib and the ``neo4j`` driver only: ``tests/conftest.py`` and ``bench`` import it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

__all__ = [
    "ENV_JARS",
    "ENV_URI",
    "JVM_FLAGS",
    "Neo4jServerError",
    "Neo4jTestServer",
    "default_jars_dir",
    "fetch_jars",
    "neo4j_uri_fixture",
    "shared_server",
]

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "tools" / "neo4j"
LAUNCHER = TOOLS / "Launcher.java"
FETCH_JARS = TOOLS / "fetch-jars.sh"

ENV_URI = "CAPGRAPH_TEST_NEO4J_URI"
"""Use the server at this URI instead of starting one."""
ENV_JARS = "CAPGRAPH_NEO4J_JARS"
"""Where the harness jars live (default ``~/.cache/capgraph/neo4j-jars``)."""

# Keep in step with tools/neo4j/run.sh. All are accepted by Java 17 (and are what Neo4j's own
# neo4j.conf passes); the heap flag is added separately so it can be changed.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
)

STOPPED_MARKER = "capgraph-neo4j: stopped"
"""The launcher's last line after a clean shutdown."""

_BOLT_LINE = re.compile(r"^(bolt://\S+)\s*$", re.MULTILINE)
_LOG_TAIL_LINES = 40


class Neo4jServerError(RuntimeError):
    """The test server could not be fetched, started, reached or controlled."""


def default_jars_dir() -> Path:
    """``$CAPGRAPH_NEO4J_JARS`` or ``~/.cache/capgraph/neo4j-jars``."""
    configured = os.environ.get(ENV_JARS)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".cache" / "capgraph" / "neo4j-jars"


def fetch_jars(jars: Path | None = None, *, timeout: float = 1800.0) -> Path:
    """Run ``tools/neo4j/fetch-jars.sh`` (a no-op when the pinned jars are there); return the dir.

    Raises :class:`Neo4jServerError` with the script's output when it fails.
    """
    target = jars if jars is not None else default_jars_dir()
    env = {**os.environ, ENV_JARS: str(target)}
    try:
        done = subprocess.run(
            ["bash", str(FETCH_JARS)],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(
            f"fetching the Neo4j jars into {target} took over {timeout:.0f} s"
        ) from exc
    if done.returncode != 0:
        raise Neo4jServerError(
            f"{FETCH_JARS} failed (exit {done.returncode}) fetching the Neo4j jars into "
            f"{target}:\n{done.stdout}"
        )
    return target


def _find_java() -> str:
    explicit = os.environ.get("JAVA")
    if explicit:
        return explicit
    home = os.environ.get("JAVA_HOME")
    if home and os.access(Path(home) / "bin" / "java", os.X_OK):
        return str(Path(home) / "bin" / "java")
    found = shutil.which("java")
    if found is None:
        raise Neo4jServerError(
            "no `java` found (PATH, $JAVA_HOME or $JAVA): the Neo4j test server needs Java 17+"
        )
    return found


def _log_tail(path: Path, lines: int = _LOG_TAIL_LINES) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    tail = text.splitlines()[-lines:]
    return "\n".join(tail) if tail else "(log is empty)"


def _check_uri(uri: str, timeout: float) -> None:
    """Wait until the driver reaches ``uri`` and the ``neo4j`` database answers, or raise."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while True:
        try:
            with neo4j.GraphDatabase.driver(uri, auth=None, connection_timeout=5.0) as driver:
                driver.verify_connectivity()
                driver.execute_query("RETURN 1", database_="neo4j")
            return
        except (DriverError, Neo4jError, OSError) as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise Neo4jServerError(
                f"Neo4j at {uri} did not answer within {timeout:.0f} s: {last!r}"
            )
        time.sleep(0.25)


class Neo4jTestServer:
    """One Neo4j server in a JVM of its own (or the external one at ``$CAPGRAPH_TEST_NEO4J_URI``).

    ``start()`` fetches the jars if needed, launches the JVM in its own process group and temp
    directory, waits for the bolt URI line and for the driver to connect. Java's stdout/stderr go
    to ``log_path``, which every startup error names (and quotes the tail of).
    """

    def __init__(
        self,
        *,
        jars: Path | None = None,
        start_timeout: float = 180.0,
        heap: str = "1g",
        page_cache_bytes: int | None = None,
        reuse_env: bool = True,
    ) -> None:
        """
        jars: the harness jar directory (default :func:`default_jars_dir`).
        start_timeout: seconds to wait for the bolt URI line, then again for the first query
            (a cold first start compiles and plans slowly).
        heap: the JVM's ``-Xmx``.
        page_cache_bytes: Neo4j's page cache (the harness default is 8 MiB).
        reuse_env: use ``$CAPGRAPH_TEST_NEO4J_URI`` when it is set, starting nothing.
        """
        self.jars = jars if jars is not None else default_jars_dir()
        self.start_timeout = start_timeout
        self.heap = heap
        self.page_cache_bytes = page_cache_bytes
        env_uri = os.environ.get(ENV_URI, "").strip() if reuse_env else ""
        self.external_uri: str | None = env_uri.rstrip("/") or None
        self._uri: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._run_dir: Path | None = None
        self._runs = 0
        self._port = 0
        self._log_file: IO[bytes] | None = None
        self.log_path: Path | None = None
        """The JVM's stdout+stderr (all runs of this server); kept after a failed start."""
        self.start_seconds: float | None = None
        """Wall time of the last ``start()``/``restart()``: launch to first answered query."""

    # -- state ---------------------------------------------------------------------------------

    @property
    def external(self) -> bool:
        """True when this object only points at ``$CAPGRAPH_TEST_NEO4J_URI``."""
        return self.external_uri is not None

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT`` (no auth, database ``neo4j``); only while started."""
        if self._uri is None:
            raise Neo4jServerError("the Neo4j test server is not started")
        return self._uri

    @property
    def pid(self) -> int | None:
        """The JVM's process id while it runs (None when external or not running)."""
        return self._proc.pid if self.is_running() and self._proc is not None else None

    def is_running(self) -> bool:
        """Whether our JVM is alive (False for an external server)."""
        return self._proc is not None and self._proc.poll() is None

    def rss_bytes(self) -> int | None:
        """The JVM's resident set size (Linux ``/proc``), or None when unknown."""
        pid = self.pid
        if pid is None:
            return None
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
        return int(match.group(1)) * 1024 if match else None

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> str:
        """Start (or attach to the external) server; return its bolt URI. Raises on failure."""
        if self._uri is not None:
            return self._uri
        if self.external_uri is not None:
            began = time.monotonic()
            try:
                # it should be up already: a short wait covers one that is still starting
                _check_uri(self.external_uri, min(self.start_timeout, 30.0))
            except Neo4jServerError as exc:
                raise Neo4jServerError(f"{ENV_URI}={self.external_uri}: {exc}") from exc
            self.start_seconds = time.monotonic() - began
            self._uri = self.external_uri
            return self._uri
        fetch_jars(self.jars)
        self._tmp = Path(tempfile.mkdtemp(prefix="capgraph-neo4j-"))
        self.log_path = self._tmp / "neo4j.log"
        self._port = 0
        return self._launch(copy_from=None)

    def stop(self, timeout: float = 60.0) -> bool:
        """SIGTERM, wait up to ``timeout`` s, then SIGKILL; remove the temp dir (log included).

        Returns True when the JVM shut down cleanly on SIGTERM (its shutdown hook closed the
        database), False when it had to be SIGKILLed or was not running. A no-op (True) for an
        external server.
        """
        if self.external:
            self._uri = None
            return True
        clean = self._terminate(timeout)
        self._uri = None
        self._close_log()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        self._tmp = self._run_dir = self.log_path = None
        return clean

    def kill(self) -> None:
        """SIGKILL the JVM (and its process group) now, as a crash would; keep its files.

        ``uri`` stops answering; ``restart()`` recovers the store, ``stop()`` cleans up.
        """
        if self.external:
            raise Neo4jServerError(f"cannot kill the external Neo4j at {self.external_uri}")
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self._close_stdin()

    def restart(self, timeout: float = 60.0) -> str:
        """Bring the server back on the same port with the same data; return the URI.

        A running server is stopped cleanly first; after ``kill()`` Neo4j runs crash recovery
        on the copied store. The URI normally stays the same (it changes only if the port was
        taken meanwhile, then a free one is used).
        """
        if self.external:
            raise Neo4jServerError(f"cannot restart the external Neo4j at {self.external_uri}")
        if self._tmp is None or self._run_dir is None:
            return self.start()
        if self.is_running():
            self._terminate(timeout)
        previous = self._harness_folder(self._run_dir)
        if previous is None:
            raise Neo4jServerError(f"no store of the previous run under {self._run_dir}")
        self._uri = None
        return self._launch(copy_from=previous)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------------------------

    def _launch(self, copy_from: Path | None) -> str:
        assert self._tmp is not None and self.log_path is not None
        java = _find_java()
        self._runs += 1
        self._run_dir = self._tmp / f"run-{self._runs}"
        command = [java, f"-Xmx{self.heap}", *JVM_FLAGS]
        if self.page_cache_bytes is not None:
            command.append(f"-Dcapgraph.neo4j.pagecache={self.page_cache_bytes}")
        command += [
            "-cp",
            str(self.jars / "*"),
            str(LAUNCHER),
            str(self._run_dir),
            "--keep-store",
            "--exit-on-stdin-eof",
        ]
        if self._port:
            command += ["--port", str(self._port)]
        if copy_from is not None:
            command += ["--copy-from", str(copy_from)]

        self._close_log()
        log = self.log_path.open("ab")
        self._log_file = log
        offset = log.tell()
        log.write(f"$ {' '.join(command)}\n".encode())
        log.flush()
        began = time.monotonic()
        try:
            self._proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,  # held open; its EOF (we died) stops the JVM
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self._tmp,
                start_new_session=True,  # own process group: killpg, and no stray Ctrl-C
            )
        except OSError as exc:
            raise Neo4jServerError(f"could not run {java}: {exc}; see {self.log_path}") from exc

        try:
            uri = self._wait_for_uri(offset, began + self.start_timeout)
            if self._port and not uri.endswith(f":{self._port}"):
                # should not happen: the launcher binds the port it was given or fails
                raise Neo4jServerError(f"asked for port {self._port}, got {uri}")
            remaining = max(self.start_timeout - (time.monotonic() - began), 30.0)
            _check_uri(uri, remaining)
        except BaseException as exc:
            self._terminate(10.0)
            if copy_from is not None and self._port and isinstance(exc, Neo4jServerError):
                # the old port may have been taken meanwhile: retry once on a free one
                self._port = 0
                return self._launch(copy_from)
            if isinstance(exc, Neo4jServerError):
                raise Neo4jServerError(
                    f"{exc}\n--- last lines of {self.log_path} ---\n{_log_tail(self.log_path)}"
                ) from exc
            raise
        self.start_seconds = time.monotonic() - began
        self._port = int(uri.rsplit(":", 1)[1])
        self._uri = uri
        return uri

    def _wait_for_uri(self, offset: int, deadline: float) -> str:
        assert self._proc is not None and self.log_path is not None
        while True:
            with self.log_path.open("rb") as f:
                f.seek(offset)
                match = _BOLT_LINE.search(f.read().decode(errors="replace"))
            if match:
                return match.group(1).rstrip("/")
            code = self._proc.poll()
            if code is not None:
                raise Neo4jServerError(
                    f"Neo4j test server exited with code {code} before printing its bolt URI; "
                    f"see {self.log_path}"
                )
            if time.monotonic() >= deadline:
                raise Neo4jServerError(
                    f"Neo4j test server did not print its bolt URI within "
                    f"{self.start_timeout:.0f} s; see {self.log_path}"
                )
            time.sleep(0.1)

    def _terminate(self, timeout: float) -> bool:
        """SIGTERM, wait, SIGKILL. True when it exited by itself and printed the stop marker."""
        proc = self._proc
        if proc is None:
            return False
        clean = False
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                code = proc.wait(timeout)
                # the JVM exits 128+SIGTERM after running its shutdown hook
                clean = code in (0, 128 + signal.SIGTERM) and self._stopped_marker_logged()
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self._close_stdin()
        return clean

    def _stopped_marker_logged(self) -> bool:
        if self._log_file is not None:
            self._log_file.flush()
        if self.log_path is None:
            return False
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except OSError:
            return False
        return STOPPED_MARKER in lines[-5:]

    def _close_stdin(self) -> None:
        if self._proc is not None and self._proc.stdin is not None:
            with contextlib.suppress(OSError):
                self._proc.stdin.close()

    def _close_log(self) -> None:
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    @staticmethod
    def _harness_folder(run_dir: Path) -> Path | None:
        """The store folder the harness made (a random name) inside a launcher work dir."""
        if not run_dir.is_dir():
            return None
        folders = [p for p in run_dir.iterdir() if p.is_dir()]
        return folders[0] if len(folders) == 1 else None


# -- session sharing ------------------------------------------------------------------------------

_shared_lock = threading.Lock()
_shared: Neo4jTestServer | None = None
_shared_users = 0


@contextlib.contextmanager
def shared_server() -> Iterator[Neo4jTestServer]:
    """The process-wide test server: started by the first user, stopped after the last.

    Fixtures built on this (in conftest and in test modules) share one JVM. Do not ``kill()``
    it: tests that crash a server should make their own ``Neo4jTestServer(reuse_env=False)``.
    """
    global _shared, _shared_users
    with _shared_lock:
        if _shared is None:
            server = Neo4jTestServer()
            server.start()  # raises, so a session fixture errors (fails CI), never skips
            _shared = server
        _shared_users += 1
        server = _shared
    try:
        yield server
    finally:
        with _shared_lock:
            _shared_users -= 1
            if _shared_users == 0 and _shared is not None:
                _shared.stop()
                _shared = None


def neo4j_uri_fixture() -> Iterator[str]:
    """Body for a session-scoped fixture yielding the shared server's bolt URI::

        @pytest.fixture(scope="session")
        def neo4j_uri() -> Iterator[str]:
            yield from neo4j_uri_fixture()

    Fails (raises :class:`Neo4jServerError`) when the server cannot start; it never skips.
    """
    with shared_server() as server:
        yield server.uri
