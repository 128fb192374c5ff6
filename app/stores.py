"""Open the configured store, say which it is, and load the seeds into it (their claims
checked, if asked)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from graph.ingest.importer import ImportReport, import_files, iter_page_files
from graph.settings import Settings
from graph.store import GraphStore


def embedded_path(settings: Settings) -> Path:
    """The file the embedded store keeps the graph in."""
    return settings.data / "capgraph.sqlite3"


def store_description(settings: Settings) -> str:
    """Which store a command reads and writes, for people: the embedded store's file, or
    Neo4j's URI and database (any password in the URI left out).

    Example:
        >>> store_description(Settings(store="neo4j", neo4j_uri="bolt://ann:s3cret@db:7687"))
        "Neo4j at bolt://ann@db:7687 (database 'neo4j')"
    """
    if settings.store == "neo4j":
        from graph.neo4j.connection import redact_uri

        return f"Neo4j at {redact_uri(settings.neo4j_uri)} (database {settings.neo4j_database!r})"
    return f"the embedded store at {embedded_path(settings)}"


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

    return EmbeddedStore(embedded_path(settings))


def load_seeds(
    store: GraphStore, settings: Settings,
    on_page: Callable[[ImportReport], None] | None = None,
) -> list[ImportReport]:
    """Import the seed documents; pages already imported unchanged cost nothing. A seed is
    identified by its path under the seeds folder, so the seeds of another clone served into
    the same data folder are the same pages (graph.ingest.identity)."""
    folder = settings.seeds / "documents"
    if not folder.is_dir():
        raise FileNotFoundError(f"seed folder {folder} does not exist (set CAPGRAPH_SEEDS)")
    return import_files(store, iter_page_files([folder]), on_page=on_page, seeds=settings.seeds)


def open_seeded(settings: Settings) -> tuple[GraphStore, list[ImportReport]]:
    """The configured store with the seeds imported (when enabled), and what each seed
    page's import did; the store is closed again if the import fails."""
    store = open_store(settings)
    reports: list[ImportReport] = []
    if settings.load_seeds:
        try:
            reports = load_seeds(store, settings)
        except BaseException:
            store.close()
            raise
    return store, reports


def store_with_seeds(settings: Settings, *, check: bool = False) -> GraphStore:
    """The configured store with the seeds imported (when enabled); with `check`, their
    claims are checked against the model files first (claims already checked on unchanged
    pages cost nothing)."""
    store, reports = open_seeded(settings)
    if check and reports:
        from inference.autocheck import ClaimCheck

        claim_check = ClaimCheck(store, reports, settings.model_roots)
        try:
            claim_check.run()
        except Exception as error:     # the store is fine: answer without the verdicts
            print(f"capgraph: checking the seeds' claims failed: {error}", file=sys.stderr)
        except BaseException:
            store.close()
            raise
        if claim_check.failed:
            print(f"capgraph: {claim_check.summary()}", file=sys.stderr)
    return store
