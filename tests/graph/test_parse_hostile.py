"""parse_page and what a hostile page gives it: every place an artifact's name comes from
is made safe (graph/names.py); numbers and counts no page can mean, and the long cells
the fuzzer (test_parse_fuzz.py) found, are refused clearly and quickly."""

from __future__ import annotations

import time

import pytest

from graph.errors import PageFormatError
from graph.ingest.page import ParsedPage
from graph.ingest.parse import parse_page
from graph.ingest.table import COUNT_LIMIT

TABLE = "| Type | Model | Model |\n| UnfragileRank | 40/100 | 55/100 |\n"


def comparison(left: str = "Alpha", right: str = "Beta", *, heading: str | None = None,
               cell: str = "1", more: str = "1", text: str = "Made up.") -> str:
    return (f"{left} vs {right}\nSide-by-side comparison to help you choose.\n"
            f"| Feature | {left} | {right} |\n|---|---|---|\n{TABLE}| Adoption | {cell} | 0 |\n"
            f"{heading or left} Capabilities\nDoes X.\nUnique: Y.\nvs alternatives: {text}\n"
            f"+{more} more capabilities\nVerdict\nBoth are made up.\n")


def artifact(name: str = "Alpha", count: str = "1", text: str = "Made up.") -> str:
    return (f"{name}\nModelFreeA made-up model.\nCapabilities{count} decomposed\n"
            f"text recognition\nMedium confidenceReads text.\nReads more.\n{text}\n")


def headless(text: str = "Made up.") -> str:
    return f"text recognition\nReads text.\nUnique: Reads more.\nvs alternatives: {text}\n"


def refused(text: str, file: str = "alpha-vs-beta.txt") -> PageFormatError:
    with pytest.raises(PageFormatError) as caught:
        parse_page(text, file=file)
    return caught.value


# -- where names come from: each is cleaned, and a look-alike is refused -----------------

@pytest.mark.parametrize("invisible", ["\u202e", "\u200b", "\u2066", "\ufeff", "\x1b"])
def test_table_names_lose_invisible_characters_with_a_note(invisible: str) -> None:
    left = f"Alpha{invisible}"
    page = parse_page(comparison(left, heading=left), file="alpha-vs-beta.txt")
    assert [s.name for s in page.sides] == ["Alpha", "Beta"]
    assert any(n.startswith("line 3: the name ") and f"U+{ord(invisible):04X}" in n
               for n in page.notes), page.notes


def test_a_heading_matches_its_column_once_both_are_cleaned() -> None:
    page = parse_page(comparison("Alpha", heading="Al\u200bpha"), file="alpha-vs-beta.txt")
    assert page.sides[0].name == "Alpha" and page.sides[0].capabilities


def test_full_width_names_become_the_letters_they_stand_for() -> None:
    left = "\uff21\uff4c\uff50\uff48\uff41"
    page = parse_page(comparison(left, heading=left), file="alpha-vs-beta.txt")
    assert page.sides[0].name == "Alpha"
    assert any("normalised compatibility characters" in n for n in page.notes)


@pytest.mark.parametrize(("text", "file", "line", "field"), [
    (comparison("Alph\u0430"), "alpha-vs-beta.txt", 3, "table header"),
    (comparison("Alpha", heading="Alph\u0430"), "alpha-vs-beta.txt", 8, "heading"),
    (artifact("FLUX.1 \u0420ro"), "artifact__flux.txt", 1, "name"),
    (headless(), "fl\u03bfx-vs-beta.txt", 1, "file name"),
])
def test_a_look_alike_name_is_refused_naming_file_line_and_field(
    text: str, file: str, line: int, field: str,
) -> None:
    exc = refused(text, file)
    assert (exc.file, exc.line, exc.field) == (file, line, field), str(exc)
    assert str(exc).startswith(f"{file}:{line}: {field}: the name ")
    assert "mixes scripts" in str(exc)


def test_a_name_that_gives_no_slug_is_refused_before_import() -> None:
    exc = refused(artifact("\u041a\u0430\u043d\u0434\u0438\u043d\u0441\u043a\u0438\u0439"),
                  "artifact__k.txt")
    assert (exc.line, exc.field) == (1, "name") and "slug" in str(exc)


@pytest.mark.parametrize(("text", "line", "field"), [
    (comparison(text="Faster than Tesser\u0430ct."), 11, "vs alternatives"),
    (artifact(text="Faster than Tesser\u0430ct."), 7, "vs alternatives"),
    (headless(text="Faster than Tesser\u0430ct."), 4, "vs alternatives"),
])
def test_a_look_alike_alternative_in_capability_text_is_refused(
    text: str, line: int, field: str,
) -> None:
    exc = refused(text)
    assert (exc.line, exc.field) == (line, field), str(exc)
    assert "the text names an alternative that could pass for another" in str(exc)


def test_a_clean_page_is_unchanged_by_the_name_rules() -> None:
    page = parse_page(comparison(), file="alpha-vs-beta.txt")
    assert isinstance(page, ParsedPage) and not any("the name" in n for n in page.notes)


# -- numbers a float cannot hold, counts nobody reports ----------------------------------

@pytest.mark.parametrize("cell", ["9" * 400, "9" * 5000])
def test_a_number_too_large_for_a_float_is_refused(cell: str) -> None:
    exc = refused(comparison(cell=cell))
    assert (exc.line, exc.field) == (7, "Adoption")
    assert "too large" in str(exc) and len(str(exc)) < 300       # the cell is not echoed


@pytest.mark.parametrize("more", ["9" * 5000, str(COUNT_LIMIT)])
def test_a_more_count_past_the_limit_is_refused(more: str) -> None:
    exc = refused(comparison(more=more))
    assert exc.line == 12 and "too large" in str(exc) and len(str(exc)) < 300


def test_the_largest_count_is_read() -> None:
    page = parse_page(comparison(more=str(COUNT_LIMIT - 1)), file="alpha-vs-beta.txt")
    assert page.sides[0].more_capabilities == COUNT_LIMIT - 1


def test_an_artifact_page_count_past_the_limit_is_refused() -> None:
    exc = refused(artifact(count="9" * 5000), "artifact__a.txt")
    assert (exc.line, exc.field) == (3, "capabilities") and "too large" in str(exc)


def test_a_long_price_cell_is_read_in_linear_time() -> None:
    # the price pattern once read a digit run many ways: 8,000 digits took 3 s, 80,000 hours
    row = f"| Starting Price | ${'9' * 200_000}x | $1 |\n"
    text = comparison().replace(TABLE, TABLE + row)
    start = time.perf_counter()
    page = parse_page(text, file="alpha-vs-beta.txt")
    assert time.perf_counter() - start < 2.0
    price = page.sides[0].field("starting_price")
    assert price is not None and price.value == price.raw      # not a price: kept as text


def test_a_capability_followed_at_once_by_a_confidence_line_is_refused_clearly() -> None:
    text = ("Alpha\nModelFreeA model.\nCapabilities2 decomposed\nfirst\nMedium confidenceA.\n"
            "Low confidenceB.\nC.\nD.\nsecond\nHigh confidenceE.\nF.\nG.\n")
    exc = refused(text, "artifact__a.txt")
    assert "is followed at once by another confidence line" in str(exc)
    assert "-1" not in str(exc)
