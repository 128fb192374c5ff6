"""Classify an atomic claim by what it would take to settle it.

The rules, first match wins (the principle: a claim is falsifiable when some experiment
could contradict it; its class says which experiment, and whether we can run it):

1. Hedged ("likely", "may", "could") -> NOT_FALSIFIABLE: the claim commits to nothing.
2. States a value of a checkable attribute (a number, list, license, price: the strong
   attributes of `graph.claims.attributes`) -> MODEL_FILES.
3. Names a quantity with no operational definition ("friction", "barrier to entry",
   "ease") -> NOT_FALSIFIABLE, even with a number: no measurement defines it.
4. A number about people or organisations ("setup time", "deployment errors", "teams")
   -> EXTERNAL: only a user study or deployment data could measure it, never a model run;
   the same without a number -> NOT_FALSIFIABLE.
5. Needs a resource we do not have (the Hub's listings, human raters, surveys) -> EXTERNAL.
6. Performance (accuracy, throughput, latency, memory, quality...) with a number or a
   baseline -> MEASURABLE, or EXTERNAL when the artifact has no open weights; without a
   number or baseline -> NOT_FALSIFIABLE.
7. Vague, causal or marketing wording ("superior", "robust", "because", "enables") ->
   NOT_FALSIFIABLE.
8. Names a checkable feature (the weak attributes: "cross-attention", "resizes") ->
   MODEL_FILES.
9. Says that something is unknown or unspecified -> NOT_FALSIFIABLE.
10. Anything else is a concrete behaviour -> MEASURABLE (EXTERNAL without open weights).

`explain` also reports the *residual*: what a MODEL_FILES claim says beyond its attributes
(rules 3-7 applied to the text with the attribute phrases removed, plus task verbs such as
"recognizes" or "supports": what the model does needs running it; and dependence wording,
"based on", "varies with": what a value depends on the files do not show). A verdict never calls a
claim SUPPORTED while it has a residual: the files settle only part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.claims.attributes import Mention, find_attributes
from graph.claims.mentions import find_mentions
from graph.claims.types import ArtifactFacts, ClaimClass
from graph.claims.units import find_quantities


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


HEDGES = _words("likely", "probably", "possibly", "perhaps", "presumably", "may", "might",
                "could", "implied", "reportedly", "arguably", "seems?")
UNDEFINED_QUANTITIES = _words("friction", "barriers?", "ease", "easier", "simpl\\w*",
                              "complexity", "flexib\\w*", "convenien\\w*", "accessib\\w*",
                              "granular\\w*", "experience")
HUMAN_OUTCOMES = _words("setup time", "deployment errors?", "developers?", "teams?", "users?",
                        "engineers?", "researchers?", "productivity", "customers?",
                        "user-side", "time[- ]to[- ]market")
EXTERNAL_RESOURCES = _words("Hugging Face Hub", "the Hub", "user stud(?:y|ies)", "surveys?",
                            "human (?:raters|evaluation|preference)", "leaderboards?",
                            "web interface")
PERFORMANCE = _words("accura\\w*", "error rates?", "CER", "WER", "throughput", "latency",
                     "faster", "slower", "speed\\w*", "memory", "footprint", "VRAM",
                     "hallucinat\\w*", "quality", "fidelity", "FID", "converge\\w*",
                     "training (?:data|steps)", "prompt adherence", "photorealis\\w*",
                     "utilization", "outperform\\w*", "sub-second", "real-time",
                     "state[- ]of[- ]the[- ]art", "efficien\\w*", "transfer learning")
BASELINES = _words("than", "vs\\.?", "versus", "compared (?:to|with)", "relative to", "unlike",
                   "over")
VAGUE = _words("superior", "better", "best", "robust\\w*", "significantly", "seamless\\w*",
               "high[- ]fidelity", "high[- ]quality", "critical", "advantage", "dynamically",
               "effective\\w*", "powerful", "because", "due to", "thanks to", "enabl\\w+",
               "allow\\w*", "ensur\\w+", "prevent\\w*", "improv\\w+", "generaliz\\w+",
               "meaningful", "fine-grained", "rich", "consisten\\w+", "awareness",
               "aggressive", "abstracts? away", "fundamentally", "diverse",
               "explicit(?:ly)?", "modest", "acceptable", "ready for")
TASK_VERBS = _words("recogni[sz]\\w*", "generat\\w*", "extends?", "extract\\w*", "produc\\w*",
                    "detect\\w*", "translat\\w*", "transcrib\\w*", "supports?", "learns?",
                    "classif\\w*", "segment\\w*", "understand\\w*", "captur\\w*",
                    "respects?", "ignores?", "preserves?", "corrects?", "handles?", "focus\\w*",
                    "pads?", "masks?")
# what a model does (needs a run), as opposed to what it takes ("supports", "handles",
# "accepts": a capacity the files state)
DOING_VERBS = _words("recogni[sz]\\w*", "extract\\w*", "detect\\w*",
                     "translat\\w*", "transcrib\\w*", "learns?", "classif\\w*", "segment\\w*",
                     "understand\\w*", "captur\\w*", "corrects?", "focus\\w*")
DEPENDENCE = _words("based on", "depends? on", "dependent on", "varies with", "scales? with",
                    "proportional to", "according to")
UNKNOWNS = _words("unknown", "unspecified", "not (?:provided|specified|documented|disclosed)")


@dataclass(frozen=True)
class Classification:
    """A claim's class and why; `residual` is what its non-attribute words would need."""

    claim_class: ClaimClass
    reason: str
    residual: ClaimClass | None = None
    residual_reason: str = ""


def classify(claim_text: str, subject: ArtifactFacts) -> ClaimClass:
    """The class of one atomic claim about `subject`.

    Example:
        >>> s = ArtifactFacts("demo-ocr", "demo-ocr", open_weights=True)
        >>> classify("Its encoder has 24 layers", s), classify("Runs 3x faster than Tesseract", s)
        (<ClaimClass.MODEL_FILES: 'MODEL_FILES'>, <ClaimClass.MEASURABLE: 'MEASURABLE'>)
        >>> classify("Offers robust, superior recognition", s)
        <ClaimClass.NOT_FALSIFIABLE: 'NOT_FALSIFIABLE'>
    """
    return explain(claim_text, subject).claim_class


def explain(text: str, subject: ArtifactFacts) -> Classification:
    """`classify` with its reason and residual."""
    if match := HEDGES.search(text):
        return Classification(ClaimClass.NOT_FALSIFIABLE, f"hedged ({match.group(0)!r}): "
                              "the claim commits to nothing a check could contradict")
    mentions = find_attributes(text)
    strong = [m for m in mentions if m.attribute.strong]
    if strong:
        return _files(strong, text, subject, "states")
    content = content_class(text, subject)
    if content is not None:
        return Classification(*content)
    if mentions:
        return _files(list(mentions), text, subject, "names")
    if match := UNKNOWNS.search(text):
        return Classification(ClaimClass.NOT_FALSIFIABLE,
                              f"says something is {match.group(0)!r}: nothing to check")
    return Classification(*_run_or_external(subject, "a concrete behaviour that only running "
                                            "the model can show"))


def _files(mentions: list[Mention], text: str, subject: ArtifactFacts, verb: str
           ) -> Classification:
    names = ", ".join(dict.fromkeys(m.attribute.name for m in find_attributes(text)))
    rest = text
    for m in find_attributes(text):
        rest = rest[:m.start] + " " * (m.end - m.start) + rest[m.end:]
    residual = feature_residual(rest, subject)
    return Classification(ClaimClass.MODEL_FILES, f"{verb} {names}, which the model files "
                          "settle", *(residual or (None, "")))


def feature_residual(rest: str, subject: ArtifactFacts) -> tuple[ClaimClass, str] | None:
    """What a claim that names a feature says beyond it: its wording (rules 3-7), what the
    model does (task verbs: needs running it), or what a value depends on."""
    residual = content_class(rest, subject)
    if residual is None and (match := TASK_VERBS.search(rest)):
        residual = _run_or_external(subject, f"states what the model does ({match.group(0)!r})"
                                    ", which needs running it")
    if residual is None and (match := DEPENDENCE.search(rest)):
        residual = (ClaimClass.EXTERNAL, f"says what a value depends on ({match.group(0)!r}), "
                    "which the files do not show")
    return residual


def value_residual(rest: str, subject: ArtifactFacts) -> tuple[ClaimClass, str] | None:
    """What a claim whose values the files state says beyond them: its wording (rules 3-7)
    or what the model does; a capacity verb ("supports", "handles") needs nothing more."""
    residual = content_class(rest, subject)
    if residual is None and (match := DOING_VERBS.search(rest)):
        residual = _run_or_external(subject, f"states what the model does ({match.group(0)!r})"
                                    ", which needs running it")
    return residual


def content_class(text: str, subject: ArtifactFacts) -> tuple[ClaimClass, str] | None:
    """Rules 3-7: what the wording itself needs, or None when it is plain description."""
    numbers = find_quantities(text)
    if match := UNDEFINED_QUANTITIES.search(text):
        return ClaimClass.NOT_FALSIFIABLE, (f"{match.group(0)!r} has no operational definition, "
                                            "so no measurement can contradict it")
    if match := HUMAN_OUTCOMES.search(text):
        if not numbers:
            return ClaimClass.NOT_FALSIFIABLE, (f"about people ({match.group(0)!r}) with no "
                                                "number")
        return ClaimClass.EXTERNAL, (f"a number about people ({match.group(0)!r}): needs a user "
                                     "study or deployment data, not a model run")
    if match := EXTERNAL_RESOURCES.search(text):
        return ClaimClass.EXTERNAL, f"needs a resource we do not have ({match.group(0)!r})"
    if match := PERFORMANCE.search(text):
        if numbers or find_mentions(text) or BASELINES.search(text):
            return _run_or_external(subject, f"a performance claim ({match.group(0)!r}) with a "
                                    "number or baseline: needs a measurement")
        return ClaimClass.NOT_FALSIFIABLE, (f"a performance word ({match.group(0)!r}) with no "
                                            "number and no baseline")
    if match := VAGUE.search(text):
        return ClaimClass.NOT_FALSIFIABLE, (f"vague, causal or marketing wording "
                                            f"({match.group(0)!r})")
    return None


def _run_or_external(subject: ArtifactFacts, why: str) -> tuple[ClaimClass, str]:
    if subject.open_weights is False:
        return ClaimClass.EXTERNAL, (f"{why}, but {subject.name} has no open weights: needs "
                                     "its paid API or closed weights")
    return ClaimClass.MEASURABLE, why
