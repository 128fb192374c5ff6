"""Model folders: find them by hub id, path or artifact, and read what kind they are.

A model folder holds a model's own metadata files, named by hub id with "/" as "__"
(`seeds/model-files/microsoft__trocr-base-handwritten`). Three kinds:

- "transformers": `config.json` (and processor and generation configs);
- "diffusers": `model_index.json` and one folder per pipeline component;
- "provider": `provider.json`, the card of a model served only through an API.

Lookups never touch the network: a hub id that is in no root raises `ModelFilesNotFound`
(with HF_HUB_OFFLINE=1 or not: these machines cannot reach the Hub, so we do not wait).
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.claims.targets import family_stem
from graph.model import slugify
from graph.settings import current_settings
from inference.errors import ModelFilesNotFound

Roots = Sequence[str | Path] | None


@dataclass(frozen=True)
class ModelFiles:
    """One model folder: where it is, its hub id, kind, model card front matter, provider card."""

    folder: Path
    hub_id: str
    kind: str
    card: Mapping[str, Any] = field(default_factory=dict)
    provider: Mapping[str, Any] = field(default_factory=dict)

    @property
    def owner(self) -> str:
        return self.hub_id.split("/")[0] if "/" in self.hub_id else ""

    @property
    def slug(self) -> str:
        """The slug of the model's name (the hub id without its owner)."""
        return slugify(self.hub_id.split("/")[-1])

    @property
    def has_open_weights(self) -> bool:
        """A hub model repository publishes weights; a provider card says whether it does."""
        if self.kind != "provider":
            return True
        weights = str(self.provider.get("weights", "")).lower()
        return bool(weights) and "not" not in weights and "closed" not in weights

    def path(self, relative: str) -> Path:
        return self.folder / relative

    def has(self, relative: str) -> bool:
        return (self.folder / relative).is_file()


def resolve_model_folder(ref: str | Path, roots: Roots = None) -> Path:
    """The folder for a local path or a hub id ("owner/name") found in `roots`.

    Raises:
        ModelFilesNotFound: neither a folder nor a hub id held by any root.
    """
    path = Path(ref).expanduser()
    if path.is_dir():
        return path.resolve()
    text = str(ref)
    if re.fullmatch(r"[\w.\-]+/[\w.\-]+", text):
        for root in _roots(roots):
            candidate = root / text.replace("/", "__")
            if candidate.is_dir():
                return candidate.resolve()
    searched = ", ".join(str(r) for r in _roots(roots))
    raise ModelFilesNotFound(f"no model folder for {text!r}: not a local folder, and no "
                             f"'<owner>__<name>' folder in the model-file roots ({searched}); "
                             "the Hub is not consulted (offline)")


def load_model_files(ref: str | Path, roots: Roots = None) -> ModelFiles:
    """Resolve and read one model folder (cached per folder)."""
    return _read_folder(resolve_model_folder(ref, roots))


def find_model_folders(slug: str, name: str | None = None, roots: Roots = None) -> list[Path]:
    """The folders whose model name slugifies to the artifact's slug (or its name's slug).

    Example:
        >>> [p.name for p in find_model_folders("flux-1-pro", "FLUX.1 Pro")]
        ['black-forest-labs__FLUX.1-pro']
    """
    wanted = {slug} | ({slugify(name)} if name else set())
    return [folder for folder in _all_folders(roots) if _folder_slug(folder) in wanted]


def find_relatives(files: ModelFiles, roots: Roots = None) -> list[ModelFiles]:
    """Folders of the same owner in the same family (same slug up to the variant token).

    Example:
        >>> pro = load_model_files("black-forest-labs/FLUX.1-pro")
        >>> [r.hub_id for r in find_relatives(pro)]
        ['black-forest-labs/FLUX.1-dev', 'black-forest-labs/FLUX.1-schnell']
    """
    stem = family_stem(files.slug)
    if stem == files.slug:
        return []
    relatives = []
    for folder in _all_folders(roots):
        owner, _, _ = folder.name.partition("__")
        if (owner == files.owner and folder.resolve() != files.folder
                and family_stem(_folder_slug(folder)) == stem):
            relatives.append(_read_folder(folder.resolve()))
    return relatives


def parse_front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a model card (README.md), {} when there is none.

    Example:
        >>> parse_front_matter("---\\nlicense: mit\\ntags:\\n- ocr\\n---\\n# Card")
        {'license': 'mit', 'tags': ['ocr']}
    """
    match = re.match(r"\ufeff?---\s*\n(.*?)\n---\s*(?:\n|$)", text, re.DOTALL)
    if not match:
        return {}
    yaml = importlib.import_module("yaml")  # PyYAML ships with transformers
    loaded = yaml.safe_load(match.group(1))
    return dict(loaded) if isinstance(loaded, dict) else {}


@lru_cache(maxsize=256)
def _read_folder(folder: Path) -> ModelFiles:
    if (folder / "model_index.json").is_file():
        kind = "diffusers"
    elif (folder / "config.json").is_file():
        kind = "transformers"
    elif (folder / "provider.json").is_file():
        kind = "provider"
    else:
        raise ModelFilesNotFound(f"{folder} holds none of config.json, model_index.json, "
                                 "provider.json")
    readme = folder / "README.md"
    card = parse_front_matter(readme.read_text(encoding="utf-8")) if readme.is_file() else {}
    provider_file = folder / "provider.json"
    provider = (json.loads(provider_file.read_text(encoding="utf-8"))
                if provider_file.is_file() else {})
    return ModelFiles(folder, _hub_id(folder), kind, card, provider)


def _hub_id(folder: Path) -> str:
    """The hub id a folder's name gives: `owner__name`, or a snapshot of the Hugging Face
    cache (`models--owner--name/snapshots/<commit>`), or the folder's own name."""
    repo = folder.parent.parent.name
    if folder.parent.name == "snapshots" and repo.startswith("models--"):
        return repo.removeprefix("models--").replace("--", "/", 1)
    return folder.name.replace("__", "/", 1)


def _roots(roots: Roots) -> list[Path]:
    """The roots given, else the configured ones (`graph.settings`)."""
    return [Path(r) for r in roots] if roots is not None else list(current_settings().model_roots)


def _all_folders(roots: Roots) -> Iterable[Path]:
    for root in _roots(roots):
        if root.is_dir():
            yield from sorted(p for p in root.iterdir() if p.is_dir() and "__" in p.name)


def _folder_slug(folder: Path) -> str:
    return slugify(folder.name.partition("__")[2] or folder.name)
