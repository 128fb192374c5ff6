"""Preprocessing claims: mean/std, resampling, resizing, normalisation, RGB conversion,
the image processor itself, and padding with masks.

Reads the image processor through `AutoImageProcessor.from_pretrained(folder)`, so the
values are the ones the library applies (class defaults included), not just the file's.
Some are also observed: a grayscale test image goes through the processor (RGB
conversion); two images of different sizes go through it together (padding: do they come
out padded, with a mask, or resized to one size?), and the vision encoder's `forward` is
read for a mask argument.
"""

from __future__ import annotations

import re
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
    return [_check_one(m, processor, files, claim.text) for m in mentions]


def _check_one(mention: Mention, processor: Any, files: ModelFiles,
               text: str) -> EvidenceRecord:
    name = mention.attribute.name
    if name == "image_processor":
        kind = type(processor).__name__
        return record(PROTOCOL, files, mention, source_file=_FILE, field="image_processor_type",
                      found=kind, claimed=mention.text, rule="the model folder ships a "
                      f"{_FILE} that AutoImageProcessor loads", outcome=verdict_of(True),
                      explanation=f"{_FILE} ships with the model and loads as {kind}",
                      libraries=_LIBS)
    if name == "padding_mask":
        return _padding(mention, processor, files, text)
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


_DECODER_ONLY = re.compile(r"\bdecoder\b(?!.*\bencoder\b)|\btext\s+side\b|\btokens?\b",
                           re.IGNORECASE)


def _padding(mention: Mention, processor: Any, files: ModelFiles, text: str) -> EvidenceRecord:
    """Do images of different sizes come out padded (a mask, different shapes, do_pad)?"""
    if _DECODER_ONLY.search(text) and not re.search(r"\b(?:encoder|image|pixel|visual)",
                                                    text, re.IGNORECASE):
        return not_stated(PROTOCOL, files, mention, "about the text side: the image "
                          "processor does not settle how the decoder masks tokens")
    image = load("PIL.Image")
    sizes = ((96, 32), (640, 120))
    output = processor([image.new("RGB", size, "white") for size in sizes], return_tensors="np")
    shapes = sorted({tuple(int(d) for d in value.shape) for value in output["pixel_values"]})
    masks = sorted(key for key in output if "mask" in key)
    do_pad = bool(getattr(processor, "do_pad", False))
    pads = bool(masks) or do_pad
    encoder = encoder_mask_arguments(files)
    shown = ["x".join(map(str, shape)) for shape in shapes]
    seen = (f"images of {sizes[0][0]}x{sizes[0][1]} and {sizes[1][0]}x{sizes[1][1]} came out "
            f"as {' and '.join(shown)}, outputs "
            f"{sorted(output.keys())}, do_pad = {do_pad}")
    if encoder is not None:
        name, arguments = encoder
        seen += (f"; {name}.forward takes " + (", ".join(arguments) if arguments
                                                else "no mask argument"))
    return record(PROTOCOL, files, mention, source_file=_FILE, field="size",
                  found=[*shown, *masks], claimed=mention.text,
                  rule="images are padded (and masked) when the processor pads (do_pad) or "
                  "returns a mask with the pixels; resized to one fixed size, there is no "
                  "padding to mask", outcome=verdict_of(pads),
                  explanation=seen, libraries=_LIBS)


def encoder_mask_arguments(files: ModelFiles) -> tuple[str, list[str]] | None:
    """The vision encoder class and the mask arguments of its `forward` (None when the
    config names no model class transformers knows)."""
    import inspect

    transformers = load("transformers")
    try:
        config = loaders.auto_config(str(files.folder))
        part = getattr(config, "encoder", config)
        model_class = transformers.MODEL_MAPPING[type(part)]
    except (KeyError, OSError, ValueError):
        return None
    arguments = [name for name in inspect.signature(model_class.forward).parameters
                 if "mask" in name and name not in ("head_mask", "bool_masked_pos")]
    return model_class.__name__, arguments
