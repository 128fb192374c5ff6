"""The GraphQL schema: types, limits and the Schema object. No transport here."""

from __future__ import annotations

import strawberry

from schema.limits import extensions
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription
from schema.types import Artifact, Capability, Claim, Evidence, Job, Signal, Source

__all__ = ["build_schema"]


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Artifact, Capability, Claim, Evidence, Job, Signal, Source],
        extensions=extensions(),
    )
