"""The floor server (`bench.floor_server`) gives capgraph's own answers to the peer
benchmark's three queries: otherwise its figures would measure something else."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import orjson

from bench.floor_server import FloorServer
from bench.pages import synthetic_pages
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.settings import Settings
from schema import build_schema
from schema.context import Context

CAPS = "name description"
QUERIES = {  # the harness's capgraph queries (../shared/peer-bench/queries.mjs)
    "a": ("""query ($slug: String!) { artifact(slug: $slug) { slug name type
           capabilities { name description } signals { name raw kind observedAt } } }""",
          {"slug": "synth-3"}),
    "b": ("{ artifacts(first: 50) { edges { node { slug name type rank { score } } } } }", {}),
    "c": (f"""query ($a: String!, $b: String!) {{ compare(a: $a, b: $b) {{
           left {{ slug name type }} right {{ slug name type }}
           rows {{ key leader left {{ display }} right {{ display }} }} verdict
           leftCapabilities {{ {CAPS} }} rightCapabilities {{ {CAPS} }} }} }}""",
          {"a": "synth-3", "b": "synth-8"}),
}


def _floor(app: FloorServer, variables: dict[str, Any]) -> Any:
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": orjson.dumps({"variables": variables})}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "POST", "path": "/"}, receive, send))
    assert sent[0]["status"] == 200
    return orjson.loads(sent[1]["body"])["data"]


def test_the_floor_answers_as_the_graphql_api_does(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "graph.db")
    for name, text in synthetic_pages(12):
        import_text(store, text, uri=name)
    settings = Settings(data=tmp_path / "data", load_seeds=False)
    app = FloorServer(store, settings)
    schema = build_schema()
    for key, (query, variables) in QUERIES.items():
        expected = schema.execute_sync(query, variables, Context.for_store(store))
        assert not expected.errors, (key, expected.errors)
        assert _floor(app, variables) == expected.data, key
    assert _floor(app, {"slug": "no-such-artifact"}) == {"artifact": None}
