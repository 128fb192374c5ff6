"""Settings: read in one place, one set of defaults, and every layer reads the same values."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings, cores
from inference.model_files import find_model_folders
from inference.protocols.base import default_plots_dir
from schema.context import Context


def test_an_empty_environment_gives_the_field_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings().plots == Settings().data / "plots"
    assert Settings().model_roots == (Settings().seeds / "model-files",)


def test_bad_values_are_refused_with_their_variable_named() -> None:
    with pytest.raises(ValueError, match="CAPGRAPH_STORE"):
        Settings.from_env({"CAPGRAPH_STORE": "mysql"})
    with pytest.raises(ValueError, match="CAPGRAPH_PORT"):
        Settings.from_env({"CAPGRAPH_PORT": "eighty"})
    with pytest.raises(ValueError, match=r"CAPGRAPH_THREADS must be 0\.\.256"):
        Settings.from_env({"CAPGRAPH_THREADS": "257"})
    with pytest.raises(ValueError, match="CAPGRAPH_THREADS must be a whole number"):
        Settings.from_env({"CAPGRAPH_THREADS": "-1"})
    assert Settings.from_env({"CAPGRAPH_THREADS": "0"}).threads == 0
    with pytest.raises(ValueError, match="CAPGRAPH_KEEP_ALIVE_S must be 1"):
        Settings.from_env({"CAPGRAPH_KEEP_ALIVE_S": "0"})
    with pytest.raises(ValueError, match="CAPGRAPH_RATE_EXEMPT: 'localhost' is not an IP"):
        Settings.from_env({"CAPGRAPH_RATE_EXEMPT": "127.0.0.1, localhost"})


def test_serve_runs_one_process_a_core_in_production_unless_told() -> None:
    assert Settings.from_env({}).workers == cores()
    assert Settings.from_env({"CAPGRAPH_ENV": "development"}).workers == 1
    assert Settings.from_env({"CAPGRAPH_WORKERS": "auto"}).workers == cores()
    assert Settings.from_env({"CAPGRAPH_WORKERS": "3", "CAPGRAPH_ENV": "development"}) \
        .workers == 3
    with pytest.raises(ValueError, match="CAPGRAPH_WORKERS must be 1 or more, or `auto`"):
        Settings.from_env({"CAPGRAPH_WORKERS": "0"})


def test_rate_exempt_networks_are_read_from_the_environment() -> None:
    assert [str(n) for n in Settings().rate_exempt] == ["127.0.0.0/8", "::1/128"]
    read = Settings.from_env({"CAPGRAPH_RATE_EXEMPT": " 10.1.2.3, fd00::/8 ,"}).rate_exempt
    assert [str(n) for n in read] == ["10.1.2.3/32", "fd00::/8"]
    assert Settings.from_env({"CAPGRAPH_RATE_EXEMPT": "none"}).rate_exempt == ()


def test_inference_and_schema_take_their_defaults_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    extra = tmp_path / "models"
    (extra / "acme__tiny").mkdir(parents=True)
    monkeypatch.setenv("CAPGRAPH_MODEL_FILES", str(extra))
    monkeypatch.setenv("CAPGRAPH_PLOTS_DIR", str(tmp_path / "plots"))
    assert default_plots_dir() == tmp_path / "plots"
    assert Context.for_store(store=None).model_roots[0] == extra  # type: ignore[arg-type]
    assert [p.name for p in find_model_folders("tiny")] == ["acme__tiny"]
