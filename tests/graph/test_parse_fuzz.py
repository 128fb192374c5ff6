"""Fuzzing `parse_page`: any text either parses into a page or is refused with a
`PageFormatError` that names the file and a line of it; nothing else may escape.

Inputs come from two kinds of generators: arbitrary text (any code point, with the
characters the format gives meaning to made frequent), and pages built in each of the
four layouts (ranked, side by side, headless, artifact page; see ../shared/corpus/README.md)
from parts that go wrong in the wild and in hostile hands: odd table cells (huge and
non-ASCII numbers, stray pipes, dashes, scientific notation), broken and repeated rows,
names with look-alike letters and bidi or zero-width characters, empty sections, huge
"+N more" counts, then mutated (lines dropped, doubled or swapped, text cut anywhere).

The example budget is fixed and the run derandomised, so the suite sees the same inputs
every time and stays fast.
"""

from __future__ import annotations

import math
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import PageFormatError
from graph.ingest.page import ParsedPage
from graph.ingest.parse import parse_page
from graph.names import check_name

T = TypeVar("T")
FUZZ = settings(max_examples=300, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Characters that mean something to the format or to a reader: separators, table pipes,
# dashes, bidi controls, zero-width and other invisible characters, letters that look
# Latin but are not (Cyrillic, Greek, Cherokee), a combining mark, full-width forms.
SPECIAL = ("|", "-", "—", "–", ":", ".", "+", "/", "$", " ", "\t", "\r", "\u00a0", "\u3000",
           "\u2028", "\x0b", "\x1c", "\ufeff", "\u202e", "\u202d", "\u2066", "\u200e",
           "\u061c", "\u200b", "\u200d", "\u2060", "\u00ad", "\u3164", "\u034f", "\ufe0f",
           "\u0420", "\u0440", "\u043e", "\u0391", "\u03bf", "\u13a0", "\u0301", "\uff30",
           "\u00b5", "\u0663", "\U0001d7d1", "\x00", "\x1b", "设")
odd_char = st.sampled_from(SPECIAL)
any_char = st.characters(exclude_categories=["Cs"])
char = st.one_of(odd_char, any_char, st.sampled_from("abcXYZ019 "))

NAMES = ("Alpha", "Beta", "FLUX.1 Pro", "whisper", "Whisper Large v3", "GPT-4",
         "@modelcontextprotocol/server-filesystem", "trocr-base-handwritten", "sdnext",
         "MMLU (Massive Multitask Language Understanding)", "a vs b", "X Capabilities",
         "Verdict", "Feature", "设计规范", "FLUX.1 \u0420ro", "FLUX.1 Pro\u202e",
         "FL\u200bUX.1 Pro", "\u0391lpha", "\uff26\uff2c\uff35\uff38", "Pro\u3164",
         "µTorrent", "-", "...", "|", "")


def _text(min_size: int = 0, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(char, min_size=min_size, max_size=max_size)


GOOD_NAMES = ("Alpha", "Beta", "FLUX.1 Pro", "whisper", "GPT-4", "sdnext",
              "Stable Diffusion 3.5", "Stable Diffusion 日本語版", "ChatGPTモデル", "Кандинский 3",
              "\uff26\uff2c\uff35\uff38")
INVISIBLE = st.text(st.sampled_from(("\u202e", "\u200b", "\u2066", "\ufeff", "\x1b", "\u3164",
                                     "\u00a0")), max_size=2)
good_name = st.one_of(st.sampled_from(GOOD_NAMES),
                      st.builds(lambda a, b: a + b, st.sampled_from(GOOD_NAMES), INVISIBLE))
"""Names a page may use (some with invisible characters the parser removes)."""
name = st.one_of(good_name, st.sampled_from(NAMES), _text(1, 24),
                 st.builds(lambda a, b: a + b, st.sampled_from(NAMES), st.text(odd_char,
                                                                               max_size=3)))
"""Any name: look-alikes, random text."""

HUGE = ("9" * 400, "9" * 5000, "1" + "0" * 309)
CELLS = ("", "—", "–", "-", "n/a", "N/A", "0", "1", "40/100", "100/100", "101/100",
         "0.5 / 100", "high", "-3", "1e309", "9 decomposed", "9", "decomposed",
         "$3.00e-5 per prompt token", "$1e999 per token", "$.5", "$", "$ / ", "Contact sales",
         "\u0663/100", "\U0001d7d1 decomposed", "Free", "Paid", "Model", "MCP Server", "|",
         *HUGE, *(f"{h}/100" for h in HUGE), *(f"{h} decomposed" for h in HUGE),
         *(f"${h} per token" for h in HUGE))
cell = st.one_of(st.sampled_from(CELLS), _text(0, 12))
ROWS = ("Type", "UnfragileRank", "Adoption", "Quality", "Ecosystem", "Match Graph", "Pricing",
        "Starting Price", "Capabilities", "Times Matched", "Last Seen", "Unfragile Rank")
row_label = st.one_of(st.sampled_from(ROWS), st.sampled_from(("", "—", "|", "capabilities")),
                      _text(0, 12))

NUMBER = st.one_of(st.integers(0, 100).map(str), st.integers(0, 100).map(str),
                   st.integers(0, 100).map(str), st.sampled_from(HUGE),
                   st.floats(0, 1e300, allow_nan=False).map(repr),
                   st.integers(0, 10**30).map(str))


def typed_cell(label: str) -> st.SearchStrategy[str]:
    """A cell of the kind the row holds: 'N/100', 'N decomposed', '$N per x', a number."""
    if label in ("UnfragileRank", "Unfragile Rank"):
        return NUMBER.map(lambda n: f"{n}/100")
    if label == "Capabilities":
        return NUMBER.map(lambda n: f"{n} decomposed")
    if label == "Starting Price":
        return NUMBER.map(lambda n: f"${n} per prompt token")
    if label in ("Type", "Pricing", "Last Seen"):
        return st.sampled_from(("Model", "Free", "Paid", "CLI Tool", "\u041c\u043e\u0434"))
    return NUMBER


SENTENCES = ("Does X with a made-up method.", "Runs 10x faster than Tesseract and EasyOCR.",
             "Unlike DALL-E 3, Midjourney and Imagen 3, it is open.",
             "Beats Zorblax0 Pro, Zorblax1 Pro, Zorblax2 Pro, Zorblax3 Pro, Zorblax4 Pro, "
             "Zorblax5 Pro, Zorblax6 Pro, Zorblax7 Pro and Zorblax8 Pro; unlike Zorblax9 Pro "
             "it is slow.",
             "Faster than FLUX.1 \u0420ro on CPUs.", "Uses 1.4GB (e.g. 5\u00b5s).",
             "More accurate than \uff26\uff2c\uff35\uff38 and Pro\u3164 v2.",
             "more accurate than the \u202eorP 1.XULF engine.")
LOOK_ALIKE_SENTENCES = ("Sharper than Pro\u0441 v2.", "Unlike \u0391lpha\u0432et 2, it is open.")
good_sentence = st.one_of(st.sampled_from(SENTENCES), _text(1, 40))
sentence = st.one_of(good_sentence, st.sampled_from(LOOK_ALIKE_SENTENCES))
cap_name = st.sampled_from(("text recognition", "image generation via api", "x",
                            "1 step sampling", "ünïcode ñame 设计"))
BAD_CAP_NAMES = st.one_of(st.sampled_from(("Capital Name", "ends.", "a: b", "| x |",
                                           "Unique: x", "", "Verdict")), _text(1, 20))


def pick(draw: st.DrawFn, wild: bool, good: st.SearchStrategy[T],
         bad: st.SearchStrategy[T]) -> T:
    """From `good`, or (on a wild page, half the time) from `bad`."""
    return draw(bad) if wild and draw(st.booleans()) else draw(good)


@st.composite
def rows(draw: st.DrawFn, left: str, right: str, wild: bool) -> list[str]:
    """A header, a separator and rows with odd cells; on a wild page, odd shapes too."""
    header = pick(draw, wild, st.just(f"| Feature | {left} | {right} |"), st.sampled_from((
        f"| Feature | {left} |", f"|Feature|{left}|{right}|", f"| Feature | {left} | {right}",
        f"| feature | {right} | {left} |", f"| Feature | {left} | {right} | x |")))
    separator = pick(draw, wild, st.just("|---|---|---|"), st.sampled_from((
        "|:---:|---|---:|", "|--|--|--|", "|---|---|", "---", "| - | - | - |")))
    out = [header, separator]
    labels = draw(st.lists(st.sampled_from(ROWS), unique=True, max_size=len(ROWS)))
    for index in range(len(labels) + (draw(st.integers(0, 2)) if wild else 0)):
        label = labels[index] if index < len(labels) else draw(row_label)
        a, b = (pick(draw, wild, typed_cell(label), cell) for _ in range(2))
        shape = pick(draw, wild, st.integers(0, 1), st.integers(2, 4))
        if shape == 0:
            out.append(f"| {label} | {a} | {b} |")
        elif shape == 1:                                # broken over three lines
            out += [f"| {label} |", f"| {a} |", f"| {b} |"]
        elif shape == 2:                                # too many cells
            out.append(f"| {label} | {a} | {b} | {draw(cell)} |")
        elif shape == 3:                                # no closing pipe
            out.append(f"| {label} | {a} | {b}")
        else:                                           # two cells, then prose
            out += [f"| {label} | {a} |", draw(sentence)]
    return out


@st.composite
def groups(draw: st.DrawFn, wild: bool, named: bool, labelled: bool = True) -> list[str]:
    """Capability paragraphs: (name,) description, 'Unique:', 'vs alternatives:'; on a
    wild page any of them may be missing or odd."""
    out: list[str] = []
    for _ in range(draw(st.integers(0 if wild else 1, 4))):
        if named:
            out.append(pick(draw, wild, cap_name, BAD_CAP_NAMES))
        parts = [pick(draw, wild, good_sentence, sentence) for _ in range(3)]
        if labelled:
            parts[1], parts[2] = f"Unique: {parts[1]}", f"vs alternatives: {parts[2]}"
        keep = [not wild or draw(st.integers(0, 3)) > 0 for _ in parts]
        out += [p for p, k in zip(parts, keep, strict=True) if k]
    return out


def more_line() -> st.SearchStrategy[str]:
    return st.builds(lambda n: f"+{n} more capabilities", st.one_of(
        st.sampled_from(("0", "1", "3", "\u0663", "9007199254740991")), st.sampled_from(HUGE)))


@st.composite
def comparison_page(draw: st.DrawFn, wild: bool) -> list[str]:
    left, right = pick(draw, wild, good_name, name), pick(draw, wild, good_name, name)
    title = pick(draw, wild, st.just(f"{left} vs {right}"), st.sampled_from((
        f"{left}  vs {right}", f"{right} vs {left}", f"{left} vs", f"{left} vs {right}.")))
    summary = draw(st.sampled_from((
        [f"{right} ranks higher at 55/100 vs {left} at 40/100. Made up."],
        [f"{right} ranks higher at {'9' * 400}/100 vs {left} at 1/100."],
        ["Side-by-side comparison to help you choose."], [])))
    lines = [title, *summary, *draw(rows(left, right, wild))]
    headed = draw(st.booleans()) or "ranks higher" in "".join(summary)
    sides = [left, right, draw(name)] if wild else [left, right]
    for side in draw(st.permutations(sides)) if wild else sides:
        if headed or (wild and draw(st.booleans())):
            lines.append(f"{side} Capabilities")
        lines += draw(groups(wild, named=False))
        if draw(st.booleans()):
            lines.append(draw(more_line()))
    if draw(st.booleans()):
        lines += ["Verdict", *draw(st.lists(sentence, max_size=3))]
    return lines


@st.composite
def headless_page(draw: st.DrawFn, wild: bool) -> list[str]:
    lines = draw(groups(wild, named=True))
    for _ in range(draw(st.integers(0, 2))):
        lines += [f"{pick(draw, wild, good_name, name)} Capabilities",
                  *draw(groups(wild, named=True))]
        if draw(st.booleans()):
            lines.append(draw(more_line()))
    if draw(st.booleans()):
        lines += ["Verdict", draw(sentence)]
    return lines


@st.composite
def artifact_page(draw: st.DrawFn, wild: bool) -> list[str]:
    kind = draw(st.sampled_from(("Model", "MCP Server", "CLI Tool", "Dataset", "Framework")))
    pricing = pick(draw, wild, st.sampled_from(("Free", "Paid")), st.just("Cheap"))
    count = draw(st.one_of(st.sampled_from(("12", "0", "\u0663")), st.sampled_from(HUGE)))
    text = pick(draw, wild, good_sentence, sentence)
    lines = [pick(draw, wild, good_name, name), f"{kind}{pricing}{text}",
             pick(draw, wild, st.just(f"Capabilities{count} decomposed"), st.sampled_from((
                 f"Capabilities {count} decomposed", "Capabilities", "Capabilities x")))]
    for _ in range(draw(st.integers(0, 3))):
        level = pick(draw, wild, st.sampled_from(("High", "Medium", "Low")), st.just("Huge"))
        texts = [pick(draw, wild, good_sentence, sentence) for _ in range(3)]
        group = [pick(draw, wild, cap_name, BAD_CAP_NAMES), f"{level} confidence{texts[0]}",
                 *texts[1:]]
        lines += group[:draw(st.integers(1, 4))] if wild and draw(st.booleans()) else group
    return lines


LAYOUTS = (comparison_page, headless_page, artifact_page)


@st.composite
def mutated(draw: st.DrawFn, pages: st.SearchStrategy[list[str]]) -> str:
    """A page's lines after a few edits, joined, perhaps cut mid-line."""
    lines = list(draw(pages))
    for _ in range(draw(st.sampled_from((0, 0, 1, 1, 2, 3)))):
        if not lines:
            break
        at = len(lines) - 1 - draw(st.integers(0, len(lines) - 1))
        edit = draw(st.integers(0, 5))
        if edit == 0:
            del lines[at]
        elif edit == 1:
            lines.insert(at, lines[at])
        elif edit == 2:
            lines[at], lines[-1] = lines[-1], lines[at]
        elif edit == 3:
            lines.insert(at, draw(_text(0, 20)))
        elif edit == 4:
            lines.insert(at, "")
        else:
            pos = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:pos] + draw(st.text(odd_char, min_size=1, max_size=2)) \
                + lines[at][pos:]
    text = draw(st.sampled_from(("\n", "\r\n", "\n\n"))).join(lines)
    text = draw(st.sampled_from(("", "\ufeff"))) + text
    ending = draw(st.integers(0, 3))
    if ending == 0 and text:
        text = text[:len(text) - draw(st.integers(0, len(text)))]   # cut anywhere
    elif ending == 1:
        text += "\n"
    return text


file_name = st.one_of(
    st.sampled_from(("alpha-vs-beta.txt", "acme--alpha-vs-beta.txt", "artifact__alpha.txt",
                     "page.txt", "dir/sub\\x-vs-y.txt", "-vs-.txt", "--vs-b.txt",
                     "\u0420ro-vs-beta.txt", "fl\u200bux-vs-b.txt", "\u202ealpha-vs-b.txt")),
    st.builds(lambda a, b: f"{a}-vs-{b}.txt", _text(0, 10), _text(0, 10)),
)

wild_pages = st.one_of(
    *(mutated(layout(wild=True)) for layout in LAYOUTS),
    _text(0, 200),
    st.lists(st.one_of(sentence, cell, name, st.sampled_from(("Verdict", "|---|---|---|"))),
             max_size=12).map("\n".join),
)
"""Any text, and pages of each layout with odd structure, edited and cut."""

pages = st.one_of(*(layout(wild=False) for layout in LAYOUTS))
"""Pages of each layout in their structure, with odd content (names, cells, sentences)."""


def outcome(text: str, file: str) -> str:
    """'parsed' or 'refused' (after checking what either promises); anything else raises."""
    try:
        page = parse_page(text, file=file)
    except PageFormatError as exc:
        lines = len(text.removeprefix("\ufeff").split("\n"))
        assert exc.line is not None and 1 <= exc.line <= lines, str(exc)
        assert str(exc).startswith(f"{file}:{exc.line}: "), str(exc)
        return "refused"
    assert isinstance(page, ParsedPage)
    for side in page.sides:
        assert check_name(side.name) == side.name, f"name {side.name!r} is not normalised"
        assert side.more_capabilities is None or side.more_capabilities < 2 ** 53, \
            f"'+N more' too large: {side.more_capabilities}"
        for reported in side.reported:
            assert not isinstance(reported.value, float) or math.isfinite(reported.value), \
                f"{reported.name} is not finite: {reported.raw!r}"
    return "parsed"


@FUZZ
@given(text=wild_pages, file=file_name)
def test_any_text_parses_or_is_refused_clearly(text: str, file: str) -> None:
    outcome(text, file)


@FUZZ
@given(lines=pages, file=file_name, ending=st.sampled_from(("\n", "")))
def test_pages_with_odd_content_parse_or_are_refused_clearly(
    lines: list[str], file: str, ending: str,
) -> None:
    outcome("\n".join(lines) + ending, file)
