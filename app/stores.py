"""Open the configured store, and load the seeds into it."""

from __future__ import annotations

from collections.abc import Callable

from app.settings import Settings
from graph.ingest.importer import ImportReport, import_files, iter_page_files
from graph.store import GraphStore


def open_store(settings: Settings) -> GraphStore:
    if settings.store == "neo4j":
        from graph.neo4j import Neo4jStore  # the driver is only needed here

        return Neo4jStore.connect(
            settings.neo4j_uri,
            user=settings.neo4j_user,
            password=settings.neo4j_password,
            database=settings.neo4j_database,
        )
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(settings.data / "capgraph.sqlite3")


def load_seeds(
    store: GraphStore, settings: Settings,
    on_page: Callable[[ImportReport], None] | None = None,
) -> list[ImportReport]:
    """Import the seed documents; pages already imported unchanged cost nothing."""
    folder = settings.seeds / "documents"
    if not folder.is_dir():
        raise FileNotFoundError(f"seed folder {folder} does not exist (set CAPGRAPH_SEEDS)")
    return import_files(store, iter_page_files([folder]), on_page=on_page)
