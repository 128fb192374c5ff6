"""parse_page: the seed, the corpus of real page beginnings, and made-up edge cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.errors import PageFormatError
from graph.ingest.page import Layout, ParsedPage, ParsedSide
from graph.ingest.parse import parse_page

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "seeds" / "documents" / "trocr-base-handwritten-vs-flux-1-pro.txt"
CORPUS = REPO.parent / "shared" / "corpus"
NO_CORPUS = f"the corpus of real pages is not at {CORPUS} (it lives in ../shared/corpus)"


def corpus_params() -> list[Any]:
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_CORPUS))]
    return [pytest.param(path, id=path.name) for path in sorted(CORPUS.glob("*.txt"))]


def corpus_page(name: str) -> ParsedPage:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name}: {NO_CORPUS}")
    return parse_page(path.read_text(encoding="utf-8"), file=name)


def values(side: ParsedSide) -> dict[str, float | str | None]:
    return {f.name: f.value for f in side.reported}


def refused(text: str, file: str = "page-vs-other.txt") -> PageFormatError:
    with pytest.raises(PageFormatError) as caught:
        parse_page(text, file=file)
    return caught.value


def assert_refused(text: str, line: int, *words: str, file: str = "page-vs-other.txt") -> None:
    exc = refused(text, file)
    assert exc.file == file and exc.line == line, str(exc)
    assert str(exc).startswith(f"{file}:{line}: "), str(exc)
    for word in words:
        assert word in str(exc), (word, str(exc))


# Made-up pages: two invented artifacts, "Alpha" and "Beta".

ROWS = (
    "| Type | Model | CLI Tool |\n"
    "| UnfragileRank | 40/100 | 55/100 |\n"
    "| Adoption | 1 | 0 |\n"
    "| Quality | 0 | 1 |\n"
    "| Match Graph | 0 | 1 |\n"
    "| Pricing | Free | Paid |\n"
    "| Capabilities | 3 decomposed | 4 decomposed |\n"
)
TABLE = "| Feature | Alpha | Beta |\n|---|---|---|\n" + ROWS
RANKED_HEAD = "Alpha vs Beta\nBeta ranks higher at 55/100 vs Alpha at 40/100. Made up.\n" + TABLE
SIDE_HEAD = "Alpha vs Beta\nSide-by-side comparison to help you choose.\n" + TABLE


def group(n: int) -> str:
    return (f"Alpha does thing {n} with a made-up method.\nUnique: Made-up unique {n}.\n"
            f"vs alternatives: Made-up comparison {n}.\n")


COMPLETE = (
    RANKED_HEAD + "Alpha Capabilities\n" + group(1) + group(2) + "+1 more capabilities\n"
    + "Beta Capabilities\n" + group(3) + "+3 more capabilities\n"
    + "Verdict\nBeta ranks higher at 55/100.\nA footer line?\nAnother footer →"
)


# The seed: the one complete page.


def test_seed_parses_complete_with_both_sides() -> None:
    page = parse_page(SEED.read_text(encoding="utf-8"), file=SEED.name)
    assert page.layout is Layout.RANKED
    assert page.title == "trocr-base-handwritten vs FLUX.1 Pro"
    assert page.summary is not None and page.summary.startswith(
        "FLUX.1 Pro ranks higher at 58/100 vs trocr-base-handwritten at 43/100.")
    assert page.truncated is False
    assert page.verdict is not None and page.verdict.startswith("FLUX.1 Pro scores higher")
    assert "Need something different?" not in page.verdict
    left, right = page.sides
    assert (left.name, right.name) == ("trocr-base-handwritten", "FLUX.1 Pro")
    assert values(left) == {
        "type": "Model", "rank": 43.0, "adoption": 1.0, "quality": 0.0, "ecosystem": 1.0,
        "match_graph": 0.0, "pricing": "Free", "capabilities": 9.0, "times_matched": 0.0,
    }
    assert values(right) == {
        "type": "Model", "rank": 58.0, "adoption": 1.0, "quality": 1.0, "ecosystem": 0.0,
        "match_graph": 0.0, "pricing": "Free", "capabilities": 13.0, "times_matched": 0.0,
    }
    rank = left.field("rank")
    assert rank is not None and (rank.raw, rank.unit, rank.line) == ("43/100", "/100", 6)
    count = right.field("capabilities")
    assert count is not None and (count.raw, count.unit) == ("13 decomposed", "decomposed")
    assert (len(left.capabilities), left.more_capabilities) == (8, 1)
    assert (len(right.capabilities), right.more_capabilities) == (8, 5)


def test_seed_capabilities_are_whole_and_unlabelled() -> None:
    page = parse_page(SEED.read_text(encoding="utf-8"), file=SEED.name)
    for side in page.sides:
        for cap in side.capabilities:
            assert cap.name is None and cap.truncated_fields == ()
            assert cap.description and cap.unique and cap.vs_alternatives
            assert not cap.unique.startswith("Unique:")
            assert not cap.vs_alternatives.startswith("vs alternatives:")
    first = page.sides[0].capabilities[0]
    assert first.line == 15
    assert first.description is not None and first.description.startswith("Recognizes handwritten")
    assert first.unique is not None and first.unique.startswith("Uses a Vision Transformer")
    assert page.sides[1].capabilities[0].line == 41
    assert any("footer" in note for note in page.notes)


# The corpus: real page beginnings, each cut at 2,000 bytes.


@pytest.mark.parametrize("path", corpus_params())
def test_every_corpus_page_parses_as_truncated(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    page = parse_page(text, file=path.name)
    last_line = text.count("\n") + 1
    assert page.truncated
    assert any(f"line {last_line}" in note for note in page.notes), page.notes
    cut = text.rsplit("\n", 1)[-1].strip()
    for side in page.sides:
        for cap in side.capabilities:
            texts = (cap.name, cap.description, cap.unique, cap.vs_alternatives)
            assert all(t is None or not cut.endswith(t) for t in texts), (cap, cut)


@pytest.mark.parametrize("path", [CORPUS / "README.md", CORPUS.parent / "DESIGN.md"],
                         ids=["corpus-README", "DESIGN"])
def test_shared_markdown_is_refused(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} is absent (it lives in ../shared)")
    assert_refused(path.read_text(encoding="utf-8"), 1, "expected a title", file=path.name)


def test_ranked_page_fields() -> None:
    page = corpus_page("automatic1111-web-ui-vs-flux-1-pro.txt")
    assert page.layout is Layout.RANKED
    assert page.title == "Automatic1111 Web UI vs FLUX.1 Pro"
    left, right = page.sides
    assert (left.name, right.name) == ("Automatic1111 Web UI", "FLUX.1 Pro")
    assert values(left)["type"] == "Extension" and values(right)["type"] == "Model"
    assert (values(left)["rank"], values(right)["rank"]) == (59.0, 58.0)
    assert (values(left)["capabilities"], values(right)["capabilities"]) == (16.0, 13.0)
    assert right.capabilities == ()
    first, last = left.capabilities
    assert first.truncated_fields == () and first.line == 15
    assert last.description and not last.description.startswith(("Unique:", "vs alternatives:"))
    assert (last.unique, last.vs_alternatives, last.truncated_fields) == (None, None, ("unique",))
    assert any("line 19" in n and "'Unique' text" in n for n in page.notes)


def test_ranked_page_starting_price() -> None:
    page = corpus_page("openai-gpt-4-vs-chatgpt.txt")
    left, right = page.sides
    assert left.name == "OpenAI: GPT-4"
    price = left.field("starting_price")
    assert price is not None
    assert (price.value, price.unit, price.raw) == (3e-05, "USD per prompt token",
                                                    "$3.00e-5 per prompt token")
    none = right.field("starting_price")
    assert none is not None and (none.value, none.raw) == (None, "—")
    assert values(left)["pricing"] == "Paid"


def test_ranked_pages_with_other_types() -> None:
    whisper = corpus_page("whisper-cli-vs-whisper-large-v3.txt")
    assert values(whisper.sides[0])["type"] == "CLI Tool"
    assert whisper.sides[0].capabilities[0].unique is not None
    chat = corpus_page("ysharma--chatgpt4-vs-gemini.txt")
    assert (chat.sides[0].name, values(chat.sides[0])["type"]) == ("ChatGPT4", "Web App")
    assert chat.sides[0].capabilities[-1].truncated_fields == ("unique",)
    cut_description = corpus_page("roster-vs-cursor.txt")
    assert len(cut_description.sides[0].capabilities) == 1     # the cut second one is dropped
    assert any("dropped" in note for note in cut_description.notes)


def test_side_by_side_row_broken_over_three_lines() -> None:
    page = corpus_page("antonosika--gpt-engineer-vs-github-copilot.txt")
    assert page.layout is Layout.SIDE_BY_SIDE
    assert page.summary == "Side-by-side comparison to help you choose."
    left, right = page.sides
    ecosystem = left.field("ecosystem")
    assert ecosystem is not None and (ecosystem.value, ecosystem.line) == (1.0, 9)
    assert values(right)["ecosystem"] == 0.0
    assert values(left)["match_graph"] == 0.0 and values(left)["type"] == "Agent"
    assert values(right)["type"] == "Repository"
    assert (values(left)["rank"], values(right)["rank"]) == (46.0, 28.0)
    assert len(left.capabilities) == 1 and right.capabilities == ()
    assert any("broken over lines 9-11" in note for note in page.notes)
    assert any("no heading" in n and "'gpt-engineer'" in n for n in page.notes)


@pytest.mark.parametrize(("name", "lines"), [
    ("modelcontextprotocol-server-filesystem-vs-github-copilot.txt", "8-9"),
    ("npm-modelcontextprotocolserver-filesystem-vs-github-copilot.txt", "8-10"),
])
def test_side_by_side_broken_quality_row(name: str, lines: str) -> None:
    page = corpus_page(name)
    left, right = page.sides
    assert left.name == "@modelcontextprotocol/server-filesystem"
    assert values(left)["type"] == "MCP Server"
    assert (values(left)["quality"], values(right)["quality"]) == (0.0, 0.0)
    assert values(left)["ecosystem"] == 0.0
    assert any(f"broken over lines {lines}" in note for note in page.notes)
    assert left.capabilities[-1].truncated_fields == ("unique",)


def test_headless_page_takes_its_name_from_the_file() -> None:
    page = corpus_page("postgresql-vs-supabase.txt")
    assert page.layout is Layout.HEADLESS and page.title is None and page.summary is None
    (side,) = page.sides
    assert (side.name, side.name_from, side.reported) == ("postgresql", "file name", ())
    first, second = side.capabilities
    assert first.name == "read-only schema introspection with table and column metadata extraction"
    assert first.description and first.unique and first.vs_alternatives
    assert first.line == 1 and second.line == 5
    assert second.name == "mcp-based database query execution with read-only enforcement"
    assert (second.unique, second.truncated_fields) == (None, ("unique",))
    assert any("file name" in note for note in page.notes)


def test_headless_owner_name_and_a_cut_name_line() -> None:
    page = corpus_page("microsoft--playwright-mcp-vs-chatgpt.txt")
    (side,) = page.sides
    assert side.name == "playwright-mcp"
    assert [c.name for c in side.capabilities] == [
        "accessibility-tree-based page state capture",
        "mcp tool registry with schema-based function calling",
    ]
    assert any("line 9" in n and "its name" in n and "dropped" in n for n in page.notes)


def test_headless_name_kept_when_its_description_is_cut() -> None:
    page = corpus_page("npm-user-postgresql-mcp-vs-chatgpt.txt")
    last = page.sides[0].capabilities[-1]
    assert page.sides[0].name == "npm-user-postgresql-mcp"
    assert last.name == "database connection pooling and lifecycle management"
    assert (last.description, last.truncated_fields) == (None, ("description",))


def test_artifact_page_fields() -> None:
    page = corpus_page("artifact-root__flux-1-pro.txt")
    assert page.layout is Layout.ARTIFACT and page.truncated
    (side,) = page.sides
    assert side.name == page.title == "FLUX.1 Pro"
    assert side.tagline == "Black Forest Labs' flow-matching image model from SD creators."
    assert values(side) == {"type": "Model", "pricing": "Free", "capabilities": 12.0}
    first, second = side.capabilities
    assert first.name == "photorealistic text-to-image generation with flow matching"
    assert first.confidence == "Medium" and first.truncated_fields == ()
    assert first.description and not first.description.startswith("Medium")   # level split off
    assert first.unique and first.vs_alternatives and first.unique != first.vs_alternatives
    assert (second.name, second.confidence) == (
        "multi-reference image conditioning and style transfer", "Medium")
    assert (second.unique, second.vs_alternatives, second.truncated_fields) == (
        None, None, ("unique",))


def test_artifact_dataset_page() -> None:
    page = corpus_page("artifact__mmlu-massive-multitask-language-understanding.txt")
    (side,) = page.sides
    assert side.name == "MMLU (Massive Multitask Language Understanding)"
    assert values(side) == {"type": "Dataset", "pricing": "Free", "capabilities": 6.0}
    assert side.tagline == "57-subject benchmark, the standard metric for comparing LLMs."
    assert side.capabilities[-1].truncated_fields == ("unique",)


# Made-up pages for the edges.


def test_complete_made_up_page() -> None:
    page = parse_page(COMPLETE, file="alpha-vs-beta.txt")
    assert page.layout is Layout.RANKED and not page.truncated
    assert page.verdict == "Beta ranks higher at 55/100."
    left, right = page.sides
    assert (len(left.capabilities), left.more_capabilities) == (2, 1)
    assert (len(right.capabilities), right.more_capabilities) == (1, 3)
    assert right.capabilities[0].unique == "Made-up unique 3."
    assert values(right)["type"] == "CLI Tool" and values(right)["pricing"] == "Paid"
    assert any("footer" in note for note in page.notes)
    assert not any("lists" in note for note in page.notes)      # 2 + 1 and 1 + 3 agree


def test_listed_count_disagreeing_with_table_is_noted() -> None:
    page = parse_page(COMPLETE.replace("+3 more", "+5 more"), file="alpha-vs-beta.txt")
    assert any("'Beta' lists 6 capabilities" in note for note in page.notes)


def test_crlf_and_blank_lines_are_tolerated() -> None:
    page = parse_page(COMPLETE.replace("\n", "\r\n\r\n"), file="alpha-vs-beta.txt")
    assert not page.truncated and len(page.sides[0].capabilities) == 2
    assert page.sides[0].capabilities[0].unique == "Made-up unique 1."


def test_text_ending_with_a_newline_cuts_nothing() -> None:
    page = parse_page(RANKED_HEAD + "Alpha Capabilities\n" + group(1), file="a-vs-b.txt")
    assert page.truncated and page.verdict is None
    (cap,) = page.sides[0].capabilities
    assert cap.vs_alternatives == "Made-up comparison 1." and cap.truncated_fields == ()


def test_cut_vs_alternatives_line() -> None:
    text = RANKED_HEAD + "Alpha Capabilities\n" + group(1) + group(2)[:-12]
    page = parse_page(text, file="a-vs-b.txt")
    cap = page.sides[0].capabilities[1]
    assert (cap.unique, cap.vs_alternatives) == ("Made-up unique 2.", None)
    assert cap.truncated_fields == ("vs_alternatives",)
    assert any("line 18 inside capability 2 of 'Alpha' (its 'vs alternatives' text)" in n
               for n in page.notes), page.notes


def test_cut_that_may_be_a_label_keeps_the_capability_before_it() -> None:
    text = RANKED_HEAD + "Alpha Capabilities\n" + group(1) + "Alpha does one more thing.\nUniq"
    page = parse_page(text, file="a-vs-b.txt")
    first, second = page.sides[0].capabilities
    assert first.truncated_fields == second.truncated_fields == ()
    assert second.description == "Alpha does one more thing." and second.unique is None
    assert any("line 17 inside capability 3" in note for note in page.notes), page.notes


def test_headless_page_with_a_later_heading_and_a_verdict() -> None:
    text = ("made-up capability\nDoes a thing.\nUnique: Made up.\nvs alternatives: Made up.\n"
            "+2 more capabilities\nDelta Capabilities\nanother made-up capability\n"
            "vs alternatives: Made up too.\nVerdict\nA made-up verdict.\n")
    page = parse_page(text, file="gamma-vs-delta.txt")
    assert page.layout is Layout.HEADLESS and not page.truncated
    gamma, delta = page.sides
    assert (gamma.name, gamma.name_from, gamma.more_capabilities) == ("gamma", "file name", 2)
    assert (delta.name, delta.name_from) == ("Delta", "page")
    assert delta.capabilities[0].name == "another made-up capability"
    assert delta.capabilities[0].vs_alternatives == "Made up too."
    assert page.verdict == "A made-up verdict."


def test_cut_verdict_is_not_imported() -> None:
    page = parse_page(COMPLETE.split("\nA footer")[0][:-5], file="a-vs-b.txt")
    assert page.truncated and page.verdict is None
    assert any("inside the verdict" in note for note in page.notes)


def test_side_by_side_group_without_description() -> None:
    text = SIDE_HEAD + group(1) + "Unique: Only a unique text.\nvs alternatives: And this.\n"
    page = parse_page(text, file="a-vs-b.txt")
    second = page.sides[0].capabilities[1]
    assert (second.description, second.unique) == (None, "Only a unique text.")
    assert any("has no description" in note for note in page.notes)


def test_side_by_side_later_block_goes_to_the_second_column() -> None:
    text = SIDE_HEAD + group(1) + "+2 more capabilities\n" + group(2)
    page = parse_page(text, file="a-vs-b.txt")
    assert [len(s.capabilities) for s in page.sides] == [1, 1]
    assert any("second column's artifact 'Beta'" in note for note in page.notes)


def test_unknown_row_and_free_text_price() -> None:
    text = SIDE_HEAD.replace(
        "| Pricing |",
        "| Last Seen | 2024 | — |\n| Starting Price | Contact sales | $20/month |\n| Pricing |",
    ) + group(1)
    page = parse_page(text, file="a-vs-b.txt")
    left, right = page.sides
    seen = left.field("last_seen")
    assert seen is not None and (seen.value, seen.raw, seen.unit) == ("2024", "2024", None)
    assert values(right)["last_seen"] is None
    assert values(left)["starting_price"] == "Contact sales"
    price = right.field("starting_price")
    assert price is not None and (price.value, price.unit) == (20.0, "USD per month")
    assert any("unknown table row 'Last Seen'" in note for note in page.notes)
    assert any("not a dollar amount" in note for note in page.notes)


def test_text_cut_inside_the_table() -> None:
    text = SIDE_HEAD.split("| Quality")[0] + "| Quality | 0 |\n| 1"
    page = parse_page(text, file="a-vs-b.txt")
    assert page.truncated and "quality" not in values(page.sides[0])
    assert values(page.sides[1])["adoption"] == 0.0
    assert any("inside the table" in note and "'Quality'" in note for note in page.notes)


def test_artifact_page_with_a_whole_last_capability() -> None:
    text = ("Gamma\nCLI ToolPaidA made-up tool.\nCapabilities2 decomposed\n"
            "made-up first capability\nHigh confidenceDoes one thing.\nUnique one.\nVs one.\n"
            "made-up second capability\nLow confidenceDoes another.\nUnique two.\nVs two.\n")
    page = parse_page(text, file="artifact__gamma.txt")
    assert page.layout is Layout.ARTIFACT and not page.truncated
    (side,) = page.sides
    assert values(side) == {"type": "CLI Tool", "pricing": "Paid", "capabilities": 2.0}
    assert side.tagline == "A made-up tool."
    assert [c.confidence for c in side.capabilities] == ["High", "Low"]
    assert side.capabilities[1].vs_alternatives == "Vs two."


def test_artifact_page_cut_inside_a_confidence_level() -> None:
    text = "Gamma\nMCP ServerFreeMade up.\nCapabilities1 decomposed\nmade-up capability\nMedium co"
    (side,) = parse_page(text, file="gamma.txt").sides
    assert values(side)["type"] == "MCP Server"
    (cap,) = side.capabilities
    assert (cap.name, cap.confidence, cap.description) == ("made-up capability", None, None)
    assert cap.truncated_fields == ("confidence", "description")


def test_headless_owner_prefix_is_dropped() -> None:
    text = "made-up capability\nDoes a thing.\nUnique: Made up.\nvs alternatives: Made up.\n"
    page = parse_page(text, file="someone--gamma-vs-delta.txt")
    assert page.sides[0].name == "gamma" and not page.sides[0].capabilities[0].truncated_fields


# Refusals: made-up text that is not this format.


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 1, ["empty"]),
    ("# Notes\n\nSome prose about pages.\n", 1, ["expected a title"]),
    ('{\n  "title": "Alpha vs Beta"\n}\n', 1, ["expected a title"]),
    ('{"title": "Alpha vs Beta"}\n', 1, ["ends before the table"]),
    ("import re\n\n\ndef main() -> None:\n    pass\n", 5, ["Unique:", "line 1"]),
    ("some notes here\nA sentence.\nAnother sentence.\n", 3, ["Unique:", "line 1"]),
])
def test_non_pages_are_refused(text: str, line: int, words: list[str]) -> None:
    assert_refused(text, line, *words)


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("| Feature | Alpha | Beta |", "| Name | Alpha | Beta |", 3, ["table header", "Feature"]),
    ("| Feature | Alpha | Beta |", "| Feature | Alpha | Beta | Gamma |", 3, ["table header"]),
    ("| Feature | Alpha | Beta |", "| Feature | Alpha | Zeta |", 3, ["do not match the title"]),
    ("|---|---|---|", "| - | - | - |", 4, ["separator"]),
    ("| 40/100 |", "| high |", 6, ["UnfragileRank", "'Alpha'", "'high'"]),
    ("| 55/100 |", "| 155/100 |", 6, ["UnfragileRank", "'Beta'"]),
    ("| Adoption | 1 | 0 |", "| Adoption | many | 0 |", 7, ["Adoption", "number"]),
    ("| Adoption | 1 | 0 |", "| Adoption | 1 | 0 | 1 |", 7, ["4 cells"]),
    ("| Quality | 0 | 1 |", "| Quality | 0 |", 9, ["Quality", "line 8 has 5 cells"]),
    ("| Quality | 0 | 1 |", "| Quality | 0 |\nNot a row.", 9, ["Quality", "2 cells"]),
    ("| Pricing | Free | Paid |", "| Adoption | 1 | 1 |", 10, ["repeats line 7"]),
    ("| Capabilities | 3 decomposed |", "| Capabilities | three |", 11, ["decomposed"]),
])
def test_broken_tables_are_refused(old: str, new: str, line: int, words: list[str]) -> None:
    assert old in COMPLETE
    assert_refused(COMPLETE.replace(old, new, 1), line, *words)


@pytest.mark.parametrize(("body", "line", "words"), [
    ("Alpha Capabilities\nUnique: No description before it.\n", 13,
     ["'Unique:' does not follow a capability description"]),
    (group(1), 12, ["expected a heading '<artifact> Capabilities'"]),
    ("Alpha Capabilities\nFirst description.\nSecond description.\n", 14,
     ["'Unique: ...' or 'vs alternatives: ...'", "line 13"]),
    ("Alpha Capabilities\n" + group(1) + "vs alternatives: Again.\n", 16,
     ["'vs alternatives:' does not follow"]),
    ("Gamma Capabilities\n" + group(1), 12, ["'Gamma'", "not a column"]),
    ("Alpha Capabilities\n" + group(1) + "Alpha Capabilities\n", 16, ["second capabilities"]),
    ("Alpha Capabilities\n" + group(1) + "+1 more capabilities\n" + group(2), 17,
     ["expected a heading"]),
])
def test_broken_ranked_bodies_are_refused(body: str, line: int, words: list[str]) -> None:
    assert_refused(RANKED_HEAD + body, line, *words)


def test_a_title_without_a_table_is_refused() -> None:
    assert_refused("Alpha vs Beta\nA summary.\nAlpha does things.\n", 3, "table header")
    assert_refused("Alpha vs Beta\nA summary.", 2, "ends before the table")


def test_headless_page_without_a_pair_file_name_is_refused() -> None:
    text = "made-up capability\nDoes a thing.\nUnique: Made up.\n"
    assert_refused(text, 1, "names no artifact", file="notes.txt")


def test_headless_page_with_a_bad_name_line_is_refused() -> None:
    text = "made-up capability\nDoes a thing.\nUnique: Made up.\nThis is a Sentence.\n"
    assert_refused(text, 4, "expected a capability name")


@pytest.mark.parametrize(("text", "line"), [
    ("made-up capab", 1),
    ("made-up capability\nDoes a thing, but the text ends before its labels", 2),
    ("some lower-case line\n    indented code()\n", 2),
])
def test_headless_page_without_any_label_is_refused(text: str, line: int) -> None:
    assert_refused(text, line, "without a 'Unique:' or 'vs alternatives:' line")


def test_artifact_pages_with_broken_structure_are_refused() -> None:
    head = "Gamma\nModelFreeMade up.\n"
    assert_refused(head + "Capabilities: many\n", 3, "Capabilities<N> decomposed",
                   file="artifact__gamma.txt")
    assert_refused(head + "Capabilities1 decomposed\nname one\nNo level here.\nA.\nB.\n", 5,
                   "confidence", file="artifact__gamma.txt")
    extra = "name\nLow confidenceD.\nU.\nV.\nExtra.\nname two\nLow confidenceD.\nU.\nV.\n"
    assert_refused(head + "Capabilities2 decomposed\n" + extra, 8, "expected 2",
                   file="artifact__gamma.txt")
