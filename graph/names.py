r"""Names that cannot impersonate: the one check every artifact name passes before it
becomes an artifact (a page's listing, a stub for an alternative a claim names).

"Vega.2 Рro" (a Cyrillic "Р"), "Vega.2 Pro" with a right-to-left override or a zero-width
space inside, and "Ｖｅｇａ.2 Pro" (full-width letters) all display as "Vega.2 Pro". The
rules, from Unicode's own (UAX #15 normalisation, UTS #39 security mechanisms):

1. **Normalised.** NFKC (full-width, mathematical, circled and ligature forms become the
   letters they stand for), every run of white space one space, none at the ends.
2. **Invisible characters are removed, and said so.** Bidi controls (U+202A–U+202E,
   U+2066–U+2069, U+200E, U+200F, U+061C) reorder what is shown; the other default-ignorable
   code points (zero-width space and joiners, word joiner, soft hyphen, BOM, tag characters,
   variation selectors, Hangul fillers, ...) and control characters show nothing. None of
   them can be part of a name anyone types, so they are stripped and `CleanName.removed`
   names each; a page's import notes say so.
3. **Scripts do not mix.** A letter's script is read from its Unicode name (the first word
   of `unicodedata.name`: "CYRILLIC CAPITAL LETTER ER" is Cyrillic; CJK ideographs are Han);
   a digit other than 0–9 has the script of its name too; marks, punctuation and symbols
   have none. Refused (`UnsafeName`, a `ValueError`), as UTS #39 restricts identifiers:
   - a word (a run of letters, marks and digits) whose letters come from two scripts,
     unless they are ones a single writing system combines (Han with Hiragana and
     Katakana, with Hangul, or with Bopomofo, each also with Latin): "Рro", "Zetaｚ"
     -> no, "ChatGPTモデル" -> yes ("highly restrictive", per word);
   - a name combining Latin with Cyrillic, Greek or a script outside Unicode's recommended
     ones (whose letters are where look-alikes of Latin ones live: Cherokee, Lisu, Coptic,
     Canadian syllabics...), even in separate words: "Vega.2 Рго" ("moderately
     restrictive", over the whole name). Latin with one other recommended script (Arabic,
     Han, Devanagari, ...) stays allowed.
   Refused rather than repaired: there is no telling which artifact a look-alike meant.
4. Surrogates, private-use and unassigned code points are refused: they are not text, or
   not text every reader sees alike.

A name with nothing left is refused. Whether the result gives a slug is `slugify`'s to say.

Example:
    >>> clean_name("Vega.2\u202e Pro\u200b").text
    'Vega.2 Pro'
    >>> [r.split(" (")[0] for r in clean_name("Vega.2\u202e Pro\u200b").removed]
    ['U+202E RIGHT-TO-LEFT OVERRIDE', 'U+200B ZERO WIDTH SPACE']
    >>> check_name("\uff36\uff45\uff47\uff41.2   Pro")
    'Vega.2 Pro'
    >>> check_name("Vega.2 \u0420ro")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.names.UnsafeName: the name 'Vega.2 Рro' mixes scripts in the word 'Рro': Cyrillic ...
    >>> check_name("Vega.2 \u0420\u0433\u043e")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.names.UnsafeName: the name 'Vega.2 Рго' mixes Latin with Cyrillic ('Рго'); ...
    >>> check_name("Stable Diffusion 日本語版"), check_name("ChatGPTモデル")
    ('Stable Diffusion 日本語版', 'ChatGPTモデル')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f" + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2066, 0x206A)))
)
"""Characters that reorder the text around them (ALM, LRM/RLM, embeddings, overrides,
isolates): U+202E shows "orP 2.ageV" as "Vega.2 Pro"."""

_IGNORABLE_RANGES = (
    (0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF),
)
"""Default-ignorable code points that are not format characters (Unicode's
DerivedCoreProperties): combining grapheme joiner, Hangul fillers, Khmer inherent vowels,
Mongolian variation selectors, variation selectors, tags. Format characters (Cf) are
found by category."""

_COMBINING_SCRIPTS = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),
    frozenset({"Latin", "Han", "Bopomofo"}),
    frozenset({"Latin", "Han", "Hangul"}),
)
"""Scripts one writing system combines, so one word may hold them together (UTS #39)."""

_LOOK_LATIN = frozenset({"Cyrillic", "Greek"})
"""Recommended scripts whose letters are look-alikes of Latin ones; Latin never combines
with them, nor with any script outside `_RECOMMENDED`."""

_RECOMMENDED = frozenset({
    "Arabic", "Armenian", "Bengali", "Bopomofo", "Cyrillic", "Devanagari", "Ethiopic",
    "Georgian", "Greek", "Gujarati", "Gurmukhi", "Han", "Hangul", "Hebrew", "Hiragana",
    "Kannada", "Katakana", "Khmer", "Lao", "Latin", "Malayalam", "Myanmar", "Oriya",
    "Sinhala", "Tamil", "Telugu", "Thaana", "Thai", "Tibetan",
})
"""Unicode's recommended scripts for identifiers (UAX #31, table 5)."""

_NAME_WORD_SCRIPT = {
    "CJK": "Han", "IDEOGRAPHIC": "Han", "HENTAIGANA": "Hiragana", "TURNED": "Latin",
    "ROMAN": "Latin", "ARABIC-INDIC": "Arabic", "EXTENDED": "Arabic",
}
"""First words of character names that are not the script's own name."""

_NO_SCRIPT = frozenset({"MODIFIER", "CARON", "VERTICAL", "KATAKANA-HIRAGANA", "MASU",
                        "VEDIC", "DIGIT"})
"""First words of letters (and digits) shared by scripts, or belonging to none."""


class UnsafeName(ValueError):
    """A name that could pass for another (mixed scripts) or is not text; the message says
    which word and which characters."""


@dataclass(frozen=True)
class CleanName:
    """A name as it may be stored, and the invisible characters taken out of it."""

    text: str
    removed: tuple[str, ...] = ()   # "U+202E RIGHT-TO-LEFT OVERRIDE (bidi control)", ...
    normalised: bool = False        # NFKC changed a character (white space aside)

    def note(self, raw: str) -> str | None:
        """What changed, for a page's notes; None when only white space did."""
        if not self.removed and not self.normalised:
            return None
        what = []
        if self.removed:
            what.append(f"removed {', '.join(self.removed)}")
        if self.normalised:
            what.append("normalised compatibility characters (NFKC)")
        return f"the name {raw!r} is read as {self.text!r}: {'; '.join(what)}"


def clean_name(raw: str) -> CleanName:
    """The name normalised (NFKC, white space folded) with invisible characters removed.

    Raises:
        UnsafeName: the name mixes scripts (see the module), holds a code point that is
            not a character, or has nothing visible.
    """
    removed: dict[str, None] = {}
    text = _strip(raw, removed)
    normal = unicodedata.normalize("NFKC", text)
    normal = " ".join(_strip(normal, removed).split())
    if not normal:
        raise UnsafeName(f"the name {raw!r} has no visible characters")
    for char in normal:
        if unicodedata.category(char) in ("Cs", "Co", "Cn"):
            raise UnsafeName(f"the name {raw!r} holds {_code(char)}, which is not a "
                             "character every reader sees alike (a surrogate, private-use "
                             "or unassigned code point)")
    _check_scripts(normal, raw)
    changed = normal != " ".join(text.split())
    return CleanName(normal, tuple(removed), changed)


def check_name(raw: str) -> str:
    """`clean_name(raw).text`: the name to store, or `UnsafeName`."""
    return clean_name(raw).text


def is_invisible(char: str) -> bool:
    r"""A bidi control, another default-ignorable code point, or a control character
    (white space aside: it is folded, not removed).

    Example:
        >>> [is_invisible(c) for c in "\u202e\u200b\u3164\x1b\t P"]
        [True, True, True, True, False, False, False]
    """
    if char in BIDI_CONTROLS:
        return True
    category = unicodedata.category(char)
    if category == "Cf" or (category == "Cc" and not char.isspace()):
        return True
    point = ord(char)
    return any(low <= point <= high for low, high in _IGNORABLE_RANGES)


def script_of(char: str) -> str | None:
    """The script of a letter or digit, from its Unicode name; None for the rest
    (ASCII digits, marks, punctuation, symbols, letters shared by scripts).

    Example:
        >>> [script_of(c) for c in "PР Ρ日ア7٣-"]
        ['Latin', 'Cyrillic', None, 'Greek', 'Han', 'Katakana', None, 'Arabic', None]
    """
    category = unicodedata.category(char)
    if not (category.startswith("L") or (category == "Nd" and not char.isascii())):
        return None
    name = unicodedata.name(char, "")
    if not name:
        return "Unnamed"           # letters Python's database names not (Tangut)
    first = name.split(" ", 1)[0]
    if first in _NO_SCRIPT:
        return None
    return _NAME_WORD_SCRIPT.get(first) or first.split("-")[0].capitalize()


def words(text: str) -> Iterator[str]:
    """Runs of letters, marks and digits: the words scripts are checked in.

    Example:
        >>> list(words("Vega.2-Рro (v2)"))
        ['Vega', '2', 'Рro', 'v2']
    """
    word: list[str] = []
    for char in text:
        if char.isalnum() or unicodedata.category(char).startswith("M"):
            word.append(char)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _strip(text: str, removed: dict[str, None]) -> str:
    kept = []
    for char in text:
        if is_invisible(char):
            kind = "bidi control" if char in BIDI_CONTROLS else "invisible"
            removed[f"{_code(char)} ({kind})"] = None
        else:
            kept.append(char)
    return "".join(kept)


def _check_scripts(name: str, raw: str) -> None:
    seen: dict[str, str] = {}                   # script -> the first word that has it
    for word in words(name):
        scripts: dict[str, str] = {}            # script -> its first character here
        for char in word:
            script = script_of(char)
            if script is not None:
                scripts.setdefault(script, char)
        if len(scripts) > 1 and not any(set(scripts) <= ok for ok in _COMBINING_SCRIPTS):
            base = "Latin" if "Latin" in scripts else next(iter(scripts))
            odd = ", ".join(f"{s} {c!r} ({_code(c, named=False)})"
                            for s, c in scripts.items() if s != base)
            raise UnsafeName(f"the name {raw!r} mixes scripts in the word {word!r}: {odd} "
                             f"with {base}; each word of a name must be in one script")
        for script in scripts:
            seen.setdefault(script, word)
    found = set(seen)
    if len(found) <= 1 or any(found <= ok for ok in _COMBINING_SCRIPTS):
        return
    others = sorted(found - {"Latin"})
    if "Latin" not in found:
        raise UnsafeName(f"the name {raw!r} mixes {' and '.join(others)} "
                         f"({', '.join(repr(seen[s]) for s in others)}); a name is in one "
                         "script, or in Latin and one other")
    if len(others) == 1 and others[0] in _RECOMMENDED and others[0] not in _LOOK_LATIN:
        return
    bad = [s for s in others if s in _LOOK_LATIN or s not in _RECOMMENDED] or others
    raise UnsafeName(f"the name {raw!r} mixes Latin with {' and '.join(bad)} "
                     f"({', '.join(repr(seen[s]) for s in bad)}); Latin may be combined "
                     "only with one script whose letters do not look like Latin ones")


def _code(char: str, *, named: bool = True) -> str:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "") if named else ""
    return f"{code} {name}" if name else code
