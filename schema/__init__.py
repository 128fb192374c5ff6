"""The GraphQL schema: types, limits and the Schema object. No transport here."""

from __future__ import annotations

import strawberry

from schema.limits import extensions
from schema.query import Query
from schema.types import Artifact, Capability, Claim, Signal, Source

__all__ = ["build_schema"]


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=[Artifact, Capability, Claim, Signal, Source],
        extensions=extensions(),
    )
