"""What every test of app/ shares."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _switch_interval_restored() -> Iterator[None]:
    """`serve_app` sets the serving process's switch interval (`app.web.serving_process`);
    a test that builds one must not leave the rest of the run on it."""
    before = sys.getswitchinterval()
    yield
    sys.setswitchinterval(before)
