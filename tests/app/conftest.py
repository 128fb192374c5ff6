"""What every test of app/ shares."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def switch_interval_restored() -> Iterator[None]:
    """The interpreter's switch interval as it was before the block, after it."""
    before = sys.getswitchinterval()
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.fixture(autouse=True)
def _switch_interval_restored() -> Iterator[None]:
    """`serve_app` sets the serving process's switch interval (`app.web.serving_process`);
    a test that builds one must not leave the rest of the run on it."""
    with switch_interval_restored():
        yield
