"""The resolvers over the seed, on the embedded store: they compute above the seam, whose
contract suite runs on both stores."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from schema.context import Context
from tests.conftest import SEED


@pytest.fixture
def seeded(embedded_store: EmbeddedStore) -> EmbeddedStore:
    import_text(embedded_store, SEED.read_text(), uri=SEED.name)
    return embedded_store


@pytest.fixture
def context(seeded: EmbeddedStore) -> Context:
    return Context.for_store(seeded)
