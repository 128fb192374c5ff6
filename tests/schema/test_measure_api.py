"""A measurable claim end to end: verifyClaim starts a job, the job runs the real protocol
on a tiny TrOCR through the production loaders, and its evidence lands in the graph."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.store import GraphStore
from inference.jobs import JobRunner
from schema import build_schema
from schema.context import Context
from schema.ids import from_global_id
from tests.conftest import SEED

SCHEMA = build_schema()
CLAIM = "Batched inference gives 2-3x the throughput of one image at a time."


@pytest.fixture
def store(embedded_store: EmbeddedStore) -> GraphStore:
    """The measurement protocols are under test here, not the store: the embedded one only."""
    return embedded_store


@pytest.fixture
def model_root(tmp_path: Path, tiny_trocr_dir: Path) -> Path:
    """A model-files root where the seed's TrOCR hub id holds a tiny model with weights."""
    root = tmp_path / "models"
    shutil.copytree(tiny_trocr_dir, root / "microsoft__trocr-base-handwritten")
    return root


@pytest.fixture
def context(store: GraphStore, model_root: Path, tmp_path: Path) -> Iterator[Context]:
    import_text(store, SEED.read_text(), uri=SEED.name)
    jobs = JobRunner(store, time_limit_s=300)
    plots = tmp_path / "plots"
    plots.mkdir()
    yield Context.for_store(store, (model_root,), jobs=jobs, plots=plots)
    jobs.shutdown()


def run(context: Context, query: str, **variables: object) -> dict[str, object]:
    result = SCHEMA.execute_sync(query, variables, context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def test_verify_claim_on_a_measurable_claim_runs_a_job_with_evidence(context: Context) -> None:
    assessed = run(context, """mutation ($t: String!) { assessClaim(
        artifact: "trocr-base-handwritten", text: $t) { claim { id } claimClass } }""",
                   t=CLAIM)["assessClaim"]
    assert assessed["claimClass"] == "MEASURABLE"                      # type: ignore[index]
    started = run(context, """mutation ($id: ID!) { verifyClaim(id: $id) {
        verdict job { id state } } }""", id=assessed["claim"]["id"])["verifyClaim"]  # type: ignore[index]
    job = started["job"]                                                # type: ignore[index]
    assert job is not None and job["state"] in ("QUEUED", "RUNNING")
    assert context.jobs is not None
    context.jobs.wait(from_global_id(job["id"])[1], timeout=240)
    done = run(context, """query ($id: ID!) { job(id: $id) { state progress message
        claim { verdict evidence { protocol weights found outcome plot rule } } } }""",
               id=job["id"])["job"]
    assert done["state"] == "SUCCEEDED", done["message"]                # type: ignore[index]
    assert done["progress"] == 1.0                                      # type: ignore[index]
    (evidence,) = done["claim"]["evidence"]                             # type: ignore[index]
    assert evidence["protocol"] == "measure/batching"
    assert evidence["weights"] == "tiny"
    assert evidence["outcome"] == "UNDETERMINED"        # a tiny model never decides
    numbers = json.loads(evidence["found"])
    assert any("ratio" in key for key in numbers)
    assert evidence["plot"].startswith("/plots/")
    assert context.plots is not None
    assert (context.plots / evidence["plot"].removeprefix("/plots/")).is_file()


@pytest.mark.parametrize(("slug", "folder", "text", "protocol"), [
    ("trocr-base-handwritten", "microsoft__trocr-base-handwritten",
     "Dynamic int8 quantization makes inference 2-3x faster on CPU.", "quantization"),
    ("trocr-base-handwritten", "microsoft__trocr-base-handwritten",
     "It reads handwritten lines with a 20% lower character error rate than Tesseract.",
     "ocr_accuracy"),
    ("flux-1-schnell", "black-forest-labs__FLUX.1-schnell",
     "The same seed gives the same image every time.", "diffusion"),
])
def test_every_protocol_runs_from_a_mutation_to_evidence(
    store: GraphStore, tmp_path: Path, tiny_trocr_dir: Path, tiny_flux_dir: Path,
    slug: str, folder: str, text: str, protocol: str,
) -> None:
    from graph.model import Label, Node, WriteBatch, artifact_id

    root = tmp_path / "models"
    shutil.copytree(tiny_flux_dir if "FLUX" in folder else tiny_trocr_dir, root / folder)
    import_text(store, SEED.read_text(), uri=SEED.name)
    if store.find_artifact(slug) is None:
        store.apply(WriteBatch(nodes=(Node(artifact_id(slug), Label.ARTIFACT,
                                           {"slug": slug, "name": slug, "type": "Model"}),)))
    jobs = JobRunner(store, time_limit_s=300)
    context = Context.for_store(store, (root,), jobs=jobs, plots=tmp_path)
    try:
        claim = run(context, """mutation ($a: String!, $t: String!) { assessClaim(
            artifact: $a, text: $t) { claim { id } claimClass } }""", a=slug, t=text)
        assert claim["assessClaim"]["claimClass"] == "MEASURABLE"   # type: ignore[index]
        job = run(context, "mutation ($id: ID!) { verifyClaim(id: $id) { job { id } } }",
                  id=claim["assessClaim"]["claim"]["id"])["verifyClaim"]["job"]  # type: ignore[index]
        finished = jobs.wait(from_global_id(job["id"])[1], timeout=280)
        assert finished.props["state"] == "SUCCEEDED", finished.props["message"]
        done = run(context, """query ($id: ID!) { job(id: $id) {
            evidence { protocol weights found outcome explanation plot } } }""", id=job["id"])
        (evidence,) = done["job"]["evidence"]                            # type: ignore[index]
        assert evidence["protocol"] == f"measure/{protocol}"
        assert evidence["weights"] == "tiny" and evidence["outcome"] == "UNDETERMINED"
        assert json.loads(evidence["found"])                              # numbers measured
        if protocol == "diffusion":                       # it sweeps step counts: a plot
            assert evidence["plot"].startswith("/plots/")
            assert (tmp_path / evidence["plot"].removeprefix("/plots/")).is_file()
    finally:
        jobs.shutdown()


def test_cancel_a_queued_job(context: Context) -> None:
    assessed = run(context, """mutation ($t: String!) { assessClaim(
        artifact: "trocr-base-handwritten", text: $t) { claim { id } } }""",
                   t=CLAIM)["assessClaim"]
    first = run(context, "mutation ($id: ID!) { verifyClaim(id: $id) { job { id } } }",
                id=assessed["claim"]["id"])["verifyClaim"]["job"]       # type: ignore[index]
    second = run(context, "mutation ($id: ID!) { verifyClaim(id: $id) { job { id } } }",
                 id=assessed["claim"]["id"])["verifyClaim"]["job"]      # type: ignore[index]
    cancelled = run(context, "mutation ($id: ID!) { cancelJob(id: $id) { state } }",
                    id=second["id"])["cancelJob"]
    assert cancelled == {"state": "CANCELLED"}                  # one heavy job at a time: queued
    assert context.jobs is not None
    context.jobs.cancel(from_global_id(first["id"])[1])
    state = context.jobs.wait(from_global_id(first["id"])[1], timeout=120).props["state"]
    assert state in ("CANCELLED", "SUCCEEDED")
