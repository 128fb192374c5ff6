"""An execution context that leaves no reference cycle behind it.

graphql-core's executor keeps the helpers it gives resolvers as methods bound to itself
(`async_helpers`: its own `gather_async_work` and `track_async_work`): a reference cycle
through the executor, and the executor holds the request's context, its loaders' caches and
the answer. So nothing of an operation was freed when it ended; the cycle collector found it
later, a collection every ~700 allocations, each walking all of it: about 390 objects a
compare, 0.2-0.4 ms of a compare's 3-5 ms of CPU spent in collections (in-process, on the
peer benchmark's Neo4j). Here the helpers reach the executor through a weak reference, so an
operation's objects go when it is answered.

The helpers are only called while the operation runs (graphql-core awaits `is_type_of`
results through them), when the executor is alive: one of its methods is running, or a
subscription holds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from weakref import WeakMethod

from graphql import GraphQLResolveInfoHelpers
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

__all__ = ["AcyclicExecutionContext"]

R = TypeVar("R")


def _through_weak_reference(method: Callable[..., R]) -> Callable[..., R]:
    """`method`, called through a weak reference to its object."""
    reference, name = WeakMethod(method), method.__qualname__   # not `method`: it holds its object

    def call(*args: Any, **kwargs: Any) -> R:
        bound = reference()
        if bound is None:
            raise RuntimeError(
                f"{name} called after its operation's execution ended")
        return bound(*args, **kwargs)

    return call


class AcyclicExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, its resolver helpers holding it weakly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.async_helpers = GraphQLResolveInfoHelpers(
            gather=_through_weak_reference(self.gather_async_work),
            track=_through_weak_reference(self.track_async_work),
        )
