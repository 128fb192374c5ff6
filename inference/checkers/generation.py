"""Generation-default claims: beam count, length limit, cache, early stopping.

Reads `GenerationConfig.from_pretrained(folder)` (or the one the library derives from
config.json). A field the file leaves unset takes the library's global default, which is
what `generate()` applies, and the evidence says so. Only a claim that presents a value as
the *default* is checked against defaults: `generate()` accepts any beam count, so "beam
width 8" alone says nothing the files can refute.
"""

from __future__ import annotations

from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord
from inference import loaders
from inference.checkers.evidence import mentions_of, not_stated, record, says_default, verdict_of
from inference.libraries import load
from inference.model_files import ModelFiles

PROTOCOL = "model-files/generation"
_LIBS = ("transformers",)
_FIELD = {"num_beams": "num_beams", "beam_search": "num_beams", "max_length": "max_length",
          "use_cache": "use_cache", "early_stopping": "early_stopping"}


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.GENERATION)
    if not mentions:
        return None
    if files.kind != "transformers":
        return [not_stated(PROTOCOL, files, m, f"a {files.kind} folder has no generation "
                           "config") for m in mentions]
    return [_check_one(m, claim, files) for m in mentions]


def default_value(files: ModelFiles, field: str) -> tuple[Any, str, str]:
    """(value generate() uses, the file read, how the value was found: set in the file, or
    left unset there so that the library's global default applies)."""
    config, source = loaders.generation_config(str(files.folder))
    value = getattr(config, field, None)
    if value is not None:
        return value, source, f"{source} sets {field} = {value!r}"
    generation_config = load("transformers").GenerationConfig
    global_defaults = getattr(generation_config, "_get_default_generation_params", None)
    # transformers 5 keeps unset fields None and fills them in generate(); 4.x set them here
    value = (global_defaults().get(field) if global_defaults
             else getattr(generation_config(), field, None))
    return value, source, (f"{source} leaves {field} unset, so generate() uses the "
                                      f"library default {field} = {value!r}")


def _check_one(mention: Mention, claim: AtomicClaim, files: ModelFiles) -> EvidenceRecord:
    name = mention.attribute.name
    field = _FIELD[name]
    value, source, how = default_value(files, field)
    if name == "max_length" and not says_default(claim):
        return _capacity(mention, files, how)
    if not says_default(claim):
        return not_stated(PROTOCOL, files, mention, "the claim does not present this as the "
                          f"default, and generate() accepts any {field}; {how}", found=value,
                          libraries=_LIBS)
    claimed: Any
    if name == "beam_search":
        claimed, ok, rule = "num_beams > 1", isinstance(value, int) and value > 1, \
            "beam search is the default when the default num_beams is above 1"
    elif name in ("num_beams", "max_length"):
        claimed = int(mention.value or 0)
        ok, rule = value == claimed, f"claimed default equals the default {field}"
    else:
        claimed, ok, rule = True, bool(value), f"the default {field} is true"
    return record(PROTOCOL, files, mention, source_file=source, field=field, found=value,
                  claimed=claimed, rule=rule, outcome=verdict_of(ok), explanation=how,
                  libraries=_LIBS)


def _capacity(mention: Mention, files: ModelFiles, how: str) -> EvidenceRecord:
    """"Up to N tokens" without "default": the decoder's position limit, when it states one."""
    claimed = int(mention.value or 0)
    for part in loaders.config_parts(files):
        limit = part.values.get("max_position_embeddings")
        if isinstance(limit, int) and limit == claimed:
            return record(PROTOCOL, files, mention, source_file=part.source_file,
                          field=f"{part.prefix}max_position_embeddings", found=limit,
                          claimed=claimed, rule="a length limit the claim does not call a "
                          "default is the model's position limit", outcome=verdict_of(True),
                          explanation=f"{part.part.name} has {limit} positions", libraries=_LIBS)
    return not_stated(PROTOCOL, files, mention, "the claim does not say whether this is the "
                      f"default length or the model's limit; {how}", libraries=_LIBS)
