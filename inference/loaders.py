"""Read model folders through the real libraries, once per folder (functools caches).

transformers' `AutoConfig`, `GenerationConfig` and `AutoImageProcessor`, diffusers'
`load_config`, and meta-device instantiation to count parameters. Nothing here reads
weights: every evidence record built from these reads says weights="metadata".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.claims.parts import Part
from inference.libraries import load
from inference.model_files import ModelFiles

_DENOISERS = ("transformer", "unet", "prior", "decoder")


@dataclass(frozen=True)
class ConfigPart:
    """One part's configuration values, where they came from, and the field prefix."""

    part: Part
    source_file: str
    prefix: str
    values: dict[str, Any]
    library: str


@lru_cache(maxsize=64)
def auto_config(folder: str, subfolder: str = "") -> Any:
    transformers = load("transformers")
    return transformers.AutoConfig.from_pretrained(folder, subfolder=subfolder)


@lru_cache(maxsize=64)
def generation_config(folder: str) -> tuple[Any, str]:
    """The generation config and the file it came from (config.json when there is none)."""
    transformers = load("transformers")
    if (_path(folder) / "generation_config.json").is_file():
        return transformers.GenerationConfig.from_pretrained(folder), "generation_config.json"
    return transformers.GenerationConfig.from_model_config(auto_config(folder)), "config.json"


@lru_cache(maxsize=64)
def image_processor(folder: str) -> Any | None:
    """The image processor, None when the folder has no preprocessor_config.json."""
    if not (_path(folder) / "preprocessor_config.json").is_file():
        return None
    transformers = load("transformers")
    # the PIL backend is the one that needs no torchvision; it reads the same file
    return transformers.AutoImageProcessor.from_pretrained(folder, backend="pil")


@lru_cache(maxsize=64)
def pipeline_index(folder: str) -> dict[str, Any]:
    diffusers = load("diffusers")
    return dict(diffusers.DiffusionPipeline.load_config(folder))


@lru_cache(maxsize=128)
def diffusers_config(folder: str, subfolder: str) -> dict[str, Any]:
    """A diffusers component's config, read by its own class's `load_config`."""
    diffusers = load("diffusers")
    library, class_name = pipeline_index(folder)[subfolder]
    owner = diffusers if library == "diffusers" else load(library)
    return dict(getattr(owner, class_name).load_config(folder, subfolder=subfolder))


def config_parts(files: ModelFiles) -> list[ConfigPart]:
    """The configurable parts of a model: the model itself, its encoder and decoder, or the
    components of a diffusers pipeline. Empty for a provider card."""
    if files.kind == "transformers":
        config = auto_config(str(files.folder))
        values = config.to_dict()
        if isinstance(values.get("encoder"), dict) and isinstance(values.get("decoder"), dict):
            return [ConfigPart(Part(name, values[name].get("model_type")), "config.json",
                               f"{name}.", values[name], "transformers")
                    for name in ("encoder", "decoder")]
        return [ConfigPart(Part("model", values.get("model_type")), "config.json", "", values,
                           "transformers")]
    if files.kind == "diffusers":
        parts = []
        for name, spec in pipeline_index(str(files.folder)).items():
            if not isinstance(spec, list) or not files.has(f"{name}/config.json"):
                continue
            if spec[0] == "diffusers":
                values = diffusers_config(str(files.folder), name)
                parts.append(ConfigPart(Part(name, spec[1]), f"{name}/config.json", "", values,
                                        "diffusers"))
            else:
                values = auto_config(str(files.folder), name).to_dict()
                parts.append(ConfigPart(Part(name, values.get("model_type")),
                                        f"{name}/config.json", "", values, "transformers"))
        return parts
    return []


def denoiser(files: ModelFiles) -> str | None:
    """The pipeline component that denoises (what "an N-parameter model" means by convention)."""
    names = [p.part.name for p in config_parts(files)]
    return next((n for n in _DENOISERS if n in names), None)


@lru_cache(maxsize=64)
def parameter_count(folder: str, part: str = "") -> int:
    """Unique parameters of a model (or one part of it), instantiated on the meta device
    from its config alone, after `tie_weights()`. No weights are read or allocated."""
    torch = load("torch")
    with torch.device("meta"):
        model = _instantiate(folder, part)
    if hasattr(model, "tie_weights"):
        model.tie_weights()
    if part in ("encoder", "decoder") and hasattr(model, part):
        model = getattr(model, part)
    return int(sum(p.numel() for p in model.parameters()))


def _instantiate(folder: str, part: str) -> Any:
    files_index = _path(folder) / "model_index.json"
    if files_index.is_file():
        index = json.loads(files_index.read_text(encoding="utf-8"))
        library, class_name = index[part]
        if library == "diffusers":
            diffusers = load("diffusers")
            cls = getattr(diffusers, class_name)
            return cls.from_config(diffusers_config(folder, part))
        return _transformers_model(auto_config(folder, part))
    return _transformers_model(auto_config(folder))


def _transformers_model(config: Any) -> Any:
    transformers = load("transformers")
    for name in getattr(config, "architectures", None) or ():
        cls = getattr(transformers, name, None)
        if cls is not None:
            return cls(config)
    return transformers.AutoModel.from_config(config)


def _path(folder: str) -> Path:
    return Path(folder)
