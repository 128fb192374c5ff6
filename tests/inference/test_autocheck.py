"""What a check after an import looks at, and that one claim the checker cannot handle costs
only its own verdict (real stores, the seed's real model files)."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph.claim_facts import claim_node
from graph.claims.types import AtomicClaim
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.model import Edge, EdgeType, WriteBatch, artifact_id
from graph.store import GraphStore
from inference.autocheck import ClaimCheck, plan_import_check
from tests.conftest import REPO, SEED

SEED_MODELS = REPO / "seeds" / "model-files"


def trocr_only(tmp_path: Path) -> Path:
    root = tmp_path / "models"
    shutil.copytree(SEED_MODELS / "microsoft__trocr-base-handwritten",
                    root / "microsoft__trocr-base-handwritten")
    return root


def test_only_artifacts_with_model_files_are_planned(store: GraphStore, tmp_path: Path) -> None:
    report = import_text(store, SEED.read_text(), uri=SEED.name)
    plan = plan_import_check(store, [report], [trocr_only(tmp_path)])
    assert plan.artifacts == ("trocr-base-handwritten",)
    assert plan.without_files == ("flux-1-pro",)
    assert plan.claims and {c.props["artifact"] for c in plan.claims} == {
        "trocr-base-handwritten"}
    assert all(c.props.get("verdict") is None for c in plan.claims)
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = plan_import_check(store, [report], [empty])
    assert nothing.claims == () and nothing.without_files == ("trocr-base-handwritten",
                                                              "flux-1-pro")


def test_a_claim_the_checker_cannot_handle_does_not_stop_the_others(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "capgraph.sqlite3")
    try:
        report = import_text(store, SEED.read_text(), uri=SEED.name)
        owner = artifact_id("trocr-base-handwritten")
        # a claim listed under trocr that names an artifact the graph lacks: checking it fails
        atom = AtomicClaim("It has 12 layers.", "It has 12 layers.", 0, 0, ())
        orphan = claim_node("ghost-model", owner, "assertion", atom, capability=None)
        store.apply(WriteBatch(nodes=(orphan,),
                               edges=(Edge(EdgeType.CLAIMS, owner, orphan.id, {}),)))
        check = ClaimCheck(store, [report], [trocr_only(tmp_path)])
        check.run()
        assert [claim for claim, _ in check.failed] == [orphan.id]
        assert check.checked == check.total - 1 > 20
        assert check.done.is_set() and check.state == "done"
        assert "1 could not be checked" in check.summary()
        rest = store.list_claims(first=500, artifact="trocr-base-handwritten").nodes
        assert all(c.props.get("verdict") for c in rest)
        # the page again, unchanged: the checked claims are skipped, the failed one is retried
        unchanged = import_text(store, SEED.read_text(), uri=SEED.name)
        assert unchanged.status == "unchanged"
        again = ClaimCheck(store, [unchanged], [trocr_only(tmp_path / "again")])
        again.run()
        assert again.total == 1 and again.plan is not None and again.plan.already_checked > 20
    finally:
        store.close()
