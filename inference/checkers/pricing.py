"""Pricing claims: free tier, paid access, per-image pricing, stated prices.

Reads the provider card's `pricing` (model, unit, credit price, free_tier). An open-weight
model folder has no price list: pricing claims about it are UNDETERMINED.
"""

from __future__ import annotations

from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.claims.units import agreement, find_quantities
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.model_files import ModelFiles

PROTOCOL = "model-files/pricing"
_FILE = "provider.json"


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.PRICING)
    if not mentions:
        return None
    pricing: Any = files.provider.get("pricing")
    if not isinstance(pricing, dict):
        return [not_stated(PROTOCOL, files, m, "no provider card states prices (an open-weight "
                           "model's files carry no price list)") for m in mentions]
    return [_check_one(m, pricing, files) for m in mentions]


def _check_one(mention: Mention, pricing: dict[str, Any], files: ModelFiles) -> EvidenceRecord:
    name = mention.attribute.name
    shown = ", ".join(f"{k} = {v!r}" for k, v in pricing.items())
    if name == "free_tier":
        found = pricing.get("free_tier")
        if not isinstance(found, bool):
            return not_stated(PROTOCOL, files, mention, f"the card does not say: {shown}")
        return record(PROTOCOL, files, mention, source_file=_FILE, field="pricing.free_tier",
                      found=found, claimed=True, rule="the card's free_tier flag",
                      outcome=verdict_of(found), explanation=shown)
    if name == "paid":
        model = str(pricing.get("model", "")).lower()
        outcome = (Verdict.SUPPORTED if model == "paid" else Verdict.REFUTED if model == "free"
                   else Verdict.UNDETERMINED)
        return record(PROTOCOL, files, mention, source_file=_FILE, field="pricing.model",
                      found=pricing.get("model"), claimed="paid", rule="the card's pricing "
                      "model is 'paid'", outcome=outcome, explanation=shown)
    if name == "per_image_pricing":
        unit = str(pricing.get("unit", ""))
        if not unit:
            return not_stated(PROTOCOL, files, mention, f"the card states no unit: {shown}")
        return record(PROTOCOL, files, mention, source_file=_FILE, field="pricing.unit",
                      found=unit, claimed="per image", rule="the card prices per image",
                      outcome=verdict_of("per image" in unit.lower()), explanation=shown)
    return _price(mention, pricing, files, shown)


def _price(mention: Mention, pricing: dict[str, Any], files: ModelFiles, shown: str
           ) -> EvidenceRecord:
    """A stated price is compared only with a price the card states in the same unit."""
    unit = mention.text.rsplit(" ", 1)[-1].lower()
    key = next((k for k in pricing if k.lower() in (f"usd_per_{unit}", f"price_per_{unit}")),
               None)
    quantities = find_quantities(mention.text)
    if key is None or not quantities:
        return not_stated(PROTOCOL, files, mention, f"the card states no price in USD per "
                          f"{unit}: {shown}")
    ok, rule = agreement(quantities[0], float(pricing[key]))
    return record(PROTOCOL, files, mention, source_file=_FILE, field=f"pricing.{key}",
                  found=pricing[key], claimed=quantities[0].lo, rule=rule,
                  outcome=verdict_of(ok), explanation=shown)
