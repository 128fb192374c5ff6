"""Look-ups of artifacts, capabilities and any node by its global id."""

from __future__ import annotations

from collections.abc import Set

from graph.errors import NotFound
from graph.model import Label
from graph.references import profiles_for, referenced_artifact
from graph.store import ArtifactOrder
from resolvers.fields import stored_rank_answers
from schema.context import Context
from schema.ids import from_global_id, graph_id_of
from schema.limits import check_first
from schema.pagination import decode_cursor, encode_cursor
from schema.types import (
    Artifact,
    ArtifactConnection,
    ArtifactEdge,
    Capability,
    Claim,
    Evidence,
    Job,
    Node,
    PageInfo,
    Signal,
    Source,
)

_FROM_NODE = {
    Label.ARTIFACT: Artifact.from_node,
    Label.CAPABILITY: Capability.from_node,
    Label.CLAIM: Claim.from_node,
    Label.SOURCE: Source.from_node,
    Label.SIGNAL: Signal.from_node,
    Label.EVIDENCE: Evidence.from_node,
    Label.JOB: Job.from_node,
}


def artifact(context: Context, slug: str, *, read_profile: bool = False) -> Artifact | None:
    """The artifact `slug` names (any artifact reference: `graph.references`), or None.
    With `read_profile` (the query asks for its capabilities, signals, sources or rank), the
    profile is the read that finds it: one round trip for a slug or an id."""
    if read_profile:
        try:
            profile = profiles_for(context.store, [slug])[0]
        except NotFound:
            return None
        context.profiles.put(str(profile.artifact.props["slug"]), profile)
        return Artifact.from_node(profile.artifact)
    node = referenced_artifact(context.store, slug)
    return Artifact.from_node(node) if node else None


def artifacts(
    context: Context, first: int, after: str | None, type: str | None, order: ArtifactOrder,
    *, include_stubs: bool = False, read_profiles: bool = True,
    rank_fields: Set[str] = frozenset(),
) -> ArtifactConnection:
    """A page of artifacts; with `read_profiles`, their profiles are read for the page at
    once (the query asks for something of them beyond the node's own fields), and also
    when it asks for `rank_fields` some node of the page does not store."""
    offset = decode_cursor(after) if after else 0
    page = context.store.list_artifacts(
        first=check_first(first), offset=offset, type=type, order=order,
        include_stubs=include_stubs,
    )
    artifacts = [Artifact.from_node(n) for n in page.nodes]
    # (a store written with other weights, or before bases were stored, reads profiles)
    if read_profiles or (rank_fields and any(
            stored_rank_answers(a.stored_rank, rank_fields) is None for a in artifacts)):
        context.profiles.prime(a.slug for a in artifacts)
    edges = [ArtifactEdge(cursor=encode_cursor(page.offset + i), node=artifact)
             for i, artifact in enumerate(artifacts)]
    return ArtifactConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=page.total,
    )


def capability(context: Context, id: str) -> Capability | None:
    node = context.store.get_node(graph_id_of(id, "Capability"))
    return Capability.from_node(node) if node and node.label is Label.CAPABILITY else None


def node(context: Context, id: str) -> Node | None:
    _, graph_id = from_global_id(id)
    found = context.store.get_node(graph_id)
    if found is None or found.label not in _FROM_NODE:
        return None
    result: Node = _FROM_NODE[found.label](found)
    return result

