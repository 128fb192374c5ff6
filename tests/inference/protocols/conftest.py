"""Fixtures for the protocol tests: tiny models loaded through the production loaders.

The tiny-model fixtures (`tiny_trocr_dir`, `tiny_flux_dir`) come from tests/conftest.py.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from inference import loaders
from tests.inference.protocols.helpers import Progress

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def tiny_trocr(tiny_trocr_dir: Path) -> loaders.LoadedTrOCR:
    return loaders.load_trocr(tiny_trocr_dir, device="cpu")


@pytest.fixture(scope="session")
def tiny_flux(tiny_flux_dir: Path) -> loaders.LoadedFlux:
    return loaders.load_flux(tiny_flux_dir, device="cpu")


@pytest.fixture(scope="session")
def lines_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the built-in line images are rendered for this session."""
    return tmp_path_factory.mktemp("ocr-lines")


@pytest.fixture
def progress() -> Progress:
    return Progress()


@pytest.fixture
def cancelling() -> Callable[[int], Progress]:
    return lambda after: Progress(cancel_after=after)


@pytest.fixture(scope="session")
def random_full_trocr() -> loaders.LoadedTrOCR:
    """The real TrOCR architecture at full size (334M parameters), random weights."""
    seed = Path(__file__).resolve().parents[3] / "seeds" / "model-files"
    return loaders.random_trocr_from_config(seed / "microsoft__trocr-base-handwritten",
                                            device="cpu")


@pytest.fixture(scope="session")
def unmarked_trocr(tiny_trocr_dir: Path, tmp_path_factory: pytest.TempPathFactory
                   ) -> loaders.LoadedTrOCR:
    """The tiny model's weights in a folder nothing marks as tiny: loaded weight files, so
    the loaders call them "real", and protocols decide on them as on a user's weights."""
    folder = shutil.copytree(tiny_trocr_dir, tmp_path_factory.mktemp("users") / "trocr")
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    del config["capgraph_tiny"]
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return loaders.load_trocr(folder, device="cpu")
