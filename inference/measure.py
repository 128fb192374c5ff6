"""Measure a claim by running its model: pick the protocol, load the weights, record evidence.

Runs as a job's work (`inference.jobs`): progress and cancellation go through one
`Control` (the job's `JobControl`), passed down to the protocol as it is. The weights are
the best this machine has, said honestly in the evidence:
real weights where a folder (`--weights`, `CAPGRAPH_MODEL_FILES`) or the local hub cache
has them, else the real architecture at full size with random weights (structural claims
only), and never a download.

A `Session` lets the claims of one verification pass share work: the model is loaded once,
and claims whose protocol would run the same way on the same weights share one run (each
is judged by its own rule; the evidence notes the shared run).
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from graph.claim_facts import EVIDENCE_EDGES, verdict_batch, with_ranks
from graph.claims.types import Assessment, ClaimClass, EvidenceRecord, Verdict
from graph.clock import now_iso
from graph.errors import NotFound
from graph.model import Label, Node, WriteBatch
from graph.model_files import attached_paths
from graph.store import GraphStore
from inference.model_files import ModelFiles, find_model_folders, load_model_files
from inference.protocols.base import Control, Measurement, Protocol, Run, to_evidence
from inference.protocols.registry import read_measurable
from inference.protocols.spec import ClaimSpec

if TYPE_CHECKING:
    from inference.loaders import LoadedFlux, LoadedTrOCR

    Loaded = LoadedTrOCR | LoadedFlux

ENCODER_DECODER = "vision-encoder-decoder"


@dataclass
class Session:
    """Loaded models and finished runs, kept for the claims of one verification pass."""

    models: dict[Hashable, tuple[Loaded | None, str]] = field(default_factory=dict)
    runs: dict[Hashable, tuple[Run, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasurementPlan:
    """A claim ready to measure: its model files (the artifact looked up once), what it
    asserts and the protocol that measures it (chosen once)."""

    claim: Node
    files: ModelFiles | None
    spec: ClaimSpec
    protocol: Protocol


def _model_files(store: GraphStore, claim: Node, roots: Sequence[Path]) -> ModelFiles | None:
    artifact = store.find_artifact(str(claim.props.get("artifact", "")))
    if artifact is None:
        raise NotFound(f"claim {claim.id} names an artifact the graph lacks")
    # the folders attached to the artifact first (`capgraph models add`), else by its slug
    folders: list[str | Path] = list(attached_paths(store, str(artifact.props["slug"]))) or \
        list(find_model_folders(str(artifact.props["slug"]), str(artifact.props["name"]),
                                tuple(map(str, roots))))
    return load_model_files(folders[0]) if folders else None


def plan_measurement(store: GraphStore, claim: Node, roots: Sequence[Path],
                     plots: Path | None = None) -> MeasurementPlan | None:
    """How the claim would be measured, None when no protocol fits (reads model files,
    runs nothing)."""
    files = _model_files(store, claim, roots)
    text = str(claim.props["text"])
    found = read_measurable(text, files.kind if files else None,
                            str(claim.props.get("sentence") or text), plots_dir=plots)
    return MeasurementPlan(claim, files, found.spec, found.protocol) if found else None


def protocol_for(store: GraphStore, claim: Node, roots: Sequence[Path]) -> Protocol | None:
    """The protocol that would measure this claim, if any (reads model files, runs nothing)."""
    plan = plan_measurement(store, claim, roots)
    return plan.protocol if plan else None


def measure_claim(
    store: GraphStore, claim: Node, control: Control, *, roots: Sequence[Path],
    plots: Path | None, weights: Path | None = None, session: Session | None = None,
    plan: MeasurementPlan | None = None,
) -> list[str]:
    """Run the claim's protocol and write its verdict and evidence; returns evidence ids.

    The artifact is looked up and the protocol chosen once, by `plan_measurement` (or
    given: the `plan` a caller made to decide whether to start the job). A stop
    (`control.check()` raising `JobStopped`) travels up unchanged. With a `session`, a
    model already loaded and a run already made for an earlier claim of the pass are
    used again."""
    plan = plan or plan_measurement(store, claim, roots, plots)
    if plan is None:
        raise ValueError(f"no measurement protocol fits the claim {claim.props['text']!r}")
    files, spec, protocol = plan.files, plan.spec, plan.protocol
    session = session or Session()
    model_key = (str(files.folder) if files else None, str(weights))
    if model_key not in session.models:
        control.progress(0.02, f"loading the model for the {protocol.name} protocol")
        session.models[model_key] = _load(files, weights)
    loaded, why_not = session.models[model_key]
    if loaded is None:
        measurement = None
        record = _not_run(protocol.name, why_not, files)
    else:
        measurement = _measure(protocol, loaded, spec, claim.id, control,
                               session, (model_key, repr(protocol), protocol.run_key(spec)))
        record = to_evidence(measurement, spec.claimed)
    assessment = Assessment(ClaimClass.MEASURABLE, record.outcome, record.explanation, (record,))
    previous = store.incoming([claim.id], EVIDENCE_EDGES).get(claim.id, [])
    batch = verdict_batch(claim, assessment, checked_at=now_iso(),
                          previous_evidence=[n.id for _, n in previous])
    if measurement is not None and measurement.plot:
        batch = _with_plot(batch, Path(measurement.plot), plots)
    store.apply(with_ranks(store, batch))
    control.progress(1.0, f"{record.outcome.value.lower()}: {record.explanation[:120]}")
    return [n.id for n in batch.nodes if n.label is Label.EVIDENCE]


def _load(files: ModelFiles | None, weights: Path | None) -> tuple[Loaded | None, str]:
    from inference import loaders
    from inference.protocols.weights import WeightsNotFound

    if files is None:
        return None, "capgraph has no model files for this artifact"
    device = loaders.pick_device()
    if files.kind == "provider":
        return None, "the model is served by an API only: there are no weights to run"
    if files.kind == "diffusers":
        from inference.protocols.weights import pipeline_has_weights

        source = weights or (files.folder if pipeline_has_weights(files.folder) else files.hub_id)
        try:
            return loaders.load_flux(source, device=device), ""
        except WeightsNotFound as error:
            return None, (f"no weights for {files.hub_id} here ({error}); a random-weight "
                          "pipeline of the real size does not fit this machine's memory")
    config = files.path("config.json")
    model_type = json.loads(config.read_text()).get("model_type") if config.is_file() else None
    if model_type != ENCODER_DECODER:
        return None, f"capgraph has no loader for model type {model_type!r} yet"
    from inference.protocols.weights import has_weight_files

    # weights given, else the model folder when it holds weights, else the local hub cache;
    # failing all, the real architecture with random weights (the evidence says which)
    source = weights or (files.folder if has_weight_files(files.folder) else files.hub_id)
    return loaders.trocr_for_measurement(source, files.folder, device=device), ""


def _measure(protocol: Protocol, loaded: Loaded, spec: ClaimSpec, claim_id: str,
             control: Control, session: Session, key: Hashable) -> Measurement:
    """The claim judged by the session's run for `key`, collecting that run first if new."""
    if key in session.runs:
        run, first = session.runs[key]
        control.progress(0.5, f"using the {protocol.name} run made for claim {first}")
        shared = f"the {protocol.name} run was made once for claim {first} and shared"
        return replace(protocol.judge(run, spec), notes=(*run.notes, shared))
    run = protocol.collect(loaded, spec, control)
    session.runs[key] = (run, claim_id)
    return protocol.judge(run, spec)


def _not_run(protocol: str, why: str, files: ModelFiles | None) -> EvidenceRecord:
    return EvidenceRecord(
        protocol=f"measure/{protocol}", source_file=None, field=None, found=None, claimed=None,
        rule="a measurement decides only when the model can run here",
        outcome=Verdict.UNDETERMINED, explanation=f"not measured: {why}", libraries={},
        weights="none", finished_at=now_iso(), model=files.hub_id if files else None)


def _with_plot(batch: WriteBatch, plot: Path, plots: Path | None) -> WriteBatch:
    """The evidence node names its plot (a file in the served plots folder)."""
    name = plot.name if plots is not None and plot.parent == plots else str(plot)
    nodes = tuple(Node(n.id, n.label, {**n.props, "plot": name})
                  if n.label is Label.EVIDENCE else n for n in batch.nodes)
    return replace(batch, nodes=nodes)

