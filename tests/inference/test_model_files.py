"""Model folders: by hub id or path, by artifact, relatives, kinds and cards, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from inference.errors import ModelFilesNotFound
from inference.model_files import (
    find_model_folders,
    find_relatives,
    load_model_files,
    parse_front_matter,
    resolve_model_folder,
)
from tests.inference.conftest import FLUX_DEV, FLUX_PRO, SEED_ROOT, TROCR


def test_hub_id_or_local_folder() -> None:
    by_id = resolve_model_folder(TROCR, [SEED_ROOT])
    assert by_id == (SEED_ROOT / "microsoft__trocr-base-handwritten").resolve()
    assert resolve_model_folder(str(by_id)) == by_id


def test_unknown_hub_id_fails_without_the_network(tmp_path: Path,
                                                  network_attempts: list[object]) -> None:
    with pytest.raises(ModelFilesNotFound, match="not consulted"):
        resolve_model_folder("nobody/no-such-model", [tmp_path])
    assert network_attempts == []


def test_kinds_and_cards() -> None:
    trocr = load_model_files(TROCR, [SEED_ROOT])
    assert (trocr.kind, trocr.card["license"], trocr.has_open_weights) == (
        "transformers", "mit", True)
    dev = load_model_files(FLUX_DEV, [SEED_ROOT])
    assert (dev.kind, dev.card["gated"], dev.slug) == ("diffusers", True, "flux-1-dev")
    pro = load_model_files(FLUX_PRO, [SEED_ROOT])
    assert (pro.kind, pro.has_open_weights, pro.provider["pricing"]["free_tier"]) == (
        "provider", False, False)


def test_artifact_folders_by_slug_and_relatives_by_family(roots: list[Path]) -> None:
    assert [p.name for p in find_model_folders("flux-1-pro", "FLUX.1 Pro", roots)] == [
        "black-forest-labs__FLUX.1-pro"]
    assert find_model_folders("flux-2-klein", None, roots) == []
    pro = load_model_files(FLUX_PRO, roots)
    assert [r.hub_id for r in find_relatives(pro, roots)] == [
        "black-forest-labs/FLUX.1-dev", "black-forest-labs/FLUX.1-schnell"]
    assert find_relatives(load_model_files(TROCR, roots), roots) == []
    tiny = load_model_files("acme/tiny-flow-pro", roots)
    assert [r.hub_id for r in find_relatives(tiny, roots)] == ["acme/tiny-flow-dev"]


def test_front_matter() -> None:
    assert parse_front_matter("# no front matter") == {}
    assert parse_front_matter("---\nlicense: other\nlicense_name: x-nc\n---\n") == {
        "license": "other", "license_name": "x-nc"}


def test_import_stays_light() -> None:
    import subprocess
    import sys

    code = ("import sys, inference.assess, inference.bench_claims; "
            "print([m for m in ('torch', 'transformers', 'diffusers') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
