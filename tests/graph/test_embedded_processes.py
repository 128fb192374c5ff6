"""Several processes on one embedded store (`serve --workers`, an import beside a server):
each sees what the others commit, cached totals included."""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from tests.conftest import CORPUS, SEED


def test_a_listing_sees_artifacts_another_connection_wrote(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    server, importer = EmbeddedStore(path), EmbeddedStore(path)   # as two processes would
    try:
        import_text(importer, SEED.read_text(), uri=SEED.name)
        before = server.list_artifacts(first=5, include_stubs=False)
        assert server.list_artifacts(first=5, include_stubs=False).total == before.total
        page = next(iter(sorted(CORPUS.glob("*.txt"))))
        import_text(importer, page.read_text(), uri=page.name)
        after = server.list_artifacts(first=5, include_stubs=False)
        assert after.total > before.total
        assert after.total == importer.list_artifacts(first=5, include_stubs=False).total
    finally:
        server.close()
        importer.close()
