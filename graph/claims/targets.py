"""Which model a claim is about: the subject, a named relative, or a model with no files.

Relatives share the subject's family stem: its slug up to the last dash-separated token
("flux-1-pro" -> "flux-1", variant "pro"). A claim names a family member by a name that
starts with the family root ("FLUX.1-dev", "FLUX.1 Schnell", "FLUX.2 [klein]") or by a
variant word written as a name ("Dev", "[schnell]"). A name that starts with the root but
is neither the subject, a relative, nor a prefix of one ("FLUX.2") is *foreign*: a model
whose files we do not have.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from graph.model import slugify


@dataclass(frozen=True)
class Targets:
    subject: bool
    relatives: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()

    @property
    def named(self) -> bool:
        """Whether the text names any family member at all."""
        return self.subject or bool(self.relatives) or bool(self.foreign)


def family_stem(slug: str) -> str:
    """The slug without its last variant token.

    Example:
        >>> family_stem("flux-1-pro"), family_stem("trocr-base-handwritten"), family_stem("gpt2")
        ('flux-1', 'trocr-base', 'gpt2')
    """
    return slug.rsplit("-", 1)[0] if "-" in slug else slug


def claim_targets(text: str, subject_slug: str, relative_slugs: Sequence[str] = ()) -> Targets:
    """The family members `text` names.

    Example:
        >>> rel = ["flux-1-dev", "flux-1-schnell"]
        >>> claim_targets("FLUX.1-dev is open", "flux-1-pro", rel)
        Targets(subject=False, relatives=('flux-1-dev',), foreign=())
        >>> claim_targets("variants (Pro, Dev) and FLUX.2 [klein]", "flux-1-pro", rel)
        Targets(subject=True, relatives=('flux-1-dev',), foreign=('flux-2-klein',))
        >>> claim_targets("Runs in 4 steps", "flux-1-pro", rel).named
        False
    """
    known = [subject_slug, *relative_slugs]
    subject, relatives, foreign = False, [], []
    refs, rest = _references(text, subject_slug.split("-")[0])
    for ref in refs:
        if ref == subject_slug:
            subject = True
        elif ref in relative_slugs:
            relatives.append(ref)
        elif not any(k.startswith(ref + "-") for k in known):
            foreign.append(ref)
    for slug in known:
        variant = slug[len(family_stem(slug)) + 1:]
        if variant and _names_variant(rest, variant):
            if slug == subject_slug:
                subject = True
            else:
                relatives.append(slug)
    return Targets(subject, tuple(dict.fromkeys(relatives)), tuple(dict.fromkeys(foreign)))


def _references(text: str, root: str) -> tuple[list[str], str]:
    """The slugs of family names in `text`, and the text with those names blanked out (a
    variant word inside "FLUX.2 [pro]" belongs to that name, not to the subject)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(root)}[\w.\-]*"
                         r"(?:\s*\[\w+\]|\s+(?-i:[A-Z])[a-z]+\b)?", re.IGNORECASE)
    refs = []
    rest = text
    for match in pattern.finditer(text):
        words = match.group(0)
        tail = re.search(r"\s+(\w+)$", words)
        if tail and not words.rstrip().endswith("]") and tail.group(1).lower() in _NOT_VARIANTS:
            words = words[: tail.start()]
        refs.append(slugify(words))
        rest = rest[:match.start()] + " " * len(words) + rest[match.start() + len(words):]
    return refs, rest


# Capitalised words that follow a model name without being part of it.
_NOT_VARIANTS = frozenset({"the", "and", "or", "is", "are", "was", "uses", "with", "for", "in",
                           "on", "by", "family", "model", "models", "variant", "variants"})


def _names_variant(text: str, variant: str) -> bool:
    for match in re.finditer(rf"(?<![\w.-])\[?{re.escape(variant)}\]?(?![\w-])", text,
                             re.IGNORECASE):
        word = match.group(0)
        at_start = not text[: match.start()].strip() or re.search(r"[.!?]\s*$",
                                                                  text[: match.start()])
        if word.startswith("[") or (word[0].isupper() and not at_start):
            return True
    return False
