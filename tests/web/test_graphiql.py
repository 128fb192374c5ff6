"""GraphiQL at /graphql: served by capgraph itself, it runs with the network blocked (the
`page` fixture aborts any request leaving 127.0.0.1 and fails on console errors)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from app.graphiql import SEED_COMPARE_QUERY, GraphiQLAssets
from graph.model import Label
from schema.ids import to_global_id
from tests.web.conftest import LiveServer

COMPARE_CALL = 'compare(a: "trocr-base-handwritten", b: "flux-1-pro")'


@pytest.fixture(autouse=True)
def _graphiql_built(live_server: LiveServer) -> None:
    if not GraphiQLAssets(live_server.settings.graphiql_dist).built:
        pytest.fail(f"GraphiQL is not built in {live_server.settings.graphiql_dist}: "
                    "run `make web` (make test does)", pytrace=False)


def _editor_text(page: Page, editor: str) -> str:
    """What a Monaco editor shows, its rendered lines with every run of white space (line
    wraps, non-breaking spaces) made one space."""
    return " ".join(page.locator(f"{editor} .view-lines").inner_text().split())


def _seed_comparison(page: Page) -> dict[str, Any]:
    reply = page.request.post("/graphql", data={"query": SEED_COMPARE_QUERY})
    comparison: dict[str, Any] = reply.json()["data"]["compare"]
    return comparison


def test_graphiql_opens_with_the_seed_compare_query(page: Page) -> None:
    response = page.goto("/graphql")
    assert response is not None and response.ok
    query = page.locator(".graphiql-query-editor")
    expect(query).to_contain_text("CompareSeed")
    assert COMPARE_CALL in _editor_text(page, ".graphiql-query-editor")


def test_running_the_prefilled_query_shows_the_seed_comparison(page: Page) -> None:
    expected = _seed_comparison(page)
    page.goto("/graphql")
    expect(page.locator(".graphiql-query-editor")).to_contain_text("CompareSeed")
    page.get_by_role("button", name=re.compile("Execute query")).click()
    result = page.locator(".graphiql-response")
    expect(result).to_contain_text('"compare"')
    shown = _editor_text(page, ".graphiql-response")
    verdict = " ".join(expected["verdict"].split()[:6])
    assert f'"verdict": "{verdict}' in shown
    first = expected["rows"][0]
    assert f'"label": "{first["label"]}", "leader": {json.dumps(first["leader"])}' in shown


def test_ctrl_enter_runs_the_query(page: Page) -> None:
    page.goto("/graphql")
    editor = page.locator(".graphiql-query-editor")
    expect(editor).to_contain_text("CompareSeed")
    editor.locator(".view-lines").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator(".graphiql-response")).to_contain_text('"verdict"')


def test_the_explorer_plugin_shows_the_schema(page: Page) -> None:
    page.goto("/graphql")
    explorer = page.locator(".graphiql-explorer-root")
    expect(explorer).to_contain_text("compare")     # a root field: the schema was read
    expect(explorer).to_contain_text("artifacts")


def test_the_page_loads_only_its_own_scripts_under_a_strict_policy(page: Page) -> None:
    response = page.goto("/graphql")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-eval" not in policy
    assert not re.search(r"https?://", policy)
    expect(page.locator(".graphiql-query-editor")).to_contain_text("CompareSeed")
    scripts = page.locator("script[src]").evaluate_all("s => s.map(e => e.src)")
    assert scripts and all(s.startswith(page.url.split("/graphql")[0] + "/static/graphiql/")
                           for s in scripts)


def test_a_subscription_streams_over_the_websocket(page: Page, live_server: LiveServer) -> None:
    job = live_server.app.state.jobs.submit("graphiql-test", "nothing", lambda control: [])
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    page.goto("/graphql")
    expect(page.locator(".graphiql-query-editor")).to_contain_text("CompareSeed")
    page.get_by_role("button", name=re.compile("New tab|Add tab")).click()
    page.locator(".graphiql-query-editor .view-lines").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("subscription Progress($id: ID!) { jobProgress(id: $id) "
                              "{ state progress } }")
    page.get_by_role("button", name="Variables", exact=True).click()
    page.locator(".graphiql-editor-tool .view-lines").filter(visible=True).click()
    page.keyboard.insert_text(json.dumps({"id": to_global_id(Label.JOB, job.id)}))
    page.get_by_role("button", name=re.compile("Execute query")).click()
    expect(page.locator(".graphiql-response")).to_contain_text('"SUCCEEDED"')
    assert sockets == [live_server.url.replace("http://", "ws://") + "/graphql"]
