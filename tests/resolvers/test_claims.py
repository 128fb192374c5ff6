"""resolvers/claims.py: claims by id, pages filtered by artifact, and assessing one."""

from __future__ import annotations

import pytest

from graph.claims.types import Verdict
from graph.errors import NotFound
from graph.model import Label
from resolvers.claims import assess_claim, claim, claims
from schema.context import Context
from schema.ids import to_global_id


def test_a_page_of_one_artifacts_claims_and_each_by_its_id(context: Context) -> None:
    page = claims(context, first=5, after=None, artifact="FLUX.1 Pro", verdict=None,
                  claim_class=None)
    assert len(page.edges) == 5 and page.total_count > 5
    first = page.edges[0].node
    assert first.artifact_slug == "flux-1-pro"
    found = claim(context, first.id)
    assert found is not None and found.text == first.text
    with pytest.raises(ValueError, match="not a Claim"):
        claim(context, to_global_id(Label.ARTIFACT, "artifact:flux-1-pro"))


def test_an_unknown_artifact_is_refused(context: Context) -> None:
    with pytest.raises(NotFound):
        claims(context, first=5, after=None, artifact="nope", verdict=None, claim_class=None)
    with pytest.raises(NotFound):
        assess_claim(context, "nope", "It has 12 layers.")


def test_an_assertion_is_checked_against_the_model_files(context: Context) -> None:
    assessed = assess_claim(context, "trocr-base-handwritten",
                            "The ViT encoder has 12 layers.")
    assert assessed.verdict is Verdict.SUPPORTED
    assert assessed.evidence and assessed.claim.artifact_slug == "trocr-base-handwritten"
