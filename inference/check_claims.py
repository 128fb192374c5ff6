"""Check the claims the graph holds: read each claim and its artifact, assess it
(`inference.assess`), write its verdict and evidence in one batch per claim; and record a
claim someone asserts through the API.

The glue between the store (graph/) and the checkers (inference/). Resolvers and the CLI
call these functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.claim_facts import (
    EVIDENCE_EDGES,
    FactBatch,
    add_mentions,
    claim_node,
    resolve_mentions,
    verdict_batch,
    with_ranks,
)
from graph.claims.atomize import atomize
from graph.claims.targets import Targets
from graph.claims.types import ArtifactFacts, Assessment, AtomicClaim
from graph.clock import now_iso
from graph.errors import NotFound
from graph.model import EdgeType, Label, Node, stable_id
from graph.model_files import attached_paths
from graph.store import GraphStore
from inference.assess import assess_claim, capability_scope
from inference.model_files import load_model_files

ASSERTION_SOURCE = "api:assessClaim"


@dataclass(frozen=True)
class Checked:
    """A claim after its check: the node as now stored, and the assessment behind it."""

    claim: Node
    assessment: Assessment


def artifact_facts(artifact: Node, store: GraphStore | None = None) -> ArtifactFacts:
    """What a check needs about an artifact. With the store, the folders attached to it
    (`capgraph models add`) are its model folders; without any, the checker finds folders
    by slug and name in the model-file roots."""
    p = artifact.props
    folders = attached_paths(store, str(p["slug"])) if store is not None else ()
    return ArtifactFacts(slug=str(p["slug"]), name=str(p["name"]), type=p.get("type"),
                         model_folders=folders)


def _file_source(model: str, file: str, roots: Sequence[Path], now: str,
                 folders: Sequence[str] = ()) -> Node | None:
    """A Source for a model file a check read, with the file's checksum, when it is found
    (in the artifact's attached folders, or by hub id in the roots)."""
    folder_name = model.replace("/", "__")
    candidates = [Path(f) / file for f in folders if load_model_files(f).hub_id == model]
    candidates += [root / folder_name / file for root in roots]
    for path in candidates:
        if path.is_file():
            digest = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
            uri = f"model-files:{model}/{file}"
            return Node(stable_id("source", uri), Label.SOURCE, {
                "uri": uri, "kind": "model-file", "checksum": digest, "imported_at": now,
            })
    return None


def check_claims(
    store: GraphStore, claims: Sequence[Node], *, roots: Sequence[Path],
    on_claim: Callable[[Checked], None] | None = None,
) -> list[Checked]:
    """Assess each claim against its artifact's model files; write verdict and evidence.

    A claim is checked with its sentence and with the scope of its capability (which model
    the capability's opening sentence is about), as the engine needs both.
    """
    results = []
    artifacts: dict[str, Node | None] = {}
    subjects: dict[str, ArtifactFacts] = {}
    previous = store.incoming([c.id for c in claims], EVIDENCE_EDGES)
    capabilities = {n.id: n for n in store.get_nodes(
        sorted({str(c.props["capability"]) for c in claims if c.props.get("capability")}))}
    scopes: dict[str, Targets | None] = {}
    for claim in claims:
        slug = str(claim.props.get("artifact", ""))
        if slug not in artifacts:
            artifacts[slug] = store.find_artifact(slug)
        artifact = artifacts[slug]
        if artifact is None:
            raise NotFound(f"claim {claim.id} names artifact {slug!r}, which the graph lacks")
        if slug not in subjects:
            subjects[slug] = artifact_facts(artifact, store)
        facts = subjects[slug]
        capability = capabilities.get(str(claim.props.get("capability", "")))
        if capability is not None and capability.id not in scopes:
            scopes[capability.id] = capability_scope(
                str(capability.props.get("description") or ""), facts, tuple(map(str, roots)))
        atom = AtomicClaim(
            text=str(claim.props["text"]), sentence=str(claim.props.get("sentence") or
                                                        claim.props["text"]),
            sentence_index=int(claim.props.get("position", 0)),
            atom_index=int(claim.props.get("atom", 0)),
            mentions=tuple(claim.props.get("mentions") or ()),
        )
        assessment = assess_claim(atom, facts, roots=tuple(map(str, roots)),
                                  scope=scopes.get(capability.id) if capability else None)
        now = now_iso()
        files = {
            (r.model, r.source_file): source
            for r in assessment.evidence if r.model and r.source_file
            if (source := _file_source(r.model, r.source_file, roots, now,
                                       facts.model_folders)) is not None
        }
        batch = with_ranks(store, verdict_batch(
            claim, assessment, checked_at=now, file_sources=files,
            previous_evidence=[n.id for _, n in previous.get(claim.id, [])],
        ))
        store.apply(batch)
        checked = Checked(next(n for n in batch.nodes if n.id == claim.id), assessment)
        results.append(checked)
        if on_claim is not None:
            on_claim(checked)
    return results


def artifact_claims(store: GraphStore, slug: str) -> list[Node]:
    """Every claim of an artifact: its capabilities' claims, then claims made of it directly."""
    profiles = store.profiles([slug])
    if not profiles:
        raise NotFound(f"no artifact with slug or name {slug!r}")
    profile = profiles[0]
    owners = [c.id for c in profile.capabilities] + [profile.artifact.id]
    by_owner = store.claims_of(owners)
    return [claim for owner in owners for claim in by_owner.get(owner, [])]


def record_assertion(
    store: GraphStore, artifact: Node, text: str, client: str | None = "anonymous",
) -> Node:
    """Record text someone asked about as a claim of the artifact (its own Source: the API).

    The claim is marked as asserted (`asserted_at`, `asserted_by`: the client that asked,
    "anonymous" when none is named): anyone can assert anything, so its verdict is shown
    but does not feed the artifact's rank (`graph.ranking.counted_claims`).
    """
    text = " ".join(text.split())
    if not text:
        raise ValueError("text is empty: give the claim to assess")
    slug = str(artifact.props["slug"])
    now = now_iso()
    source = Node(stable_id("source", ASSERTION_SOURCE), Label.SOURCE, {
        "uri": ASSERTION_SOURCE, "kind": "assertion", "checksum": "", "imported_at": now,
    })
    atoms = atomize(text)
    mentions = tuple(dict.fromkeys(m for a in atoms for m in a.mentions))
    whole = AtomicClaim(text=text, sentence=text, sentence_index=0, atom_index=0,
                        mentions=mentions)
    claim = claim_node(slug, artifact.id, "assertion", whole, capability=None)
    facts = FactBatch()
    existing_source = store.get_node(source.id)
    facts.add(existing_source or source)
    existing = store.get_node(claim.id)
    claim = Node(claim.id, Label.CLAIM, {
        **(existing.props if existing else claim.props),
        "asserted_at": now, "asserted_by": client or "anonymous",
    })
    facts.add(claim)
    facts.link(EdgeType.CLAIMS, artifact.id, claim.id)
    facts.link(EdgeType.FROM, claim.id, source.id)
    add_mentions(facts, claim, mentions, resolve_mentions(store, mentions), source.id)
    store.apply(facts.batch())
    return claim
