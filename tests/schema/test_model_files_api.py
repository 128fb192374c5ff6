"""`artifact { modelFiles { facts } }`, the model's passport, and `attachModelFiles`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.ingest.importer import import_text
from graph.model import Label, Node, WriteBatch
from graph.store import GraphStore
from schema.context import Context
from tests.app.test_models_cli import bert_folder
from tests.conftest import SEED
from tests.schema.test_api import SCHEMA, run

PASSPORT = """query ($s: String!) { artifact(slug: $s) { slug modelFiles {
  hubId kind path attached attachedAt attachedBy checksum
  facts { name value unit file field derivation part words source } } } }"""
ATTACH = """mutation ($a: String!, $p: String!) { attachModelFiles(artifact: $a, path: $p) {
  hubId kind attached attachedBy facts { name value file field } } }"""


def _fact(files: dict[str, Any], field: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [f for f in files["facts"] if f["field"] == field]
    assert len(found) == 1, (field, len(found))
    return found[0]


def test_attach_model_files_then_read_the_passport(store: GraphStore, tmp_path: Path) -> None:
    folder = bert_folder(tmp_path / "my-bert")
    store.apply(WriteBatch(nodes=(Node("artifact:my-bert", Label.ARTIFACT,
                                       {"slug": "my-bert", "name": "My BERT"}),)))
    (attached,) = run(store, ATTACH, a="My BERT", p=str(folder))["attachModelFiles"]
    assert (attached["hubId"], attached["kind"], attached["attached"],
            attached["attachedBy"]) == ("my-bert", "transformers", True, "local:in-process")
    assert _fact(attached, "num_hidden_layers")["value"] == 2

    (files,) = run(store, PASSPORT, s="my-bert")["artifact"]["modelFiles"]
    assert files["path"] == str(folder.resolve()) and files["checksum"].startswith("sha256:")
    assert files["attachedAt"]
    layers = _fact(files, "num_hidden_layers")
    assert layers["file"] == "config.json" and layers["unit"] is None
    assert "layers" in " ".join(layers["words"])
    assert _fact(files, "license")["value"] == "mit"
    derived = [f for f in files["facts"] if f["derivation"]]
    assert derived and all(f["source"].startswith("derived: ") for f in derived)
    # attaching the same folder again changes nothing
    again = run(store, ATTACH, a="my-bert", p=str(folder))["attachModelFiles"]
    assert [f["facts"] for f in again] == [attached["facts"]]
    assert store.counts()["ModelFiles"] == 1


def test_seed_models_show_their_files_found_by_name(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    (files,) = run(store, PASSPORT, s="trocr-base-handwritten")["artifact"]["modelFiles"]
    assert files["hubId"] == "microsoft/trocr-base-handwritten" and not files["attached"]
    assert files["attachedAt"] is None
    assert _fact(files, "encoder.hidden_size")["value"] == 768
    assert _fact(files, "image_mean")["value"] == [0.5, 0.5, 0.5]
    assert "ModelFiles" not in store.counts()        # read from the folder, not written


def test_attaching_a_bad_path_is_an_error_that_writes_nothing(store: GraphStore,
                                                            tmp_path: Path) -> None:
    store.apply(WriteBatch(nodes=(Node("artifact:x", Label.ARTIFACT,
                                       {"slug": "x", "name": "X"}),)))
    before = list(store.export())
    empty = tmp_path / "empty"
    empty.mkdir()
    for path, says in ((str(empty), "none of config.json, model_index.json, provider.json"),
                       (str(tmp_path / "missing"), "no such folder")):
        result = SCHEMA.execute_sync(ATTACH, {"a": "x", "p": path}, Context.for_store(store))
        assert result.errors is not None and path in result.errors[0].message
        assert says in result.errors[0].message
    result = SCHEMA.execute_sync(ATTACH, {"a": "nobody", "p": str(empty)},
                                 Context.for_store(store))
    assert result.errors is not None and "nobody" in result.errors[0].message
    assert list(store.export()) == before


def test_explore_shows_attached_folders_without_their_facts(store: GraphStore,
                                                           tmp_path: Path) -> None:
    from schema.ids import to_global_id

    folder = bert_folder(tmp_path / "my-bert")
    store.apply(WriteBatch(nodes=(Node("artifact:my-bert", Label.ARTIFACT,
                                       {"slug": "my-bert", "name": "my-bert"}),)))
    run(store, ATTACH, a="my-bert", p=str(folder))
    explore = """query ($id: ID!) { explore(id: $id, depth: 1, edgeTypes: [HAS_MODEL_FILES]) {
      nodes { label title properties } } }"""
    nodes = run(store, explore, id=to_global_id(Label.ARTIFACT, "artifact:my-bert"))[
        "explore"]["nodes"]
    (files,) = [n for n in nodes if n["label"] == "MODEL_FILES"]
    assert files["title"] == "my-bert (transformers)"
    assert "facts" not in files["properties"] and files["properties"]["fact_count"] > 10
