"""`capgraph search`, run as a user runs it (a subprocess on the seeded embedded store)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.app.test_cli import capgraph


def test_search_prints_hits_marked_and_suggests_on_a_miss(tmp_path: Path) -> None:
    found = capgraph(tmp_path, "search", "microsoft/trocr-base-handwritten", "--first", "2")
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0].startswith("1.000  Artifact   trocr-base-handwritten")
    assert "(named by the query)" in lines[0]
    assert "name: [trocr]-[base]-[handwritten]" in found.stdout
    assert "more (--first N)" in lines[-1]
    missed = capgraph(tmp_path, "search", "fluxx")
    assert missed.returncode == 1
    assert missed.stdout.splitlines() == ["no hits for fluxx", "did you mean: FLUX.1 Pro"]


def test_search_json_and_types(tmp_path: Path) -> None:
    result = capgraph(tmp_path, "search", "beam width", "--types", "claims", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["terms"] == ["beam", "width"] and data["total"] >= 1
    assert {hit["type"] for hit in data["hits"]} == {"Claim"}
    hit = data["hits"][0]
    assert hit["highlights"][0]["marked"].count("**") >= 4
    bad = capgraph(tmp_path, "search", "x", "--types", "widgets")
    assert bad.returncode == 2 and "'widgets' is not one of" in bad.stderr
