"""What a claim states: values with units and comparators, lists, names, and flags.

    stated_values(text) -> list[Stated]

A `Stated` is one value the claim commits to, with where it stands in the text, so the
words around it (its subject) can be matched to a model's facts. Numbers come from the
one place that reads quantities (`graph.claims.units`); this module adds what a claim
does with them: comparators ("up to", "at most", "over", "between"), units written as
words ("30-second", "16 kHz", "32k tokens", "7B parameters"), lists ("[0.5, 0.5, 0.5]"),
dimensions ("224x224"), and names (licenses as SPDX ids, activations, class names,
dtypes, tasks).

Example:
    >>> [(s.kind, s.lo, s.unit, s.comparator) for s in stated_values("up to 32k tokens")]
    [('number', 32000.0, 'token', 'max')]
    >>> [(s.kind, s.names) for s in stated_values("licensed under Apache 2.0")]
    [('name', ('license:apache-2.0',))]
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.claims.units import find_dimensions, find_quantities

# what a comparator word does to the stated number
_COMPARATORS: tuple[tuple[str, str], ...] = (
    (r"between", "range"),
    (r"up\s+to|a\s+maximum\s+of|maximum\s+of|max(?:imum)?\.?|as\s+many\s+as|capped\s+at", "max"),
    (r"at\s+most|no\s+more\s+than|not\s+more\s+than|at\s+maximum", "<="),
    (r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|min(?:imum)?", ">="),
    (r"over|more\s+than|greater\s+than|above|exceeds?|exceeding|beyond|larger\s+than", ">"),
    (r"under|below|less\s+than|fewer\s+than|smaller\s+than", "<"),
    (r"about|around|approximately|approx\.?|roughly|nearly|almost|close\s+to|some|~|≈", "~"),
)
_COMPARATOR = re.compile(r"(?:" + "|".join(f"(?P<c{i}>(?<![\\w])(?:{p}))" for i, (p, _) in
                                           enumerate(_COMPARATORS)) + r")\s*$", re.IGNORECASE)
# unit words that may follow a number, with the base unit and scale
_UNIT_WORDS: tuple[tuple[str, str, float], ...] = (
    (r"khz", "Hz", 1000.0), (r"hz|hertz", "Hz", 1.0),
    (r"ms|milliseconds?", "s", 0.001), (r"s|secs?|seconds?", "s", 1.0),
    (r"tokens?|positions?", "token", 1.0),
    (r"px|pixels?", "pixel", 1.0),
    (r"parameters?|params?|weights", "parameter", 1.0),
)
_UNIT_AFTER = re.compile(r"^[\s-]*(?:(?P<mag>[kKMB])[\s-]*)?(?P<word>" + "|".join(
    f"(?:{p})" for p, _, _ in _UNIT_WORDS) + r")(?![\w])", re.IGNORECASE)
_NUMBER_LIST = re.compile(r"\[\s*(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)+)\s*\]|"
                          r"\(\s*(-?\d*\.\d+(?:\s*,\s*-?\d*\.\d+){2,})\s*\)|"
                          r"(?<![\w.,])(\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?)+"
                          r"(?:,?\s*(?:and|then)\s*\d+(?:\.\d+)?)|"
                          r"\d+(?:\.\d+)?(?:\s*,\s*\d+(?:\.\d+)?){2,})(?![\w.,]*\d)")
_RATE = re.compile(r"^[\s-]*(?:\w+\s+){0,2}?(?:per|/|a|an|each)\s*(?:second|sec|s|minute|min|"
                   r"hour|hr|day|image|request|call|token)s?\b", re.IGNORECASE)
_FOLD = re.compile(r"(?P<n>\d+(?:\.\d+)?)[\s-]*(?:fold|times)\b", re.IGNORECASE)

LICENSES: tuple[tuple[str, str], ...] = (
    (r"apache(?:[\s-]*(?:license|licence))?(?:[\s,-]*(?:version\s*|v)?2(?:\.0)?)?", "apache-2.0"),
    (r"MIT", "mit"),
    (r"BSD[\s-]*3[\s-]*clause|3[\s-]*clause\s+BSD", "bsd-3-clause"),
    (r"BSD[\s-]*2[\s-]*clause|2[\s-]*clause\s+BSD", "bsd-2-clause"),
    (r"CC[\s-]*BY[\s-]*NC[\s-]*SA[\s-]*4(?:\.0)?", "cc-by-nc-sa-4.0"),
    (r"CC[\s-]*BY[\s-]*NC[\s-]*4(?:\.0)?|creative\s+commons\s+(?:attribution[\s-]+)?"
     r"non[\s-]?commercial", "cc-by-nc-4.0"),
    (r"CC[\s-]*BY[\s-]*SA[\s-]*4(?:\.0)?", "cc-by-sa-4.0"),
    (r"CC[\s-]*BY[\s-]*4(?:\.0)?|creative\s+commons\s+attribution(?:\s+4\.0)?", "cc-by-4.0"),
    (r"CC0|public\s+domain", "cc0-1.0"),
    (r"A?GPL[\s-]*v?3(?:\.0)?|GNU\s+General\s+Public\s+License\s+v?3", "gpl-3.0"),
    (r"(?:creativeml[\s-]+)?open[\s-]?rail(?:[\s-]*\+\+)?(?:[\s-]*m)?", "openrail"),
    (r"llama\s*2(?:\s+community)?", "llama2"), (r"llama\s*3(?:\.\d)?(?:\s+community)?", "llama3"),
    (r"gemma(?:\s+terms)?", "gemma"),
)
_LICENSE = re.compile(r"(?<![\w.])(?:" + "|".join(f"(?P<l{i}>{p})" for i, (p, _) in
                                                   enumerate(LICENSES)) + r")(?![\w])",
                      re.IGNORECASE)
_LICENSE_CONTEXT = re.compile(r"licen[cs]\w*|released\s+under|under\s+(?:the|an?)\b|"
                              r"\bunder\s+(?-i:[A-Z])|open[\s-]source", re.IGNORECASE)
ACTIVATIONS = {"gelu": "gelu", "gelu_new": "gelu", "gelu_pytorch_tanh": "gelu", "quick_gelu":
               "gelu", "relu": "relu", "silu": "silu", "swish": "silu", "swiglu": "silu",
               "tanh": "tanh", "geglu": "gelu", "gelu_fast": "gelu", "relu2": "relu",
               "mish": "mish", "sigmoid": "sigmoid", "leaky_relu": "leaky_relu"}
_ACTIVATION = re.compile(r"(?<![\w-])(GELU|GeLU|gelu|ReLU|relu|SiLU|silu|Swish|swish|SwiGLU|"
                         r"GeGLU|Mish|tanh|sigmoid)(?![\w-])")
_CLASS = re.compile(r"(?<![\w])([A-Z][A-Za-z0-9]*?(?:Scheduler|Pipeline|Model|ForCausalLM|"
                    r"ForConditionalGeneration|Processor|Extractor|TokenizerFast|Tokenizer|KL))"
                    r"(?![\w])")
_TASK = re.compile(r"(?<![\w-])((?:text|image|audio|video|automatic|zero|token|fill|"
                   r"feature|sentence|object|question|table|depth|visual|document|mask|"
                   r"speech|summar\w*|translation|unconditional)[\w]*(?:-[a-z]+){1,4})"
                   r"(?![\w-])")
_NEGATION = re.compile(r"\b(?:not|no|never|without|doesn't|does\s+not|isn't|is\s+not|"
                       r"aren't|un(?:tied|shared)|separate|disabled?|lacks?|neither|nor)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Stated:
    """One value a claim states.

    kind: "number" (lo..hi in `unit`, with `comparator`), "dims" (`values` = (w, h)),
    "list" (`values`), "name" (`names`: typed ids such as "license:mit").
    `resolution` is half a unit of the last stated digit (what rounds to the number);
    `thousands` says a "k" suffix was used (32k may mean 32,768).
    """

    kind: str
    text: str
    start: int
    end: int
    lo: float = math.nan
    hi: float = math.nan
    unit: str = "count"
    comparator: str = "="
    resolution: float = 0.0
    values: tuple[float, ...] = ()
    names: tuple[str, ...] = ()
    thousands: bool = False

    def describe(self) -> str:
        if self.kind == "number":
            shown = f"{self.lo:g}" if self.lo == self.hi else f"{self.lo:g}–{self.hi:g}"
            unit = "" if self.unit == "count" else f" {self.unit}"
            op = "" if self.comparator == "=" else f"{self.comparator} "
            return f"{op}{shown}{unit}"
        if self.kind in ("dims", "list"):
            return "[" + ", ".join(f"{v:g}" for v in self.values) + "]"
        return ", ".join(self.names)


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "sixteen": 16, "half": 0.5, "twice": 2,
                 "double": 2}
_WORD_FOLD = re.compile(r"\b(?P<n>" + "|".join(_NUMBER_WORDS) + r")(?:[\s-]+(?:times|fold)\b|"
                        r"(?<=twice)\b|(?<=double)\b)", re.IGNORECASE)
_A_SCALE = re.compile(r"\b(?:a|one)\s+(?P<w>thousand|million|billion|trillion)\b", re.I)
_BITS = re.compile(r"\d+[\s-]*bits?\b", re.IGNORECASE)


def stated_values(text: str) -> list[Stated]:
    """Every value `text` states, in text order, none overlapping another.

    Example:
        >>> [s.describe() for s in stated_values("between 16 and 32 heads, over 7B params")]
        ['range 16–32', '> 7e+09 parameter']
        >>> [s.describe() for s in stated_values("normalizes with mean [0.485, 0.456, 0.406]")]
        ['[0.485, 0.456, 0.406]']
        >>> [s.describe() for s in stated_values("30-second windows at 16 kHz")]
        ['30 s', '16000 Hz']
    """
    found: list[Stated] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in taken)

    def add(item: Stated) -> None:
        if free(item.start, item.end):
            found.append(item)
            taken.append((item.start, item.end))

    for match in _NUMBER_LIST.finditer(text):
        items = re.split(r",|\band\b|\bthen\b", match.group(1) or match.group(2)
                         or match.group(3))
        if match.group(3) and re.fullmatch(r"\d{1,3}(?:,\d{3})+", match.group(3).replace(" ", "")):
            continue       # 1,000,000 is one number, not a list
        add(Stated("list", match.group(0), match.start(), match.end(),
                   values=tuple(float(i) for i in items if i.strip())))
    for dims in find_dimensions(text):
        add(Stated("dims", text[dims.start:dims.end], dims.start, dims.end,
                   values=(float(dims.width), float(dims.height)), unit="pixel"))
    for item in _between(text):
        add(item)
    for item in _names(text):
        add(item)
    for match in _BITS.finditer(text):
        taken.append((match.start(), match.end()))     # "4-bit" names a precision
    for match in _FOLD.finditer(text):
        n = float(match["n"])
        add(Stated("number", match.group(0), match.start(), match.end(), n, n, "ratio"))
    for match in _WORD_FOLD.finditer(text):
        n = float(_NUMBER_WORDS[match["n"].lower()])
        add(Stated("number", match.group(0), match.start(), match.end(), n, n, "ratio"))
    for match in _A_SCALE.finditer(text):
        n = _SCALE_WORDS[match["w"].lower()]
        add(_number(text, match.start(), match.end(), n, n, "count", 0.5 * n, False,
                    match.group(0)))
    for q in find_quantities(text):
        if re.search(r"(?-i:[A-Z])[\w.\-]*\s+$", text[:q.start]) and re.fullmatch(
                r"\d+(?:\.\d+)?\s*[BMK]", q.text.strip()):
            continue                  # "Acme 7B": a size in a name, not a statement
        end = q.end
        while end > q.start and text[end - 1].isspace():
            end -= 1
        if not free(q.start, end) or q.unit == "usd":
            continue
        add(_number(text, q.start, end, q.lo, q.hi, q.unit, q.resolution, q.approx, q.text))
    return sorted(found, key=lambda s: s.start)


def _number(text: str, start: int, end: int, lo: float, hi: float, unit: str,
            resolution: float, approx: bool, raw: str) -> Stated:
    thousands = bool(re.search(r"\d\s*[kK](?![a-zA-Z])", raw))
    after = _UNIT_AFTER.match(text[end:])
    if after and unit in ("count", "step"):
        scale_word = next((u, s) for p, u, s in _UNIT_WORDS
                          if re.fullmatch(p, after["word"], re.IGNORECASE))
        mag = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}.get(after["mag"] or "", 1.0)
        thousands = thousands or mag == 1e3
        unit = scale_word[0]
        lo, hi, resolution = (x * scale_word[1] * mag for x in (lo, hi, resolution))
        if resolution == 0 and unit in ("Hz", "s") and scale_word[1] != 1.0:
            resolution = 0.5 * scale_word[1]
        end += after.end()
    elif unit == "count" and re.match(r"^[\s-]*(?:parameters?|params)\b", text[end:], re.I):
        unit = "parameter"
    if unit == "step":
        unit = "count"
    if _RATE.match(text[end:]):
        unit = "rate"              # "1,000 images per second": a measurement, no config value
    comparator = "~" if approx else "="
    before = _COMPARATOR.search(text[max(0, start - 24):start])
    if before is not None:
        op = next(_COMPARATORS[i][1] for i in range(len(_COMPARATORS))
                  if before.group(f"c{i}"))
        comparator = op if op != "range" else comparator
        start = max(0, start - 24) + before.start()
    if lo != hi and comparator == "=":
        comparator = "range"
    return Stated("number", text[start:end], start, end, lo, hi, unit, comparator, resolution,
                  thousands=thousands)


_SCALE_WORDS = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "B": 1e9,
                "bn": 1e9, "billion": 1e9, "T": 1e12, "trillion": 1e12}
_SCALE = r"(?:\s*(?:[kKMBT]|bn)(?![a-zA-Z])|\s+(?:thousand|million|billion|trillion)\b)?"


def _between(text: str) -> list[Stated]:
    out = []
    for match in re.finditer(rf"\bbetween\s+(?P<a>\d[\d,]*(?:\.\d+)?)(?P<ua>{_SCALE})\s+and\s+"
                             rf"(?P<b>\d[\d,]*(?:\.\d+)?)(?P<ub>{_SCALE})", text, re.IGNORECASE):
        ua, ub = (match[g].strip() for g in ("ua", "ub"))
        scale_b = _SCALE_WORDS.get(ub, _SCALE_WORDS.get(ub.lower(), 1.0)) if ub else 1.0
        scale_a = _SCALE_WORDS.get(ua, _SCALE_WORDS.get(ua.lower(), 1.0)) if ua else scale_b
        a = float(match["a"].replace(",", "")) * scale_a
        b = float(match["b"].replace(",", "")) * scale_b
        item = _number(text, match.end(), match.end(), 0.0, 0.0, "count", 0.0, False, "")
        out.append(Stated("number", text[match.start():item.end], match.start(), item.end,
                          a, b, item.unit, "range", thousands=item.thousands))
    return out


def _names(text: str) -> list[Stated]:
    out = []
    if _LICENSE_CONTEXT.search(text) or re.search(r"-licen[cs]ed", text, re.IGNORECASE):
        for match in _LICENSE.finditer(text):
            spdx = next(LICENSES[i][1] for i in range(len(LICENSES)) if match.group(f"l{i}"))
            out.append(Stated("name", match.group(0), match.start(), match.end(),
                              names=(f"license:{spdx}",)))
    for match in _ACTIVATION.finditer(text):
        out.append(Stated("name", match.group(0), match.start(), match.end(),
                          names=(f"activation:{ACTIVATIONS[match.group(1).lower()]}",)))
    for match in _CLASS.finditer(text):
        out.append(Stated("name", match.group(0), match.start(), match.end(),
                          names=(f"class:{match.group(1)}",)))
    for match in _TASK.finditer(text):
        out.append(Stated("name", match.group(0), match.start(), match.end(),
                          names=(f"task:{match.group(1).lower()}",)))
    return out


def negated(text: str) -> bool:
    """Whether the claim denies what it names ("does not tie", "untied", "without")."""
    return _NEGATION.search(text) is not None


def spdx(value: str) -> str | None:
    """The SPDX-like id of a license as cards and prose write it, None when unknown.

    Example:
        >>> spdx("apache-2.0"), spdx("Apache License 2.0"), spdx("creativeml-openrail-m")
        ('apache-2.0', 'apache-2.0', 'openrail')
    """
    text = value.replace("_", "-")
    match = _LICENSE.fullmatch(text.strip())
    if match is None:
        return None
    return next(LICENSES[i][1] for i in range(len(LICENSES)) if match.group(f"l{i}"))


def mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with the spans blanked (same length, so positions stay valid).

    Example:
        >>> mask("has 12 layers", [(4, 6)])
        'has    layers'
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def uncompared_values(text: str, covered: Sequence[tuple[int, int]], rest: str) -> str:
    """The values `text` states that neither the facts (`covered`) nor a value-stating
    attribute of `rest` (the text the attribute checkers read) took, described; "" if none.

    Example:
        >>> uncompared_values("normalizes with mean [0.1, 0.2, 0.3]", [], "normalizes with")
        '[0.1, 0.2, 0.3]'
    """
    from graph.claims.attributes import contrast_spans, find_attributes

    taken = [*covered, *((m.start, m.end) for m in find_attributes(rest) if m.attribute.strong)]
    contrasts = contrast_spans(text)
    loose = [v for v in stated_values(text) if v.kind != "name"
             and not any(a <= v.start < b for a, b in contrasts)
             and not any(a < v.end and v.start < b for a, b in taken)]
    return ", ".join(v.describe() for v in loose)


def same_clause(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two spans stand in one clause: close, with no comma or semicolon between.

    Example:
        >>> t = "normalizes images with mean [0.5, 0.5], converting to RGB"
        >>> same_clause(t, (0, 10), (28, 38)), same_clause(t, (41, 51), (28, 38))
        (True, False)
    """
    lo, hi = min(a[1], b[1]), max(a[0], b[0])
    between = text[lo:hi] if lo <= hi else ""
    return len(between) <= 40 and not re.search(r"[,;:]|\band\b", between)
