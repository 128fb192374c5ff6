"""How capgraph's nodes and edges are spelt as Neo4j properties, and read back.

Properties round-trip exactly as the embedded store's JSON does them:

- values Neo4j holds as they are (str, bool, int64, finite float, a list of one of those, the
  empty list) are stored as they are, so Cypher can index and compare them;
- anything else (mappings, mixed or nested lists, NaN, ints past int64) is stored as JSON text
  and its key is listed in `_cg_json` (Neo4j would refuse it, or turn `[1, 2.5]` into floats);
- properties whose names start with `_cg_` are the store's own: a user key `id`, `""` or
  `_cg_...` is kept under `_cg_k_<key>` and reads back under its own name.

Python (and SQLite) order strings by code points. Neo4j 5.26 orders stored values that way but
strings from parameters or expressions by UTF-16 code units; the two disagree when a character
past U+FFFF meets one in U+E000..U+FFFF. So every ordering the store leaves to Neo4j runs on a
sort key that both orders agree on, the string's UTF-8 bytes spelt as Latin-1 (`sort_key`):
`_cg_sort` (the id) on every node, `_cg_name` (case-folded name) and `_cg_slug` on artifacts,
next to `_cg_rank` (rank_score, -1 when missing) and `_cg_aliases` (the aliases as strings).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from graph.errors import BatchRejected, StoreError
from graph.model import Edge, EdgeType, Label, Node

META = "_cg_"
_ESCAPED = "_cg_k_"
_JSON_KEYS = "_cg_json"
SORT = "_cg_sort"
RANK = "_cg_rank"
NAME = "_cg_name"
SLUG = "_cg_slug"
ALIASES = "_cg_aliases"
TYPE = "_cg_type"       # graph.model.type_key of the artifact's type: what `type` filters on
WORDS = "_cg_words"     # graph.search_index.index_words: what the full-text index reads
GRAMS = "_cg_grams"     # graph.search_index.index_grams (artifacts)


_INT64 = (-(2**63), 2**63 - 1)
_LABELS = {label.value: label for label in Label}
EDGE_TYPES = {etype.value: etype for etype in EdgeType}


def sort_key(text: str) -> str:
    """`text` spelt so that Neo4j's string order is Python's: its UTF-8 bytes as Latin-1.

    Example:
        >>> sort_key("abc")
        'abc'
        >>> sort_key("\\ue000") < sort_key("\\U0001f600")   # Cypher on parameters: the opposite
        True
    """
    return text.encode("utf-8", "surrogatepass").decode("latin-1")




def _scalar_kind(value: Any) -> type | None:
    """The Neo4j property type `value` is stored as unchanged, or None."""
    if isinstance(value, bool):
        return bool
    if isinstance(value, str):
        return str
    if isinstance(value, int):
        return int if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, float):
        return float if math.isfinite(value) else None
    return None


def _native(value: Any) -> Any | None:
    """`value` as Neo4j can hold it and give back equal, or None when it cannot."""
    if _scalar_kind(value) is not None:
        return value
    if isinstance(value, list | tuple):
        kinds = {_scalar_kind(v) for v in value}
        if not value or (len(kinds) == 1 and None not in kinds):
            return list(value)
    return None


def encode_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties (None already dropped) as Neo4j stores them; BatchRejected if not JSON."""
    stored: dict[str, Any] = {}
    as_json: list[str] = []
    low, high = _INT64
    for key, value in props.items():
        if not isinstance(key, str):
            raise BatchRejected(f"property name {key!r} is not a string")
        name = _ESCAPED + key if key in ("", "id") or key.startswith(META) else key
        kind = type(value)
        if kind is str or kind is bool or (kind is int and low <= value <= high) or (
                kind is float and math.isfinite(value)):
            stored[name] = value    # the common case, without _native's calls
            continue
        native = _native(value)
        if native is not None:
            stored[name] = native
            continue
        try:
            stored[name] = orjson.dumps(value).decode()
        except TypeError as exc:
            raise BatchRejected(f"property {key!r} is not a JSON value: {exc}") from exc
        as_json.append(name)
    if as_json:
        stored[_JSON_KEYS] = as_json
    return stored


def decode_props(stored: Mapping[str, Any]) -> dict[str, Any]:
    """What `encode_props` was given, keys sorted (as the embedded store gives them).

    Which stored names become which keys, in what order, and which hold JSON, depends only
    on the stored names and the JSON list: worked out once per such shape (`_decoding`), as
    nodes of one kind share a few shapes."""
    as_json = stored.get(_JSON_KEYS)
    shape = (tuple(stored), tuple(as_json) if as_json else ())
    plan = _DECODINGS.get(shape)
    if plan is None:
        plan = _decoding(shape[0], frozenset(shape[1]))
        if len(_DECODINGS) >= _MAX_DECODINGS:
            _DECODINGS.clear()
        _DECODINGS[shape] = plan
    return {key: orjson.loads(stored[name]) if json else stored[name]
            for name, key, json in plan}


_Decoding = tuple[tuple[str, str, bool], ...]      # (stored name, key, is JSON) in key order
_DECODINGS: dict[tuple[tuple[str, ...], tuple[str, ...]], _Decoding] = {}
_MAX_DECODINGS = 4096     # shapes kept (a graph has a few per label; cleared when full)


def _decoding(names: tuple[str, ...], as_json: frozenset[str]) -> _Decoding:
    """For stored `names`: (stored name, key, is JSON) of each key `decode_props` gives,
    in key order; capgraph's own names are left out, escaped ones unescaped."""
    kept: dict[str, tuple[str, bool]] = {}
    for name in names:
        if name.startswith(META) or name == "id":
            if not name.startswith(_ESCAPED):
                continue
            key = name[len(_ESCAPED):]
        else:
            key = name
        kept[key] = (name, name in as_json)
    return tuple((kept[key][0], key, kept[key][1]) for key in sorted(kept))


def claim_prefix(slug: str | None) -> str:
    """Where an artifact's claim ids start (stable_id's scope), or where all claim ids do."""
    return f"claim:{slug}:" if slug else "claim:"


def read_node(row: Sequence[Any]) -> Node:
    """A node from `[labels(n), properties(n)]`."""
    labels, stored = row
    label = next((_LABELS[name] for name in labels if name in _LABELS), None)
    if label is None:
        raise StoreError(f"node {stored.get('id')!r} has no capgraph label (labels {labels})")
    return Node(stored["id"], label, decode_props(stored))


def read_edge(row: Sequence[Any]) -> Edge:
    """An edge from `[type(r), src id, dst id, properties(r)]`."""
    etype, src, dst, stored = row
    return Edge(EDGE_TYPES[etype], src, dst, decode_props(stored))
