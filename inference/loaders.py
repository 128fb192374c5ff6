"""Read model folders through the real libraries, and load models to run them.

Metadata (once per folder, functools caches): transformers' `AutoConfig`,
`GenerationConfig` and `AutoImageProcessor`, diffusers' `load_config`, and meta-device
instantiation to count parameters. These read no weights: evidence built from them says
weights="metadata".

Models to run (measurement protocols): `load_trocr`, `load_flux` (a folder or a cached hub
id), `random_trocr_from_config` (the real architecture at full size, random weights),
`trocr_for_measurement` (real weights where there are some, else random-full); each says
which weights it holds: "real", "random-full" or "tiny" (`inference.protocols.weights`).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.claims.parts import Part
from inference.errors import ModelFilesNotFound
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


# -- loading models to run them (measurement protocols) ----------------------------------
#
# The loading code a user with the real weights runs: `VisionEncoderDecoderModel` and
# `TrOCRProcessor`, `FluxPipeline`, each `from_pretrained` a folder or a cached hub id.
# What was loaded is said honestly (`inference.protocols.weights`).


@dataclass(frozen=True)
class LoadedTrOCR:
    """A TrOCR model ready to run: model (eval mode, on `device`), processor, what weights."""

    model: Any
    processor: Any
    weights_kind: str
    source: str
    device: str = "cpu"
    dtype: str = "float32"
    notes: tuple[str, ...] = ()

    @property
    def parameters(self) -> int:
        return int(sum(p.numel() for p in self.model.parameters()))


@dataclass(frozen=True)
class LoadedFlux:
    """A FluxPipeline ready to run (on `device`), and what weights it runs."""

    pipeline: Any
    weights_kind: str
    source: str
    device: str = "cpu"
    dtype: str = "float32"
    notes: tuple[str, ...] = ()

    @property
    def parameters(self) -> int:
        """The denoiser's parameters (what "an N-parameter model" means for a pipeline)."""
        return int(sum(p.numel() for p in self.pipeline.transformer.parameters()))


def pick_device() -> str:
    """"cuda" when a CUDA device is present, else "cpu"."""
    torch = load("torch")
    return "cuda" if torch.cuda.is_available() else "cpu"


def load_trocr(source: str | Path, *, device: str | None = None,
               dtype: str | None = None) -> LoadedTrOCR:
    """A TrOCR model and processor from a folder or a cached hub id.

    Raises:
        WeightsNotFound: no folder, hub id not cached (offline), or no weight files in it.
    """
    from inference.protocols import weights

    folder = weights.source_folder(source)
    if not weights.has_weight_files(folder):
        raise weights.WeightsNotFound(
            f"{source} has no weight files ({', '.join(weights.WEIGHT_FILES[:3])}...); for a "
            "random-weight model of its architecture use random_trocr_from_config")
    transformers = load("transformers")
    device = device or pick_device()
    torch_dtype = _dtype(dtype, device, _declared_dtype(folder / "config.json"), "float16")
    model = transformers.VisionEncoderDecoderModel.from_pretrained(folder, dtype=torch_dtype)
    processor = transformers.TrOCRProcessor.from_pretrained(folder, backend="pil")
    model = model.to(device).eval()
    loaded = sum(p.numel() for p in model.parameters())
    kind = weights.weights_kind(folder, loaded, _claimed_parameters(folder, ""), True)
    return LoadedTrOCR(model, processor, kind, str(source), device, _name(torch_dtype))


def random_trocr_from_config(config_folder: str | Path, *, device: str | None = None,
                             dtype: str | None = None, seed: int = 0) -> LoadedTrOCR:
    """The real TrOCR architecture at full size, random weights, from a config folder
    (config.json, preprocessor_config.json, generation_config.json; tokenizer files if
    any, else a small tokenizer built locally, which the notes say)."""
    from inference.protocols import local_tokenizers

    transformers, torch = load("transformers"), load("torch")
    folder = Path(config_folder)
    device = device or pick_device()
    torch_dtype = _dtype(dtype, device, _declared_dtype(folder / "config.json"), "float16")
    torch.manual_seed(seed)
    # copies: the cached config objects are shared with the model-file checkers
    model = transformers.VisionEncoderDecoderModel(copy.deepcopy(auto_config(str(folder))))
    if (folder / "generation_config.json").is_file():
        model.generation_config = copy.deepcopy(generation_config(str(folder))[0])
    notes = [f"random weights (torch seed {seed}) in the architecture of {folder.name}"]
    if any((folder / n).is_file() for n in ("tokenizer.json", "vocab.json", "spiece.model")):
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder)
    else:
        tokenizer = local_tokenizers.byte_level_bpe()
        notes.append(f"no tokenizer files: a byte-level BPE tokenizer of {len(tokenizer)} "
                     "tokens was built locally (ids beyond it decode to nothing)")
    processor = transformers.TrOCRProcessor(image_processor=image_processor(str(folder)),
                                            tokenizer=tokenizer)
    model = model.to(device=device, dtype=torch_dtype).eval()
    return LoadedTrOCR(model, processor, "random-full", str(folder), device,
                       _name(torch_dtype), tuple(notes))


def trocr_for_measurement(ref: str | Path, config_folder: str | Path | None = None, *,
                          device: str | None = None, dtype: str | None = None) -> LoadedTrOCR:
    """Real weights where `ref` has them (a folder, or the local hub cache); otherwise the
    real architecture with random weights from `config_folder` (default: the model-files
    folder of `ref`), with a note saying why."""
    from inference.model_files import resolve_model_folder
    from inference.protocols import weights

    try:
        return load_trocr(ref, device=device, dtype=dtype)
    except weights.WeightsNotFound as error:
        loaded = random_trocr_from_config(config_folder or resolve_model_folder(ref),
                                          device=device, dtype=dtype)
        return LoadedTrOCR(loaded.model, loaded.processor, loaded.weights_kind, loaded.source,
                           loaded.device, loaded.dtype, (f"no real weights: {error}",
                                                         *loaded.notes))


def load_flux(source: str | Path, *, device: str | None = None,
              dtype: str | None = None) -> LoadedFlux:
    """A FluxPipeline (and its components) from a folder or a cached hub id.

    Raises:
        WeightsNotFound: no folder, hub id not cached (offline), or components lack weights.
    """
    from inference.protocols import weights

    folder = weights.source_folder(source)
    if not (folder / "model_index.json").is_file() or not weights.pipeline_has_weights(folder):
        raise weights.WeightsNotFound(f"{source} is not a diffusers folder whose components "
                                      "all have weight files")
    diffusers = load("diffusers")
    device = device or pick_device()
    declared = _declared_dtype(folder / "transformer" / "config.json")
    torch_dtype = _dtype(dtype, device, declared, "bfloat16")
    pipeline = diffusers.FluxPipeline.from_pretrained(folder, dtype=torch_dtype)
    pipeline = pipeline.to(device)
    pipeline.set_progress_bar_config(disable=True)
    loaded = sum(p.numel() for p in pipeline.transformer.parameters())
    kind = weights.weights_kind(folder, loaded, _claimed_parameters(folder, "transformer"), True)
    return LoadedFlux(pipeline, kind, str(source), device, _name(torch_dtype))


def _claimed_parameters(folder: Path, part: str) -> int | None:
    """The parameter count of the model a folder claims to be (its hub id's config in the
    model-file roots), None when that is unknown."""
    from inference.model_files import resolve_model_folder
    from inference.protocols import weights

    hub_id = weights.hub_id_of(folder)
    if hub_id is None:
        return None
    try:
        reference = resolve_model_folder(hub_id)
    except ModelFilesNotFound:
        return None
    if reference == folder.resolve():
        return None
    return parameter_count(str(reference), part)


def _declared_dtype(config_file: Path) -> str | None:
    if not config_file.is_file():
        return None
    values = json.loads(config_file.read_text(encoding="utf-8"))
    declared = values.get("dtype") or values.get("torch_dtype")
    return str(declared) if declared else None


def _dtype(requested: str | None, device: str, declared: str | None, gpu_default: str) -> Any:
    """The torch dtype to run in: as requested; else as the config declares (on a GPU, the
    model's usual half precision when it declares none); float32 on a CPU unless asked."""
    torch = load("torch")
    name = requested or ("float32" if device == "cpu" else declared or gpu_default)
    value = getattr(torch, str(name).removeprefix("torch."), None)
    if not isinstance(value, torch.dtype):
        raise ValueError(f"unknown dtype {name!r}")
    return value


def _name(dtype: Any) -> str:
    return str(dtype).removeprefix("torch.")
