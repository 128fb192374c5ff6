"""How much work a query asks for, estimated before it runs, and the rule that refuses too much.

Depth and alias limits bound a query's shape, not its work: thirty aliases of an artifact,
each following `capabilities { artifact { capabilities ... } }` five deep, stay within both
and ask for tens of millions of objects. The estimate counts every field once per time it
would be resolved: a list multiplies what is under it by its size, which is `first` when
the field takes one (a variable counts as the largest page) and otherwise the field's
expected fan-out (`FANOUT`, a generous figure from the seed and the corpus). Introspection
is not counted (its size is the schema's). The rule is a validation rule, so its verdict is
cached with the document's validation.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
    is_list_type,
)
from graphql.type import GraphQLInterfaceType, GraphQLNamedType

from graph.store import MAX_SUBGRAPH_NODES
from schema.errors import TooExpensive

__all__ = ["DEFAULT_FANOUT", "FANOUT", "MAX_COST", "estimate", "make_cost_rule"]

MAX_COST = 20_000
"""The most fields one request may resolve (estimated). The seed's compare page costs
about 400, a leaderboard page of 100 with ranks and capabilities about 6,000."""

DEFAULT_FANOUT = 20
"""The expected length of a list that takes no `first` and is not in `FANOUT`."""

FANOUT: dict[str, int] = {
    "Alternative.claims": 5,
    "Alternative.shared": 10,
    "Artifact.modelFiles": 2,
    "Artifact.sources": 5,
    "Claim.evidence": 5,
    "Claim.mentions": 5,
    "Evidence.libraries": 1,
    "ModelFiles.facts": 200,
    "Rank.components": 8,
    "GraphPath.nodes": 9,
    "GraphPath.steps": 8,
    "GraphView.nodes": MAX_SUBGRAPH_NODES,
    "GraphView.edges": 2 * MAX_SUBGRAPH_NODES,
    "SearchConnection.didYouMean": 5,
    "SearchConnection.terms": 8,
    "SearchEdge.highlights": 3,
    "SearchEdge.matchedTerms": 8,
    "SearchHighlight.spans": 8,
    "SearchHighlight.terms": 8,
    "SharedCapability.words": 10,
}
"""Expected list lengths by `Type.field`, where they differ much from the default."""

_MAX_PAGE_FALLBACK = 100


def _first(node: FieldNode, max_page: int) -> int | None:
    for arg in node.arguments or ():
        if arg.name.value == "first":
            if isinstance(arg.value, IntValueNode):
                return max(1, min(int(arg.value.value), max_page))
            return max_page                       # a variable: the largest page it may ask
    return None


class _Estimate:
    def __init__(self, context: ValidationContext, max_page: int, limit: int) -> None:
        self.context = context
        self.max_page = max_page
        self.limit = limit

    def selection(self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None,
                  times: int, page: int | None, seen: frozenset[str]) -> int:
        if selection_set is None:
            return 0
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += self.field(parent, sel, times, page, seen)
            elif isinstance(sel, InlineFragmentNode):
                target = parent
                if sel.type_condition is not None:
                    found = self.context.schema.get_type(sel.type_condition.name.value)
                    target = found if found is not None else parent
                total += self.selection(target, sel.selection_set, times, page, seen)
            elif isinstance(sel, FragmentSpreadNode):
                name = sel.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue                      # unknown or cyclic: other rules report it
                found = self.context.schema.get_type(fragment.type_condition.name.value)
                total += self.selection(found if found is not None else parent,
                                        fragment.selection_set, times, page, seen | {name})
            if total > self.limit:
                return total                      # already refused: stop counting
        return total

    def field(self, parent: GraphQLNamedType, node: FieldNode, times: int, page: int | None,
              seen: frozenset[str]) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        if not isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            return times
        definition = parent.fields.get(name)
        if definition is None:
            return times                          # FieldsOnCorrectType reports it
        first = _first(node, self.max_page)
        pending = first if first is not None else page
        field_type = get_nullable_type(definition.type)
        inner = times
        if is_list_type(field_type):
            size = pending if pending is not None else FANOUT.get(f"{parent.name}.{name}",
                                                                  DEFAULT_FANOUT)
            inner = times * size
            pending = None                        # a page's size applies to one list
        return times + self.selection(get_named_type(definition.type), node.selection_set,
                                      inner, pending, seen)


def estimate(context: ValidationContext, operation: OperationDefinitionNode,
             max_page: int = _MAX_PAGE_FALLBACK, limit: int = MAX_COST) -> int:
    """The estimated number of field resolutions of one operation."""
    root = context.schema.get_root_type(operation.operation)
    if root is None:
        return 0
    return _Estimate(context, max_page, limit).selection(root, operation.selection_set, 1,
                                                         None, frozenset())


def make_cost_rule(max_cost: int = MAX_COST,
                   max_page: int = _MAX_PAGE_FALLBACK) -> type[ValidationRule]:
    """A validation rule refusing operations estimated above `max_cost`."""

    class CostLimit(ValidationRule):
        def enter_operation_definition(self, node: OperationDefinitionNode,
                                       *_args: Any) -> None:
            cost = estimate(self.context, node, max_page, max_cost)
            if cost > max_cost:
                self.report_error(GraphQLError(
                    f"This query asks for about {cost:,} fields"
                    f"{'' if cost <= max_cost * 10 else ' or more'}; at most {max_cost:,} "
                    "may be asked in one request. Ask for fewer items (`first`), fewer "
                    "nested lists or fewer aliases.",
                    node, extensions={"code": TooExpensive.code, "cost": min(cost, 10**9),
                                      "maxCost": max_cost}))

    return CostLimit
