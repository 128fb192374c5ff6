"""Imported claims are checked against the model files as they land: `capgraph import`
checks them before it returns, `capgraph serve` in the background once it is up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from starlette.testclient import TestClient

from app.web import serve_app
from graph.claim_facts import EVIDENCE_EDGES
from graph.embedded import EmbeddedStore
from graph.model import Node
from graph.settings import REPO_ROOT, Settings
from tests.app.test_cli import capgraph, env_for
from tests.conftest import SEED

TROCR = "trocr-base-handwritten"


def layer_claims(claims: list[Node]) -> list[Node]:
    """The seed's claims about the ViT encoder's 12 (transformer) layers."""
    return [c for c in claims if "12 layers" in str(c.props["text"])
            or "12 transformer layers" in str(c.props["text"])]


def trocr_claims(store: EmbeddedStore) -> list[Node]:
    return list(store.list_claims(first=500, artifact=TROCR).nodes)


def test_import_checks_the_claims_of_artifacts_with_model_files(tmp_path: Path) -> None:
    result = capgraph(tmp_path, "import", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "checking claims" in result.stderr           # the progress bar, on stderr
    assert "against model files" in result.stderr
    store = EmbeddedStore(tmp_path / "capgraph.sqlite3")
    try:
        claims = trocr_claims(store)
        layers = layer_claims(claims)
        assert len(layers) >= 2, [c.props["text"] for c in claims]
        assert {c.props.get("verdict") for c in layers} == {"SUPPORTED"}
        evidence = store.incoming([c.id for c in layers], EVIDENCE_EDGES)
        assert all(evidence.get(c.id) for c in layers), "each verdict has its evidence"
        assert all(c.props.get("verdict") for c in claims), "every claim was checked"
    finally:
        store.close()
    again = capgraph(tmp_path, "import", str(SEED))       # unchanged page: nothing to check
    assert again.returncode == 0, again.stderr
    assert "already checked" in again.stderr and "checking claims" not in again.stderr


def test_import_no_check_leaves_the_claims_unchecked(tmp_path: Path) -> None:
    result = capgraph(tmp_path, "import", "--no-check", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "checking claims" not in result.stderr
    store = EmbeddedStore(tmp_path / "capgraph.sqlite3")
    try:
        claims = trocr_claims(store)
        assert layer_claims(claims)
        assert all(c.props.get("verdict") is None for c in claims)
    finally:
        store.close()


CLAIMS = """query ($a: String!) { claims(artifact: $a, first: 100) {
  totalCount edges { node { text verdict evidence { outcome file field } } } } }"""


def test_serve_shows_the_seed_verdicts_after_the_background_check(tmp_path: Path) -> None:
    settings = Settings(data=tmp_path, seeds=REPO_ROOT / "seeds")
    lines: list[str] = []
    app = serve_app(settings, log=lines.append)
    check = app.state.claim_check
    with TestClient(app) as client:
        health = client.get("/healthz").json()        # the server answers during the check
        assert health["claimCheck"]["state"] in ("pending", "running", "done")
        assert check.done.wait(timeout=600), "the background check did not finish"
        assert check.error is None and check.total >= 177
        reply = client.post("/graphql", json={"query": CLAIMS, "variables": {"a": TROCR}})
        edges = reply.json()["data"]["claims"]["edges"]
        assert client.get("/healthz").json()["claimCheck"]["state"] == "done"
    layers = [e["node"] for e in edges if "12 layers" in e["node"]["text"]
              or "12 transformer layers" in e["node"]["text"]]
    assert layers and {n["verdict"] for n in layers} == {"SUPPORTED"}
    assert all(n["evidence"] and n["evidence"][0]["file"] for n in layers)
    assert any(line.startswith("checking ") for line in lines)   # progress is logged
    assert any("against model files" in line for line in lines)

    restarted = serve_app(settings)         # unchanged seeds, claims checked: nothing to do
    with TestClient(restarted):
        again = restarted.state.claim_check
        assert again.done.wait(timeout=120)
    assert again.total == 0 and again.plan.already_checked >= 177


def test_serve_without_seeds_has_nothing_to_check(tmp_path: Path) -> None:
    app = serve_app(Settings(data=tmp_path, load_seeds=False))
    with TestClient(app) as client:
        assert app.state.claim_check.done.wait(timeout=60)
        assert client.get("/healthz").json()["claimCheck"]["total"] == 0


def test_verify_command_says_when_an_artifact_has_no_model_files(tmp_path: Path) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    data = tmp_path / "data"
    imported = capgraph(data, "import", "--no-check", str(SEED))
    assert imported.returncode == 0, imported.stderr
    elsewhere = tmp_path / "seeds-without-models"     # model roots: `empty` and this one's
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "verify", "--artifact", TROCR], cwd=REPO_ROOT,
        env=env_for(data, CAPGRAPH_SEEDS=str(elsewhere), CAPGRAPH_LOAD_SEEDS="0",
                    CAPGRAPH_MODEL_FILES=str(empty)),
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"no model files for {TROCR}: attach them with `capgraph models add`" \
        in result.stderr
    assert str(empty) in result.stderr and str(elsewhere / "model-files") in result.stderr
