"""`capgraph compare`, `show` and `explore`, run as a user runs them (subprocesses on one
seeded embedded store): what they print for people, their `--json`, and the names they take."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from graph.global_ids import to_global_id
from graph.model import Label
from tests.app.test_cli import capgraph

FLUX_ID = to_global_id(Label.ARTIFACT, "artifact:flux-1-pro")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose seeds are loaded and checked once, for every test here."""
    folder = tmp_path_factory.mktemp("data")
    warmed = capgraph(folder, "show", "flux-1-pro")
    assert warmed.returncode == 0, warmed.stderr
    return folder


def test_compare_prints_rows_with_leaders_ties_and_the_verdict(data: Path) -> None:
    shown = capgraph(data, "compare", "trocr", FLUX_ID)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "trocr-base-handwritten vs FLUX.1 Pro (flux-1-pro)"
    adoption = next(line for line in lines if line.startswith("Adoption "))
    assert adoption.split() == ["Adoption", "1", "1", "tie"]          # a tie stays a tie
    quality = next(line for line in lines if line.startswith("Quality "))
    assert quality.split() == ["Quality", "0", "1", "FLUX.1", "Pro"]
    verdict = "\n".join(lines[lines.index("Verdict:"):])
    assert "FLUX.1 Pro ranks higher at" in verdict and "tied on adoption" in verdict
    assert "[Adoption; Match graph; Times" in verdict      # each sentence names its rows


def test_compare_json_is_the_api_s_compare(data: Path) -> None:
    printed = json.loads(capgraph(data, "compare", "trocr-base-handwritten", "FLUX.1 Pro",
                                  "--json").stdout)
    api = json.loads(capgraph(data, "query", '{ compare(a: "trocr-base-handwritten", '
                                             'b: "FLUX.1 Pro") { verdict rows { key leader } '
                                             "} }").stdout)["data"]["compare"]
    assert printed["verdict"] == api["verdict"]
    assert [{"key": r["key"], "leader": r["leader"]} for r in printed["rows"]] == api["rows"]
    assert printed["right"]["id"] == FLUX_ID


def test_show_prints_rank_breakdown_capabilities_claims_and_sources(data: Path) -> None:
    shown = capgraph(data, "show", FLUX_ID)
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout
    assert text.startswith("FLUX.1 Pro (flux-1-pro, Model)\n")
    assert f"  id {FLUX_ID}\n" in text
    rank = text[text.index("Rank "):text.index("Capabilities (")]
    assert re.match(r"Rank \d+(\.\d)?/100 \(checked; weights \S+\)\n", rank)
    for component in ("adoption", "quality", "ecosystem", "freshness", "evidence"):
        assert f"\n  {component} " in rank
    assert "evidence moved by refuted: " in rank          # the claims that moved it
    assert "Capabilities (8) and claims (" in text
    assert "\n    supported       " in text and "\n    refuted         " in text
    assert "Sources\n  seeds:documents/trocr-base-handwritten-vs-flux-1-pro.txt (page" in text
    as_json = json.loads(capgraph(data, "show", "flux", "--json").stdout)
    assert as_json["artifact"]["id"] == FLUX_ID
    assert as_json["claims"]["totalCount"] == sum(
        1 for line in text.splitlines() if line.startswith("    "))


def test_a_name_that_finds_nothing_is_named_with_near_names(data: Path) -> None:
    for command in (("show", "FLUX.1 Por"), ("compare", "trocr", "FLUX.1 Por")):
        missed = capgraph(data, *command)
        assert missed.returncode == 1 and missed.stdout == ""
        assert missed.stderr.strip() == (f"capgraph {command[0]}: no artifact 'FLUX.1 Por'; "
                                         "did you mean 'FLUX.1 Pro'?")
    wrong = capgraph(data, "show", to_global_id(Label.CLAIM, "claim:x"))
    assert wrong.returncode == 2 and "is a Claim's id, not an Artifact's" in wrong.stderr


def test_explore_takes_a_name_and_prints_the_neighbourhood(data: Path) -> None:
    shown = capgraph(data, "explore", "FLUX.1 Pro", "--edge-types", "has_capability")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("ARTIFACT FLUX.1 Pro (artifact:flux-1-pro), depth 1: 9 "
                                   "nodes, 8 edges")
    view = json.loads(capgraph(data, "explore", FLUX_ID, "--json").stdout)
    assert view["center"] == FLUX_ID and {n["label"] for n in view["nodes"]} >= {
        "ARTIFACT", "CAPABILITY", "SIGNAL", "SOURCE"}
