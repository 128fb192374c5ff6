"""One type per idea: every time is a `DateTime`, every claim verdict the `Verdict` enum; and
a stored time that is not ISO 8601 is shown as null, never a failed query."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest
from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type

from graph.ingest.importer import import_text
from graph.model import Label, Node, WriteBatch
from graph.store import GraphStore
from schema import build_schema, scalars
from schema.context import Context
from schema.scalars import as_datetime, iso_utc
from tests.conftest import SEED

SCHEMA = build_schema()
TYPES = SCHEMA._schema.type_map

TIMESTAMPS = {
    "Source.importedAt", "Signal.observedAt", "SignalRef.observedAt", "Evidence.finishedAt",
    "Claim.checkedAt", "Job.createdAt", "Job.startedAt", "Job.finishedAt",
    "ModelFiles.attachedAt",
}
"""Every field that holds a time (the graph's `*_at` properties)."""

VERDICT_TEXTS = {"Comparison.verdict"}
"""Fields called `verdict` that are not a claim's verdict: the comparison's sentences."""


def _fields() -> list[tuple[str, str, GraphQLNamedType]]:
    """(Type.field, field name, named type) of every field and argument of the API's types."""
    found = []
    for name, kind in TYPES.items():
        if name.startswith("__") or not isinstance(kind, GraphQLObjectType):
            continue
        for field_name, field in kind.fields.items():
            found.append((f"{name}.{field_name}", field_name, get_named_type(field.type)))
            found += [(f"{name}.{field_name}({arg_name})", arg_name, get_named_type(arg.type))
                      for arg_name, arg in field.args.items()]
    return found


def test_every_time_is_a_datetime_and_no_datetime_is_something_else() -> None:
    times = {path for path, name, _ in _fields() if name.endswith("At")}
    assert times == TIMESTAMPS, "a new time field? add it here and make it a DateTime"
    wrong = {path: kind.name for path, _, kind in _fields()
             if path in TIMESTAMPS and kind.name != "DateTime"}
    assert wrong == {}


def test_every_claim_verdict_is_the_verdict_enum() -> None:
    verdicts = {path: kind.name for path, name, kind in _fields()
                if name in ("verdict", "outcome") and path not in VERDICT_TEXTS}
    assert "ClaimRef.verdict" in verdicts and "Query.claims(verdict)" in verdicts
    assert {p: k for p, k in verdicts.items() if k != "Verdict"} == {}


@pytest.mark.parametrize(("stored", "shown"), [
    ("2026-12-02T08:00:00.123456+00:00", "2026-12-02T08:00:00.123456+00:00"),
    ("2026-12-02T09:00:00+01:00", "2026-12-02T08:00:00.000000+00:00"),
    ("2026-12-02T08:00:00Z", "2026-12-02T08:00:00.000000+00:00"),
    ("2026-12-02T08:00:00", "2026-12-02T08:00:00.000000+00:00"),   # no offset: UTC
    ("2026-12-02", "2026-12-02T00:00:00.000000+00:00"),
])
def test_a_stored_iso_time_is_shown_in_utc_with_microseconds(stored: str, shown: str) -> None:
    moment = as_datetime(stored)
    assert moment is not None and moment.tzinfo is UTC
    assert iso_utc(moment) == shown


@pytest.mark.parametrize("stored", ["yesterday", "2026-13-45T99:00:00", "12/02/2026", 1764662400])
def test_a_stored_time_that_is_not_iso_is_none_and_logged(
    stored: object, caplog: pytest.LogCaptureFixture,
) -> None:
    scalars._stored.cache_clear()      # each text is logged once a process: this test's once
    with caplog.at_level(logging.WARNING, logger="capgraph.api"):
        assert as_datetime(stored) is None
    assert repr(stored) in caplog.text


@pytest.mark.parametrize("stored", [None, "", "  "])
def test_no_stored_time_is_none_quietly(stored: object, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="capgraph.api"):
        assert as_datetime(stored) is None
    assert caplog.text == ""


SOURCES = """query { artifact(slug: "trocr-base-handwritten") {
  sources { uri importedAt }
  signals { name observedAt }
  rank { reported { observedAt } components { signals { observedAt } } } } }"""


def _run(store: GraphStore, query: str) -> dict[str, Any]:
    result = SCHEMA.execute_sync(query, context_value=Context.for_store(store))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["artifact"]  # type: ignore[no-any-return]


def _times(artifact: dict[str, Any]) -> list[str | None]:
    rank = artifact["rank"]
    return ([s["importedAt"] for s in artifact["sources"]]
            + [s["observedAt"] for s in artifact["signals"]]
            + [r["observedAt"] for r in rank["reported"]]
            + [s["observedAt"] for c in rank["components"] for s in c["signals"]])


def test_times_reach_the_client_as_the_graph_wrote_them(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    source = store.nodes_with(Label.SOURCE, "uri", [SEED.name])[0]
    times = _times(_run(store, SOURCES))
    assert len(times) > 3 and set(times) == {source.props["imported_at"]}
    parsed = datetime.fromisoformat(str(times[0]))
    assert parsed.utcoffset() is not None and parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_a_stored_time_that_is_not_iso_is_null_not_a_failed_query(store: GraphStore) -> None:
    import_text(store, SEED.read_text(), uri=SEED.name)
    source = store.nodes_with(Label.SOURCE, "uri", [SEED.name])[0]
    signals = [n for n in store.nodes_with(Label.SIGNAL, "source", [source.id])]
    store.apply(WriteBatch(nodes=(
        Node(source.id, source.label, {**source.props, "imported_at": "last Tuesday"}),
        *(Node(s.id, s.label, {**s.props, "observed_at": "02/12/2026"}) for s in signals),
    )))
    artifact = _run(store, SOURCES)
    assert artifact["sources"] and artifact["signals"], "the objects are still there"
    assert set(_times(artifact)) == {None}
