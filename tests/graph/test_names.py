"""graph/names.py: every class of name a look-alike is made of, refused or repaired.

Inputs are built from the Unicode database (every bidi control, every letter of a script),
never from a list of known look-alike letters, so the rules are checked as rules.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.names import (
    BIDI_CONTROLS,
    UnsafeName,
    check_name,
    clean_name,
    is_invisible,
    script_of,
    words,
)

PROPERTY = settings(max_examples=200, derandomize=True, deadline=None, database=None)


def _letters(script: str, limit: int = 0x30000) -> list[str]:
    """Every NFKC-stable letter whose Unicode name puts it in `script` (up to `limit`)."""
    return [chr(cp) for cp in range(limit)
            if unicodedata.category(chr(cp)).startswith("L")
            and unicodedata.normalize("NFKC", chr(cp)) == chr(cp)
            and script_of(chr(cp)) == script]


LATIN_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                     min_size=1, max_size=8)
FOREIGN = {script: _letters(script) for script in (
    "Cyrillic", "Greek", "Armenian", "Cherokee", "Lisu", "Coptic", "Georgian", "Arabic",
    "Hebrew", "Devanagari", "Thai", "Ethiopic", "Canadian", "Runic", "Tifinagh")}


# -- normalisation -----------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "clean"), [
    ("\uff26\uff2c\uff35\uff38.1 Pro", "FLUX.1 Pro"),                 # full-width
    ("\U0001d405\U0001d40b\U0001d414\U0001d417.1 Pro", "FLUX.1 Pro"),  # mathematical bold
    ("\u2460 \u24c5ro", "1 Pro"),                                       # circled
    ("e\ufb03cient", "efficient"),                                      # ligature
    ("  FLUX.1\u00a0\u3000Pro\t\n", "FLUX.1 Pro"),                      # any white space
    ("Cafe\u0301", "Caf\u00e9"),                                        # composed
])
def test_names_are_normalised(raw: str, clean: str) -> None:
    assert check_name(raw) == clean


def test_a_plain_name_is_unchanged_and_carries_no_note() -> None:
    cleaned = clean_name("Stable Diffusion 3.5")
    assert cleaned.text == "Stable Diffusion 3.5" and cleaned.note("Stable Diffusion 3.5") is None


@PROPERTY
@given(st.text(max_size=30))
def test_any_text_is_refused_or_comes_out_clean_and_stable(raw: str) -> None:
    try:
        clean = check_name(raw)
    except UnsafeName:
        return
    assert clean == check_name(clean)                                  # idempotent
    assert clean == unicodedata.normalize("NFKC", clean)
    assert clean == " ".join(clean.split()) and clean
    assert not any(is_invisible(c) for c in clean)


# -- bidi controls and invisible characters: stripped, and said so -----------------------

@pytest.mark.parametrize("control", sorted(BIDI_CONTROLS), ids=lambda c: f"U+{ord(c):04X}")
def test_every_bidi_control_is_removed_and_named(control: str) -> None:
    cleaned = clean_name(f"FLUX.1{control} Pro{control}")
    assert cleaned.text == "FLUX.1 Pro"
    assert cleaned.removed == (f"U+{ord(control):04X} {unicodedata.name(control)} "
                               "(bidi control)",)
    note = cleaned.note(f"FLUX.1{control} Pro")
    assert note is not None and "bidi control" in note


def test_the_reversed_name_of_the_report_is_read_as_its_letters() -> None:
    # "\u202eorP 1.XULF" displays as "FLUX.1 Pro"; once the override is gone it reads as
    # the letters it holds, which name no existing artifact
    assert check_name("\u202eorP 1.XULF") == "orP 1.XULF"


INVISIBLE = [chr(cp) for cp in range(0x30000) if unicodedata.category(chr(cp)) == "Cf"] + [
    "\u034f", "\u115f", "\u1160", "\u17b4", "\u180b", "\u3164", "\ufe0f", "\uffa0",
    "\U000e0041", "\U000e0100", "\x00", "\x1b", "\x7f", "\x9b"]


@PROPERTY
@given(st.sampled_from(INVISIBLE), st.integers(0, 10))
def test_every_invisible_character_is_removed_wherever_it_stands(char: str, at: int) -> None:
    name = "FLUX.1 Pro"
    assert is_invisible(char)
    cleaned = clean_name(name[:at] + char + name[at:])
    assert cleaned.text == name and len(cleaned.removed) == 1


def test_a_name_of_invisible_characters_only_is_refused() -> None:
    with pytest.raises(UnsafeName, match="no visible characters"):
        check_name("\u200b\u202e\u2066 \ufeff")


@pytest.mark.parametrize("char", ["\ue000", "\U000f0000", "\ud800", "\uffff", "\u0378"])
def test_code_points_that_are_not_characters_are_refused(char: str) -> None:
    with pytest.raises(UnsafeName, match="not a character"):
        check_name(f"FLUX{char} Pro")


# -- scripts -----------------------------------------------------------------------------

@PROPERTY
@given(LATIN_WORD, st.sampled_from(sorted(FOREIGN)), st.data())
def test_a_letter_of_another_script_inside_a_latin_word_is_refused(
    word: str, script: str, data: st.DataObject,
) -> None:
    letter = data.draw(st.sampled_from(FOREIGN[script]))
    at = data.draw(st.integers(0, len(word)))
    mixed = word[:at] + letter + word[at:]
    with pytest.raises(UnsafeName, match=f"mixes scripts in the word .*{script}"):
        check_name(f"FLUX.1 {mixed}")


@pytest.mark.parametrize("script", ["Cyrillic", "Greek", "Cherokee", "Lisu", "Canadian"])
def test_latin_beside_a_word_of_look_alike_script_is_refused(script: str) -> None:
    word = "".join(FOREIGN[script][:3])
    with pytest.raises(UnsafeName, match=f"mixes Latin with {script}"):
        check_name(f"FLUX.1 {word}")


@pytest.mark.parametrize("script", ["Arabic", "Hebrew", "Devanagari", "Thai", "Georgian"])
def test_latin_beside_one_other_recommended_script_is_a_name(script: str) -> None:
    word = "".join(FOREIGN[script][:3])
    assert check_name(f"Whisper {word}") == f"Whisper {word}"


def test_latin_with_two_other_scripts_is_refused() -> None:
    arabic, hebrew = FOREIGN["Arabic"][0], FOREIGN["Hebrew"][0]
    with pytest.raises(UnsafeName, match="mixes Latin with Arabic and Hebrew"):
        check_name(f"Whisper {arabic} {hebrew}")


@pytest.mark.parametrize("name", ["Кандинский 3", "Ελληνικά 2", "ChatGPTモデル",
                                  "Stable Diffusion 日本語版", "한국어 GPT", "Kandinsky-3"])
def test_names_in_one_script_or_one_writing_system_pass(name: str) -> None:
    assert check_name(name) == name


def test_scripts_that_do_not_combine_are_refused_without_latin() -> None:
    with pytest.raises(UnsafeName, match="mixes Cyrillic and Greek"):
        check_name("Кандинский Ελληνικά")


def test_digits_of_another_script_count_as_that_script() -> None:
    assert script_of("\u0663") == "Arabic" and script_of("3") is None
    with pytest.raises(UnsafeName, match="Arabic"):
        check_name("Llama\u0663")          # one word: Latin letters, an Arabic-Indic digit
    assert check_name("Llama \u0663") == "Llama \u0663"


def test_words_split_at_anything_but_letters_marks_and_digits() -> None:
    assert list(words("FLUX.1-Pro_x (v2) caf\u0065\u0301")) == [
        "FLUX", "1", "Pro", "x", "v2", "cafe\u0301"]


def test_script_of_agrees_with_the_unicode_script_property() -> None:
    """No letter the Script property puts in a script whose letters look Latin is taken
    for Latin or for no script by `script_of` (which would let it pass)."""
    regex = pytest.importorskip("regex")
    patterns = {s: regex.compile(rf"\p{{Script={s}}}") for s in
                ("Latin", "Cyrillic", "Greek", "Armenian", "Cherokee", "Coptic", "Lisu")}
    wrong = []
    for cp in range(0x10000 if sys.maxunicode > 0xFFFF else sys.maxunicode):
        char = chr(cp)
        if not unicodedata.category(char).startswith("L") \
                or unicodedata.normalize("NFKC", char) != char:
            continue
        mine = script_of(char)
        for script, pattern in patterns.items():
            if pattern.match(char) and mine != script and not (script == "Latin" and mine
                                                                 is None):
                wrong.append((f"U+{cp:04X}", script, mine))
    assert wrong == []
