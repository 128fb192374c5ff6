"""verifyArtifact says why the files settle nothing when an artifact has no model files."""

from __future__ import annotations

from pathlib import Path

from graph.ingest.importer import import_text
from graph.store import GraphStore
from schema.context import Context
from tests.conftest import SEED
from tests.schema.test_api import SCHEMA, run

VERIFY = """mutation ($s: String!) { verifyArtifact(slug: $s) {
  artifact { slug } checked message } }"""


def test_verify_artifact_without_model_files_says_so(store: GraphStore, tmp_path: Path) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    empty = tmp_path / "no-models"
    empty.mkdir()
    result = SCHEMA.execute_sync(VERIFY, {"s": "FLUX.1 Pro"},
                                 Context.for_store(store, model_roots=(empty,)))
    assert result.errors is None, result.errors
    assert result.data is not None
    message = result.data["verifyArtifact"]["message"]
    assert message is not None and message.startswith(
        "no model files for flux-1-pro: attach them with `capgraph models add`")
    assert str(empty) in message            # the roots searched

    # with the seed's model files the artifact is checked and nothing needs saying
    found = run(store, VERIFY, s="FLUX.1 Pro")["verifyArtifact"]
    assert found["message"] is None and found["checked"] > 0
