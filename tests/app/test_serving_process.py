"""What a process that serves sets for itself (`app.web.serving_process`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from app.web import SWITCH_INTERVAL_S, serve_app
from graph.settings import Settings
from tests.app.conftest import switch_interval_restored


def test_a_serving_process_hands_the_interpreter_lock_on_sooner(tmp_path: Path) -> None:
    sys.setswitchinterval(0.005)                # Python's default (restored by conftest)
    app = serve_app(Settings(data=tmp_path, load_seeds=False))
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    assert SWITCH_INTERVAL_S < 0.005
    with TestClient(app) as client:
        assert client.get("/healthz").json()["status"] == "ok"


def test_a_test_that_serves_leaves_the_interval_as_it_found_it(tmp_path: Path) -> None:
    """What the autouse fixture of tests/app/conftest.py runs around every test here, run
    around a serving app inside this one (so it holds whatever order the tests run in)."""
    sys.setswitchinterval(0.0042)
    with switch_interval_restored():
        serve_app(Settings(data=tmp_path, load_seeds=False))
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    assert sys.getswitchinterval() == pytest.approx(0.0042)
