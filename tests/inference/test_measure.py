"""Measuring the seed's claims as `capgraph verify --measure` does: one session, shared runs.

The seed's TrOCR hub id holds a tiny model here (built offline, random weights), so every
verdict is UNDETERMINED; what is checked is the work: which claims ran which protocol, and
that claims measured the same way share one run (their numbers are the same timings).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import cast

import pytest

from graph.claim_facts import EVIDENCE_EDGES
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.jobs import JobState
from graph.model import Label
from graph.store import GraphStore
from inference.check_claims import artifact_claims
from inference.jobs import JobControl, JobRunner, JobStopped
from inference.measure import Session, measure_claim, plan_measurement, protocol_for
from inference.protocols import spec
from tests.conftest import SEED
from tests.resolvers.test_compare import CountingStore


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


class _Quiet:
    """A control that never stops a run and keeps its progress reports."""

    def __init__(self) -> None:
        self.reports: list[tuple[float, str]] = []

    def progress(self, fraction: float, message: str) -> None:
        self.reports.append((fraction, message))

    def check(self) -> None:
        return None


def test_a_measurement_looks_its_artifact_up_once_and_chooses_its_protocol_once(
    store: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    roots = (SEED.parents[1] / "model-files",)
    claim = next(c for c in artifact_claims(store, "flux-1-pro")
                 if plan_measurement(store, c, roots) is not None)
    chosen: list[str | None] = []
    original = spec.choose_protocol
    monkeypatch.setattr(spec, "choose_protocol", lambda *args: chosen.append(
        original(*args)) or chosen[-1])
    counting = CountingStore(store)
    control = _Quiet()
    written = measure_claim(cast(GraphStore, counting), claim, control, roots=roots,
                            plots=tmp_path)
    assert counting.calls["find_artifact"] == 1 and len(chosen) == 1, (counting.calls, chosen)
    assert written and control.reports[-1][0] == 1.0
    now = store.get_node(claim.id)
    assert now is not None and "not measured" in str(now.props["explanation"])


def test_a_stop_travels_up_from_the_control_unchanged(store: GraphStore, tmp_path: Path) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    roots = (SEED.parents[1] / "model-files",)
    claim = next(c for c in artifact_claims(store, "flux-1-pro")
                 if plan_measurement(store, c, roots) is not None)
    stop = JobStopped(JobState.TIMED_OUT, "stopped at its time limit")

    class Stopping(_Quiet):
        def progress(self, fraction: float, message: str) -> None:
            raise stop
    with pytest.raises(JobStopped) as raised:
        measure_claim(store, claim, Stopping(), roots=roots, plots=tmp_path)
    assert raised.value is stop
