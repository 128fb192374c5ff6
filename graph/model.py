"""The graph's nodes and edges as plain typed data.

Every node is a `Node(id, label, props)`; every edge is an `Edge(type, src, dst, props)`,
identified by its (type, src, dst). Properties are JSON values (str, int, float, bool,
None, and lists of those), so both stores and the JSON-lines export hold them as they are.
Typed views (`Artifact`, `Capability`, ...) read a node's props for code that wants names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

JSON = Any  # a JSON value: kept loose on purpose, the stores only ever pass it through


class Label(StrEnum):
    """Node labels (DESIGN.md, "The graph")."""

    ARTIFACT = "Artifact"
    CAPABILITY = "Capability"
    CLAIM = "Claim"
    INTENT = "Intent"
    EVIDENCE = "Evidence"
    SOURCE = "Source"
    SIGNAL = "Signal"
    JOB = "Job"
    MODEL_FILES = "ModelFiles"
    TOKEN = "Token"             # an API token (graph/access.py): never exposed as a node


class EdgeType(StrEnum):
    """Edge types (DESIGN.md, "The graph")."""

    HAS_CAPABILITY = "HAS_CAPABILITY"
    CLAIMS = "CLAIMS"
    MENTIONS = "MENTIONS"
    MATCHED = "MATCHED"
    SUPPORTS = "SUPPORTS"
    REFUTES = "REFUTES"
    INFORMS = "INFORMS"
    HAS_SIGNAL = "HAS_SIGNAL"
    FROM = "FROM"
    HAS_MODEL_FILES = "HAS_MODEL_FILES"


@dataclass(frozen=True)
class Node:
    """One node: a stable id, one label, JSON properties."""

    id: str
    label: Label
    props: Mapping[str, JSON] = field(default_factory=dict)

    def get(self, key: str, default: JSON = None) -> JSON:
        return self.props.get(key, default)


@dataclass(frozen=True)
class Edge:
    """One directed, typed edge; (type, src, dst) is its identity."""

    type: EdgeType
    src: str
    dst: str
    props: Mapping[str, JSON] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.src, self.dst)  # EdgeType is a str: equal to its value


@dataclass(frozen=True)
class WriteBatch:
    """One all-or-nothing write: upserts first, then deletions.

    Upserting a node replaces its properties; upserting an edge replaces its properties.
    Deleting a node deletes its edges too.
    """

    nodes: tuple[Node, ...] = ()
    edges: tuple[Edge, ...] = ()
    delete_nodes: tuple[str, ...] = ()
    delete_edges: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges or self.delete_nodes or self.delete_edges)


@dataclass(frozen=True)
class Subgraph:
    """Nodes and the edges among them, for exploration and export."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def slugify(name: str) -> str:
    """The one way a name becomes an artifact slug.

    Lower case ASCII letters and digits, runs of anything else become one `-`.

    Example:
        >>> slugify("FLUX.1 Pro")
        'flux-1-pro'
        >>> slugify("@modelcontextprotocol/server-filesystem")
        'modelcontextprotocol-server-filesystem'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not slug:
        raise ValueError(f"name {name!r} has no letters or digits to make a slug from")
    return slug


def stable_id(prefix: str, *parts: str, scope: str | None = None) -> str:
    """A short id that the same parts always give: `prefix:[scope:]` and 20 hex digits.

    A scope (an artifact's slug) keeps one artifact's facts next to each other in sorted
    id order, so an import writes to a few places of the stores' indexes, not everywhere.

    Example:
        >>> stable_id("capability", "Generates images", scope="flux-1-pro")[:22]
        'capability:flux-1-pro:'
    """
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return f"{prefix}:{scope}:{digest}" if scope else f"{prefix}:{digest}"


# Every id begins with its label in lower case and a colon ("claim:...", "job:..."): stable_id
# callers pass the label's name as the prefix, and the embedded store reads one label's
# nodes as a range of its primary key.


def distinct_slug(slug: str, name: str) -> str:
    """The slug of a listing whose name slugs like another listing's on the same page
    ("Vega 2 Pro" beside "vega-2-pro"): its slug, suffixed with a digest of its
    exact name, so the same name gets the same slug on every page.

    Example:
        >>> distinct_slug("vega-2-pro", "Vega 2 Pro")
        'vega-2-pro-5fc7c5'
    """
    return f"{slug}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:6]}"


def type_key(artifact_type: object) -> str | None:
    """The form an artifact's type is filtered by: case and spacing do not matter
    ("Model", "model", " MODEL" are one type); the node keeps the type as it was given.

    Example:
        >>> type_key("MCP  Server"), type_key(None)
        ('mcp server', None)
    """
    if artifact_type is None:
        return None
    return " ".join(str(artifact_type).split()).lower()


def artifact_id(slug: str) -> str:
    """Artifacts are keyed by slug so every page and every store agree on the id."""
    return f"artifact:{slug}"


def normalise_text(text: str) -> str:
    """Whitespace folded, case kept: the form text is compared and hashed in."""
    return " ".join(text.split())


# A typed view of a capability node, for titles -----------------------------------------


@dataclass(frozen=True)
class Capability:
    id: str
    artifact_slug: str
    name: str | None
    description: str | None
    unique_aspect: str | None
    vs_alternatives: str | None
    confidence: str | None = None

    @property
    def title(self) -> str:
        """The name when the page gave one, else the description's first words."""
        if self.name:
            return self.name
        text = self.description or self.unique_aspect or self.vs_alternatives or ""
        words = text.split()
        return " ".join(words[:8]) + ("…" if len(words) > 8 else "")

    @classmethod
    def from_node(cls, node: Node) -> Capability:
        p = node.props
        return cls(
            id=node.id,
            artifact_slug=p["artifact"],
            name=p.get("name"),
            description=p.get("description"),
            unique_aspect=p.get("unique_aspect"),
            vs_alternatives=p.get("vs_alternatives"),
            confidence=p.get("confidence"),
        )
