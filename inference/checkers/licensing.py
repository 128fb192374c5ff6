"""License and access claims: license name, commercial use, open weights, API only, gating.

Reads the model card's front matter (README.md: license, license_name, gated) and the
provider card (provider.json: weights, access, api). Commercial use is decided only from
a license the rule knows: a name saying "non-commercial" (or an -nc license) forbids it,
a permissive license (MIT, Apache-2.0, BSD, CC-BY) allows it; anything else is
UNDETERMINED.
"""

from __future__ import annotations

import re
from typing import Any

from graph.claims.attributes import Family, Mention
from graph.claims.types import AtomicClaim, EvidenceRecord, Verdict
from graph.model import slugify
from inference.checkers.evidence import mentions_of, not_stated, record, verdict_of
from inference.model_files import ModelFiles

PROTOCOL = "model-files/licensing"
PERMISSIVE = frozenset({"mit", "apache-2-0", "bsd-2-clause", "bsd-3-clause", "cc-by-4-0",
                        "cc0-1-0", "unlicense", "isc", "mpl-2-0", "bsl-1-0"})
_NON_COMMERCIAL = re.compile(r"non-?commercial|(?:^|-)nc(?:-|$)")
_FAMILIES = ("mit", "apache", "bsd", "gpl", "lgpl", "agpl", "cc-by", "openrail", "mpl")


def check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None:
    mentions = mentions_of(claim, Family.LICENSING)
    if not mentions:
        return None
    handlers = {"license_name": _license_name, "commercial_use": _commercial_use,
                "open_weights": _open_weights, "api_only": _api_only,
                "api_access": _api_access, "api_key": _api_key, "gated": _gated}
    return [handlers[m.attribute.name](m, files) for m in mentions]


def license_terms(files: ModelFiles) -> list[str]:
    """The card's license id and license name, slugified ("other", "flux-1-dev-non-...")."""
    terms: list[str] = []
    for key in ("license", "license_name"):
        value = files.card.get(key)
        for item in value if isinstance(value, list) else [value]:
            if item:
                terms.append(slugify(str(item)))
    return terms


def commercial_use_permitted(terms: list[str]) -> bool | None:
    """False for a non-commercial license, True for a permissive one, else None (unknown)."""
    if any(_NON_COMMERCIAL.search(t) for t in terms):
        return False
    return True if any(t in PERMISSIVE for t in terms) else None


def _license_name(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    terms = license_terms(files)
    if not terms:
        return not_stated(PROTOCOL, files, mention, _no_card(files))
    claimed = re.sub(r"-licen[cs]e$", "", slugify(mention.value or mention.text))
    matched = any(claimed == t or f"-{claimed}-" in f"-{t}-" or t.startswith(claimed + "-")
                  for t in terms)
    family = next((f for f in _FAMILIES if claimed.startswith(f)), None)
    known = [t for t in terms if t != "other" and any(t.startswith(f) for f in _FAMILIES)]
    outcome = (Verdict.SUPPORTED if matched else
               Verdict.REFUTED if family and known else Verdict.UNDETERMINED)
    return record(PROTOCOL, files, mention, source_file="README.md", field="license, "
                  "license_name", found=terms, claimed=claimed, rule="the claimed license "
                  "names the card's license id or license name (refuted only between known "
                  "license families)", outcome=outcome, explanation=f"the card's license: "
                  f"{', '.join(terms)}")


def _commercial_use(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    terms = license_terms(files)
    if not terms:
        return not_stated(PROTOCOL, files, mention, _no_card(files))
    permitted = commercial_use_permitted(terms)
    claimed = not mention.text.lower().startswith("non")
    outcome = Verdict.UNDETERMINED if permitted is None else verdict_of(permitted == claimed)
    why = {None: "the license is not one the rule knows, so its terms are not read here",
           True: "a permissive license allows commercial use",
           False: "the license's name says it is non-commercial"}[permitted]
    return record(PROTOCOL, files, mention, source_file="README.md", field="license, "
                  "license_name", found=terms, claimed="commercial use permitted" if claimed
                  else "commercial use not permitted", rule="non-commercial license names "
                  "forbid, permissive licenses allow, other licenses are not decided",
                  outcome=outcome, explanation=f"license {', '.join(terms)}: {why}")


def _open_weights(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    if files.kind == "provider":
        return record(PROTOCOL, files, mention, source_file="provider.json", field="weights",
                      found=files.provider.get("weights"), claimed="weights published",
                      rule="the provider card says whether weights are published",
                      outcome=verdict_of(files.has_open_weights),
                      explanation=f"weights: {files.provider.get('weights')!r}, access: "
                                  f"{files.provider.get('access')!r}")
    gated = files.card.get("gated")
    config = "model_index.json" if files.kind == "diffusers" else "config.json"
    return record(PROTOCOL, files, mention, source_file=config, field=None, found=True,
                  claimed="weights published", rule="a hub model repository with a model "
                  "config publishes its weights", outcome=Verdict.SUPPORTED,
                  explanation=f"{files.hub_id} is a model repository"
                  + (" (gated: access requires accepting its terms)" if gated else ""))


def _api_only(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    access = files.provider.get("access") if files.kind == "provider" else "open weights"
    return record(PROTOCOL, files, mention, source_file="provider.json" if files.kind ==
                  "provider" else None, field="access", found=access, claimed="API only",
                  rule="API-only means no published weights", outcome=verdict_of(
                      not files.has_open_weights), explanation=f"access: {access!r}")


def _api_access(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    api: Any = files.provider.get("api")
    if not api:
        return not_stated(PROTOCOL, files, mention, "no provider card describes an API")
    return record(PROTOCOL, files, mention, source_file="provider.json", field="api.endpoint",
                  found=api.get("endpoint"), claimed="an API", rule="the provider card "
                  "describes an API endpoint", outcome=verdict_of(bool(api.get("endpoint"))),
                  explanation=f"endpoint {api.get('endpoint')!r}")


def _api_key(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    auth = (files.provider.get("api") or {}).get("auth")
    if not auth:
        return not_stated(PROTOCOL, files, mention, "no provider card states how the API "
                          "authenticates")
    return record(PROTOCOL, files, mention, source_file="provider.json", field="api.auth",
                  found=auth, claimed="API key", rule="the API authenticates with a key",
                  outcome=verdict_of("key" in str(auth).lower()), explanation=f"auth: {auth!r}")


def _gated(mention: Mention, files: ModelFiles) -> EvidenceRecord:
    gated = files.card.get("gated")
    if gated is None:
        return not_stated(PROTOCOL, files, mention, "the card's front matter does not say "
                          "(gating is a Hub setting it need not repeat)")
    return record(PROTOCOL, files, mention, source_file="README.md", field="gated", found=gated,
                  claimed=True, rule="the card's front matter gated field",
                  outcome=verdict_of(bool(gated)), explanation=f"gated: {gated!r}")


def _no_card(files: ModelFiles) -> str:
    return ("the provider card states no license" if files.kind == "provider"
            else "README.md has no license in its front matter")
