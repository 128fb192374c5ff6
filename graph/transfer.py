"""Move a whole graph between stores as JSON lines: `capgraph export` and `import --export`.

The file starts with a header line, then one line per node (sources included), then one
per edge:

    {"format": "capgraph-export", "version": 1, "nodes": 2, "edges": 1}
    {"node": "artifact:a", "label": "Artifact", "props": {...}}
    {"edge": "FROM", "src": "artifact:a", "dst": "source:x", "props": {}}

The store's export is one snapshot (`GraphStore.export`), so a file written while the
server writes loads back. A file is read and checked in full (every line, every edge's
ends) before anything is written. Writes are idempotent upserts in chunks, so an
interrupted load is finished by loading the same file again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from graph.errors import PageFormatError
from graph.model import Edge, EdgeType, Label, Node, WriteBatch
from graph.store import GraphStore

FORMAT = "capgraph-export"
VERSION = 1
CHUNK = 2000


def export_lines(store: GraphStore) -> Iterator[bytes]:
    """The export file, line by line (the header counts what follows)."""
    items = list(store.export())
    nodes = sum(isinstance(i, Node) for i in items)
    yield orjson.dumps({"format": FORMAT, "version": VERSION, "nodes": nodes,
                        "edges": len(items) - nodes}) + b"\n"
    for item in items:
        if isinstance(item, Node):
            line = {"node": item.id, "label": item.label.value, "props": dict(item.props)}
        else:
            line = {"edge": item.type.value, "src": item.src, "dst": item.dst,
                    "props": dict(item.props)}
        yield orjson.dumps(line, option=orjson.OPT_SORT_KEYS) + b"\n"


def write_export(store: GraphStore, out: IO[bytes]) -> tuple[int, int]:
    """Write the export; returns (nodes, edges)."""
    counts = (0, 0)
    for index, line in enumerate(export_lines(store)):
        if index == 0:
            header = orjson.loads(line)
            counts = (header["nodes"], header["edges"])
        out.write(line)
    return counts


def read_export(path: Path) -> tuple[list[Node], list[Edge]]:
    """Every node and edge of an export file; PageFormatError naming file and line if not."""
    name = path.name
    nodes: list[Node] = []
    edges: list[Edge] = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise PageFormatError(name, number, None, f"not JSON: {exc}") from exc
            if number == 1:
                _check_header(name, line)
            elif "node" in line:
                nodes.append(_node(name, number, line))
            elif "edge" in line:
                edges.append(_edge(name, number, line))
            else:
                raise PageFormatError(name, number, None, "expected a 'node' or 'edge' line")
    if not nodes and not edges and path.stat().st_size == 0:
        raise PageFormatError(name, 1, None, "empty file: expected a capgraph export")
    return nodes, edges


def _check_header(name: str, line: Any) -> None:
    if not isinstance(line, dict) or line.get("format") != FORMAT:
        raise PageFormatError(name, 1, "format",
                              f"expected a header {{\"format\": \"{FORMAT}\", ...}}")
    if line.get("version") != VERSION:
        raise PageFormatError(name, 1, "version",
                              f"version {line.get('version')!r}; this capgraph reads {VERSION}")


def _props(name: str, number: int, line: dict[str, Any]) -> dict[str, Any]:
    props = line.get("props", {})
    if not isinstance(props, dict):
        raise PageFormatError(name, number, "props", "expected an object")
    return props


def _node(name: str, number: int, line: dict[str, Any]) -> Node:
    try:
        label = Label(str(line.get("label")))
    except ValueError as exc:
        raise PageFormatError(name, number, "label",
                              f"unknown label {line.get('label')!r}") from exc
    if not isinstance(line["node"], str) or not line["node"]:
        raise PageFormatError(name, number, "node", "expected a node id")
    return Node(line["node"], label, _props(name, number, line))


def _edge(name: str, number: int, line: dict[str, Any]) -> Edge:
    try:
        etype = EdgeType(line["edge"])
    except ValueError as exc:
        raise PageFormatError(name, number, "edge", f"unknown edge type {line['edge']!r}") from exc
    for end in ("src", "dst"):
        if not isinstance(line.get(end), str):
            raise PageFormatError(name, number, end, "expected a node id")
    return Edge(etype, line["src"], line["dst"], _props(name, number, line))


def load_export(
    store: GraphStore, path: Path, *, on_chunk: Callable[[int], object] | None = None,
) -> tuple[int, int]:
    """Load an export file into a store; returns (nodes, edges) written."""
    nodes, edges = read_export(path)
    ids = {n.id for n in nodes}
    outside = sorted({end for e in edges for end in (e.src, e.dst)} - ids)
    missing = set(outside) - {n.id for n in store.get_nodes(outside)}
    if missing:
        raise PageFormatError(path.name, None, None,
                              f"edges point at {len(missing)} nodes that neither the file nor "
                              f"the store holds, e.g. {sorted(missing)[0]!r}")
    with store.grouped_writes():
        for start in range(0, len(nodes), CHUNK):
            store.apply(WriteBatch(nodes=tuple(nodes[start: start + CHUNK])))
            if on_chunk:
                on_chunk(len(nodes[start: start + CHUNK]))
        for start in range(0, len(edges), CHUNK):
            store.apply(WriteBatch(edges=tuple(edges[start: start + CHUNK])))
            if on_chunk:
                on_chunk(len(edges[start: start + CHUNK]))
    return len(nodes), len(edges)
