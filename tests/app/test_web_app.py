"""The web app's server side (app.web_app): every page path answers the app's HTML, its
bundle is served, a missing build says how to make it, any other path is a real 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from app.web_app import APP_STATIC, WebApp

PAGES = ["/", "/a/trocr-base-handwritten", "/compare/trocr-base-handwritten/flux-1-pro",
         "/claim/Q2xhaW06eA==", "/job/Sm9iOng=", "/explore/trocr-base-handwritten"]


def _client(dist: Path) -> TestClient:
    web_app = WebApp(dist)
    return TestClient(Starlette(routes=web_app.routes(),
                                exception_handlers={404: web_app.not_found}))


@pytest.fixture
def built(tmp_path: Path) -> Path:
    for name, text in (("index.html", "<!doctype html><title>the app</title>"),
                       ("app.js", "export {};"), ("app.css", "body {}")):
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize("path", PAGES)
def test_every_page_path_answers_the_app(built: Path, path: str) -> None:
    reply = _client(built).get(path)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "<title>the app</title>" in reply.text


def test_the_bundle_is_served_under_static(built: Path) -> None:
    reply = _client(built).get(f"{APP_STATIC}/app.js")
    assert reply.status_code == 200 and reply.text == "export {};"


@pytest.mark.parametrize("path", ["/nope", "/a", "/a/x/y", "/compare/one", "/static/app/none.js"])
def test_any_other_path_is_a_404_page_that_links_home(built: Path, path: str) -> None:
    reply = _client(built).get(path, headers={"accept": "text/html,*/*"})
    assert reply.status_code == 404
    assert '<a href="/">' in reply.text and "Page not found" in reply.text


def test_a_404_for_a_script_is_plain_text(built: Path) -> None:
    reply = _client(built).get("/nope", headers={"accept": "application/json"})
    assert reply.status_code == 404 and reply.text == "Not Found"


def test_the_404_page_quotes_the_path_as_text(built: Path) -> None:
    reply = _client(built).get("/<script>x</script>", headers={"accept": "text/html"})
    assert "<script>x" not in reply.text and "&lt;script&gt;" in reply.text


def test_an_unbuilt_app_says_how_to_build_it(tmp_path: Path) -> None:
    lines: list[str] = []
    web_app = WebApp(tmp_path / "dist")
    web_app.log_if_missing(lines.append)
    assert lines and "make web" in lines[0]
    reply = _client(tmp_path / "dist").get("/")
    assert reply.status_code == 503 and "make web" in reply.text
