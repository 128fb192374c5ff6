"""Measuring the seed's claims as `capgraph verify --measure` does: one session, shared runs.

The seed's TrOCR hub id holds a tiny model here (built offline, random weights), so every
verdict is UNDETERMINED; what is checked is the work: which claims ran which protocol, and
that claims measured the same way share one run (their numbers are the same timings).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph.claim_facts import EVIDENCE_EDGES
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.model import Label
from graph.store import GraphStore
from inference.check_claims import artifact_claims
from inference.jobs import JobControl, JobRunner
from inference.measure import Session, measure_claim, protocol_for
from tests.conftest import SEED


@pytest.fixture
def store(embedded_store: EmbeddedStore) -> GraphStore:
    """The measurement protocols are under test here, not the store: the embedded one only."""
    return embedded_store


def test_claims_measured_the_same_way_share_one_run(store: GraphStore, tmp_path: Path,
                                                    tiny_trocr_dir: Path) -> None:
    root = tmp_path / "models"
    shutil.copytree(tiny_trocr_dir, root / "microsoft__trocr-base-handwritten")
    import_text(store, SEED.read_text(), uri=SEED.name)
    claims = [c for c in artifact_claims(store, "trocr-base-handwritten")
              if (p := protocol_for(store, c, (root,))) is not None and p.name == "batching"]
    assert len(claims) >= 3, [c.props["text"] for c in claims]
    session, runner = Session(), JobRunner(store, time_limit_s=300)
    try:
        for claim in claims:
            def work(control: JobControl, claim_id: str = claim.id) -> list[str]:
                node = store.get_node(claim_id)
                assert node is not None
                return measure_claim(store, node, control, roots=(root,), plots=tmp_path,
                                     session=session)
            job = runner.submit("measure", claim.id, work)
            done = runner.wait(job.id, timeout=240)
            assert done.props["state"] == "SUCCEEDED", done.props["message"]
    finally:
        runner.shutdown()
    assert len(session.models) == 1 and len(session.runs) == 1
    evidence = store.incoming([c.id for c in claims], EVIDENCE_EDGES)
    found = []
    for claim in claims:
        (record,) = [n for _, n in evidence.get(claim.id, []) if n.label is Label.EVIDENCE
                     and n.props["protocol"] == "measure/batching"]
        found.append(json.loads(str(record.props["found"])))
        assert record.props["outcome"] == "UNDETERMINED" and record.props["weights"] == "tiny"
    timings = {f["passes_batch_1"] for f in found}
    assert len(timings) == 1                        # the same passes: one run, judged n times
    shared = [f for f in found if any("shared" in note for note in f.get("notes", []))]
    assert len(shared) == len(claims) - 1
