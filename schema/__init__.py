"""The GraphQL schema: types, limits and the Schema object. No transport here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strawberry.schema.config import StrawberryConfig

from graph.settings import DEFAULT_THREADS
from schema.execution import CapgraphSchema
from schema.leaf_fields import LeafFieldsExecutionContext
from schema.lean_resolvers import lean_resolvers
from schema.limits import DOCUMENT_CACHE, ApiLimits, extensions
from schema.mutation import Mutation
from schema.prepared import PreparedDocuments, bypassable
from schema.query import Query
from schema.scalars import SCALARS
from schema.subscription import Subscription
from schema.types import Artifact, Capability, Claim, Evidence, Job, Signal, Source

__all__ = ["build_schema"]


def build_schema(limits: ApiLimits | None = None,
                 check_rate: Callable[[Any], None] | None = None,
                 threads: int = DEFAULT_THREADS) -> CapgraphSchema:
    """The schema with its limits (production ones unless given): the server passes the
    configured limits, its rate check and how many operations run at once, each in a
    thread (0: on the event loop; `schema.execution`); tests and the CLI use the
    defaults."""
    limits = limits or ApiLimits()
    schema = CapgraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Artifact, Capability, Claim, Evidence, Job, Signal, Source],
        extensions=extensions(limits, check_rate),
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=LeafFieldsExecutionContext,
    )
    lean_resolvers(schema)
    schema.production = limits.production
    schema.threads = threads
    schema.check_rate = check_rate
    if bypassable(schema):
        schema.prepared = PreparedDocuments(DOCUMENT_CACHE)
    return schema
