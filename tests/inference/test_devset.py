"""The development set of issue 9: labelled claims about seven models of six families.

`devset/models/` holds real published metadata (no weights) of models beyond the seed;
`devset/claims.jsonl` holds claims about them, each labelled with what the files say:
SUPPORTED, REFUTED, or UNSETTLED (the files cannot settle it, or the claim is ambiguous
between two facts). The target: verification decides no claim wrong, and decides at
least 90% of the claims the files settle (`python -m inference.bench_facts` prints it).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from inference.bench_facts import (
    DEFAULT_CLAIMS,
    DEFAULT_MODELS,
    RECALL_TARGET,
    LabelledClaim,
    Report,
    evaluate,
    format_report,
    load_claims,
)

FAMILIES = {"text-llm", "speech", "vision-encoder", "text-encoder", "diffusion", "multimodal"}


@pytest.fixture(scope="module")
def claims() -> list[LabelledClaim]:
    return load_claims(DEFAULT_CLAIMS)


def _folders() -> list[Path]:
    return sorted(p for p in DEFAULT_MODELS.iterdir() if p.is_dir())


def test_the_set_is_large_and_covers_six_families(claims: list[LabelledClaim]) -> None:
    assert len(claims) >= 150
    per_family = Counter(c.family for c in claims)
    assert set(per_family) >= FAMILIES
    assert all(n >= 15 for n in per_family.values()), per_family
    verdicts = Counter(c.expected for c in claims)
    assert set(verdicts) == {"SUPPORTED", "REFUTED", "UNSETTLED"}
    assert all(c.note for c in claims)
    assert len({(c.model, c.claim) for c in claims}) == len(claims), "duplicate claims"


def test_every_claim_names_a_model_folder_of_one_family(claims: list[LabelledClaim]) -> None:
    folders = {p.name for p in _folders()}
    family_of: dict[str, set[str]] = {}
    for c in claims:
        assert c.model.replace("/", "__") in folders, c.model
        family_of.setdefault(c.model, set()).add(c.family)
    assert all(len(f) == 1 for f in family_of.values()), family_of
    assert len(family_of) >= 7


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: p.name)
def test_every_model_folder_loads_through_the_libraries(folder: Path) -> None:
    """transformers' AutoConfig / GenerationConfig / feature extractor / image processor,
    diffusers' load_config and huggingface_hub's ModelCard read every metadata file as the
    published repositories' files are read."""
    import diffusers
    from huggingface_hub import ModelCard
    from transformers import (
        AutoConfig,
        AutoFeatureExtractor,
        AutoImageProcessor,
        GenerationConfig,
    )

    assert not any(folder.rglob("*.safetensors")) and not any(folder.rglob("*.bin"))
    card = ModelCard.load(folder / "README.md").data.to_dict()
    assert card.get("pipeline_tag") or card.get("license"), f"{folder.name}: card metadata"
    loaded = 0
    if (folder / "config.json").is_file():
        assert AutoConfig.from_pretrained(folder).model_type
        loaded += 1
    if (folder / "generation_config.json").is_file():
        GenerationConfig.from_pretrained(folder)
        loaded += 1
    if (folder / "preprocessor_config.json").is_file():
        settings = json.loads((folder / "preprocessor_config.json").read_text("utf-8"))
        if "feature_extractor_type" in settings:
            assert AutoFeatureExtractor.from_pretrained(folder).sampling_rate > 0
        else:
            assert AutoImageProcessor.from_pretrained(folder).image_mean
        loaded += 1
    if (folder / "model_index.json").is_file():
        index = diffusers.DiffusionPipeline.load_config(folder)
        assert index["_class_name"]
        for part, spec in index.items():
            if not isinstance(spec, list) or spec[0] is None:
                continue
            library, class_name = spec
            if library == "diffusers":
                getattr(diffusers, class_name).load_config(folder / part)
            elif class_name.endswith("Processor"):
                AutoImageProcessor.from_pretrained(folder / part)
            elif (folder / part / "config.json").is_file():
                AutoConfig.from_pretrained(folder / part)
            else:
                continue   # tokenizers: not shipped (metadata only)
            loaded += 1
    assert loaded >= 1, f"{folder.name}: no config the libraries read"


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(DEFAULT_CLAIMS, DEFAULT_MODELS, warm_pass=False)


def test_verification_decides_no_claim_wrong(report: Report) -> None:
    assert len(report.outcomes) == len(load_claims(DEFAULT_CLAIMS))
    assert not report.wrong, format_report(report)


def test_verification_decides_most_claims_the_files_settle(report: Report) -> None:
    recall = report.total.recall
    assert recall is not None and recall >= RECALL_TARGET, format_report(report)


HELDOUT = Path(__file__).resolve().parent / "heldout"


def test_the_held_out_set_is_decided_without_a_wrong_verdict() -> None:
    """A second set, written blind by another engineer about six other models (first
    measured before any tuning: 5 wrong, 69.8% recall). Now a regression set: no verdict
    may be wrong on it; its recall is a benchmark figure, not asserted."""
    held = evaluate(HELDOUT / "claims.jsonl", HELDOUT / "models", warm_pass=False)
    assert len(held.outcomes) >= 90
    assert not held.wrong, format_report(held)
