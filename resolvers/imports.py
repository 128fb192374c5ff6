"""Importing a page sent over the API (the `import` scope): bounded, attributed."""

from __future__ import annotations

import re

from graph.ingest.importer import import_text
from graph.model import Label
from schema.context import Context
from schema.errors import InputTooLarge
from schema.page_import import PageImport
from schema.sizes import MAX_PAGE_TEXT
from schema.types import Source

MAX_URI = 500
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)


def page_uri(uri: str) -> str:
    """The identity of a page sent over the API: its URL, or `api:` and the name it was
    given (so it never stands for a file the server imported).

    Example:
        >>> page_uri(" https://example.org/compare/a-vs-b "), page_uri("a-vs-b.txt")
        ('https://example.org/compare/a-vs-b', 'api:a-vs-b.txt')
    """
    uri = uri.strip()
    if not uri or len(uri) > MAX_URI or any(ord(c) < 32 or c == "\x7f" for c in uri):
        raise ValueError(f"uri must be a URL or a name of 1 to {MAX_URI} printable characters")
    return uri if _URL.fullmatch(uri) else f"api:{uri}"


def import_page(context: Context, uri: str, text: str) -> PageImport:
    if len(text) > MAX_PAGE_TEXT:
        raise InputTooLarge(f"a page is at most {MAX_PAGE_TEXT:,} characters; this one has "
                            f"{len(text):,}")
    report = import_text(context.store, text, uri=page_uri(uri),
                         imported_by=context.principal.who)
    node = context.store.get_node(report.source_id)
    return PageImport(
        status=report.status, layout=report.layout, artifacts=list(report.artifacts),
        capabilities=report.capabilities, claims=report.claims, signals=report.signals,
        removed=report.removed, notes=list(report.notes),
        source=Source.from_node(node) if node and node.label is Label.SOURCE else None,
    )
