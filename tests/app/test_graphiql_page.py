"""GraphiQL's page and bundle as the app serves them (in process; the browser tests in
tests/web run the real bundle): when it is on, what the page loads, the policy it carries,
and the message when the bundle is not built."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from app.graphiql import GRAPHIQL_STATIC, SEED_COMPARE_QUERY
from app.web import create_app
from graph.embedded import EmbeddedStore
from graph.settings import Settings

HTML = {"accept": "text/html,application/xhtml+xml"}


def _built(web: Path) -> Path:
    dist = web / "graphiql" / "dist"
    dist.mkdir(parents=True)
    (dist / "graphiql.js").write_text("/* the bundle */")
    (dist / "graphiql.css").write_text("/* its styles */")
    return dist


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    embedded = EmbeddedStore(tmp_path / "graph.db")
    yield embedded
    embedded.close()


def _client(store: EmbeddedStore, tmp_path: Path, log: list[str] | None = None,
            **settings: object) -> TestClient:
    base = Settings(data=tmp_path / "data", load_seeds=False, web_dir=tmp_path / "web",
                    rate_anonymous=0, rate_token=0)
    return TestClient(create_app(store, replace(base, **settings),
                                 log=log.append if log is not None else None))


def test_development_serves_the_page_and_its_bundle(store: EmbeddedStore,
                                                   tmp_path: Path) -> None:
    _built(tmp_path / "web")
    client = _client(store, tmp_path, env="development")
    page = client.get("/graphql", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(sources) == [f"{GRAPHIQL_STATIC}/graphiql.css",
                               f"{GRAPHIQL_STATIC}/graphiql.js", "data:,"]
    assert "<script>" not in page.text          # no inline script: the policy forbids it
    config = re.search(r'<script id="graphiql-config" type="application/json">(.*?)</script>',
                       page.text, re.S)
    assert config is not None
    assert json.loads(config.group(1)) == {"endpoint": "/graphql",
                                           "tabs": [{"query": SEED_COMPARE_QUERY}]}
    bundle = client.get(f"{GRAPHIQL_STATIC}/graphiql.js")
    assert bundle.status_code == 200 and bundle.text == "/* the bundle */"


def test_the_page_forbids_outside_scripts(store: EmbeddedStore, tmp_path: Path) -> None:
    _built(tmp_path / "web")
    client = _client(store, tmp_path, env="development")
    policy = client.get("/graphql", headers=HTML).headers["content-security-policy"]
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self' ws://testserver"
    assert "unsafe-eval" not in policy
    # GraphQL's own JSON answers need no policy
    answer = client.post("/graphql", json={"query": "{ __typename }"})
    assert "content-security-policy" not in answer.headers


def test_a_hostile_host_header_stays_out_of_the_policy(store: EmbeddedStore,
                                                      tmp_path: Path) -> None:
    _built(tmp_path / "web")
    client = _client(store, tmp_path, env="development")
    page = client.get("/graphql", headers={**HTML, "host": "x; script-src https://evil"})
    assert "evil" not in page.headers["content-security-policy"]


def test_a_missing_build_says_to_run_make_web(store: EmbeddedStore, tmp_path: Path) -> None:
    log: list[str] = []
    client = _client(store, tmp_path, log, env="development")
    page = client.get("/graphql", headers=HTML)
    assert page.status_code == 503 and "make web" in page.text
    assert "content-security-policy" in page.headers
    assert [line for line in log if "GraphiQL" in line] == [
        f"GraphiQL is not built ({tmp_path / 'web' / 'graphiql' / 'dist'} has no graphiql.js "
        "or graphiql.css): run `make web`; /graphql answers GraphQL meanwhile"]
    assert client.post("/graphql", json={"query": "{ __typename }"}).json() == {
        "data": {"__typename": "Query"}}


def test_production_serves_no_graphiql_unless_asked(store: EmbeddedStore,
                                                    tmp_path: Path) -> None:
    _built(tmp_path / "web")
    client = _client(store, tmp_path, env="production")
    assert client.get("/graphql", headers=HTML).status_code == 404
    assert client.get(f"{GRAPHIQL_STATIC}/graphiql.js").status_code == 404
    asked = _client(store, tmp_path, env="production", graphiql_flag=True)
    assert asked.get("/graphql", headers=HTML).status_code == 200
