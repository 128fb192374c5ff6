"""Match what a claim states to the facts of a model's sheet.

For each value a claim states (`graph.claims.statement`), the candidate facts are those
whose value has the same type (a number with a compatible unit, a list of the same
length, a license, an activation, a class name), and each is scored by how well the words
around the value (its subject: "feed-forward layers have 3072 hidden units") match the
fact's words ("feed-forward", "FFN", "intermediate size"):

- lexically: each word of a fact's phrase found near the value counts by how rare it is
  among the sheet's facts (its inverse document frequency: "vocabulary" says more than
  "size") and by how near it stands; words of the phrase that are absent count against;
- semantically: the cosine of the subject and the phrase under all-MiniLM-L6-v2
  (`inference.facts.embed`), which finds "audio sampled at" for "sampling rate";
- by part: a fact of a component the claim names ("the VAE", "text encoder", "ViT")
  gains, one of a component the claim does not name when it names another loses.

The best candidate decides only when its score clears `THRESHOLD` and no other candidate
within `MARGIN` of it would decide differently; otherwise the value stays undetermined and
the evidence names both facts. Thresholds were tuned on the development set only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.claims.parts import Part, part_words
from graph.claims.statement import Stated
from graph.facts import Fact
from inference.facts.words import tokens

THRESHOLD = 1.6
MARGIN = 0.6
SEMANTIC_FLOOR = 0.45
SEMANTIC_WEIGHT = 3.0
UNIT_NOUN_PENALTY = 2.0
UNIT_BONUS = 1.0
FOREIGN_WEIGHT = 0.4
NEUTRAL_PARTS = frozenset({"", "processor", "generation", "card", "tokenizer"})
_RATIO_WORDS = re.compile(r"\b(?:per|each|every|factor|times|ratio|fold|shared\s+by|serve)\b",
                          re.IGNORECASE)
_IDENTIFIER = re.compile(r"(?:^|_)ids?$")     # token ids identify, they count nothing
_WHOLE = re.compile(r"\b(?:whole|entire|total|in total|altogether|combined|all components)\b")
_BOUNDARY = re.compile(r"[,;:\[\]]|\s(?:and|while|whereas|but|with|plus)\s|\.\s|\.$")


@dataclass(frozen=True)
class Candidate:
    """A fact a stated value may be about, and why."""

    fact: Fact
    score: float
    lexical: float
    semantic: float
    phrase: str


@dataclass(frozen=True)
class ValueMatch:
    """One stated value, the words taken as its subject, and its candidates (best first)."""

    stated: Stated
    subject: str
    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None


def subject_window(text: str, stated: Stated, others: Sequence[Stated]) -> tuple[str, str]:
    """The words before and after a value, up to a clause boundary or another value."""
    left_edge = max([s.end for s in others if s.end <= stated.start] + [0])
    right_edge = min([s.start for s in others if s.start >= stated.end] + [len(text)])
    left = text[left_edge:stated.start]
    right = text[stated.end:right_edge]
    cut = list(_BOUNDARY.finditer(left))
    if cut:
        left = left[cut[-1].end():]
    if left_edge:
        # a parenthesis closed after an earlier value qualified that value ("(fp32) to"),
        # and the words right after that value were its subject, not this one's
        left = left[left.rfind(")") + 1:]
        left = " ".join(left.split()[-3:])
    right = re.sub(r"\b(?:per|each|for\s+each|for\s+every)\s+\w+", " ", right,
                   flags=re.IGNORECASE)
    first = _BOUNDARY.search(right)
    if first:
        right = right[:first.start()]
    return left, right


class Scorer:
    """Scores facts of one sheet against claim words; built once per sheet."""

    def __init__(self, facts: Sequence[Fact]):
        self.facts = tuple(facts)
        documents = [set(t for w in f.words for t in tokens(w)) for f in self.facts]
        n = len(documents) or 1
        frequency: dict[str, int] = {}
        for doc in documents:
            for token in doc:
                frequency[token] = frequency.get(token, 0) + 1
        self.weight = {t: math.log((n + 1) / (df + 1)) + 0.5 for t, df in frequency.items()}
        types = {f.part: str(f.value) for f in self.facts if f.name == "model_type"
                 and isinstance(f.value, str)}
        # words that name the whole model ("CLIP") name no one part of it
        whole = set(part_words(Part("", types.get("")))) if types.get("") else set()
        # "N parameters" of a model means the whole; of a pipeline, by convention, often
        # only its denoiser: there the whole gets no head start
        self.whole_bonus = 0.0 if any(f.name == "pipeline_class" for f in self.facts) else 0.7
        self.part_words = {p: tuple(dict.fromkeys(
            [w for w in part_words(Part(p.split(".")[-1], types.get(p))) if w not in whole]
            + [p, p.replace("_", " ")])) for p in {f.part for f in self.facts} - NEUTRAL_PARTS}
        self.vocabulary = {t for f in self.facts for w in f.words for t in tokens(w)}

    def parts_named(self, text: str) -> set[str]:
        lowered = f" {text.lower()} "
        if _WHOLE.search(lowered):
            return {""}           # "the whole pipeline (UNet, VAE and text encoder)"
        lowered = re.sub(r"encoder[\s-]decoder", " ", lowered)
        named = set()
        for part, words in self.part_words.items():
            if any(re.search(rf"(?<![\w-]){re.escape(w.lower())}(?![\w-])", lowered)
                   for w in words):
                named.add(part)
        return named

    def unit_noun_missing(self, fact: Fact, right: str) -> bool:
        """Whether the word right after the value ("12 *layers*", "256 *A100* GPUs") is
        absent from the fact's words and its part's: the value counts something else."""
        following = tokens(right)[:1]
        if not following:
            return False
        known = {t for w in fact.words for t in tokens(w)}
        known |= {t for w in self.part_words.get(fact.part, ()) for t in tokens(w)}
        return following[0] not in known

    def lexical(self, fact: Fact, left: str, right: str) -> tuple[float, str]:
        near: dict[str, float] = {}
        for distance, token in enumerate(tokens(right)):
            near.setdefault(token, 1.0 / (1.0 + 0.2 * distance))
        for distance, token in enumerate(reversed(tokens(left))):
            near.setdefault(token, 0.9 / (1.0 + 0.2 * distance))
        best, phrase, best_tokens = 0.0, "", set()
        for words in fact.words:
            wanted = list(dict.fromkeys(tokens(words)))
            if not wanted:
                continue
            found = sum(self.weight.get(t, 1.0) * near[t] for t in wanted if t in near)
            missing = sum(self.weight.get(t, 1.0) for t in wanted if t not in near)
            score = found - 0.8 * missing if found else 0.0
            if score > best:
                best, phrase, best_tokens = score, words, set(wanted)
        # words of the subject that the fact's other phrases explain add half their weight;
        # words close to the value that name *other* facts ("feed-forward" beside "width")
        # count against this one
        own = {t for w in fact.words for t in tokens(w)}
        extra = sum(self.weight.get(t, 1.0) * near[t] for t in own - best_tokens if t in near)
        own |= {t for w in self.part_words.get(fact.part, ()) for t in tokens(w)}
        foreign = sum(self.weight.get(t, 1.0) * near[t] for t in self.vocabulary - own
                      if t in near and near[t] >= 0.5)
        return (best + 0.5 * extra - FOREIGN_WEIGHT * foreign if best > 0 else 0.0), phrase


def match_values(text: str, values: Sequence[Stated], facts: Sequence[Fact],
                 semantic: bool = True) -> list[ValueMatch]:
    """Every stated value with its candidate facts, best first."""
    scorer = scorer_for(facts if isinstance(facts, tuple) else tuple(facts))
    named = scorer.parts_named(text)
    matches = []
    for stated in values:
        left, right = subject_window(text, stated, [v for v in values if v is not stated])
        # a unit written as a word ("7B parameters", "4096-token") is part of the subject
        unit_words = re.sub(r"^.*\d", "", text[stated.start:stated.end])
        right = f"{unit_words} {right}"
        says_id = re.search(r"\bids?\b|\btoken\s+\d", text, re.IGNORECASE) is not None
        per = _RATIO_WORDS.search(text) is not None
        pool = [f for f in facts if compatible(stated, f)
                and (says_id or not _IDENTIFIER.search(f.name))
                and (f.unit != "ratio" or stated.unit == "ratio" or per)]
        scored = []
        for fact in pool:
            lexical, phrase = scorer.lexical(fact, left, right)
            scored.append((fact, lexical, phrase))
        subject = " ".join(f"{left} N {right}".split())

        context = _Context(stated, right, named, scorer)
        lexical_only = sorted((context.score(f, lex, 0.0) for f, lex, _ in scored),
                              reverse=True)
        sims = (_semantic(subject, [f for f, _, _ in scored])
                if semantic and scored and not _decided_without_meaning(lexical_only) else {})
        candidates = []
        for fact, lexical, phrase in scored:
            sem, sem_phrase = sims.get(id(fact), (0.0, ""))
            candidates.append(Candidate(fact, context.score(fact, lexical, sem), lexical, sem,
                                        phrase or sem_phrase))
        candidates.sort(key=lambda c: -c.score)
        matches.append(ValueMatch(stated, subject, tuple(candidates)))
    return matches


@dataclass(frozen=True)
class _Context:
    """What scoring one stated value against a fact needs beyond the fact."""

    stated: Stated
    right: str
    named: set[str]
    scorer: Scorer

    def score(self, fact: Fact, lexical: float, sem: float) -> float:
        stated = self.stated
        score = lexical + SEMANTIC_WEIGHT * max(0.0, sem - SEMANTIC_FLOOR)
        score += part_adjustment(fact, self.named, self.scorer.whole_bonus)
        if stated.unit not in ("count", "ratio") and fact.unit == stated.unit and (
                lexical > 0 or sem > SEMANTIC_FLOOR):
            score += UNIT_BONUS            # "77 tokens", "16 kHz": the unit names the kind
        if stated.kind == "number" and stated.unit == "count" and (
                self.scorer.unit_noun_missing(fact, self.right)):
            score -= UNIT_NOUN_PENALTY
        if stated.kind == "name":
            score += THRESHOLD                # the value's type is its subject
        return score


def _decided_without_meaning(scores: Sequence[float]) -> bool:
    """Whether the words alone settle the match, whatever the embeddings would add: the
    best clears the threshold and leads every other by more than the most that meaning
    (and the unit it may unlock) could give one of them. Then the model need not run; the
    outcome is the same as with it."""
    if not scores or scores[0] < THRESHOLD:
        return False
    most = SEMANTIC_WEIGHT * (1.0 - SEMANTIC_FLOOR) + UNIT_BONUS
    return len(scores) == 1 or scores[0] - scores[1] > MARGIN + most


def part_adjustment(fact: Fact, named: set[str], whole_bonus: float = 0.0) -> float:
    if named == {""}:
        return 0.8 if fact.part == "" else 0.0 if fact.part in NEUTRAL_PARTS else -2.0
    if not named:
        return whole_bonus if fact.part == "" else 0.0
    if fact.part in NEUTRAL_PARTS:
        return 0.0
    top = fact.part.split(".")[0]
    if fact.part in named or top in named:
        return 0.8
    return -2.0


def _semantic(subject: str, facts: Sequence[Fact]) -> dict[int, tuple[float, str]]:
    from inference.facts.embed import similarity

    phrases = list(dict.fromkeys(w for f in facts for w in f.words))
    if not phrases or not subject.strip(" N"):
        return {}
    sims = similarity([subject], phrases)[0].tolist()
    by_phrase = dict(zip(phrases, sims, strict=True))
    out = {}
    for fact in facts:
        phrase = max(fact.words, key=lambda w: by_phrase[w])
        out[id(fact)] = (by_phrase[phrase], phrase)
    return out


_SCORERS: dict[int, tuple[tuple[Fact, ...], Scorer]] = {}


def scorer_for(facts: tuple[Fact, ...]) -> Scorer:
    """One scorer per sheet (sheets are cached, so their identity is stable)."""
    held = _SCORERS.get(id(facts))
    if held is None or held[0] is not facts:
        if len(_SCORERS) > 64:
            _SCORERS.clear()
        held = _SCORERS[id(facts)] = (facts, Scorer(facts))
    return held[1]


_NUMERIC_UNITS: dict[str, set[str | None]] = {
    "byte": {"byte"}, "parameter": {"parameter"}, "Hz": {"Hz"}, "s": {"s"},
    "pixel": {"pixel", None}, "token": {"token", None}, "ratio": {"ratio"}, "percent": set(),
    "rate": set(),
}


def compatible(stated: Stated, fact: Fact) -> bool:
    """Whether the fact's value has the type of the stated value."""
    value = fact.value
    if (stated.kind == "number" and isinstance(value, list) and _numbers(value)
            and stated.unit in ("count", "pixel")):
        return _plausible(stated, float(str(value[0])))  # a per-channel scalar, a square size
    if stated.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        explicit = stated.unit not in ("count", "ratio")
        if not (explicit and stated.comparator in ("<", "<=", ">", ">=")) and not _plausible(
                stated, float(value)):
            return False
        allowed = _NUMERIC_UNITS.get(stated.unit)
        if allowed is None:       # a bare count: any unit but bytes
            return fact.unit != "byte"
        return fact.unit in allowed
    if stated.kind == "list":
        return (isinstance(value, list) and len(value) == len(stated.values) and len(value) > 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value))
    if stated.kind == "dims":
        if fact.unit not in ("pixel", "patch"):
            return False
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, list) and len(value) == 2)
    kind = stated.names[0].split(":")[0] if stated.names else ""
    if kind == "license":
        return fact.name in ("license", "license_name") and isinstance(value, str)
    if kind == "activation":
        from graph.claims.statement import ACTIVATIONS
        return isinstance(value, str) and value.lower() in ACTIVATIONS
    if kind == "class":
        suffix = _class_suffix(stated.names[0].split(":", 1)[1])
        values = value if isinstance(value, list) else [value]
        return any(isinstance(v, str) and _class_suffix(v) == suffix for v in values)
    if kind == "task":
        return fact.name == "pipeline_tag"
    return False


def _numbers(value: object) -> bool:
    """A list of two or more equal numbers (mean [0.5, 0.5, 0.5], size [224, 224])."""
    return (isinstance(value, list) and len(value) >= 2 and len(set(value)) == 1
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value))


def _plausible(stated: Stated, value: float) -> bool:
    """A value three orders of magnitude away from the stated one is about something else
    ("14M images" is no image size), whatever the words around it say."""
    claimed = max(abs(stated.lo), 1e-12) if math.isfinite(stated.lo) else 0.0
    if claimed == 0.0 or value == 0.0:
        return claimed == value or stated.comparator in ("<", "<=", ">", ">=")
    return 1e-3 <= abs(value) / claimed <= 1e3


def _class_suffix(name: str) -> str:
    words = re.findall(r"[A-Z][a-z0-9]*", name)
    return words[-1] if words else name
