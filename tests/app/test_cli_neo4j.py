"""The command line on the real Neo4j store: the look-ups that name artifacts and claims go
through the store seam (ids the API hands out, near names), and each write names Neo4j."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.global_ids import to_global_id
from graph.model import Label
from graph.store import GraphStore
from tests.app.test_cli import env_for
from tests.conftest import REPO, SEED

pytestmark = pytest.mark.neo4j


@pytest.fixture
def on_neo4j(_neo4j_store: GraphStore, neo4j_uri: str,
             tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a command run on the session's Neo4j server, emptied around it."""
    _neo4j_store.clear()
    yield env_for(tmp_path, CAPGRAPH_STORE="neo4j", CAPGRAPH_NEO4J_URI=neo4j_uri,
                  CAPGRAPH_NEO4J_PASSWORD="", CAPGRAPH_LOAD_SEEDS="0", HF_HUB_OFFLINE="1")
    _neo4j_store.clear()


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def test_commands_on_neo4j_name_it_and_take_the_api_s_ids(
    on_neo4j: dict[str, str], neo4j_uri: str,
) -> None:
    where = f"Neo4j at {neo4j_uri} (database 'neo4j')"
    imported = run(on_neo4j, "import", "--no-check", str(SEED))
    assert imported.returncode == 0, imported.stderr
    assert f"imported 1 pages (1 created or updated) into {where}" in imported.stderr

    flux = to_global_id(Label.ARTIFACT, "artifact:flux-1-pro")
    shown = run(on_neo4j, "show", flux)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("FLUX.1 Pro (flux-1-pro, Model)\n")
    missed = run(on_neo4j, "compare", "trocr", "FLUX.1 Por")
    assert missed.returncode == 1
    assert "no artifact 'FLUX.1 Por'; did you mean 'FLUX.1 Pro'?" in missed.stderr

    listed = run(on_neo4j, "query", '{ claims(first: 1, artifact: "trocr") '
                                    "{ edges { node { id } } } }")
    claim = json.loads(listed.stdout)["data"]["claims"]["edges"][0]["node"]["id"]
    checked = run(on_neo4j, "verify", "--claim", claim)
    assert checked.returncode == 0, checked.stderr
    assert "trocr-base-handwritten: 1 claims checked (" in checked.stdout
    assert f"recorded in {where}." in checked.stdout

    merged = run(on_neo4j, "merge", "--json", flux, to_global_id(Label.ARTIFACT,
                                                                  "artifact:dall-e-3"))
    assert merged.returncode == 0, merged.stderr
    report = json.loads(merged.stdout)
    assert (report["store"], report["kept"], report["merged"]) == (
        where, "flux-1-pro", "dall-e-3")
