"""Diffusion settings: scheduler, flow matching, guidance embedding, steps, resolution.

Reads `model_index.json` and component configs through diffusers' `load_config`, and the
provider card's API limits. Step counts are decided only where the files state them (a
provider's allowed range and default); a diffusers folder states none: the pipeline's
`num_inference_steps` default is the library's, not the model's, so it is not used.
"""

from __future__ import annotations

from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.claims.units import find_quantities, format_value
from inference import loaders
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.model_files import ModelFiles

PROTOCOL = "model-files/diffusion"
_LIBS = ("diffusers",)


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.DIFFUSION)
    if not mentions:
        return None
    if files.kind == "transformers":
        return [not_stated(PROTOCOL, files, m, "not a diffusion model's files") for m in mentions]
    if files.kind == "provider":
        return [_provider(m, files) for m in mentions]
    return [_pipeline(m, files) for m in mentions]


def _pipeline(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    name = mention.attribute.name
    folder = str(files.folder)
    if name in ("scheduler", "flow_matching"):
        spec = loaders.pipeline_index(folder).get("scheduler")
        if not isinstance(spec, list):
            return not_stated(PROTOCOL, files, mention, "model_index.json names no scheduler",
                              libraries=_LIBS)
        found = str(loaders.diffusers_config(folder, "scheduler").get("_class_name", spec[1]))
        if name == "flow_matching":
            outcome = Verdict.SUPPORTED if "flowmatch" in found.lower() else Verdict.UNDETERMINED
            rule = "a flow-matching scheduler class samples a flow-matching model"
        else:
            claimed = (mention.value or "").lower().replace("-", "").replace("scheduler", "")
            outcome = verdict_of(bool(claimed) and claimed in found.lower())
            rule = "the claimed scheduler names the scheduler class"
        return record(PROTOCOL, files, mention, source_file="scheduler/scheduler_config.json",
                      field="_class_name", found=found, claimed=mention.value or mention.text,
                      rule=rule, outcome=outcome, explanation=f"scheduler: {found}",
                      libraries=_LIBS)
    if name == "guidance_embeds":
        main = loaders.denoiser(files)
        config = loaders.diffusers_config(folder, main) if main else {}
        if "guidance_embeds" not in config:
            return not_stated(PROTOCOL, files, mention, "the denoiser's config has no "
                              "guidance_embeds", libraries=_LIBS)
        return record(PROTOCOL, files, mention, source_file=f"{main}/config.json",
                      field="guidance_embeds", found=config["guidance_embeds"], claimed=True,
                      rule="the denoiser embeds the guidance scale", libraries=_LIBS,
                      outcome=verdict_of(bool(config["guidance_embeds"])),
                      explanation=f"guidance_embeds = {config['guidance_embeds']}")
    return not_stated(PROTOCOL, files, mention, "the model's files state no "
                      + ("step count (the pipeline's default belongs to the library)"
                         if name == "steps" else "output size limit"), libraries=_LIBS)


def _provider(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    api: dict[str, Any] = files.provider.get("api") or {}
    if mention.attribute.name == "steps" and isinstance(api.get("steps"), dict):
        return _steps(mention, files, api["steps"])
    if mention.attribute.name == "output_resolution" and {"width", "height"} <= set(api):
        return _resolution(mention, files, api["width"], api["height"])
    return not_stated(PROTOCOL, files, mention, "the provider card does not state this "
                      "(weights and pipeline files are not published)")


def _steps(mention: Mention, files: ModelFiles, steps: dict[str, Any]) -> EvidenceRecord:
    claimed = find_quantities(f"{mention.value} steps")[0]
    low, high, default = steps.get("min"), steps.get("max"), steps.get("default")
    if (isinstance(high, int) and claimed.lo > high) or (isinstance(low, int) and claimed.hi < low):
        outcome, why = Verdict.REFUTED, "outside the API's allowed range"
    elif isinstance(default, int) and claimed.lo <= default <= claimed.hi:
        outcome, why = Verdict.SUPPORTED, "contains the API's default"
    else:
        outcome, why = Verdict.UNDETERMINED, ("allowed by the API but not its default: the "
                                              "card does not say generation takes this many")
    return record(PROTOCOL, files, mention, source_file="provider.json", field="api.steps",
                  found=[low, high, default], claimed=[claimed.lo, claimed.hi],
                  rule="a claimed step count outside [min, max] is refuted; one containing the "
                  "default is supported", outcome=outcome,
                  explanation=f"steps min {low}, max {high}, default {default}: claim {why}")


def _resolution(mention: Mention, files: ModelFiles, width: dict[str, Any],
                height: dict[str, Any]) -> EvidenceRecord:
    claimed = find_quantities(mention.text)[0]
    most = width["max"] * height["max"]
    least = width["min"] * height["min"]
    if claimed.lo - claimed.resolution > most:
        outcome, why = Verdict.REFUTED, "more pixels than the API's largest image"
    elif least <= claimed.lo <= most:
        outcome, why = Verdict.SUPPORTED, "within the API's sizes"
    else:
        outcome, why = Verdict.UNDETERMINED, "not settled by the API's limits"
    return record(PROTOCOL, files, mention, source_file="provider.json",
                  field="api.width.max x api.height.max", found=most, claimed=claimed.lo,
                  rule="a claimed output size must fit the API's width and height limits",
                  outcome=outcome, explanation=f"largest image {width['max']}x{height['max']} "
                  f"= {format_value(most, 'count')} pixels: claim {why}")
