"""Bring your own model: attach a folder of model files to an artifact.

    folder = resolve_model_ref("path/or/owner-name", roots)   # a folder, a root, the HF cache
    reading = read_folder(folder)                              # hub id, kind, checksum, facts
    result = attach_model_files(store, "path/or/hub-id", artifact="slug", roots=roots,
                                attached_by="cli")

A reference is a local folder; or a hub id ("owner/name") held by a model-file root
(`owner__name`) or by the local Hugging Face cache, found offline through huggingface_hub's
cache scanning (`try_to_load_from_cache`, then `scan_cache_dir`): nothing is downloaded
(the package runs the libraries offline: `inference/offline.py`). Everything
is read and checked before the store is written, so bad input writes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from graph.clock import now_iso
from graph.errors import NotFound
from graph.model import Node, slugify
from graph.model_files import Attachment, FolderReading, attach_batch
from graph.references import artifact_for
from graph.store import GraphStore
from inference.errors import ModelFilesNotFound
from inference.model_files import Roots, load_model_files

MARKERS = ("config.json", "model_index.json", "provider.json")
"""A model folder holds one of these (transformers, diffusers, a provider card)."""

WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".onnx",
                   ".msgpack", ".h5", ".tflite", ".ot")
"""Weight files are checksummed by name and size (reading gigabytes to notice a change in
the metadata would make attaching slow); every other file by its content."""

_HUB_ID = re.compile(r"[\w.\-]+/[\w.\-]+")


def hf_cache_dir() -> Path:
    """The local Hugging Face hub cache, as huggingface_hub finds it (read now, not at import:
    HF_HUB_CACHE, then HF_HOME/hub, then ~/.cache/huggingface/hub)."""
    if cache := os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE"):
        return Path(cache).expanduser()
    home = os.environ.get("HF_HOME") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "huggingface")
    return Path(home).expanduser() / "hub"


def find_in_hf_cache(hub_id: str, cache_dir: Path | None = None) -> Path | None:
    """The snapshot folder of a hub model already in the local cache (offline), or None:
    the revision `main` points to, else the most recently modified one."""
    from huggingface_hub import scan_cache_dir, try_to_load_from_cache
    from huggingface_hub.errors import CacheNotFound

    cache = cache_dir or hf_cache_dir()
    if not cache.is_dir():
        return None
    for marker in MARKERS:
        found = try_to_load_from_cache(hub_id, marker, cache_dir=cache)
        if isinstance(found, str) and Path(found).is_file():
            return Path(found).parent
    try:
        info = scan_cache_dir(cache)
    except CacheNotFound:
        return None
    for repo in info.repos:
        if repo.repo_type != "model" or repo.repo_id != hub_id:
            continue
        revisions = sorted(repo.revisions, key=lambda r: ("main" in r.refs, r.last_modified),
                           reverse=True)
        for revision in revisions:
            if any((revision.snapshot_path / m).is_file() for m in MARKERS):
                return Path(revision.snapshot_path)
    return None


def resolve_model_ref(ref: str, roots: Roots = None, cache_dir: Path | None = None) -> Path:
    """The model folder a reference names: a local folder, a hub id in a model-file root
    (`owner__name`), or a hub id in the local Hugging Face cache.

    Raises:
        ModelFilesNotFound: with the path and what it lacks, or where a hub id was sought.
    """
    path = Path(ref).expanduser()
    if path.is_dir():
        folder = path.resolve()
        if not any((folder / m).is_file() for m in MARKERS):
            raise ModelFilesNotFound(
                f"{folder} is not a model folder: it holds none of {', '.join(MARKERS)} "
                "(a transformers model has config.json, a diffusers pipeline "
                "model_index.json, an API-only model a provider.json card)")
        return folder
    if path.exists():
        raise ModelFilesNotFound(f"{path} is a file, not a folder of model files")
    if not _HUB_ID.fullmatch(ref):
        raise ModelFilesNotFound(f"{ref}: no such folder (and not a hub id 'owner/name')")
    root_list = [Path(r) for r in roots] if roots is not None else []
    for root in root_list:
        candidate = root / ref.replace("/", "__")
        if candidate.is_dir():
            return candidate.resolve()
    cache = cache_dir or hf_cache_dir()
    snapshot = find_in_hf_cache(ref, cache)
    if snapshot is not None:
        return snapshot.resolve()
    searched = ", ".join(str(r) for r in root_list) or "none"
    raise ModelFilesNotFound(
        f"{ref}: no such folder; no '{ref.replace('/', '__')}' in the model-file roots "
        f"({searched}); not in the local Hugging Face cache ({cache}) with one of "
        f"{', '.join(MARKERS)}. capgraph never downloads: fetch it first "
        f"(`huggingface-cli download {ref}`) or give the folder")


def folder_checksum(folder: Path) -> str:
    """sha256 over every file's relative path and content (weights: name and size)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith(".") or "/." in relative:
            continue
        digest.update(relative.encode() + b"\0")
        if path.name.endswith(WEIGHT_SUFFIXES):
            digest.update(f"size:{path.stat().st_size}".encode())
        else:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()


def read_folder(folder: Path) -> FolderReading:
    """Hub id, kind, checksum and fact sheet of a model folder (read through the libraries).

    A folder read before in this process whose files changed is read afresh."""
    from inference.facts.sheet import fact_sheet

    checksum = folder_checksum(folder)
    files = load_model_files(folder)
    if _seen.get(folder, checksum) != checksum:
        _forget_readings()
        files = load_model_files(folder)
    _seen[folder] = checksum
    return FolderReading(str(folder), files.hub_id, files.kind, checksum, fact_sheet(files))


_seen: dict[Path, str] = {}


def _forget_readings() -> None:
    """Drop what this process cached about model folders (one changed on disk)."""
    from inference import assess, model_files
    from inference.facts import sheet

    for cached in (model_files._read_folder, sheet._sheet, assess._subject_files):
        cached.cache_clear()


@dataclass(frozen=True)
class Attached:
    """The outcome of `attach_model_files`."""

    artifact: Node
    model_files: Node
    status: str             # attached, updated or unchanged
    created_artifact: bool


def attach_model_files(store: GraphStore, ref: str, *, artifact: str | None = None,
                       roots: Roots = None, attached_by: str = "cli",
                       cache_dir: Path | None = None) -> Attached:
    """Attach the folder `ref` names to `artifact` (an id the API gave out, a slug, name,
    alias or hub id: `graph.references`), or by default to the artifact whose slug is the
    model's name (created, marked as made from model files, when there is none). Reads
    everything before writing; raises before writing anything.

    Raises:
        ModelFilesNotFound: the reference names no model folder (the message says why).
        NotFound: `artifact` was given and the graph has no such artifact.
    """
    folder = resolve_model_ref(ref, roots, cache_dir)
    reading = read_folder(folder)
    node: Node | None
    if artifact is not None:
        try:
            node = artifact_for(store, artifact)
        except NotFound as missing:
            raise NotFound(f"{missing}; or leave out the artifact to attach to (or create) "
                           "the one named after the model") from None
        new_slug = str(node.props["slug"])
    else:
        new_slug = slugify(reading.slug_name)
        node = store.find_artifact(new_slug)
    attachment: Attachment = attach_batch(store, reading, artifact=node, new_slug=new_slug,
                                          attached_by=attached_by, now=now_iso())
    if attachment.batch:
        store.apply(attachment.batch)
    return Attached(attachment.artifact, attachment.node, attachment.status,
                    attachment.created_artifact)
