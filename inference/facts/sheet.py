"""Read a model folder's fact sheet through the libraries that use the files.

    fact_sheet(files) -> tuple[Fact, ...]

- transformers: `AutoConfig` (every sub-config, encoder/decoder, text/vision/audio, each
  field with its `attribute_map` aliases as words), the image processor
  (`AutoImageProcessor`) or feature extractor (`AutoFeatureExtractor`), the tokenizer
  config, and `GenerationConfig` with the library's defaults made explicit;
- diffusers: `load_config` of every component named in model_index.json (transformers
  components through `AutoConfig`), and the pipeline's class;
- the model card's front matter through huggingface_hub's `ModelCard`;
- a provider card (provider.json), flattened;
- derived facts with their derivation (`inference.facts.derive`).

Values the library fills in but the file does not state are facts too (that is what the
library applies); their `field` says "(library default)".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.facts import Fact
from inference import loaders
from inference.facts.derive import derived_facts
from inference.facts.vocabulary import UNITS, field_words
from inference.libraries import load
from inference.model_files import ModelFiles, load_model_files

_SKIP = frozenset({
    "transformers_version", "_name_or_path", "_commit_hash", "_diffusers_version",
    "id2label", "label2id", "task_specific_params", "auto_map", "_attn_implementation",
    "_attn_implementation_autoset", "chunk_size_feed_forward", "output_hidden_states",
    "output_attentions", "return_dict", "torchscript", "pruned_heads", "problem_type",
    "tokenizer_class", "prefix", "finetuning_task", "cross_attention_hidden_size",
    "add_cross_attention", "tf_legacy_loss", "use_bfloat16", "processor_class",
    "_processor_class", "image_processor_type", "feature_extractor_type", "mel_filters",
    "added_tokens_decoder", "suppress_tokens", "begin_suppress_tokens", "forced_decoder_ids",
    "alignment_heads", "lang_to_id", "task_to_id", "_from_model_config", "extra_special_tokens",
    "chat_template", "dtype_from_config", "transformers_version_",
})
_SUB_CONFIG_NAMES = ("encoder", "decoder", "text_config", "vision_config", "audio_config",
                     "speech_config", "qformer_config", "backbone_config")
_MAX_LIST = 256


def fact_sheet(files: ModelFiles) -> tuple[Fact, ...]:
    """Every fact the folder states or implies, each once (by key), in reading order
    (read once per folder)."""
    return _sheet(files.folder)


@lru_cache(maxsize=64)
def _sheet(folder: Path) -> tuple[Fact, ...]:
    files = load_model_files(folder)
    found: dict[str, Fact] = {}
    for fact in _read(files):
        found.setdefault(fact.key, fact)
    for fact in derived_facts(files, tuple(found.values())):
        found.setdefault(fact.key, fact)
    return tuple(found.values())


def _read(files: ModelFiles) -> Iterator[Fact]:
    model = files.hub_id
    if files.kind == "transformers":
        config = loaders.auto_config(str(files.folder))
        yield from config_facts(config, "config.json", "", model)
        yield from _processor_facts(files)
        yield from _tokenizer_facts(files)
        yield from _generation_facts(files)
    elif files.kind == "diffusers":
        yield from _pipeline_facts(files)
    yield from _card_facts(files)
    if files.provider:
        yield from _flatten(files.provider, "provider.json", "", model, "")


def config_facts(config: Any, file: str, part: str, model: str | None,
                 prefix: str = "") -> Iterator[Fact]:
    """A transformers config's fields, sub-configs as parts, aliases as words."""
    values = config.to_dict()
    aliases: dict[str, list[str]] = {}
    for alias, target in (getattr(type(config), "attribute_map", None) or {}).items():
        aliases.setdefault(target, []).append(alias)
    sub_names = [n for n in values if isinstance(values[n], dict) and (
        n in _SUB_CONFIG_NAMES or n.endswith("_config"))]
    for name, value in values.items():
        if name in _SKIP or name in sub_names:
            continue
        if isinstance(value, Mapping):       # rope_parameters, rope_scaling, quantization...
            for key, inner in value.items():
                if not isinstance(inner, Mapping):
                    yield from _fact(key, field_words(key), inner, file, f"{prefix}{name}.{key}",
                                     part, model)
            continue
        words = list(field_words(name))
        for alias in aliases.get(name, ()):
            words.extend(w for w in field_words(alias) if w not in words)
        role = _role_prefix(name) if not part else None
        if role:
            # a flat encoder-decoder config (Whisper, BART): "encoder_layers" is the encoder
            # part's "layers", so a claim naming neither part matches both alike
            words.extend(w for w in field_words(name[len(role) + 1:]) if w not in words)
        yield from _fact(name, tuple(words), value, file, f"{prefix}{name}", role or part,
                         model)
    labels = values.get("id2label")
    if isinstance(labels, Mapping) and "num_labels" not in values and not all(
            re.fullmatch(r"LABEL_\d+", str(v)) for v in labels.values()):
        # the library's placeholder labels (LABEL_0, LABEL_1) say nothing about the model
        yield from _fact("num_labels", field_words("num_labels"), len(values["id2label"]), file,
                         f"{prefix}id2label (its length: num_labels)", part, model)
    for name in sub_names:
        sub = getattr(config, name, None)
        if sub is None or not hasattr(sub, "to_dict"):
            continue
        sub_part = _part_name(name)
        yield from config_facts(sub, file, f"{part}.{sub_part}" if part else sub_part, model,
                                f"{prefix}{name}.")


def _processor_facts(files: ModelFiles) -> Iterator[Fact]:
    path = files.path("preprocessor_config.json")
    if not path.is_file():
        return
    raw = json.loads(path.read_text(encoding="utf-8"))
    transformers = load("transformers")
    if "feature_extractor_type" in raw or "sampling_rate" in raw:
        processor = transformers.AutoFeatureExtractor.from_pretrained(str(files.folder))
    else:
        processor = loaders.image_processor(str(files.folder))
    if processor is None:
        return
    values = processor.to_dict()
    if "resample" in values:
        from inference.checkers.preprocessing import resample_name
        values["resample"] = resample_name(values["resample"])
    for name, value in values.items():
        if name in _SKIP:
            continue
        if name in ("size", "crop_size") and isinstance(value, Mapping):
            value = _size_value(value)
            if value is None:
                continue
        yield from _fact(name, field_words(name), value, "preprocessor_config.json", name,
                         "processor", files.hub_id, default=name not in raw)


def _tokenizer_facts(files: ModelFiles) -> Iterator[Fact]:
    # the tokenizer itself needs its vocabulary files, which metadata folders often lack;
    # its config states the settings the tokenizer class applies
    path = files.path("tokenizer_config.json")
    if not path.is_file():
        return
    raw = json.loads(path.read_text(encoding="utf-8"))
    for name in ("model_max_length", "do_lower_case", "padding_side", "truncation_side",
                 "add_bos_token", "add_eos_token", "bos_token", "eos_token", "unk_token",
                 "pad_token"):
        value = raw.get(name)
        if isinstance(value, dict):
            value = value.get("content")
        if value is not None and not (name == "model_max_length" and value > 1e15):
            yield from _fact(name, field_words(name), value, "tokenizer_config.json", name,
                             "tokenizer", files.hub_id)


def _generation_facts(files: ModelFiles) -> Iterator[Fact]:
    config, file = loaders.generation_config(str(files.folder))
    stated = set(json.loads(files.path(file).read_text(encoding="utf-8"))) if files.has(
        file) else set()
    generation_config = load("transformers").GenerationConfig
    # transformers 5 keeps unset fields None and fills them in at generate(): those
    # library defaults are what the model does, so they are facts too
    global_defaults = getattr(generation_config, "_get_default_generation_params", None)
    defaults = dict(global_defaults()) if global_defaults else {}
    for name, value in config.to_dict().items():
        if name in _SKIP or name.startswith("_") or isinstance(value, dict):
            continue
        default = value is None or name not in stated
        if value is None:
            value = defaults.get(name)
        yield from _fact(name, field_words(name), value, file, name, "generation",
                         files.hub_id, default=default)


def _pipeline_facts(files: ModelFiles) -> Iterator[Fact]:
    index = loaders.pipeline_index(str(files.folder))
    model = files.hub_id
    if index.get("_class_name"):
        yield Fact("pipeline_class", ("pipeline", "pipeline class"), str(index["_class_name"]),
                   None, "model_index.json", "_class_name", model=model)
    for name, spec in index.items():
        if not isinstance(spec, list) or len(spec) != 2 or spec[1] is None:
            continue
        role = name.replace("_", " ")
        yield Fact("component_class", (role, f"{role} class", f"{role} type"),
                   str(spec[1]), None, "model_index.json", name, part=name, model=model)
        folder = files.folder / name
        config_file = next((f for f in ("config.json", "scheduler_config.json")
                            if (folder / f).is_file()), None)
        if config_file is None:
            continue
        file = f"{name}/{config_file}"
        if spec[0] == "diffusers":
            values = loaders.diffusers_config(str(files.folder), name)
            raw = json.loads((folder / config_file).read_text(encoding="utf-8"))
            for field, value in values.items():
                if field in _SKIP or field.startswith("_"):
                    continue
                yield from _fact(field, field_words(field), value, file, f"{name}.{field}",
                                 name, model, default=field not in raw)
        else:
            config = loaders.auto_config(str(files.folder), name)
            yield from config_facts(config, file, name, model, f"{name}.")


def _card_facts(files: ModelFiles) -> Iterator[Fact]:
    readme = files.path("README.md")
    if not readme.is_file():
        return
    hub = load("huggingface_hub")
    data = hub.ModelCard.load(readme).data.to_dict()
    for name, value in data.items():
        if value in (None, [], {}, "") or name in ("model-index", "widget", "extra_gated_fields"):
            continue
        yield from _fact(name, field_words(name), value, "README.md", name, "card",
                         files.hub_id)


def _flatten(data: Mapping[str, Any], file: str, prefix: str, model: str, part: str
             ) -> Iterator[Fact]:
    for key, value in data.items():
        field = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, file, f"{field}.", model, part)
        else:
            yield from _fact(field.replace(".", "_"), _card_words(field), value, file, field,
                             part, model)


_BOUND_WORDS = {"min": ("minimum", "min", "at least"), "max": ("maximum", "max", "up to"),
                "default": ("default",)}


def _card_words(field: str) -> tuple[str, ...]:
    """"api.width.max" -> "maximum width", "max width", "up to width", "api width max"..."""
    *path, leaf = field.split(".")
    words: list[str] = []
    if leaf in _BOUND_WORDS and path:
        subject = path[-1].replace("_", " ")
        words.extend(f"{bound} {subject}" for bound in _BOUND_WORDS[leaf])
        words.append(f"{subject} {leaf}")
    words.extend(field_words(leaf) if leaf not in _BOUND_WORDS else ())
    words.append(" ".join(field.replace("_", " ").split(".")))
    return tuple(dict.fromkeys(words))


def _fact(name: str, words: tuple[str, ...], value: Any, file: str, field: str, part: str,
          model: str | None, default: bool = False) -> Iterator[Fact]:
    value = _plain(value)
    if value is _UNUSABLE or value is None:
        return
    yield Fact(name, words, value, UNITS.get(name), file,
               field + (" (library default)" if default else ""), part=part, model=model)


_UNUSABLE = object()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple) and len(value) <= _MAX_LIST and all(
            v is None or isinstance(v, bool | int | float | str) for v in value):
        return list(value)
    if hasattr(value, "name") and isinstance(getattr(value, "name", None), str):
        return str(value.name).lower()        # enums (resampling filters, dtypes)
    text = str(value)
    if text.startswith("torch."):
        return text.removeprefix("torch.")
    return _UNUSABLE


def _size_value(size: Mapping[str, Any]) -> Any:
    if size.get("height") is not None and size.get("width") is not None:
        return [size["height"], size["width"]]
    for key in ("shortest_edge", "longest_edge"):
        if size.get(key) is not None:
            return size[key]
    return None


def _role_prefix(name: str) -> str | None:
    head = name.split("_", 1)[0]
    return head if head in ("encoder", "decoder") and "_" in name else None


def _part_name(config_name: str) -> str:
    return config_name.removesuffix("_config")
