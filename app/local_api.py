"""The GraphQL API run in-process, for the commands that print what a frontend would read
(`query`, `compare`, `show`, `explore`): the same schema, resolvers and graph code that
`capgraph serve` answers with, so no command keeps a second copy of their rules.

The command line is the local administrator: every scope, introspection on, no time budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from strawberry.types import ExecutionResult

from graph.errors import CapgraphError
from graph.settings import Settings
from graph.store import GraphStore


class QueryFailed(CapgraphError):
    """A document the command sent did not run (the API's first error, as it says it)."""


def execute(store: GraphStore, settings: Settings, document: str,
            variables: Mapping[str, object] | None = None) -> ExecutionResult:
    """Run a GraphQL document against `store` as the server would, errors in the result."""
    from schema import build_schema
    from schema.context import Context
    from schema.limits import ApiLimits

    context = Context.for_store(store, settings.model_roots, plots=settings.plots)
    return build_schema(ApiLimits(production=False, introspection=True)).execute_sync(
        document, variable_values=dict(variables) if variables is not None else None,
        context_value=context)


def query_data(store: GraphStore, settings: Settings, document: str,
               variables: Mapping[str, object] | None = None) -> dict[str, Any]:
    """The document's data; an error raises what the resolver raised (`NotFound`, a
    `ValueError`: the command prints its message) or `QueryFailed` with the API's message."""
    result = execute(store, settings, document, variables)
    if result.errors:
        original = result.errors[0].original_error
        if isinstance(original, CapgraphError | ValueError):
            raise original
        raise QueryFailed(result.errors[0].message)
    assert result.data is not None
    return result.data
