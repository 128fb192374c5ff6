"""`capgraph models add/list` as a user runs them: their own model folder, a model in the
local Hugging Face cache (offline), and a bad path that writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inference.attach import find_in_hf_cache
from tests.app.test_cli import env_for
from tests.conftest import REPO

CARD = "---\nlicense: mit\npipeline_tag: fill-mask\nlanguage: en\n---\n# my-bert\n"


def bert_folder(folder: Path) -> Path:
    """A config.json written by transformers itself, and a model card with front matter."""
    import transformers

    transformers.BertConfig(num_hidden_layers=2, hidden_size=64, num_attention_heads=2,
                            intermediate_size=128, vocab_size=1000).save_pretrained(folder)
    (folder / "README.md").write_text(CARD)
    return folder


def run(data: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = env_for(data, CAPGRAPH_LOAD_SEEDS="0", HF_HUB_OFFLINE="1", **settings)
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


def exported_nodes(data: Path) -> list[dict[str, object]]:
    result = run(data, "export")
    assert result.returncode == 0, result.stderr
    return [line for line in map(json.loads, result.stdout.splitlines()) if "label" in line]


def test_a_users_own_model_is_attached_and_its_claim_decided(tmp_path: Path) -> None:
    folder = bert_folder(tmp_path / "my-bert")
    data = tmp_path / "data"
    added = run(data, "models", "add", str(folder))
    assert added.returncode == 0, added.stderr
    assert "attached my-bert (transformers, " in added.stdout
    assert f"from {folder} to my-bert (created from the model files)" in added.stdout
    assert "my-bert has no claims yet" in added.stdout

    assess = ('mutation { assessClaim(artifact: "my-bert", text: "my-bert has 2 layers") '
              '{ verdict } }')
    assert run(data, "query", assess).returncode == 0
    verified = run(data, "verify", "--artifact", "my-bert")
    assert verified.returncode == 0, verified.stderr
    assert "SUPPORTED       my-bert has 2 layers" in verified.stdout
    assert "1 claims checked (1 supported)" in verified.stdout

    again = run(data, "models", "add", str(folder), "--artifact", "my-bert")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("unchanged my-bert")
    assert "1 claims checked against its model files (1 supported)" in again.stdout

    listed = run(data, "models", "list")
    assert listed.returncode == 0, listed.stderr
    (row,) = [line for line in listed.stdout.splitlines() if line.startswith("my-bert ")]
    assert row.split()[:3] == ["my-bert", "my-bert", "transformers"] and str(folder) in row
    assert int(row.split()[3]) > 10           # facts read from config.json and the card

    nodes = exported_nodes(data)
    (artifact,) = [n for n in nodes if n["label"] == "Artifact"]
    assert artifact["props"]["created_from"] == "model-files"        # type: ignore[index]
    (files,) = [n for n in nodes if n["label"] == "ModelFiles"]
    facts = {f["field"]: f["value"] for f in files["props"]["facts"]}  # type: ignore[index]
    assert facts["num_hidden_layers"] == 2 and facts["license"] == "mit"


def hub_cache(root: Path, hub_id: str, *, ref: bool = True) -> Path:
    """A Hugging Face cache holding one model's snapshot, laid out as huggingface_hub does."""
    repo = root / f"models--{hub_id.replace('/', '--')}"
    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshot = bert_folder(repo / "snapshots" / commit)
    (repo / "blobs").mkdir()
    if ref:
        (repo / "refs").mkdir()
        (repo / "refs" / "main").write_text(commit)
    return snapshot


def test_a_hub_id_is_found_in_the_local_hf_cache_offline(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    snapshot = hub_cache(cache, "acme/tiny-bert")
    data = tmp_path / "data"
    added = run(data, "models", "add", "acme/tiny-bert", HF_HUB_CACHE=str(cache))
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("attached acme/tiny-bert (transformers, ")
    assert f"from {snapshot.resolve()} to tiny-bert (created" in added.stdout
    missing = run(data, "models", "add", "acme/other", HF_HUB_CACHE=str(cache))
    assert missing.returncode == 1
    assert "acme/other" in missing.stderr and str(cache) in missing.stderr
    assert "never downloads" in missing.stderr


def test_the_cache_scan_finds_a_snapshot_without_a_main_ref(tmp_path: Path,
                                                             network_attempts: list[object]
                                                             ) -> None:
    snapshot = hub_cache(tmp_path / "hub", "acme/no-ref", ref=False)
    assert find_in_hf_cache("acme/no-ref", tmp_path / "hub") == snapshot
    assert find_in_hf_cache("acme/absent", tmp_path / "hub") is None
    assert find_in_hf_cache("acme/absent", tmp_path / "no-cache") is None
    assert network_attempts == []


@pytest.mark.parametrize("what", ["empty folder", "no such path"])
def test_a_bad_path_says_what_is_missing_and_writes_nothing(tmp_path: Path, what: str) -> None:
    bad = tmp_path / "not-a-model"
    if what == "empty folder":
        bad.mkdir()
        (bad / "weights.txt").write_text("nothing a library reads")
    data = tmp_path / "data"
    result = run(data, "models", "add", str(bad))
    assert result.returncode == 1
    assert str(bad) in result.stderr
    if what == "empty folder":
        assert "none of config.json, model_index.json, provider.json" in result.stderr
    else:
        assert "no such folder" in result.stderr
    assert exported_nodes(data) == []
