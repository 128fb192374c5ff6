"""`capgraph serve --workers N`: N processes share the port and the embedded store; one does
the start-up work, and every one answers what any process wrote."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.app.test_cli import capgraph, env_for, free_port
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
        proc.send_signal(signal.SIGINT)
        try:
            output, _ = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert output.count("does the start-up work") == 1, output
    assert "each running one operation at a time on its event loop" in output
