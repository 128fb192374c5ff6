"""Claims and their evidence as graph facts: the write batches that record a claim, its
verdict and evidence, and the alternatives it names.

Built from plain data (`graph.claims.types`); `resolve_mentions` and `with_ranks` read
the store for what a batch must agree with. The checks themselves run in `inference/`.

The alternatives a claim names are linked to their artifacts, and an alternative the graph
does not hold becomes a stub artifact, listed with the others, when its name names a product
(`graph.claims.mentions.names_a_product`: not "CI", "DOM parsing" or "Pro/Dev variants";
such a name is neither linked nor created). Two rules keep a claim from filling that list
(one assertion naming "Zorblax0 Pro ... Zorblax1999 Pro" made 2,000):

- a name must pass `graph.names` (normalised, invisible characters removed; a look-alike
  mixing scripts is refused with `UnsafeName`, a `ValueError`, and nothing is written);
- one sentence (an assertion is one; a page's text has one per sentence, its atomic
  claims counted together) links at most `MAX_STUBS_PER_SENTENCE` stub artifacts, new or
  already stored, in the order it names them; artifacts the graph knows otherwise are
  always linked. The names past that are not created and not linked; the claim keeps them
  in `mentions_not_created` (its `mentions` still lists every name it makes). Counting
  stored stubs too makes the rule idempotent: asserting the same text again links the same
  stubs and creates none, so repeating a claim cannot grow the list either.
  The claim is kept, not refused: it says something about its own artifact whatever else
  it names, and a page whose sentence lists many alternatives should still import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from graph.claims.mentions import names_a_product
from graph.claims.types import Assessment, AtomicClaim, EvidenceRecord, Verdict
from graph.model import (
    Edge,
    EdgeType,
    Label,
    Node,
    WriteBatch,
    artifact_id,
    normalise_text,
    slugify,
    stable_id,
)
from graph.names import UnsafeName, check_name
from graph.ranking import ranked_artifact
from graph.store import CHECKED, ArtifactProfile, GraphStore

MAX_STUBS_PER_SENTENCE = 8
"""Stub artifacts one sentence may link, and so create (see the module). The busiest
sentence of the corpus of real pages names 6 alternatives, so no real page loses one."""

EVIDENCE_EDGE: dict[Verdict, EdgeType] = {
    Verdict.SUPPORTED: EdgeType.SUPPORTS,
    Verdict.REFUTED: EdgeType.REFUTES,
}
"""A record that settles its claim supports or refutes it; every other record informs it."""

EVIDENCE_EDGES = (EdgeType.SUPPORTS, EdgeType.REFUTES, EdgeType.INFORMS)


def claim_id(slug: str, owner_id: str, kind: str, text: str) -> str:
    return stable_id("claim", owner_id, kind, normalise_text(text), scope=slug)


def claim_node(
    slug: str, owner_id: str, kind: str, atom: AtomicClaim, *, capability: str | None,
    source: str | None = None, line: int | None = None,
) -> Node:
    """A claim as the graph holds it: its text, the sentence it came from, and where: the
    Source node of the page it was imported from and the line of that page (both None for
    a claim asserted through the API)."""
    return Node(claim_id(slug, owner_id, kind, atom.text), Label.CLAIM, {
        "text": atom.text, "sentence": atom.sentence, "kind": kind,
        "position": atom.sentence_index, "atom": atom.atom_index,
        "capability": capability, "artifact": slug,
        "mentions": list(atom.mentions) or None,
        "source": source, "line": line,
    })


@dataclass
class FactBatch:
    """Nodes and edges collected before one write, keyed so repeats collapse."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    delete_nodes: list[str] = field(default_factory=list)

    def add(self, node: Node) -> None:
        self.nodes[node.id] = node

    def link(self, etype: EdgeType, src: str, dst: str, props: dict[str, object] | None = None,
             ) -> None:
        edge = Edge(etype, src, dst, props or {})
        self.edges[edge.key] = edge

    def batch(self) -> WriteBatch:
        return WriteBatch(tuple(self.nodes.values()), tuple(self.edges.values()),
                          tuple(self.delete_nodes))


class ArtifactFinder(Protocol):
    def find_artifact(self, name_or_slug: str) -> Node | None: ...


class Facts(Protocol):
    """What collects facts before a write: FactBatch, or the importer's PageFacts."""

    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]

    def add(self, node: Node) -> None: ...

    def link(self, etype: EdgeType, src: str, dst: str,
             props: dict[str, object] | None = None) -> None: ...


def resolve_mentions(
    store: ArtifactFinder, names: Iterable[str], pending: Mapping[str, Node] | None = None,
) -> dict[str, Node]:
    """The artifact each name a claim mentions stands for: the one way a mention is resolved,
    for imported pages and asserted claims alike.

    Each name is made safe first (`graph.names.check_name`). An artifact being written with
    the name's slug (`pending`, by id: a page's own listings) comes first, then whatever
    the store finds for the name (`GraphStore.find_artifact`: slug, name, the name's slug,
    an alias), else a new stub named after the mention when the name names a product
    (`names_a_product`). Names that give no slug, and the others, are left out; so is a
    stored stub whose name names no product (one made before this rule), which is then
    no longer linked.

    Raises:
        UnsafeName: a name could pass for another (mixed scripts); the message names it.
    """
    resolved: dict[str, Node] = {}
    for name in dict.fromkeys(names):
        try:
            clean = check_name(name)
        except UnsafeName as exc:
            raise UnsafeName(f"the claim names an alternative that could pass for another "
                             f"artifact: {exc}") from exc
        try:
            slug = slugify(clean)
        except ValueError:
            continue
        node_id = artifact_id(slug)
        product = names_a_product(clean)
        found = (pending or {}).get(node_id) or store.find_artifact(clean)
        if found is not None and (product or not found.props.get("stub")):
            resolved[name] = found
        elif product:
            # a stub knows nothing a rank is built from: its stored rank says so
            resolved[name] = ranked_artifact(ArtifactProfile(Node(
                node_id, Label.ARTIFACT, {"slug": slug, "name": clean, "stub": True}),
                (), {}, ()))
    return resolved


def add_mentions(
    facts: Facts, claim: Node, names: Iterable[str], resolved: Mapping[str, Node],
    source_id: str | None,
) -> tuple[str, ...]:
    """MENTIONS edges from a claim to the artifacts it names (`resolved` by
    `resolve_mentions`); a stub is written with them, citing the source that names it.

    The claim's sentence links at most `MAX_STUBS_PER_SENTENCE` stubs (counting those its
    other atomic claims link in `facts`); the names past that are returned and kept on the
    claim as `mentions_not_created`.
    """
    linked: set[str] | None = None          # read from `facts` at the first stub named
    skipped: list[str] = []
    for name in dict.fromkeys(names):
        node = resolved.get(name)
        if node is None:
            continue
        if node.props.get("stub"):
            linked = _stubs_linked(facts, claim) if linked is None else linked
        if linked is not None and node.props.get("stub") and node.id not in linked:
            if len(linked) >= MAX_STUBS_PER_SENTENCE:
                skipped.append(name)
                continue
            linked.add(node.id)
        if node.id not in facts.nodes and node.props.get("stub"):
            # a stub is known only by the claims that name it: each source that names it
            # cites it, so it lives exactly as long as one of them does
            facts.add(node)
            if source_id:
                facts.link(EdgeType.FROM, node.id, source_id)
        facts.link(EdgeType.MENTIONS, claim.id, node.id, {"as": "alternative"})
    current = facts.nodes.get(claim.id, claim)
    props = {k: v for k, v in current.props.items() if k != "mentions_not_created"}
    if skipped:
        props["mentions_not_created"] = skipped
    if props != dict(current.props):
        facts.add(Node(claim.id, Label.CLAIM, props))
    return tuple(skipped)


def _stubs_linked(facts: Facts, claim: Node) -> set[str]:
    """The stubs that claims of `claim`'s sentence already link to in `facts`."""
    key = _sentence_key(claim)
    return {dst for (etype, src, dst) in facts.edges
            if etype == EdgeType.MENTIONS and src in facts.nodes and dst in facts.nodes
            and facts.nodes[dst].props.get("stub") and _sentence_key(facts.nodes[src]) == key}


def _sentence_key(claim: Node) -> tuple[object, ...]:
    """What the atomic claims of one sentence share: owner, kind, sentence position."""
    p = claim.props
    return (p.get("capability") or p.get("artifact"), p.get("kind"), p.get("position"))


def evidence_id(claim: Node, record: EvidenceRecord) -> str:
    return stable_id("evidence", claim.id, record.protocol, record.model or "",
                     record.source_file or "", record.field or "",
                     scope=str(claim.props.get("artifact", "")))


def evidence_node(claim: Node, record: EvidenceRecord) -> Node:
    return Node(evidence_id(claim, record), Label.EVIDENCE, {
        "claim": claim.id, "protocol": record.protocol, "model": record.model,
        "file": record.source_file, "field": record.field,
        "found": _plain(record.found), "claimed": _plain(record.claimed),
        "rule": record.rule, "outcome": record.outcome.value,
        "explanation": record.explanation, "weights": record.weights,
        "libraries": [f"{k}=={v}" for k, v in sorted(record.libraries.items())],
        "finished_at": record.finished_at,
    })


def _plain(value: object) -> object:
    """Evidence values as store properties: scalars, or lists of scalars."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple) and all(
        v is None or isinstance(v, str | int | float | bool) for v in value
    ):
        return [v for v in value if v is not None]
    return str(value)


def verdict_batch(
    claim: Node, assessment: Assessment, *, previous_evidence: Sequence[str], checked_at: str,
    file_sources: dict[tuple[str, str], Node] | None = None,
) -> WriteBatch:
    """The claim with its class and verdict, its evidence (replacing older evidence of it).

    `file_sources` maps (model, file) to a Source node for the model file a record read,
    so evidence cites the file it came from.
    """
    facts = FactBatch()
    evidence = [evidence_node(claim, r) for r in assessment.evidence]
    facts.add(Node(claim.id, Label.CLAIM, {
        **claim.props, "claim_class": assessment.claim_class.value,
        "verdict": assessment.verdict.value, "explanation": assessment.explanation,
        "checked_at": checked_at, "evidence": [e.id for e in evidence],
    }))
    for record, node in zip(assessment.evidence, evidence, strict=True):
        facts.add(node)
        facts.link(EVIDENCE_EDGE.get(record.outcome, EdgeType.INFORMS), node.id, claim.id)
        source = (file_sources or {}).get((record.model or "", record.source_file or ""))
        if source is not None:
            facts.add(source)
            facts.link(EdgeType.FROM, node.id, source.id)
    facts.delete_nodes = [i for i in previous_evidence if i not in facts.nodes]
    return facts.batch()


def with_ranks(store: GraphStore, batch: WriteBatch) -> WriteBatch:
    """The batch, plus the artifact of every claim it writes or deletes with its stored rank
    fields recomputed as they will be once the batch lands.

    Every verdict write goes through here, so `artifacts(orderBy: RANK_DESC)` sorts by the
    score the API shows; the artifact lands in the same all-or-nothing batch as the verdict.
    """
    claims = [n for n in batch.nodes if n.label is Label.CLAIM]
    slugs = sorted({str(n.props.get("artifact")) for n in claims if n.props.get("artifact")})
    if not slugs:
        return batch
    gone = set(batch.delete_nodes)
    written = {n.id: n for n in batch.nodes}
    artifacts = []
    for profile in store.profiles(slugs):
        slug = profile.artifact.props["slug"]
        checked = {c.id: c for c in profile.checked_claims if c.id not in gone}
        for claim in claims:
            if claim.props.get("artifact") != slug:
                continue
            if claim.props.get(CHECKED) is not None:
                checked[claim.id] = claim
            else:
                checked.pop(claim.id, None)
        artifact = written.get(profile.artifact.id, profile.artifact)
        updated = ranked_artifact(replace(
            profile, artifact=artifact,
            checked_claims=tuple(sorted(checked.values(), key=lambda n: n.id))))
        if updated.props != artifact.props or artifact.id in written:
            written[artifact.id] = updated
            artifacts.append(updated.id)
    if not artifacts:
        return batch
    nodes = tuple(written[n.id] for n in batch.nodes) + tuple(
        written[i] for i in artifacts if i not in {n.id for n in batch.nodes})
    return WriteBatch(nodes, batch.edges, batch.delete_nodes, batch.delete_edges)
