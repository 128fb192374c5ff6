"""`capgraph serve --workers N`: N processes share the port and the embedded store; one does
the start-up work, and every one answers what any process wrote."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from app import web
from app.web import worker_app
from graph.store import GraphStore
from tests.app.test_cli import capgraph, env_for, free_port, stop
from tests.conftest import CORPUS, REPO

LISTING = "{ artifacts(first: 1) { totalCount } }"


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                           text=True, check=False).stdout.split()
    return [int(p) for p in found]


def test_workers_share_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    port = free_port()
    proc = subprocess.Popen(
        # one operation at a time on each worker's event loop: the mode made for workers
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2",
         "--threads", "0"],
        cwd=REPO, env=env_for(data), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    url = f"http://127.0.0.1:{port}/graphql"

    def totals(times: int) -> set[int]:
        seen = set()
        for _ in range(times):
            body = httpx.post(url, json={"query": LISTING}, timeout=30).json()
            assert "errors" not in body, body
            seen.add(body["data"]["artifacts"]["totalCount"])
        return seen

    try:
        deadline = time.monotonic() + 120
        while True:
            # the other workers answer at once; the one doing the start-up work listens once
            # the seeds are in, and only its /healthz reports the claim check
            try:
                health = httpx.get(url.replace("/graphql", "/healthz"), timeout=5).json()
                if "claimCheck" in health:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (
                proc.stdout.read() if proc.stdout else "")
            time.sleep(0.3)
        assert len(_children(proc.pid)) >= 2
        before = totals(30)
        assert len(before) == 1                     # every worker answers the same
        page = next(iter(sorted(CORPUS.glob("*.txt"))))
        imported = capgraph(data, "import", "--no-check", "-q", str(page))
        assert imported.returncode == 0, imported.stderr
        after = totals(30)
        assert len(after) == 1 and after.pop() > before.pop()   # and sees the import
    finally:
        output = stop(proc)
    assert output.count("does the start-up work") == 1, output
    assert "each running one operation at a time on its event loop" in output


def _counts_from_the_first_answer(env: dict[str, str]) -> list[int]:
    """Two workers started on `env`: the artifact count of the first 40 answers, asked for
    from the moment the port opens."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/graphql"
    counts: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while len(counts) < 40:
            try:
                body = httpx.post(url, json={"query": LISTING}, timeout=30).json()
                counts.append(body["data"]["artifacts"]["totalCount"])
            except httpx.TransportError:
                time.sleep(0.05)
            assert proc.poll() is None and time.monotonic() < deadline, (
                proc.stdout.read() if proc.stdout else "")
    finally:
        stop(proc)
    return counts


@pytest.mark.neo4j
def test_no_worker_answers_before_the_seeds_are_in(_neo4j_store: GraphStore, neo4j_uri: str,
                                                   tmp_path: Path) -> None:
    # on Neo4j nothing else holds a follower back while the first worker imports the seeds
    # (on the embedded store the import's write lock does); every answer, from the first
    # any worker gives, already counts the seeds' artifacts
    _neo4j_store.clear()
    try:
        counts = _counts_from_the_first_answer(env_for(
            tmp_path / "data", CAPGRAPH_STORE="neo4j", CAPGRAPH_NEO4J_URI=neo4j_uri,
            CAPGRAPH_NEO4J_PASSWORD="", HF_HUB_OFFLINE="1"))
    finally:
        _neo4j_store.clear()
    assert counts[0] > 0 and set(counts) == {counts[0]}, counts


def _workers(pid: int) -> list[int]:
    """The serving processes of the parent `pid` (not multiprocessing's resource tracker;
    not one that ended since `ps` listed it)."""
    found = []
    for child in _children(pid):
        try:
            if "spawn_main" in Path(f"/proc/{child}/cmdline").read_text():
                found.append(child)
        except FileNotFoundError:
            continue
    return found


def test_a_worker_that_dies_is_replaced(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2",
         "--threads", "0"],
        cwd=REPO, env=env_for(tmp_path / "data", CAPGRAPH_LOAD_SEEDS="0"),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/graphql"

    def answers() -> bool:
        try:
            return "errors" not in httpx.post(url, json={"query": LISTING}, timeout=5).json()
        except httpx.TransportError:
            return False

    try:
        deadline = time.monotonic() + 120
        while not (answers() and len(_workers(proc.pid)) == 2):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        first, second = _workers(proc.pid)
        os.kill(first, signal.SIGKILL)
        while set(_workers(proc.pid)) in ({first, second}, {second}):
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        replaced = set(_workers(proc.pid))
        assert len(replaced) == 2 and second in replaced and first not in replaced
        assert all(answers() for _ in range(10))
    finally:
        output = stop(proc)
    assert f"[{first}] died" in output, output


def test_an_unreachable_store_stops_serve_before_any_worker_starts(tmp_path: Path) -> None:
    port = free_port()
    closed = free_port()            # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=REPO, env=env_for(tmp_path / "data", CAPGRAPH_STORE="neo4j",
                              CAPGRAPH_NEO4J_URI=f"bolt://127.0.0.1:{closed}"),
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{closed}" in done.stderr
    assert "worker processes" not in done.stderr      # it said so before serving anything


def test_a_worker_that_cannot_build_its_app_exits_as_not_started(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn's supervisor stops on this status, where it would start another worker to fail
    the same way, again and again."""
    monkeypatch.setenv("CAPGRAPH_STORE", "neo4j")
    monkeypatch.setenv("CAPGRAPH_NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("CAPGRAPH_DATA", str(tmp_path / "data"))
    interval = sys.getswitchinterval()
    try:
        with pytest.raises(SystemExit) as stopped:
            worker_app()
    finally:
        sys.setswitchinterval(interval)
        while web._STARTUP_LOCK:        # the start-up lock it took, held for a process's life
            web._STARTUP_LOCK.pop().close()  # type: ignore[attr-defined]
    assert stopped.value.code == 3        # uvicorn's STARTUP_FAILURE
