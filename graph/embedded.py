"""The embedded store: the graph in memory (networkx), every write batch journaled to SQLite.

No server, no setup. A batch is validated in full, written to SQLite in one transaction,
and only then applied in memory, so a failed write leaves both as they were. On open, the
graph is loaded back from the journal.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import networkx as nx

from graph.errors import BatchRejected, StoreUnavailable
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch, slugify
from graph.store import (
    MAX_SUBGRAPH_NODES,
    ArtifactOrder,
    ArtifactPage,
    ArtifactProfile,
    SourceFacts,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edges (
    type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL, props TEXT NOT NULL,
    PRIMARY KEY (type, src, dst)
);
"""


def clean_props(props: Mapping[str, object]) -> dict[str, object]:
    """Drop None values: an absent property and a null one are the same fact in both stores."""
    return {k: v for k, v in props.items() if v is not None}


def _claim_order(claim: Node) -> tuple[int, int, str]:
    kinds = {"description": 0, "unique": 1, "vs_alternatives": 2}
    return (kinds.get(str(claim.props.get("kind")), 9), int(claim.props.get("position", 0)), claim.id)


class EmbeddedStore:
    """networkx in memory with an optional SQLite journal (`path=None`: memory only)."""

    def __init__(self, path: Path | None = None, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        self._lock = threading.RLock()
        self._g: nx.MultiDiGraph = nx.MultiDiGraph()
        self._by_label: dict[str, set[str]] = defaultdict(set)
        self._by_slug: dict[str, str] = {}
        self._by_alias: dict[str, str] = {}
        self._by_name: dict[str, set[str]] = defaultdict(set)
        self._sorted: dict[tuple[str | None, ArtifactOrder], list[str]] = {}
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(f"PRAGMA synchronous={synchronous}")
                self._db.executescript(_SCHEMA)
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot open the embedded store at {path}: {exc}") from exc
            self._load()

    # -- loading and indexes ------------------------------------------------------------

    def _load(self) -> None:
        assert self._db is not None
        for node_id, label, props in self._db.execute("SELECT id, label, props FROM nodes"):
            self._put_node(Node(node_id, Label(label), json.loads(props)))
        for etype, src, dst, props in self._db.execute("SELECT type, src, dst, props FROM edges"):
            self._g.add_edge(src, dst, key=etype, props=json.loads(props))

    def _put_node(self, node: Node) -> None:
        old = self._g.nodes.get(node.id)
        if old is not None:
            self._unindex(node.id, old["label"], old["props"])
        self._g.add_node(node.id, label=node.label.value, props=dict(node.props))
        self._by_label[node.label.value].add(node.id)
        if node.label is Label.ARTIFACT:
            self._by_slug[node.props["slug"]] = node.id
            self._by_name[str(node.props["name"]).casefold()].add(node.id)
            for alias in node.props.get("aliases", ()):
                self._by_alias[alias] = node.id
            self._sorted.clear()

    def _unindex(self, node_id: str, label: str, props: Mapping[str, object]) -> None:
        self._by_label[label].discard(node_id)
        if label == Label.ARTIFACT.value:
            self._by_slug.pop(str(props["slug"]), None)
            self._by_name[str(props["name"]).casefold()].discard(node_id)
            for alias in props.get("aliases", ()):  # type: ignore[attr-defined]
                self._by_alias.pop(alias, None)
            self._sorted.clear()

    def _node(self, node_id: str) -> Node:
        data = self._g.nodes[node_id]
        return Node(node_id, Label(data["label"]), data["props"])

    # -- writes -------------------------------------------------------------------------

    def apply(self, batch: WriteBatch) -> None:
        nodes = [Node(n.id, Label(n.label), clean_props(n.props)) for n in batch.nodes]
        edges = [Edge(EdgeType(e.type), e.src, e.dst, clean_props(e.props)) for e in batch.edges]
        with self._lock:
            self._validate(nodes, edges, batch)
            if self._db is not None:
                self._journal(nodes, edges, batch)
            for node in nodes:
                self._put_node(node)
            for edge in edges:
                self._g.add_edge(edge.src, edge.dst, key=edge.type.value, props=dict(edge.props))
            for etype, src, dst in batch.delete_edges:
                if self._g.has_edge(src, dst, key=etype):
                    self._g.remove_edge(src, dst, key=etype)
            for node_id in batch.delete_nodes:
                if node_id in self._g:
                    data = self._g.nodes[node_id]
                    self._unindex(node_id, data["label"], data["props"])
                    self._g.remove_node(node_id)

    def _validate(self, nodes: list[Node], edges: list[Edge], batch: WriteBatch) -> None:
        new_ids = {n.id for n in nodes}
        deleted = set(batch.delete_nodes)
        if both := new_ids & deleted:
            raise BatchRejected(f"batch both writes and deletes node {sorted(both)[0]!r}")
        slugs: dict[str, str] = {}
        for node in nodes:
            if node.label is Label.ARTIFACT:
                slug = node.props.get("slug")
                if not isinstance(slug, str) or not slug:
                    raise BatchRejected(f"artifact {node.id!r} has no slug")
                owner = slugs.setdefault(slug, node.id)
                known = self._by_slug.get(slug)
                if owner != node.id or (known is not None and known != node.id):
                    raise BatchRejected(f"slug {slug!r} already belongs to another artifact")
        for edge in edges:
            for end in (edge.src, edge.dst):
                if end in deleted or (end not in new_ids and end not in self._g):
                    raise BatchRejected(
                        f"edge {edge.type.value} {edge.src} -> {edge.dst}: "
                        f"node {end!r} does not exist"
                    )

    def _journal(self, nodes: list[Node], edges: list[Edge], batch: WriteBatch) -> None:
        assert self._db is not None
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany(
                "INSERT OR REPLACE INTO nodes (id, label, props) VALUES (?, ?, ?)",
                [(n.id, n.label.value, json.dumps(n.props, sort_keys=True)) for n in nodes],
            )
            db.executemany(
                "INSERT OR REPLACE INTO edges (type, src, dst, props) VALUES (?, ?, ?, ?)",
                [(e.type.value, e.src, e.dst, json.dumps(e.props, sort_keys=True)) for e in edges],
            )
            db.executemany(
                "DELETE FROM edges WHERE type = ? AND src = ? AND dst = ?", batch.delete_edges
            )
            gone = [(i,) for i in batch.delete_nodes]
            db.executemany("DELETE FROM edges WHERE src = ? OR dst = ?", [(i, i) for (i,) in gone])
            db.executemany("DELETE FROM nodes WHERE id = ?", gone)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise BatchRejected(f"the journal at {self.path} refused the batch: {exc}") from exc

    def clear(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM edges")
                self._db.execute("DELETE FROM nodes")
                self._db.execute("COMMIT")
            self._g.clear()
            self._by_label.clear()
            self._by_slug.clear()
            self._by_alias.clear()
            self._by_name.clear()
            self._sorted.clear()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- reads --------------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        return self._node(node_id) if node_id in self._g else None

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        return [self._node(i) for i in node_ids if i in self._g]

    def find_artifact(self, name_or_slug: str) -> Node | None:
        named = self._by_name.get(name_or_slug.casefold())
        node_id = self._by_slug.get(name_or_slug) or (min(named) if named else None)
        if node_id is None:
            try:
                slug = slugify(name_or_slug)
            except ValueError:
                return None
            node_id = self._by_slug.get(slug) or self._by_alias.get(slug)
        return self._node(node_id) if node_id else None

    def _out(self, node_id: str, etype: EdgeType) -> list[str]:
        return [dst for _, dst, key in self._g.out_edges(node_id, keys=True) if key == etype.value]

    def source_facts(self, source_id: str) -> SourceFacts:
        if source_id not in self._g:
            return SourceFacts(None, (), ())
        cited = sorted(
            src for src, _, key in self._g.in_edges(source_id, keys=True)
            if key == EdgeType.FROM.value
        )
        owned = tuple(i for i in cited if len(self._out(i, EdgeType.FROM)) == 1)
        return SourceFacts(self._node(source_id), tuple(cited), owned)

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        result = []
        for slug in slugs:
            node_id = self._by_slug.get(slug)
            if node_id is None:
                continue
            signals = tuple(sorted(
                (self._node(i) for i in self._out(node_id, EdgeType.HAS_SIGNAL)),
                key=lambda n: n.id,
            ))
            source_ids = {str(s.props["source"]) for s in signals}
            sources = {i: self._node(i) for i in sorted(source_ids) if i in self._g}
            caps = tuple(sorted(
                (self._node(i) for i in self._out(node_id, EdgeType.HAS_CAPABILITY)),
                key=lambda n: (n.props.get("position", 0), n.id),
            ))
            result.append(ArtifactProfile(self._node(node_id), signals, sources, caps))
        return result

    def claims_of(self, capability_ids: Sequence[str]) -> Mapping[str, list[Node]]:
        result: dict[str, list[Node]] = {}
        for cap_id in capability_ids:
            if cap_id in self._g:
                claims = [self._node(i) for i in self._out(cap_id, EdgeType.CLAIMS)]
                claims.sort(key=_claim_order)
                result[cap_id] = claims
        return result

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC,
    ) -> ArtifactPage:
        with self._lock:
            ids = self._sorted.get((type, order))
            if ids is None:
                ids = self._sort_artifacts(type, order)
                self._sorted[(type, order)] = ids
        window = ids[offset: offset + first]
        return ArtifactPage(tuple(self._node(i) for i in window), offset, len(ids))

    def _sort_artifacts(self, type: str | None, order: ArtifactOrder) -> list[str]:
        nodes = [self._g.nodes[i] | {"id": i} for i in self._by_label[Label.ARTIFACT.value]]
        if type is not None:
            nodes = [n for n in nodes if n["props"].get("type") == type]
        if order is ArtifactOrder.RANK_DESC:
            nodes.sort(key=lambda n: (-float(n["props"].get("rank_score", -1.0)),
                                      n["props"]["slug"]))
        else:
            nodes.sort(key=lambda n: (str(n["props"]["name"]).casefold(), n["props"]["slug"]))
        return [n["id"] for n in nodes]

    def neighbourhood(
        self, node_id: str, depth: int, edge_types: Sequence[EdgeType] | None = None,
    ) -> Subgraph:
        if node_id not in self._g:
            return Subgraph((), ())
        allowed = {t.value for t in edge_types} if edge_types else None
        seen = {node_id}
        queue = deque([(node_id, 0)])
        while queue and len(seen) < MAX_SUBGRAPH_NODES:
            current, dist = queue.popleft()
            if dist == depth:
                continue
            incident = [(d, k) for _, d, k in self._g.out_edges(current, keys=True)]
            incident += [(s, k) for s, _, k in self._g.in_edges(current, keys=True)]
            for other, key in sorted(incident):
                if (allowed is None or key in allowed) and other not in seen:
                    if len(seen) >= MAX_SUBGRAPH_NODES:
                        break
                    seen.add(other)
                    queue.append((other, dist + 1))
        nodes = tuple(self._node(i) for i in sorted(seen))
        edges = tuple(
            Edge(EdgeType(k), s, d, data["props"])
            for s, d, k, data in sorted(self._g.subgraph(seen).edges(keys=True, data=True),
                                        key=lambda e: (e[2], e[0], e[1]))
            if allowed is None or k in allowed
        )
        return Subgraph(nodes, edges)

    def export(self) -> Iterator[Node | Edge]:
        for node_id in sorted(self._g.nodes):
            yield self._node(node_id)
        for src, dst, key, data in sorted(self._g.edges(keys=True, data=True),
                                          key=lambda e: (e[2], e[0], e[1])):
            yield Edge(EdgeType(key), src, dst, data["props"])

    def counts(self) -> Mapping[str, int]:
        result: dict[str, int] = {label: len(ids) for label, ids in self._by_label.items() if ids}
        for _, _, key in self._g.edges(keys=True):
            result[key] = result.get(key, 0) + 1
        return dict(sorted(result.items()))
