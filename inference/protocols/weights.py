"""Which weights a loaded model runs: "real", "random-full" or "tiny", decided honestly.

- "real": weight files (model.safetensors, pytorch_model.bin, diffusion_pytorch_model.*,
  or their sharded indexes) were loaded from the source, and nothing marks it tiny;
- "random-full": the real architecture at full size from its config, random weights
  (only `inference.loaders.random_trocr_from_config` builds these);
- "tiny": a small model of the same architecture: its saved config carries the
  `capgraph_tiny` marker (`_capgraph_tiny` in a diffusers `model_index.json`), or it has
  far fewer parameters than the model it claims to be (its hub id's config, read from the
  model-file roots).

Also where a source's files are: a local folder, or a hub id's snapshot in the local
Hugging Face cache (never downloaded: `local_files_only`, and the libraries run offline,
`inference/offline.py`; `capgraph models download` is the one way to fetch a model).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from inference.errors import ModelFilesNotFound

WEIGHTS_KINDS = ("real", "random-full", "tiny")
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                "pytorch_model.bin.index.json", "diffusion_pytorch_model.safetensors",
                "diffusion_pytorch_model.safetensors.index.json",
                "diffusion_pytorch_model.bin")
TINY_MARKER = "capgraph_tiny"
TINY_FRACTION = 0.1   # fewer than 10% of the claimed model's parameters: a tiny model
_HUB_ID = re.compile(r"[\w.\-]+/[\w.\-]+")


class WeightsNotFound(ModelFilesNotFound):
    """No weights for a source: not a folder with weight files, nor in the local hub cache."""


def source_folder(source: str | Path) -> Path:
    """The folder holding a source's files: the folder itself, or the hub id's snapshot in
    the local Hugging Face cache. Never a download, whatever the environment says: a
    request must not make the server fetch gigabytes (`capgraph models add` attaches what
    a person has put in the cache).

    Raises:
        WeightsNotFound: neither a folder nor a cached hub id.
    """
    path = Path(source).expanduser()
    if path.is_dir():
        return path.resolve()
    text = str(source)
    if not _HUB_ID.fullmatch(text):
        raise WeightsNotFound(f"{text!r} is neither a local folder nor a hub id (owner/name)")
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(text, local_files_only=True))
    except LocalEntryNotFoundError as error:
        raise WeightsNotFound(
            f"{text} is not in the local Hugging Face cache, and a request never downloads "
            "weights: point it at a folder with the weights, fetch them as an administrator "
            f"(`capgraph models download {text}`), or measure a random-weight model of the "
            "real architecture") from error


def has_weight_files(folder: Path) -> bool:
    return any((folder / name).is_file() for name in WEIGHT_FILES)


def pipeline_has_weights(folder: Path) -> bool:
    """Every component of a diffusers folder that has a config also has weight files."""
    parts = [p for p in folder.iterdir() if p.is_dir() and (p / "config.json").is_file()]
    return bool(parts) and all(has_weight_files(p) for p in parts)


def marked_tiny(folder: Path) -> bool:
    """Whether a saved config marks the model as tiny (the fixtures' marker)."""
    for name in ("config.json", "model_index.json", "transformer/config.json"):
        file = folder / name
        if file.is_file():
            values = json.loads(file.read_text(encoding="utf-8"))
            if values.get(TINY_MARKER) or values.get(f"_{TINY_MARKER}"):
                return True
    return False


def hub_id_of(folder: Path) -> str | None:
    """The hub id a folder stands for: a hub cache snapshot ("models--owner--name") or a
    model-files folder ("owner__name"); None for any other folder."""
    parts = folder.parts
    if len(parts) >= 3 and parts[-2] == "snapshots" and parts[-3].startswith("models--"):
        return parts[-3][len("models--"):].replace("--", "/", 1)
    owner, sep, name = folder.name.partition("__")
    return f"{owner}/{name}" if sep and owner and name else None


def weights_kind(folder: Path, loaded_parameters: int, claimed_parameters: int | None,
                 loaded_weights: bool) -> str:
    """"tiny" when marked or far smaller than the model it claims to be; "real" when
    weight files were loaded; "random-full" otherwise (the full architecture, random).

    Example:
        >>> weights_kind(Path("/nowhere"), 1_000, 334_000_000, True)
        'tiny'
        >>> weights_kind(Path("/nowhere"), 334_000_000, 334_000_000, True)
        'real'
    """
    if marked_tiny(folder):
        return "tiny"
    if claimed_parameters and loaded_parameters < TINY_FRACTION * claimed_parameters:
        return "tiny"
    return "real" if loaded_weights else "random-full"


def describe(kind: str) -> str:
    """The weights kind in words, for explanations."""
    return {"real": "real weights",
            "random-full": "the real architecture at full size with random weights",
            "tiny": "a tiny model of the same architecture with random weights"}[kind]
