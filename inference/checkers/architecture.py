"""Architecture claims: layers, hidden size, heads, patch and image size, model type.

Reads `AutoConfig.from_pretrained(folder)` (the encoder and decoder of an encoder-decoder
are parts), diffusers component configs through their classes' `load_config`, and the
image processor's size. A number is checked against the part the claim names ("ViT
encoder", "text encoder"); when the claim names no part and the parts disagree, the claim
is ambiguous: UNDETERMINED.
"""

from __future__ import annotations

from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.parts import ARCHITECTURE_NAMES, CONVOLUTIONAL_TYPES, SIZE_PRESETS, pick_part
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.claims.units import find_dimensions
from inference import loaders
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.model_files import ModelFiles

PROTOCOL = "model-files/architecture"
_FIELDS: dict[str, tuple[str, ...]] = {
    "num_layers": ("num_hidden_layers", "decoder_layers", "encoder_layers", "num_layers",
                   "n_layer", "num_single_layers"),
    "hidden_size": ("hidden_size", "d_model", "n_embd"),
    "attention_heads": ("num_attention_heads", "decoder_attention_heads",
                        "encoder_attention_heads", "n_head", "num_heads"),
    "patch_size": ("patch_size",),
    "image_size": ("image_size",),
}
_SUMMED = ("num_layers", "num_single_layers")   # a diffusers transformer's two block stacks
_VIT_FAMILY = frozenset({"vit", "deit", "beit", "dinov2", "vit_mae", "vit_msn", "vit_hybrid"})
_TERMS = ("encoder_decoder", "vision_transformer", "cross_attention", "autoregressive",
          "multi_head", "convolutional")


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.ARCHITECTURE)
    if not mentions:
        return None
    if files.kind == "provider":
        return [not_stated(PROTOCOL, files, m, "the provider card states no architecture and "
                           "the weights are not published") for m in mentions]
    parts = loaders.config_parts(files)
    library = (parts[0].library,) if parts else ()
    records: list[EvidenceRecord] = []
    for mention in mentions:
        chosen = pick_part(claim.text, mention.start, [p.part for p in parts], claim.sentence)
        candidates = [p for p in parts if chosen is None or p.part == chosen]
        if mention.attribute.name == "vision_transformer":
            records.append(_term(mention, files, candidates, library))
        elif mention.attribute.name in _TERMS:     # features of the whole model
            records.append(_term(mention, files, parts, library))
        elif mention.attribute.name == "size_preset":
            records.append(_preset(mention, files, candidates, library))
        else:
            records.extend(_number(mention, files, candidates, chosen is None, library))
    return records


def _claimed(mention: Mention) -> tuple[int, int] | int | None:
    dims = find_dimensions(mention.value or "")
    if dims:
        return dims[0].width, dims[0].height
    return int(mention.value) if mention.value and mention.value.isdigit() else None


def _readings(name: str, values: dict[str, Any]) -> list[tuple[str, Any]]:
    readings = [(f, values[f]) for f in _FIELDS[name] if values.get(f) is not None]
    if name == "num_layers" and all(isinstance(values.get(f), int) for f in _SUMMED):
        readings.append(("+".join(_SUMMED), sum(values[f] for f in _SUMMED)))
    if name == "hidden_size" and not readings and values.get("attention_head_dim"):
        heads, dim = values.get("num_attention_heads"), values["attention_head_dim"]
        if isinstance(heads, int) and isinstance(dim, int):
            readings.append(("num_attention_heads*attention_head_dim", heads * dim))
    return readings


def _equal(claimed: tuple[int, int] | int, found: Any) -> bool:
    if isinstance(found, dict):
        found = (found.get("width"), found.get("height"))
    if isinstance(found, int):
        found = (found, found)
    if isinstance(claimed, int):
        claimed = (claimed, claimed)
    return tuple(found) == tuple(claimed)


def _number(mention: Mention, files: ModelFiles, candidates: list[loaders.ConfigPart],
            ambiguous: bool, library: tuple[str, ...]) -> list[EvidenceRecord]:
    claimed = _claimed(mention)
    name = mention.attribute.name
    found = [(p, f, v) for p in candidates for f, v in _readings(name, p.values)]
    records: list[EvidenceRecord] = []
    if name == "image_size":
        records.extend(_processor_size(mention, files, claimed))
    if claimed is None or not found:
        return records or [not_stated(PROTOCOL, files, mention, "no config field states this",
                                      libraries=library)]
    matches = [(p, f, v) for p, f, v in found if _equal(claimed, v)]
    fields = [f"{p.prefix}{f}" for p, f, _ in found]
    if ambiguous and len({p.part for p, _, _ in found}) > 1 and len(matches) != len(found):
        records.append(record(
            PROTOCOL, files, mention, source_file=found[0][0].source_file, field=", ".join(fields),
            found=[v for _, _, v in found], claimed=mention.value, rule="a number is checked "
            "against the part the claim names", outcome=Verdict.UNDETERMINED,
            explanation=f"the claim does not say which part; {_list(found)}", libraries=library))
        return records
    part, field, value = (matches or found)[0]
    records.append(record(
        PROTOCOL, files, mention, source_file=part.source_file, field=f"{part.prefix}{field}",
        found=value, claimed=mention.value, rule="claimed value equals the config value"
        + (" (any of the config's layer counts, or their sum)" if len(found) > 1 else ""),
        outcome=verdict_of(bool(matches)), explanation=f"{_list(found)}; claimed {mention.value}",
        libraries=library))
    return records


def _processor_size(mention: Mention, files: ModelFiles, claimed: Any) -> list[EvidenceRecord]:
    processor = loaders.image_processor(str(files.folder))
    size = getattr(processor, "size", None)
    if processor is None or size is None or claimed is None:
        return []
    found = {"height": size.get("height"), "width": size.get("width")}
    if found["height"] is None:
        return []
    return [record(PROTOCOL, files, mention, source_file="preprocessor_config.json",
                   field="size", found=[found["height"], found["width"]], claimed=mention.value,
                   rule="claimed height x width equals the image processor's resize target",
                   outcome=verdict_of(_equal(claimed, found)),
                   explanation=f"the image processor resizes to {found['height']}x"
                               f"{found['width']}", libraries=("transformers",))]


def _preset(mention: Mention, files: ModelFiles, candidates: list[loaders.ConfigPart],
            library: tuple[str, ...]) -> EvidenceRecord:
    want = SIZE_PRESETS[(mention.value or "").lower()]
    for part in candidates:
        got = [next((v for _, v in _readings(n, part.values)), None)
               for n in ("num_layers", "hidden_size", "attention_heads")]
        if None not in got:
            return record(PROTOCOL, files, mention, source_file=part.source_file,
                          field=f"{part.prefix}(layers, hidden size, heads)", found=got,
                          claimed=list(want), rule=f"'-{mention.value}' names {want[0]} layers, "
                          f"hidden size {want[1]}, {want[2]} heads (ViT/BERT size names)",
                          outcome=verdict_of(tuple(got) == want),
                          explanation=f"{part.part.name} has {got}", libraries=library)
    return not_stated(PROTOCOL, files, mention, "no single part states layers, hidden size "
                      "and heads", libraries=library)


def _term(mention: Mention, files: ModelFiles, parts: list[loaders.ConfigPart],
          library: tuple[str, ...]) -> EvidenceRecord:
    name = mention.attribute.name
    if name == "encoder_decoder":
        return _encoder_decoder(mention, files, parts, library)
    for part in parts:
        found, field, outcome = _term_reading(name, part.values, len(parts))
        if outcome is not None:
            return record(PROTOCOL, files, mention, source_file=part.source_file,
                          field=f"{part.prefix}{field}", found=found, claimed=mention.text,
                          rule=mention.attribute.settled_by, outcome=outcome,
                          explanation=f"{part.part.name}: {field} = {found!r}", libraries=library)
    return not_stated(PROTOCOL, files, mention, "the configs do not settle this feature",
                      libraries=library)


def _encoder_decoder(mention: Mention, files: ModelFiles, parts: list[loaders.ConfigPart],
                     library: tuple[str, ...]) -> EvidenceRecord:
    names = [p.part.name for p in parts]
    if files.kind != "transformers":
        return not_stated(PROTOCOL, files, mention, "a pipeline's components are not an "
                          "encoder-decoder model", found=names, libraries=library)
    if names == ["encoder", "decoder"]:
        flag: Any = True
    else:
        flag = parts[0].values.get("is_encoder_decoder")
    return record(PROTOCOL, files, mention, source_file="config.json", field="is_encoder_decoder"
                  if names != ["encoder", "decoder"] else "encoder, decoder", found=flag,
                  claimed=mention.text, rule="the config has an encoder and a decoder "
                  "(is_encoder_decoder)", outcome=verdict_of(bool(flag)),
                  explanation=f"parts: {', '.join(names)}", libraries=library)


def _term_reading(name: str, values: dict[str, Any], parts: int
                  ) -> tuple[Any, str, Verdict | None]:
    """(value found, field, outcome) for a feature; outcome None when this part is silent."""
    model_type = values.get("model_type")
    if name == "vision_transformer":
        known = model_type in ARCHITECTURE_NAMES or model_type in CONVOLUTIONAL_TYPES
        vision = values.get("vision_config")
        if isinstance(vision, dict) and vision.get("patch_size"):
            # a vision tower that embeds patches is a vision transformer (CLIP, SigLIP...)
            return vision.get("model_type"), "vision_config.patch_size", Verdict.SUPPORTED
        return model_type, "model_type", (Verdict.SUPPORTED if model_type in _VIT_FAMILY else
                                          Verdict.REFUTED if known and parts == 1 else None)
    if name == "cross_attention":
        flag = values.get("add_cross_attention") or values.get("is_encoder_decoder")
        return flag, "add_cross_attention", Verdict.SUPPORTED if flag else None
    if name == "autoregressive":
        flag = values.get("is_decoder")
        return flag, "is_decoder", Verdict.SUPPORTED if flag else None
    if name == "multi_head":
        heads = next((v for _, v in _readings("attention_heads", values)), None)
        return heads, "num_attention_heads", (None if not isinstance(heads, int)
                                              else verdict_of(heads > 1))
    return model_type, "model_type", (Verdict.SUPPORTED if model_type in CONVOLUTIONAL_TYPES
                                      else None)


def _list(found: list[tuple[loaders.ConfigPart, str, Any]]) -> str:
    return ", ".join(f"{p.prefix}{f} = {v}" for p, f, v in found)
