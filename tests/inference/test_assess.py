"""Verification end to end: class, target model, checks, one verdict with evidence."""

from __future__ import annotations

from pathlib import Path

from graph.claims.types import ArtifactFacts, ClaimClass, Verdict
from inference.assess import assess_capability, assess_claim, assess_text

TROCR = ArtifactFacts("trocr-base-handwritten", "trocr-base-handwritten", "Model")
PRO = ArtifactFacts("flux-1-pro", "FLUX.1 Pro", "Model")
TINY_PRO = ArtifactFacts("tiny-flow-pro", "tiny flow pro", "Model")


def test_supported_refuted_partial(roots: list[Path]) -> None:
    ok = assess_claim("Its vision encoder stacks 12 layers", TROCR, roots)
    assert (ok.claim_class, ok.verdict) == (ClaimClass.MODEL_FILES, Verdict.SUPPORTED)
    bad = assess_claim("Its vision encoder stacks 16 layers", TROCR, roots)
    assert bad.verdict is Verdict.REFUTED and "encoder.num_hidden_layers = 12" in bad.explanation
    mixed = assess_claim("Its vision encoder has 12 layers and 16 heads", TROCR, roots)
    assert mixed.verdict is Verdict.PARTIAL


def test_parts_the_files_do_not_settle_keep_it_undetermined(roots: list[Path]) -> None:
    result = assess_claim("Its 12-layer encoder reaches 97% accuracy on forms", TROCR, roots)
    assert result.verdict is Verdict.UNDETERMINED
    assert result.explanation.startswith("partly supported")


def test_other_classes_carry_a_classification_record(roots: list[Path]) -> None:
    for text, cls, verdict in [
        ("Reads forms 3x faster than Tesseract", ClaimClass.MEASURABLE, Verdict.UNDETERMINED),
        ("Offers unmatched, robust reading", ClaimClass.NOT_FALSIFIABLE,
         Verdict.NOT_FALSIFIABLE),
        ("Renders posters 2x faster than Imagen", ClaimClass.EXTERNAL, Verdict.UNDETERMINED),
    ]:
        subject = PRO if cls is ClaimClass.EXTERNAL else TROCR
        result = assess_claim(text, subject, roots)
        assert (result.claim_class, result.verdict) == (cls, verdict), text
        assert [r.protocol for r in result.evidence] == ["classification"]
        assert result.evidence[0].weights == "none"


def test_claims_naming_a_relative_are_checked_on_it(roots: list[Path]) -> None:
    result = assess_claim("FLUX.1-dev is cleared for commercial use", PRO, roots)
    assert result.verdict is Verdict.REFUTED
    assert {r.model for r in result.evidence} == {"black-forest-labs/FLUX.1-dev"}
    schnell = assess_claim("The Schnell variant is cleared for commercial use", PRO, roots)
    assert schnell.verdict is Verdict.SUPPORTED


def test_relatives_inform_but_never_decide_for_a_closed_model(roots: list[Path]) -> None:
    result = assess_claim("A 12B-parameter image model", PRO, roots)
    assert result.verdict is Verdict.UNDETERMINED
    informing = [r for r in result.evidence if r.model != "black-forest-labs/FLUX.1-pro"]
    assert informing and all(r.outcome is Verdict.UNDETERMINED for r in informing)
    assert 11_901_408_320 in [r.found for r in informing]
    assert "would say SUPPORTED" in result.explanation


def test_models_without_files_are_undetermined(roots: list[Path]) -> None:
    result = assess_claim("FLUX.3 [turbo] offers a free tier", PRO, roots)
    assert result.verdict is Verdict.UNDETERMINED and "flux-3-turbo" in result.explanation
    unknown = ArtifactFacts("nothing-here", "Nothing Here")
    assert assess_claim("It has 12 layers", unknown, roots).verdict is Verdict.UNDETERMINED


def test_a_capability_about_another_model_scopes_its_sentences(roots: list[Path]) -> None:
    text = "FLUX.3 [turbo] is the fast one. It offers a free tier."
    results = assess_text(text, PRO, roots)
    assert [a.verdict for _, a in results] == [Verdict.UNDETERMINED, Verdict.UNDETERMINED]
    alone = assess_claim("It offers a free tier", PRO, roots)
    assert alone.verdict is Verdict.REFUTED       # FLUX.1 Pro's own card: no free tier
    rows = assess_capability("FLUX.1-dev has open weights.", "Its license allows commercial use.",
                             None, PRO, roots)
    assert [(kind, a.verdict) for kind, _, a in rows] == [
        ("description", Verdict.SUPPORTED), ("unique", Verdict.REFUTED)]


def test_every_record_is_storable(roots: list[Path]) -> None:
    scalar = (str, int, float, bool, type(None))
    for text in ["Its vision encoder stacks 12 layers", "Pixels use mean=[0.5, 0.5, 0.5]",
                 "Runs with a guidance embedding", "It offers a free tier"]:
        for subject in (TROCR, PRO, TINY_PRO):
            for record in assess_claim(text, subject, roots).evidence:
                for value in (record.found, record.claimed):
                    assert isinstance(value, scalar) or (
                        isinstance(value, list) and all(isinstance(v, scalar) for v in value))
                assert record.finished_at and record.rule and record.explanation
