"""Export and load: a round trip through either store gives the identical graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import PageFormatError
from graph.ingest.importer import import_files
from graph.store import GraphStore
from graph.transfer import load_export, write_export
from tests.conftest import SEED, corpus_files


def export_to(store: GraphStore, path: Path) -> bytes:
    with path.open("wb") as out:
        write_export(store, out)
    return path.read_bytes()


def test_a_round_trip_through_the_store_is_identical(store: GraphStore, tmp_path: Path) -> None:
    origin = EmbeddedStore(None)
    import_files(origin, [SEED, *corpus_files()[:12]])
    first = export_to(origin, tmp_path / "first.jsonl")
    nodes, edges = load_export(store, tmp_path / "first.jsonl")
    assert (nodes, edges) == (sum(1 for _ in origin.export()) - edges, edges)
    middle = export_to(store, tmp_path / "middle.jsonl")
    back = EmbeddedStore(None)
    load_export(back, tmp_path / "middle.jsonl")
    assert middle == first
    assert export_to(back, tmp_path / "last.jsonl") == first
    assert list(back.export()) == list(origin.export())


def test_loading_twice_duplicates_nothing(store: GraphStore, tmp_path: Path) -> None:
    origin = EmbeddedStore(None)
    import_files(origin, [SEED])
    export_to(origin, tmp_path / "g.jsonl")
    load_export(store, tmp_path / "g.jsonl")
    load_export(store, tmp_path / "g.jsonl")
    assert list(store.export()) == list(origin.export())


@pytest.mark.parametrize(("lines", "where"), [
    (['{"format": "something-else"}'], "bad.jsonl:1: format"),
    (['{"format": "capgraph-export", "version": 9}'], "bad.jsonl:1: version"),
    (['{"format": "capgraph-export", "version": 1}', "{nope"], "bad.jsonl:2: not JSON"),
    (['{"format": "capgraph-export", "version": 1}',
      '{"node": "x:1", "label": "Gadget", "props": {}}'], "bad.jsonl:2: label"),
    (['{"format": "capgraph-export", "version": 1}',
      '{"edge": "FROM", "src": "a", "dst": "b", "props": {}}'], "2 nodes that neither"),
])
def test_a_bad_export_is_refused_whole(
    store: GraphStore, tmp_path: Path, lines: list[str], where: str,
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(PageFormatError, match=where.replace(".", r"\.")):
        load_export(store, path)
    assert list(store.export()) == []
