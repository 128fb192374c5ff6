"""Counting a few labels (what pollers use) agrees with the full count, on both stores."""

from __future__ import annotations

from graph.ingest.importer import import_text
from graph.model import Label
from graph.store import GraphStore
from tests.conftest import SEED


def test_counting_some_labels_agrees_with_counting_all(store: GraphStore) -> None:
    assert store.counts([Label.ARTIFACT, Label.CAPABILITY]) == {"Artifact": 0, "Capability": 0}
    import_text(store, SEED.read_text(), uri=SEED.name)
    every = store.counts()
    some = store.counts(list(Label))
    assert some == {label.value: every.get(label.value, 0) for label in Label}
    assert some["Artifact"] >= 2 and some["Capability"] > 0
