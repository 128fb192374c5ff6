"""The answer of `importPage`: what one page's import did."""

from __future__ import annotations

import strawberry

from schema.types import Source


@strawberry.type(description="What importing one page did.")
class PageImport:
    status: str = strawberry.field(description="`created`, `updated` or `unchanged`.")
    layout: str = strawberry.field(description="The page layout the parser recognised.")
    artifacts: list[str] = strawberry.field(description="Slugs of the artifacts it lists.")
    capabilities: int = strawberry.field(description="Capabilities the page describes.")
    claims: int = strawberry.field(
        description="Atomic claims made from the capabilities' texts (checked as they are "
                    "imported).")
    signals: int = strawberry.field(
        description="Values the page reports about its artifacts (its table's cells...).")
    removed: int = strawberry.field(
        description="Facts of an earlier version of the page that are gone.")
    notes: list[str] = strawberry.field(
        description="What the parser could not read or cut (file, line, field).")
    source: Source | None = strawberry.field(
        description="The page as the graph holds it (with who imported it).")
