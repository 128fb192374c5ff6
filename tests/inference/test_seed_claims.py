"""Every claim of the seed document gets a class, a verdict and evidence.

The expectations below are facts of the seed's model files, checked here against the
files themselves (read at test time), not against the page's wording.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.claims.types import ArtifactFacts, Assessment, AtomicClaim, Verdict
from graph.ingest.parse import parse_page
from graph.model import slugify
from inference.assess import assess_capability
from tests.inference.conftest import SEED_ROOT

SEED = Path(__file__).resolve().parents[2] / "seeds" / "documents" / (
    "trocr-base-handwritten-vs-flux-1-pro.txt")

Row = tuple[str, str, AtomicClaim, Assessment]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    page = parse_page(SEED.read_text(encoding="utf-8"), file=SEED.name)
    found = []
    for side in page.sides:
        subject = ArtifactFacts(slugify(side.name), side.name, "Model")
        for capability in side.capabilities:
            for kind, atom, assessment in assess_capability(
                    capability.description, capability.unique, capability.vs_alternatives,
                    subject, [SEED_ROOT]):
                found.append((subject.slug, kind, atom, assessment))
    return found


def _one(rows: list[Row], pattern: str) -> Assessment:
    hits = [a for _, _, atom, a in rows if re.search(pattern, atom.text)]
    assert len(hits) == 1, (pattern, len(hits))
    return hits[0]


def test_every_claim_is_assessed_with_evidence(rows: list[Row]) -> None:
    assert len(rows) > 150
    assert {slug for slug, *_ in rows} == {"trocr-base-handwritten", "flux-1-pro"}
    for _, _, atom, assessment in rows:
        assert assessment.evidence, atom.text
        assert assessment.explanation, atom.text
    verdicts = {a.verdict for *_, a in rows}
    assert {Verdict.SUPPORTED, Verdict.REFUTED, Verdict.NOT_FALSIFIABLE} <= verdicts


def test_encoder_shape_from_the_config(rows: list[Row]) -> None:
    config = json.loads((SEED_ROOT / "microsoft__trocr-base-handwritten" / "config.json")
                        .read_text(encoding="utf-8"))["encoder"]
    expected = Verdict.SUPPORTED if (config["num_hidden_layers"], config["hidden_size"]) == (
        12, 768) else Verdict.REFUTED
    assert _one(rows, r"^Vision Transformer \(12 layers\)$").verdict is expected
    assert _one(rows, r"^Vision Transformer \(768 hidden dimensions\)$").verdict is expected


def test_normalisation_statistics_against_the_real_file(rows: list[Row]) -> None:
    processor = json.loads((SEED_ROOT / "microsoft__trocr-base-handwritten" /
                            "preprocessor_config.json").read_text(encoding="utf-8"))
    claimed = [0.485, 0.456, 0.406]
    result = _one(rows, r"mean=\[0\.485")
    expected = Verdict.SUPPORTED if processor["image_mean"] == claimed else Verdict.REFUTED
    assert result.verdict is expected
    record = next(r for r in result.evidence if r.field == "image_mean")
    assert record.found == processor["image_mean"] and record.claimed == claimed


def test_default_beam_width_comes_from_generate_defaults(rows: list[Row]) -> None:
    generation = json.loads((SEED_ROOT / "microsoft__trocr-base-handwritten" /
                             "generation_config.json").read_text(encoding="utf-8"))
    assert "num_beams" not in generation           # so generate() uses the library's 1
    assert _one(rows, r"default beam width 4").verdict is Verdict.REFUTED


def test_sizes_from_the_parameter_count(rows: list[Row]) -> None:
    result = _one(rows, r"~1\.4GB \(fp32\)")
    assert result.verdict is Verdict.SUPPORTED
    assert [r.found for r in result.evidence] == [333_921_792 * 4, 333_921_792]


def test_licence_claims_about_the_open_relative(rows: list[Row]) -> None:
    assert _one(rows, r"^License explicitly permits").verdict is Verdict.REFUTED
    assert _one(rows, r"^FLUX\.1-dev is an open-weight").verdict is Verdict.SUPPORTED


def test_closed_model_claims_stay_undetermined(rows: list[Row]) -> None:
    result = _one(rows, r"12B-parameter flow matching")
    assert result.verdict is Verdict.UNDETERMINED
    assert any(r.model == "black-forest-labs/FLUX.1-dev" and r.found == 11_901_408_320
               for r in result.evidence)
    assert _one(rows, r"1-4 steps for Schnell").verdict is Verdict.UNDETERMINED


def test_mentions_name_the_alternatives(rows: list[Row]) -> None:
    mentioned = {m for _, _, atom, _ in rows for m in atom.mentions}
    assert {"Tesseract", "EasyOCR", "DALL-E 3", "Midjourney", "Stable Diffusion 3"} <= mentioned
    assert not mentioned & {"CNN", "OCR", "API", "ViT"}


def test_the_seed_benchmark_runs_cold_and_counts_every_claim(rows: list[Row]) -> None:
    """`python -m inference.bench_claims` in a fresh interpreter (its time is a benchmark
    figure, printed by `make bench`, never asserted here): every claim is counted."""
    out = subprocess.run([sys.executable, "-m", "inference.bench_claims"], capture_output=True,
                         text=True, check=True, env={"HF_HUB_OFFLINE": "1", "PATH": ""},
                         cwd=Path(__file__).resolve().parents[2])
    found = re.search(r"assessed (\d+) claims of \S+ in [\d.]+ s", out.stdout)
    assert found is not None, out.stdout
    assert int(found.group(1)) == len(rows)
    counted = sum(int(line.split()[-1]) for line in out.stdout.splitlines()[1:])
    assert counted == len(rows)
