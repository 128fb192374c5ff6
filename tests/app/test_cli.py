"""The `capgraph` command and the HTTP server, run as a user runs them (subprocesses)."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.conftest import REPO, SEED


def env_for(data: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAPGRAPH_")}
    return {**env, "CAPGRAPH_DATA": str(data), "CAPGRAPH_STORE": "embedded", **settings}


def capgraph(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env_for(data),
                          capture_output=True, text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(data: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)], cwd=REPO,
        env=env_for(data, **settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read() if proc.stdout else ""
                raise AssertionError(f"capgraph serve did not start:\n{output}")
            time.sleep(0.2)
        yield url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[str], timeout_s: float = 30) -> str:
    """Stop a served process as Ctrl-C does (killed if it has not ended in `timeout_s`);
    what it printed."""
    proc.send_signal(signal.SIGINT)
    try:
        output, _ = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        output, _ = proc.communicate()
    return output or ""


COMPARE = (
    '{ compare(a: "trocr-base-handwritten", b: "FLUX.1 Pro") { verdict rows { key leader } } }'
)
RANK = '{ artifact(slug: "ppt-master") { name rank { score } } }'


def test_query_prints_json_from_the_seeded_store(tmp_path: Path) -> None:
    result = capgraph(tmp_path, "query", COMPARE)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)["data"]["compare"]
    assert data["verdict"].startswith("FLUX.1 Pro ranks higher at ")
    variables = json.dumps({"slug": "flux-1-pro"})
    named = capgraph(tmp_path, "query", "query ($slug: String!) { artifact(slug: $slug) { name } }",
                     "--variables", variables)
    assert json.loads(named.stdout)["data"]["artifact"]["name"] == "FLUX.1 Pro"
    bad = capgraph(tmp_path, "query", "{ nothing }")
    assert bad.returncode == 1 and "Cannot query field 'nothing'" in bad.stdout


def test_import_refuses_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "broken.txt"
    page.write_text(SEED.read_text().replace("| Adoption | 1 | 1 |", "| Adoption | 1 | 1 | 1 |"))
    result = capgraph(tmp_path / "data", "import", str(SEED), str(page))
    assert result.returncode == 1
    assert "broken.txt:7:" in result.stderr
    assert "Traceback" not in result.stderr
    listed = capgraph(tmp_path / "data", "query",
                      "{ artifacts(first: 100) { edges { node { slug stub } } } }")
    # only the seeds (loaded by `query`) are there: the good file was not imported either
    edges = json.loads(listed.stdout)["data"]["artifacts"]["edges"]
    assert sorted(e["node"]["slug"] for e in edges if not e["node"]["stub"]) == [
        "flux-1-pro", "trocr-base-handwritten"]


def test_import_with_worker_processes_gives_what_one_process_gives(
    tmp_path: Path, corpus_dir: Path,
) -> None:
    def undated(export: str) -> list[object]:
        lines = [json.loads(line) for line in export.splitlines()]
        for line in lines:
            for key in ("imported_at", "observed_at"):
                line.get("props", {}).pop(key, None)
        return lines

    runs = {}
    for workers in ("1", "2"):
        data = tmp_path / f"workers-{workers}"
        result = capgraph(data, "import", "--workers", workers, "--no-check", "--json",
                          str(corpus_dir), str(SEED))
        assert result.returncode == 0, result.stderr
        runs[workers] = (json.loads(result.stdout)["pages"],
                         undated(capgraph(data, "export").stdout))
    assert len(runs["2"][0]) == len(list(corpus_dir.glob("*.txt"))) + 1
    assert runs["1"] == runs["2"]
    refused = capgraph(tmp_path / "data", "import", "--workers", "0", str(SEED))
    assert refused.returncode == 2 and "--workers" in refused.stderr


def test_serve_refuses_workers_and_threads_out_of_range(tmp_path: Path) -> None:
    for flag, value, words in (("--workers", "0", "--workers must be 1 or more"),
                               ("--threads", "-1", "--threads must be 0..256"),
                               ("--threads", "257", "--threads must be 0..256")):
        refused = capgraph(tmp_path / "data", "serve", "--port", "1", flag, value)
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr


def _idle_then_ask(url: str, idle_s: float) -> int | None:
    """A request on one kept-alive connection, another after `idle_s`: the second one's
    status, or None when the server had closed the connection."""
    conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
    try:
        conn.request("GET", "/healthz")
        first = conn.getresponse()
        assert first.status == 200 and first.read()
        time.sleep(idle_s)
        try:
            conn.request("GET", "/healthz")
            second = conn.getresponse()
            second.read()
            return second.status
        except (http.client.RemoteDisconnected, ConnectionError):
            return None
    finally:
        conn.close()


def test_an_idle_connection_is_kept_alive_as_configured(tmp_path: Path) -> None:
    with serving(tmp_path / "short", CAPGRAPH_LOAD_SEEDS="0", CAPGRAPH_KEEP_ALIVE_S="1") as url:
        assert _idle_then_ask(url, 2.5) is None             # closed after 1 s idle
    with serving(tmp_path / "default", CAPGRAPH_LOAD_SEEDS="0") as url:
        assert _idle_then_ask(url, 6.0) == 200              # past uvicorn's own 5 s


def test_data_survives_a_server_restart(tmp_path: Path, corpus_dir: Path) -> None:
    page = corpus_dir / "hugohe3--ppt-master-vs-cursor.txt"
    imported = capgraph(tmp_path, "import", str(page))
    assert imported.returncode == 0, imported.stderr
    assert "ppt-master" in imported.stdout
    with serving(tmp_path, CAPGRAPH_ENV="development") as url:
        first = httpx.post(f"{url}/graphql", json={"query": RANK}).json()
        ide = httpx.get(f"{url}/graphql", headers={"Accept": "text/html"})
        assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    with serving(tmp_path) as url:
        second = httpx.post(f"{url}/graphql", json={"query": RANK}).json()
        compare = httpx.post(f"{url}/graphql", json={"query": COMPARE}).json()
    assert first == second == {"data": {"artifact": {"name": "ppt-master",
                                                     "rank": {"score": 41}}}}
    assert compare["data"]["compare"]["rows"][1] == {"key": "rank", "leader": "RIGHT"}


def test_queries_work_over_get_too(tmp_path: Path) -> None:
    with serving(tmp_path) as url:
        query = "{ artifacts(first: 1) { edges { node { slug } } } }"
        reply = httpx.get(f"{url}/graphql", params={"query": query})
        assert reply.status_code == 200
        assert reply.json()["data"]["artifacts"]["edges"] == [{"node": {"slug": "flux-1-pro"}}]


def test_healthz_says_when_the_intent_index_is_ready(tmp_path: Path) -> None:
    with serving(tmp_path) as url:
        states = [httpx.get(f"{url}/healthz", timeout=5).json()["intentIndex"]]
        deadline = time.monotonic() + 120
        while states[-1] == "building" and time.monotonic() < deadline:
            time.sleep(0.2)
            states.append(httpx.get(f"{url}/healthz", timeout=5).json()["intentIndex"])
        assert states[-1] == "ready", states
        assert set(states) <= {"building", "ready"}


def test_a_measurement_job_streams_progress_over_a_subscription(
    tmp_path: Path, tiny_trocr_dir: Path,
) -> None:
    root = tmp_path / "models"
    shutil.copytree(tiny_trocr_dir, root / "microsoft__trocr-base-handwritten")
    made = capgraph(tmp_path / "data", "tokens", "create", "tester", "--scopes", "assert,verify")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    auth = {"Authorization": f"Bearer {token}"}
    # the request time budget guards a production server; here the first assessment loads
    # torch and transformers on a machine that may be busy, which is not what is tested
    with serving(tmp_path / "data", CAPGRAPH_MODEL_FILES=str(root),
                 CAPGRAPH_TIME_BUDGET_S="600") as url:
        assess = httpx.post(f"{url}/graphql", timeout=60, headers=auth, json={
            "query": 'mutation { assessClaim(artifact: "trocr-base-handwritten", text: '
                     '"Batching images gives 2-3x the throughput of one at a time.") '
                     "{ claim { id } } }"}).json()
        assert assess.get("data"), assess
        claim_id = assess["data"]["assessClaim"]["claim"]["id"]
        started = httpx.post(f"{url}/graphql", timeout=60, headers=auth, json={
            "query": "mutation ($id: ID!) { verifyClaim(id: $id) { job { id } } }",
            "variables": {"id": claim_id}}).json()
        assert started.get("data"), started
        job_id = started["data"]["verifyClaim"]["job"]["id"]
        events = asyncio.run(_subscribe(url.replace("http", "ws") + "/graphql", job_id, token))
        assert events and events[-1]["state"] == "SUCCEEDED", events
        final = httpx.post(f"{url}/graphql", timeout=60, json={
            "query": "query ($id: ID!) { job(id: $id) { state message evidence { plot } } }",
            "variables": {"id": job_id}}).json()
        assert final.get("data") and final["data"]["job"]["evidence"], final
        plot = final["data"]["job"]["evidence"][0]["plot"]
        image = httpx.get(f"{url}{plot}")
    assert events[-1]["state"] == "SUCCEEDED"
    progress = [e["progress"] for e in events]
    assert progress == sorted(progress) and len(events) >= 3
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")


async def _subscribe(url: str, job_id: str, token: str) -> list[dict[str, object]]:
    import websockets

    events: list[dict[str, object]] = []
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init",
                                  "payload": {"authorization": f"Bearer {token}"}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {
            "query": "subscription ($id: ID!) { jobProgress(id: $id) "
                     "{ state progress message } }", "variables": {"id": job_id}}}))
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=240))
            if message["type"] == "complete":
                return events
            assert message["type"] == "next", message
            events.append(message["payload"]["data"]["jobProgress"])


def test_resolve_says_which_artifact_meets_a_need(tmp_path: Path) -> None:
    result = capgraph(tmp_path, "resolve", "read handwritten notes", "--first", "2", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found[0]["artifact"] == "trocr-base-handwritten" and found[0]["evidence"]


def test_merge_moves_a_duplicate_into_the_artifact_kept(tmp_path: Path, corpus_dir: Path) -> None:
    data = tmp_path / "data"
    imported = capgraph(data, "import", "--no-check", "-q", str(corpus_dir))
    assert imported.returncode == 0, imported.stderr
    merged = capgraph(data, "merge", "chatgpt", "ChatGPT4")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith("merged chatgpt4 into chatgpt")
    found = capgraph(data, "query", '{ artifact(slug: "chatgpt4") { slug } }')
    assert json.loads(found.stdout)["data"]["artifact"] == {"slug": "chatgpt"}
    again = capgraph(data, "merge", "chatgpt", "chatgpt4")
    assert again.returncode == 2 and "same artifact" in again.stderr
