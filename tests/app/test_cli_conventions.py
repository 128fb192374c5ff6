"""What every `capgraph` command shares, run as a user runs it (subprocesses on a temporary
embedded store): `--version`, the ids the API hands out as names, the store each write names,
`--json` for scripts, and a pipe whose reader stops early."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from graph.global_ids import to_global_id
from graph.model import Label
from tests.app.test_cli import capgraph, env_for
from tests.conftest import REPO, SEED


def store_of(data: Path) -> str:
    return f"the embedded store at {data / 'capgraph.sqlite3'}"


def test_version_names_the_installed_distribution(tmp_path: Path) -> None:
    from importlib.metadata import version

    shown = capgraph(tmp_path, "--version")
    assert shown.returncode == 0
    assert shown.stdout.strip() == f"capgraph {version('capgraph')}"


def test_export_into_a_reader_that_stops_early_ends_quietly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert capgraph(data, "import", "--no-check", "-q", str(SEED)).returncode == 0
    # the seed's export is ~190 kB: far more than a pipe holds, so the writer meets the
    # closed pipe while writing
    piped = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {sys.executable} -m app.cli export | head -n 1"],
        cwd=REPO, env=env_for(data), capture_output=True, text=True, timeout=120)
    assert piped.stdout.startswith('{"format":"capgraph-export"')
    assert piped.stderr == ""                       # no BrokenPipeError, no traceback
    assert piped.returncode == 141                  # as any writer SIGPIPE stops


def test_import_and_merge_say_which_store_they_wrote(tmp_path: Path) -> None:
    data = tmp_path / "data"
    imported = capgraph(data, "import", "--no-check", str(SEED))
    assert imported.returncode == 0, imported.stderr
    assert f"imported 1 pages (1 created or updated) into {store_of(data)}" in imported.stderr
    again = capgraph(data, "import", "--no-check", "--json", str(SEED))
    report = json.loads(again.stdout)
    assert report["store"] == store_of(data) and report["changed"] == 0
    assert report["pages"][0]["status"] == "unchanged"

    stub = to_global_id(Label.ARTIFACT, "artifact:dall-e-3")     # ids the API hands out
    merged = capgraph(data, "merge", to_global_id(Label.ARTIFACT, "artifact:flux-1-pro"), stub)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith("merged dall-e-3 into flux-1-pro: ")
    assert merged.stdout.rstrip().endswith(f"(in {store_of(data)})")
    gone = capgraph(data, "merge", "flux-1-pro", stub, "--json")   # its id finds the kept one
    assert gone.returncode == 2 and "same artifact" in gone.stderr


def test_verify_takes_a_claim_id_from_the_api(tmp_path: Path) -> None:
    data = tmp_path / "data"
    listed = capgraph(data, "query", '{ claims(first: 1, artifact: "trocr", verdict: REFUTED) '
                                     "{ edges { node { id text } } } }")
    assert listed.returncode == 0, listed.stderr
    claim = json.loads(listed.stdout)["data"]["claims"]["edges"][0]["node"]
    checked = capgraph(data, "verify", "--claim", claim["id"])
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith(f"REFUTED         {claim['text']}\n")
    assert (f"trocr-base-handwritten: 1 claims checked (1 refuted), recorded in "
            f"{store_of(data)}") in checked.stdout
    as_json = json.loads(capgraph(data, "verify", "--claim", claim["id"], "--json").stdout)
    assert as_json["store"] == store_of(data) and as_json["counts"] == {"REFUTED": 1}
    assert as_json["claims"][0]["id"] == claim["id"]
    other = capgraph(data, "verify", "--artifact", "FLUX.1 Pro", "--claim", claim["id"])
    assert other.returncode == 2
    assert "is a claim of trocr-base-handwritten, not of flux-1-pro" in other.stderr
    neither = capgraph(data, "verify")
    assert neither.returncode == 2 and "--artifact ARTIFACT, --claim CLAIM_ID" in neither.stderr


def test_tokens_and_models_say_which_store_and_list_as_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    made = capgraph(data, "tokens", "create", "tester", "--scopes", "read")
    assert made.returncode == 0 and f"in {store_of(data)}; its secret" in made.stderr
    revoked = json.loads(capgraph(data, "tokens", "revoke", "tester", "--json").stdout)
    assert revoked["store"] == store_of(data) and revoked["name"] == "tester"
    listed = capgraph(data, "models", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert any(f["artifact"] == "flux-1-pro" and f["hubId"] == "black-forest-labs/FLUX.1-pro"
               for f in json.loads(listed.stdout))
