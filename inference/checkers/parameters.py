"""Parameter-count and model-size claims.

Counts unique parameters of the model built on the meta device from its config
(`tie_weights()` first, so tied embeddings count once); a size is parameters x bytes per
parameter at the claimed precision (fp32 4, fp16/bf16 2, int8 1, int4 0.5). For a
diffusers pipeline, "an N-parameter model" conventionally counts the denoiser; the whole
pipeline is also read, and a claim agreeing with either reading is supported (the record
names which). Tolerances come from `graph.claims.units.agreement`.
"""

from __future__ import annotations

import re

from graph.claims.attributes import Family, Mention
from graph.claims.parts import pick_part
from graph.claims.types import AtomicClaim, EvidenceRecord
from graph.claims.units import agreement, find_quantities, format_value
from inference import loaders
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.model_files import ModelFiles

PROTOCOL = "model-files/parameters"
_BYTES = {"fp32": 4.0, "float32": 4.0, "fp16": 2.0, "float16": 2.0, "half": 2.0, "bf16": 2.0,
          "bfloat16": 2.0, "int8": 1.0, "8-bit": 1.0, "int4": 0.5, "4-bit": 0.5}
_DTYPE = "|".join(re.escape(k) for k in sorted(_BYTES, key=len, reverse=True))
_AFTER = re.compile(rf"^\s*\(?\s*(?:in\s+|at\s+)?({_DTYPE})\b", re.IGNORECASE)
_BEFORE = re.compile(rf"\b({_DTYPE})\b[^,;()]{{0,20}}$", re.IGNORECASE)
_MEMORY = re.compile(r"\b(?:memory|VRAM|RAM|footprint)\b[^,;]{0,25}$", re.IGNORECASE)


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.PARAMETERS)
    if not mentions:
        return None
    if files.kind == "provider":
        return [not_stated(PROTOCOL, files, m, "the weights are not published and the "
                           "provider card states no parameter count") for m in mentions]
    return [_check_one(m, claim, files) for m in mentions]


def readings(files: ModelFiles, claim: AtomicClaim, mention: Mention) -> list[tuple[str, int]]:
    """(what was counted, unique parameters) for each way the claim may be read."""
    folder = str(files.folder)
    parts = loaders.config_parts(files)
    if files.kind == "transformers":
        named = pick_part(claim.text, mention.start, [p.part for p in parts])
        if len(parts) > 1 and named is not None:
            return [(named.name, loaders.parameter_count(folder, named.name))]
        return [("whole model", loaders.parameter_count(folder))]
    names = [p.part.name for p in parts if p.library in ("diffusers", "transformers")]
    counts = {name: loaders.parameter_count(folder, name) for name in names}
    found = []
    if (main := loaders.denoiser(files)) is not None:
        found.append((f"{main} (the denoiser)", counts[main]))
    found.append(("whole pipeline (" + " + ".join(names) + ")", sum(counts.values())))
    return found


def _check_one(mention: Mention, claim: AtomicClaim, files: ModelFiles) -> EvidenceRecord:
    libs = ("torch", "transformers") + (("diffusers",) if files.kind == "diffusers" else ())
    quantities = find_quantities(mention.value or mention.text)
    if not quantities:
        return not_stated(PROTOCOL, files, mention, "no number to compare", libraries=libs)
    claimed = quantities[0]
    per_parameter = 1.0
    precision = "parameters"
    if mention.attribute.name == "model_size":
        before, after = claim.text[:mention.start], claim.text[mention.end:]
        if _MEMORY.search(before):
            return not_stated(PROTOCOL, files, mention, "a memory figure depends on the run, "
                              "not only on the parameter count", libraries=libs)
        dtype = _AFTER.search(after) or _BEFORE.search(before)
        if dtype is None:
            return not_stated(PROTOCOL, files, mention, "the claim names no precision (fp32, "
                              "fp16, int8...), so the bytes per parameter are unknown",
                              libraries=libs)
        precision = dtype.group(1).lower()
        per_parameter = _BYTES[precision]
    results = []
    for what, count in readings(files, claim, mention):
        ok, rule = agreement(claimed, count * per_parameter)
        results.append((ok, what, count, rule))
    ok, what, count, rule = next((r for r in results if r[0]), results[0])
    found = count * per_parameter
    shown = ", ".join(f"{w}: {format_value(c, 'count')} parameters" for _, w, c, _ in results)
    size = (f" = {format_value(found, 'byte')} at {precision} ({per_parameter:g} bytes each)"
            if mention.attribute.name == "model_size" else "")
    return record(PROTOCOL, files, mention, source_file="config.json" if files.kind ==
                  "transformers" else "model_index.json", field=f"parameters of {what}",
                  found=found if size else count, claimed=[claimed.lo, claimed.hi]
                  if claimed.is_range else claimed.lo,
                  rule=f"unique parameters on the meta device after tie_weights(); {rule}",
                  outcome=verdict_of(ok), explanation=f"{shown}{size}", libraries=libs)

