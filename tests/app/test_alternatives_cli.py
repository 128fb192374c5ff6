"""`capgraph alternatives`, run as a user runs it (a subprocess on the seeded embedded store)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import capgraph


def test_alternatives_prints_why_and_json(tmp_path: Path) -> None:
    found = capgraph(tmp_path, "alternatives", "trocr-base-handwritten", "--first", "3")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert len(lines) == 3 and lines[0].startswith("1. ") and "named by" in found.stdout
    data = json.loads(capgraph(tmp_path, "alternatives", "FLUX.1 Pro", "--json").stdout)
    assert data and all(a["why"] and a["score"] > 0 for a in data)
    missing = capgraph(tmp_path, "alternatives", "nothing-like-it")
    assert missing.returncode == 1 and "no artifact 'nothing-like-it'" in missing.stdout
