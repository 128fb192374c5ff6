"""Importing a page sent over the API (the `import` scope): bounded, attributed."""

from __future__ import annotations

from graph.ingest.identity import sent_page_uri
from graph.ingest.importer import import_text
from graph.model import Label
from schema.context import Context
from schema.errors import InputTooLarge
from schema.page_import import PageImport
from schema.sizes import MAX_PAGE_TEXT
from schema.types import Source


def import_page(context: Context, uri: str, text: str) -> PageImport:
    if len(text) > MAX_PAGE_TEXT:
        raise InputTooLarge(f"a page is at most {MAX_PAGE_TEXT:,} characters; this one has "
                            f"{len(text):,}")
    report = import_text(context.store, text, uri=sent_page_uri(uri),
                         imported_by=context.principal.who)
    node = context.store.get_node(report.source_id)
    return PageImport(
        status=report.status, layout=report.layout, artifacts=list(report.artifacts),
        capabilities=report.capabilities, claims=report.claims, signals=report.signals,
        removed=report.removed, notes=list(report.notes),
        source=Source.from_node(node) if node and node.label is Label.SOURCE else None,
    )
