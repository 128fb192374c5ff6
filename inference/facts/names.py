"""Names a claim states that categorical facts settle: enumerated config options, the
card's task, base model, datasets and languages.

    match_names(text, facts, contrasts) -> list[NameMatch]

A categorical value is found by the words prose uses for it ("v-prediction", "scaled
linear schedule", "absolute position embeddings"; `ENUM_VALUES`), by the card's own
entries written out ("image-classification" as "image classification"), or by a known
language name. The rules are as lopsided as the files are: a card lists what a model
was tagged, trained and tuned with, not everything it can do, so a name the card lacks
refutes nothing, except where the claim says "only".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.facts import Fact
from inference.facts.vocabulary import ENUM_VALUES

LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "russian": "ru", "chinese": "zh", "mandarin": "zh",
    "japanese": "ja", "korean": "ko", "arabic": "ar", "hindi": "hi", "turkish": "tr",
    "polish": "pl", "swedish": "sv", "ukrainian": "uk", "vietnamese": "vi", "thai": "th",
    "indonesian": "id", "greek": "el", "hebrew": "he", "czech": "cs", "finnish": "fi",
    "danish": "da", "romanian": "ro", "hungarian": "hu", "persian": "fa", "bengali": "bn",
}
_LANGUAGE = re.compile(r"\b(" + "|".join(LANGUAGES) + r")\b", re.IGNORECASE)
_ONLY = re.compile(r"\bonly\b|-only\b|\bexclusively\b|\bsolely\b", re.IGNORECASE)
_TRAINED_ON = re.compile(r"\b(?:pre-?trained|trained|fine-?tuned|tuned)\s+(?:on|with)\s+"
                         r"(?:the\s+)?(?P<names>[^.;:()]+)", re.IGNORECASE)
_BASED_ON = re.compile(r"\b(?:fine-?tuned\s+from|fine-?tune\s+of|based\s+on|built\s+on|"
                       r"derived\s+from|initiali[sz]ed\s+from|trained\s+from)\s+(?:the\s+)?"
                       r"(?P<name>[\w./\-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class NameMatch:
    """A categorical fact, what the claim names for it, whether that holds (None: the
    files do not settle it), the rule, and where the name stands."""

    fact: Fact
    claimed: str
    holds: bool | None
    rule: str
    start: int
    end: int


def match_names(text: str, facts: Sequence[Fact],
                contrasts: Sequence[tuple[int, int]] = ()) -> list[NameMatch]:
    """Every categorical fact the claim names a value for."""
    def outside(start: int) -> bool:
        return not any(a <= start < b for a, b in contrasts)

    found: list[NameMatch] = []
    for fact in facts:
        if fact.name in ENUM_VALUES and isinstance(fact.value, str):
            found.extend(_enum(text, fact, outside))
        elif fact.name == "pipeline_tag" and isinstance(fact.value, str):
            found.extend(_task(text, fact))
        elif fact.name == "base_model" and fact.value:
            found.extend(_base_model(text, fact))
        elif fact.name == "datasets" and fact.value:
            found.extend(_datasets(text, fact))
        elif fact.name == "language" and fact.value:
            found.extend(_languages(text, fact, outside))
        elif fact.name == "component_class" and fact.part == "scheduler":
            found.extend(_scheduler(text, fact, outside))
    return found


def _enum(text: str, fact: Fact, outside: object) -> list[NameMatch]:
    keep = outside if callable(outside) else (lambda _s: True)
    out = []
    for value, phrases in ENUM_VALUES[fact.name].items():
        for phrase in phrases:
            for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.I):
                if keep(m.start()):
                    out.append(NameMatch(fact, value, fact.value == value,
                                         f"the claimed {fact.name} is the one the files set",
                                         m.start(), m.end()))
                    break
    # "scaled linear schedule" also contains "linear schedule": the longest name wins
    out.sort(key=lambda n: n.start - n.end)
    kept: list[NameMatch] = []
    for name in out:
        if not any(k.start <= name.start and name.end <= k.end for k in kept):
            kept.append(name)
    return kept


def _task(text: str, fact: Fact) -> list[NameMatch]:
    spoken = str(fact.value).replace("-", " ")
    m = re.search(rf"(?<![\w-]){re.escape(spoken)}(?![\w-])", text.replace("-", " "),
                  re.IGNORECASE)
    if m is None:
        return []
    return [NameMatch(fact, str(fact.value), True, "the card's pipeline tag names the task the "
                      "claim names (another tag would not refute: a model may do more than its "
                      "tag)", m.start(), m.end())]


def _base_model(text: str, fact: Fact) -> list[NameMatch]:
    bases = fact.value if isinstance(fact.value, list) else [fact.value]
    names = {str(b).split("/")[-1].lower(): str(b) for b in bases if b}
    out = []
    for m in _BASED_ON.finditer(text):
        named = m["name"].rstrip(".,").split("/")[-1].lower()
        if named in names:
            out.append(NameMatch(fact, names[named], True, "the card's base_model is the model "
                                 "the claim says it was built from", m.start("name"),
                                 m.end("name")))
    return out


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _datasets(text: str, fact: Fact) -> list[NameMatch]:
    listed = {_norm(str(d)) for d in (fact.value if isinstance(fact.value, list)
                                      else [fact.value])}
    out = []
    for m in _TRAINED_ON.finditer(text):
        names = [n.strip() for n in re.split(r",|\band\b|\bplus\b", m["names"]) if n.strip()]
        named = [n.split()[0] for n in names if re.match(r"[A-Z0-9]", n)]
        if not named:
            continue
        hits = [n for n in named if any(_norm(n) == d or (len(_norm(n)) >= 5 and d.startswith(
            _norm(n))) for d in listed)]
        holds = True if len(hits) == len(named) else None
        out.append(NameMatch(fact, ", ".join(named), holds, "every dataset the claim names is "
                             "in the card's datasets (a dataset the card does not list refutes "
                             "nothing: cards list what they list)", m.start("names"),
                             m.start("names") + len(m["names"].rstrip())))
    return out


def _languages(text: str, fact: Fact, outside: object) -> list[NameMatch]:
    keep = outside if callable(outside) else (lambda _s: True)
    listed = fact.value if isinstance(fact.value, list) else [fact.value]
    codes = {str(c).lower() for c in listed if isinstance(c, str)}
    named = [m for m in _LANGUAGE.finditer(text) if keep(m.start())]
    if not named:
        return []
    wanted = {LANGUAGES[m.group(1).lower()] for m in named}
    start, end = named[0].start(), named[-1].end()
    holds: bool | None
    if _ONLY.search(text):
        holds = wanted == codes and len(listed) == len(wanted)
        rule = "'only' these languages: the card lists exactly them"
    else:
        holds = True if wanted <= codes else None
        rule = ("every language the claim names is in the card's languages (one the card "
                "lacks refutes nothing)")
    return [NameMatch(fact, ", ".join(sorted(wanted)), holds, rule, start, end)]


SCHEDULER_FAMILIES = frozenset({"euler", "ddim", "ddpm", "pndm", "dpm", "dpmsolver", "unipc",
                                "lms", "heun", "deis", "lcm", "flow", "ancestral", "karras",
                                "tcd", "edm", "sde"})
_SCHEDULER = re.compile(r"(?P<words>(?:[A-Za-z+\-]+\s+){1,3})(?:scheduler|sampler)\b",
                        re.IGNORECASE)


def _scheduler(text: str, fact: Fact, outside: object) -> list[NameMatch]:
    """"the Euler ancestral scheduler": the named family words against the class's words."""
    from inference.facts.vocabulary import split_camel

    keep = outside if callable(outside) else (lambda _s: True)
    have = set(re.sub(r"[^a-z ]", " ", split_camel(str(fact.value))).split())
    have |= {"dpm"} if "dpmsolver" in str(fact.value).lower() else set()
    out = []
    for m in _SCHEDULER.finditer(text):
        words = [w for w in re.split(r"[\s\-+]+", m["words"].lower()) if w]
        family = [w for w in words if w in SCHEDULER_FAMILIES]
        if not family or not keep(m.start()):
            continue
        holds = all(w in have for w in family)
        out.append(NameMatch(fact, " ".join(family), holds, "the scheduler the claim names "
                             "(its family words) is the pipeline's scheduler class",
                             m.start(), m.end()))
    return out
