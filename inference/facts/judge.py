"""Compare a stated value with a fact's value: the rules, one per comparator.

A stated number covers what rounds to it (half a unit of its last digit); "about" widens
that to ±15%; "up to N" and "a maximum of N" state the maximum itself, so they are judged
as N; "at most", "at least", "over", "under" and "between" as written; a "k" suffix may mean
thousands or multiples of 1024 (32k tokens: 32,000 or 32,768); bytes may be powers of 1000
or 1024. Lists compare item by item to their stated decimals; names by their normalised id.
"""

from __future__ import annotations

import re
from typing import Any

from graph.claims.statement import ACTIVATIONS, Stated, spdx
from graph.claims.units import APPROX_TOLERANCE


def judge(stated: Stated, value: Any) -> tuple[bool | None, str]:
    """(holds, rule): None when the rule cannot compare them (an unknown license)."""
    if stated.kind == "number" and isinstance(value, list):
        results = [_number(stated, float(v)) for v in value]
        return all(ok for ok, _ in results), (results[0][1] + ", for every item of the list "
                                              "(one number stated for each channel or side)")
    if stated.kind == "number":
        return _number(stated, float(value))
    if stated.kind == "list":
        found = [float(v) for v in value]
        decimals = [_decimals(t) for t in re.findall(r"-?\d*\.?\d+", stated.text)]
        ok = len(found) == len(stated.values) and all(
            abs(c - f) <= 0.5 * 10.0 ** -d + 1e-12
            for c, f, d in zip(stated.values, found, decimals, strict=False))
        return ok, "each stated item covers what rounds to it, in order"
    if stated.kind == "dims":
        found = value if isinstance(value, list) else [value, value]
        w, h = stated.values
        ok = sorted(float(x) for x in found) == sorted((w, h)) and (w == h or list(found) in (
            [h, w], [w, h]))
        return ok, "the stated width x height equals the fact's size (height, width)"
    kind, _, name = stated.names[0].partition(":")
    if kind == "license":
        found_id = spdx(str(value))
        if found_id is None:
            return None, f"the card's license {value!r} is not one the rule knows"
        return found_id == name, "the claimed license is the card's (as SPDX ids)"
    if kind == "activation":
        return ACTIVATIONS.get(str(value).lower()) == name, (
            "the claimed activation names the config's (GELU variants are GELU, SwiGLU and "
            "Swish are SiLU)")
    if kind == "class":
        values = value if isinstance(value, list) else [value]
        return name in values, "the claimed class is the one the files name"
    if kind == "task":
        return (True if str(value).lower() == name else None), (
            "the claimed task is the card's pipeline tag (a different tag does not refute: "
            "a model may do more than its tag)")
    return None, "no rule compares these"


def _number(stated: Stated, found: float) -> tuple[bool, str]:
    lo, hi, res = stated.lo, stated.hi, stated.resolution
    windows = [(lo - res, hi + res)]
    if stated.thousands:
        windows.append(((lo - res) * 1.024, (hi + res) * 1.024))
    if stated.unit == "byte":
        windows.append(((lo - res) * 1.024 ** _byte_power(lo), (hi + res) * 1.024 **
                        _byte_power(lo)))
    op = stated.comparator
    if op == "~":
        windows = [(min(a, a * (1 - APPROX_TOLERANCE)), max(b, b * (1 + APPROX_TOLERANCE)))
                   for a, b in windows]
        return any(a <= found <= b for a, b in windows), (
            "an approximate number covers ±15% of itself")
    if op in ("=", "max", "range"):
        what = {"=": "a stated number covers what rounds to it",
                "max": "'up to N' states the maximum: the fact is N (to its rounding)",
                "range": "a range covers its ends (to their rounding)"}[op]
        return any(a <= found <= b for a, b in windows), what
    if op == "<=":
        return found <= max(b for _, b in windows), "'at most N': the fact is N or less"
    if op == ">=":
        return found >= min(a for a, _ in windows), "'at least N': the fact is N or more"
    if op == ">":
        return found > hi, "'over N': the fact is more than N"
    return found < lo, "'under N': the fact is less than N"


def _byte_power(value: float) -> int:
    power = 0
    while value >= 1000 and power < 4:
        value /= 1000
        power += 1
    return power


def _decimals(text: str) -> int:
    return len(text.partition(".")[2])
