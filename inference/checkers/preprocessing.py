"""Preprocessing claims: mean/std, resampling, resizing, normalisation, RGB conversion.

Reads the image processor through `AutoImageProcessor.from_pretrained(folder)`, so the
values are the ones the library applies (class defaults included), not just the file's.
RGB conversion is also observed: a grayscale test image goes through the processor.
"""

from __future__ import annotations

from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord
from graph.claims.units import find_number_lists, list_agreement
from inference import loaders
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.libraries import load
from inference.model_files import ModelFiles

PROTOCOL = "model-files/preprocessing"
_LIBS = ("transformers",)
_FILE = "preprocessor_config.json"


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.PREPROCESSING)
    if not mentions:
        return None
    processor = loaders.image_processor(str(files.folder)) if files.kind == "transformers" else None
    if processor is None:
        why = f"the model folder has no {_FILE}" + (
            " (the provider card states no preprocessing)" if files.kind == "provider" else "")
        return [not_stated(PROTOCOL, files, m, why) for m in mentions]
    return [_check_one(m, processor, files) for m in mentions]


def _check_one(mention: Mention, processor: Any, files: ModelFiles) -> EvidenceRecord:
    name = mention.attribute.name
    if name in ("image_mean", "image_std"):
        return _statistic(mention, processor, files, name)
    if name == "normalization_statistics":
        return not_stated(PROTOCOL, files, mention, "the image processor's mean "
                          f"{list(processor.image_mean)} and std {list(processor.image_std)} do "
                          "not name the dataset they came from", libraries=_LIBS,
                          found=[*processor.image_mean, *processor.image_std])
    if name == "resample":
        found = resample_name(processor.resample)
        claimed = (mention.value or "").lower().split()[0].split("-")[0]
        return record(PROTOCOL, files, mention, source_file=_FILE, field="resample",
                      found=found, claimed=claimed, rule="the claimed filter is the PIL "
                      "resampling filter the processor resizes with",
                      outcome=verdict_of(found == claimed),
                      explanation=f"resample = {processor.resample} ({found})", libraries=_LIBS)
    if name == "convert_rgb":
        return _rgb(mention, processor, files)
    flag = bool(getattr(processor, name, False))      # do_resize, do_normalize
    return record(PROTOCOL, files, mention, source_file=_FILE, field=name, found=flag,
                  claimed=True, rule=f"the processor's {name} is true",
                  outcome=verdict_of(flag), explanation=f"{name} = {flag}", libraries=_LIBS)


def _statistic(mention: Mention, processor: Any, files: ModelFiles, name: str) -> EvidenceRecord:
    found = [float(x) for x in getattr(processor, name)]
    result = list_agreement(mention.text, found)
    if result is None:
        return not_stated(PROTOCOL, files, mention, "no list of numbers in the claim",
                          found=found, libraries=_LIBS)
    ok, rule = result
    return record(PROTOCOL, files, mention, source_file=_FILE, field=name, found=found,
                  claimed=list(find_number_lists(mention.text)[0][1]), rule=rule,
                  outcome=verdict_of(ok), libraries=_LIBS,
                  explanation=f"the image processor normalises with {name} = {found}")


def _rgb(mention: Mention, processor: Any, files: ModelFiles) -> EvidenceRecord:
    setting = getattr(processor, "do_convert_rgb", None)
    image = load("PIL.Image").new("L", (8, 8))
    try:
        channels: Any = processor(image, return_tensors="np")["pixel_values"].shape[1]
        observed = f"a grayscale test image came out with {channels} channel(s)"
    except (ValueError, TypeError, RuntimeError) as error:
        channels = None
        observed = f"a grayscale test image is rejected ({error})"
    converts = bool(setting) or channels == 3
    return record(PROTOCOL, files, mention, source_file=_FILE, field="do_convert_rgb",
                  found=setting, claimed=True, rule="the processor converts to RGB: "
                  "do_convert_rgb is true, or a grayscale image comes out with 3 channels",
                  outcome=verdict_of(converts),
                  explanation=f"do_convert_rgb = {setting}; {observed}", libraries=_LIBS)


def resample_name(value: Any) -> str:
    """The PIL filter's name for a resample value (2 -> "bilinear")."""
    enum = load("transformers.image_utils").PILImageResampling
    try:
        return str(enum(int(value)).name).lower()
    except (ValueError, TypeError):
        return str(value).lower()
