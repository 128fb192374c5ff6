"""The one place numbers, units and ranges in claim text are read and compared.

A `Quantity` is a value or a range [lo, hi] with a unit, an approximate flag and the
precision it was stated with; `agreement` is the one tolerance rule: a stated number
covers what rounds to it, "~" widens that to ±15%, a range covers its ends. Numbers that
are part of a name ("ImageNet-21k", "FLUX.1", "DALL-E 3", "int8") are not quantities.

Example:
    >>> [q.describe() for q in find_quantities("from ~1.4GB (fp32) to ~350MB (int8)")]
    ['~1.4 GB', '~350 MB']
    >>> find_quantities("pre-trained on ImageNet-21k")
    []
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

APPROX_TOLERANCE = 0.15  # "~", "about", "approximately": within 15% of the stated value

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?"
_BYTES = {"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
          "KIB": 2.0**10, "MIB": 2.0**20, "GIB": 2.0**30, "TIB": 2.0**40}
_MAGNITUDE = {"K": 1e3, "THOUSAND": 1e3, "M": 1e6, "MILLION": 1e6, "B": 1e9, "BN": 1e9,
              "BILLION": 1e9, "T": 1e12, "TRILLION": 1e12}
_UNIT = (r"(?P<unit>%|x(?![a-z])|×|[KMGT]i?B\b|MP\b|bn\b|billion\b|million\b|thousand\b"
         r"|trillion\b|[KkMBT](?![a-zA-Z])|steps?\b)?")
_QUANTITY = re.compile(
    rf"(?P<approx>~|≈|\babout\s|\bapproximately\s|\bapprox\.\s|\baround\s|\broughly\s)?\s*"
    rf"(?P<usd>\$)?(?P<lo>{_NUM})(?:\s*(?:-|–|to)\s*\$?(?P<hi>{_NUM}))?\s*{_UNIT}"
    r"(?P<plus>\+)?")
_DIMENSIONS = re.compile(r"(?<![\w.])(?P<w>\d+)\s*[x×]\s*(?P<h>\d+)(?![\w]|\.\d)")
_NUMBER_LIST = re.compile(r"(?P<label>[A-Za-z_][\w ]*?)\s*[=:]\s*\[(?P<items>[^\]]*)\]")


@dataclass(frozen=True)
class Quantity:
    """A stated number or range. `resolution` is half a unit of the last stated digit,
    in the same scaled unit; `binary` says a byte unit may also mean powers of 1024."""

    lo: float
    hi: float
    unit: str          # "count", "byte", "ratio", "percent", "step", "usd", "pixel"
    approx: bool
    text: str
    resolution: float = 0.0
    binary: bool = False
    start: int = 0
    end: int = 0

    @property
    def is_range(self) -> bool:
        return self.lo != self.hi

    def describe(self) -> str:
        """The quantity as claim text states it, units normalised.

        Example:
            >>> parse_quantity("2-3x").describe(), parse_quantity("12B").describe()
            ('2–3 x', '12 billion')
        """
        return ("~" if self.approx else "") + _span_text(self)


def parse_quantity(text: str) -> Quantity:
    """The first quantity in `text`.

    Example:
        >>> q = parse_quantity("~1.4GB")
        >>> q.lo, q.unit, q.approx, q.binary
        (1400000000.0, 'byte', True, True)
        >>> q = parse_quantity("15-25%"); (q.lo, q.hi, q.unit)
        (15.0, 25.0, 'percent')
        >>> q = parse_quantity("1-4 steps"); (q.lo, q.hi, q.unit)
        (1.0, 4.0, 'step')
        >>> q = parse_quantity("$2.50e-6"); (q.lo, q.unit)
        (2.5e-06, 'usd')
        >>> parse_quantity("333M").lo, parse_quantity("12B-parameter").lo
        (333000000.0, 12000000000.0)

    Raises:
        ValueError: `text` states no quantity.
    """
    found = find_quantities(text)
    if not found:
        raise ValueError(f"no quantity in {text!r}")
    return found[0]


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, skipping numbers that belong to names and dimensions.

    Example:
        >>> [(q.lo, q.hi, q.unit) for q in find_quantities("by 15-25% and 2-3x faster")]
        [(15.0, 25.0, 'percent'), (2.0, 3.0, 'ratio')]
        >>> [q.lo for q in find_quantities("beats DALL-E 3 and FLUX.1 at 16x16, int8")]
        []
        >>> q = find_quantities("needs 1000+ examples")[0]; (q.lo, q.hi)
        (1000.0, inf)
    """
    dims = [(m.start(), m.end()) for m in _DIMENSIONS.finditer(text)]
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        start = match.start("lo")
        if any(a <= start < b for a, b in dims) or _is_name_number(text, start, match):
            continue
        found.append(_quantity(match))
    return found


@dataclass(frozen=True)
class Dimensions:
    """"384x384": width by height, as stated."""

    width: int
    height: int
    start: int = 0
    end: int = 0


def find_dimensions(text: str) -> list[Dimensions]:
    """Every "W x H" in `text`.

    Example:
        >>> [(d.width, d.height) for d in find_dimensions("to 384x384 pixels, 16 × 16 patches")]
        [(384, 384), (16, 16)]
    """
    return [Dimensions(int(m["w"]), int(m["h"]), m.start(), m.end())
            for m in _DIMENSIONS.finditer(text)]


def find_number_lists(text: str) -> list[tuple[str, tuple[float, ...]]]:
    """Every "label=[a, b, c]" list, the label lower-cased.

    Example:
        >>> find_number_lists("stats (mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])")
        [('mean', (0.485, 0.456, 0.406)), ('std', (0.229, 0.224, 0.225))]
    """
    lists = []
    for match in _NUMBER_LIST.finditer(text):
        items = [s.strip() for s in match["items"].split(",") if s.strip()]
        if items and all(re.fullmatch(_NUM, s) for s in items):
            label = match["label"].strip().split()[-1].lower()
            lists.append((label, tuple(float(s) for s in items)))
    return lists


def list_agreement(text: str, found: Sequence[float]) -> tuple[bool, str] | None:
    """Whether the first "label=[...]" list in `text` matches `found` item by item, each to
    its stated decimals; None when the text states no list.

    Example:
        >>> list_agreement("mean=[0.49, 0.46]", [0.485, 0.456])
        (True, 'each stated value covers what rounds to it: [0.49, 0.46] vs found [0.485, 0.456]')
        >>> list_agreement("mean=[0.50, 0.50]", [0.485, 0.456])[0]
        False
    """
    match = next((m for m in _NUMBER_LIST.finditer(text) if find_number_lists(m.group(0))), None)
    if match is None:
        return None
    items = [s.strip() for s in match["items"].split(",") if s.strip()]
    ok = len(items) == len(found) and all(
        abs(float(item) - value) <= 0.5 * 10.0 ** -_decimals(item) + 1e-12
        for item, value in zip(items, found, strict=True))
    shown = "[" + ", ".join(items) + "]"
    return ok, (f"each stated value covers what rounds to it: {shown} vs found "
                f"{[float(v) for v in found]}")


def agreement(claimed: Quantity, value: float) -> tuple[bool, str]:
    """Whether `value` (in the claim's base unit) agrees with `claimed`, and the rule used.

    Example:
        >>> agreement(parse_quantity("~1.4GB"), 1_335_687_168)[0]
        True
        >>> ok, rule = agreement(parse_quantity("12B"), 11_901_408_320)
        >>> ok, rule.split(" (")[0]
        (True, 'stated 12 billion covers [11.5 billion, 12.5 billion]')
        >>> agreement(parse_quantity("~350MB"), 667_843_584)[0]
        False
    """
    windows = [_window(claimed, 1.0)]
    if claimed.binary:
        windows.append(_window(claimed, _binary_factor(claimed.text)))
    ok = any(lo <= value <= hi for lo, hi in windows)
    how = "±15% for an approximate number" if claimed.approx else "rounding of the stated digits"
    shown = " or ".join(f"[{format_value(lo, claimed.unit)}, {format_value(hi, claimed.unit)}]"
                        for lo, hi in windows)
    readings = " (read as powers of 1000 or of 1024)" if claimed.binary else ""
    return ok, (f"stated {claimed.describe()} covers {shown}{readings} ({how}); "
                f"found {format_value(value, claimed.unit)}")


def format_value(value: float, unit: str, *, with_unit: bool = True) -> str:
    """A number for people: 11.9 billion, 1.34 GB, 25%.

    Example:
        >>> format_value(333_921_792, "count"), format_value(1_335_687_168, "byte")
        ('334 million', '1.34 GB')
    """
    if math.isinf(value):
        return "∞"
    scales = {"byte": (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3)),
              "count": (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)),
              "pixel": (("million", 1e6),)}.get(unit, ())
    for name, size in scales:
        if abs(value) >= size:
            return f"{value / size:.3g} {name}" + (" pixels" if unit == "pixel" else "")
    suffix = _SUFFIX.get(unit, "") if with_unit else ""
    return f"{value:.6g}{suffix}"


_SUFFIX = {"percent": "%", "ratio": " x", "usd": " USD", "step": " steps", "byte": " bytes",
           "pixel": " pixels"}


def _quantity(match: re.Match[str]) -> Quantity:
    raw_unit = match["unit"] or ""
    key = raw_unit.upper()
    lo_text, hi_text = match["lo"], match["hi"] or match["lo"]
    scale, unit, binary = 1.0, "count", False
    if match["usd"]:
        unit = "usd"
    elif key in _BYTES:
        scale, unit, binary = _BYTES[key], "byte", "I" not in key
    elif key in _MAGNITUDE:
        scale = _MAGNITUDE[key]
    elif key == "MP":
        scale, unit = 1e6, "pixel"
    elif raw_unit:
        unit = {"%": "percent", "X": "ratio", "×": "ratio"}.get(key, "step")
    lo, hi = _number(lo_text) * scale, _number(hi_text) * scale
    if match["plus"]:
        hi = math.inf
    resolution = 0.5 * 10.0 ** -_decimals(hi_text) * scale
    if unit == "count" and scale == 1.0 and "." not in hi_text:
        resolution = 0.0          # a plain integer count ("12 layers") is exact
    return Quantity(lo, hi, unit, bool(match["approx"]), match.group(0).strip(), resolution,
                    binary, match.start("lo"), match.end())


def _is_name_number(text: str, start: int, match: re.Match[str]) -> bool:
    before, after = text[:start], text[match.end("hi") if match["hi"] else match.end("lo"):]
    if re.search(r"([A-Za-z][-.]?|\d[.,]?|/)$", before) or after.startswith("/"):
        return True                      # ImageNet-21k, FLUX.1, int8, T5; scores like 58/100
    if match["unit"] or match["hi"] or match["usd"]:
        return False
    words = re.findall(r"\S+", before)[-2:]
    if not words or not re.fullmatch(r"[A-Z][\w.\-]*", words[-1]):
        return False
    # "DALL-E 3", "Stable Diffusion 3", "Midjourney 6 and": a capitalised name and a version
    return (not re.fullmatch(r"[A-Z][a-z]+", words[-1])
            or (len(words) == 2 and re.fullmatch(r"[A-Z][\w.\-]*", words[0]) is not None)
            or re.match(r"\s*([,.;:)\]]|$|(and|or|vs|by|on|in|at|with|for|than)\b)", after)
            is not None)


def _window(q: Quantity, factor: float) -> tuple[float, float]:
    lo, hi, res = q.lo * factor, q.hi * factor, q.resolution * factor
    if q.approx:
        return (min(lo - res, lo * (1 - APPROX_TOLERANCE)),
                max(hi + res, hi * (1 + APPROX_TOLERANCE)))
    return lo - res, hi + res


def _binary_factor(text: str) -> float:
    match = re.search(r"([KMGT])B", text.upper())
    power = "KMGT".index(match.group(1)) + 1 if match else 0
    return (1024.0 / 1000.0) ** power


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _decimals(text: str) -> int:
    mantissa, _, exponent = text.replace(",", "").lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return decimals - int(exponent or 0)


def _span_text(q: Quantity) -> str:
    if not q.is_range:
        return format_value(q.lo, q.unit)
    lo = format_value(q.lo, q.unit, with_unit=False)
    if math.isinf(q.hi):
        return f"{lo}+{_SUFFIX.get(q.unit, '')}"
    return f"{lo}–{format_value(q.hi, q.unit)}"
