"""Model files attached to artifacts, and their facts, as the graph holds them.

    (Artifact)-[:HAS_MODEL_FILES]->(ModelFiles)-[:FROM]->(Source {kind: "model-folder"})

One `ModelFiles` node per folder attached to an artifact (its id: the artifact's slug and
the folder's path), with the hub id, the path, the kind (transformers, diffusers,
provider), a checksum of the folder's files, when and by whom it was attached, and the
folder's fact sheet as one JSON property (`facts`: a list of `Fact` fields). One property
keeps the seam as it is: both stores hold a list of mappings as JSON and give it back
equal, and an artifact's facts are one `nodes_with(MODEL_FILES, "artifact", [slug])` away.

Attaching the same folder again with the same checksum writes nothing; a folder whose
checksum changed replaces its node's facts (and its Source's checksum). Reading the files
is `inference.attach`'s job: this module only turns a reading into a batch and back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.facts import Fact
from graph.model import Edge, EdgeType, Label, Node, WriteBatch, artifact_id, stable_id
from graph.store import GraphStore

CREATED_FROM = "model-files"
"""The `created_from` property of an artifact that attaching model files created."""

SOURCE_KIND = "model-folder"


@dataclass(frozen=True)
class FolderReading:
    """What was read from one model folder: where, which model, its checksum and facts."""

    path: str
    hub_id: str
    kind: str
    checksum: str
    facts: tuple[Fact, ...]

    @property
    def slug_name(self) -> str:
        """The model's name without its owner ("bert-tiny" of "acme/bert-tiny")."""
        return self.hub_id.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class AttachedFiles:
    """A ModelFiles node read back (or, with `attached=False`, a folder found by slug)."""

    id: str | None
    artifact: str
    hub_id: str
    kind: str
    path: str
    checksum: str | None
    attached_at: str | None
    attached_by: str | None
    facts: tuple[Fact, ...]
    attached: bool = True

    @classmethod
    def from_node(cls, node: Node) -> AttachedFiles:
        p = node.props
        return cls(
            id=node.id, artifact=str(p["artifact"]), hub_id=str(p["hub_id"]),
            kind=str(p["kind"]), path=str(p["path"]), checksum=p.get("checksum"),
            attached_at=p.get("attached_at"), attached_by=p.get("attached_by"),
            facts=tuple(fact_from_json(f) for f in p.get("facts") or ()),
        )


def model_files_id(slug: str, path: str) -> str:
    """One node per (artifact, folder): attaching the folder again finds the same node."""
    return stable_id("modelfiles", path, scope=slug)


def folder_source_id(path: str) -> str:
    return stable_id("source", f"{SOURCE_KIND}:{path}")


def fact_to_json(fact: Fact) -> dict[str, Any]:
    """A fact as a JSON mapping (words as a list); `fact_from_json` gives it back equal."""
    data = asdict(fact)
    data["words"] = list(fact.words)
    return data


def fact_from_json(data: Mapping[str, Any]) -> Fact:
    value = data.get("value")
    return Fact(
        name=str(data["name"]), words=tuple(data.get("words") or ()),
        value=list(value) if isinstance(value, list | tuple) else value,
        unit=data.get("unit"), file=data.get("file"), field=data.get("field"),
        derivation=data.get("derivation"), part=str(data.get("part") or ""),
        model=data.get("model"),
    )


def attached_model_files(store: GraphStore, slug: str) -> list[AttachedFiles]:
    """The folders attached to an artifact (by slug), in id order."""
    return [AttachedFiles.from_node(n)
            for n in store.nodes_with(Label.MODEL_FILES, "artifact", [slug])]


def attached_paths(store: GraphStore, slug: str) -> tuple[str, ...]:
    """The paths of the folders attached to an artifact that are still there."""
    return tuple(dict.fromkeys(
        f.path for f in attached_model_files(store, slug) if Path(f.path).is_dir()))


@dataclass(frozen=True)
class Attachment:
    """What attaching one folder does: the batch (empty when nothing changed) and why."""

    batch: WriteBatch
    artifact: Node
    node: Node
    status: str             # "attached", "updated" (checksum changed) or "unchanged"
    created_artifact: bool


def attach_batch(
    store: GraphStore, reading: FolderReading, *, artifact: Node | None, new_slug: str,
    attached_by: str, now: str,
) -> Attachment:
    """The batch that attaches a folder to `artifact`, or to a new artifact `new_slug`
    (named after the model, marked `created_from: "model-files"`) when `artifact` is None."""
    created = artifact is None
    if artifact is None:
        props: dict[str, Any] = {"slug": new_slug, "name": reading.slug_name, "type": "Model",
                                 "created_from": CREATED_FROM}
        if "/" in reading.hub_id:
            props["url"] = f"https://huggingface.co/{reading.hub_id}"
        artifact = Node(artifact_id(new_slug), Label.ARTIFACT, props)
    slug = str(artifact.props["slug"])
    node_id = model_files_id(slug, reading.path)
    existing = store.get_node(node_id)
    if existing is not None and existing.props.get("checksum") == reading.checksum:
        return Attachment(WriteBatch(), artifact, existing, "unchanged", False)
    node = Node(node_id, Label.MODEL_FILES, {
        "artifact": slug, "hub_id": reading.hub_id, "kind": reading.kind,
        "path": reading.path, "checksum": reading.checksum, "attached_at": now,
        "attached_by": attached_by, "fact_count": len(reading.facts),
        "facts": [fact_to_json(f) for f in reading.facts],
    })
    source = Node(folder_source_id(reading.path), Label.SOURCE, {
        "uri": Path(reading.path).as_uri(), "kind": SOURCE_KIND,
        "checksum": reading.checksum, "imported_at": now, "title": reading.hub_id,
    })
    nodes: list[Node] = [source, node]
    edges = [Edge(EdgeType.HAS_MODEL_FILES, artifact.id, node.id),
             Edge(EdgeType.FROM, node.id, source.id)]
    if created:
        nodes.insert(0, artifact)
        edges.append(Edge(EdgeType.FROM, artifact.id, source.id))
    status = "attached" if existing is None else "updated"
    return Attachment(WriteBatch(nodes=tuple(nodes), edges=tuple(edges)), artifact, node,
                      status, created)


def facts_by_artifact(store: GraphStore, slugs: Sequence[str]) -> dict[str, list[Fact]]:
    """Every fact of every folder attached to each artifact (for a frontend or a report)."""
    found: dict[str, list[Fact]] = {s: [] for s in slugs}
    for node in store.nodes_with(Label.MODEL_FILES, "artifact", list(slugs)):
        found[str(node.props["artifact"])].extend(AttachedFiles.from_node(node).facts)
    return found
