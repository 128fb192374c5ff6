"""Real-browser tests: a live capgraph server and Debian's Chromium driven by Playwright.

How to use it (every test under tests/web gets the `browser` marker automatically, so
`pytest -m browser` selects them and `pytest -m "not browser"` leaves them out)::

    from playwright.sync_api import Page, expect

    def test_home_shows_the_leaderboard(page: Page, live_server: LiveServer) -> None:
        page.goto("/")                          # relative to live_server.url
        expect(page.get_by_role("table")).to_contain_text("trocr-base-handwritten")

The fixtures:

- `live_server` (session): capgraph's real app (`app.web.create_app`, as `make serve` builds
  it: development mode, so GraphiQL is on) served by uvicorn in a thread on a free port of
  127.0.0.1, over a temporary embedded store with the seeds imported and their claims
  already checked against the seed model files (so verdicts are there). It has `url`,
  `store`, `settings`, `app` and `url_for(path)`. Rate limits are off.
- `browser` (session): headless Chromium (`/usr/bin/chromium`, or `CAPGRAPH_CHROMIUM`);
  `make system-deps` installs it. A missing browser fails the run, it never skips.
- `page` (per test): a fresh browser context (1400x900, `base_url` = the live server) and
  page. Every request to a host other than 127.0.0.1/localhost is aborted and recorded;
  console errors and uncaught page errors are recorded; at teardown the test fails if any
  list is non-empty (the offline promise: nothing leaves the machine, nothing breaks).
- `page_problems` (per test): that record. A test that provokes an error on purpose (a 404
  page logs "Failed to load resource ... 404") allows it first:
  `page_problems.allow_console_error(r"status of 404")`.
- `phone_page`: like `page` at a phone's width (390x844, touch).

Screenshots: `page.screenshot(path=...)` works on any of them.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Route, sync_playwright
from playwright.sync_api import WebSocket as BrowserWebSocket
from starlette.applications import Starlette

from app.stores import open_seeded
from app.web import create_app
from graph.settings import Settings
from graph.store import GraphStore

CHROMIUM = Path(os.environ.get("CAPGRAPH_CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})
START_TIMEOUT_S = 30.0
CLAIM_CHECK_TIMEOUT_S = 300.0
WEB_TESTS = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real browser against a live server (tests/web)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if WEB_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    """A running capgraph server on 127.0.0.1 and what it serves."""

    url: str
    store: GraphStore
    settings: Settings
    app: Starlette

    def url_for(self, path: str) -> str:
        """The absolute URL of `path` on this server (`/graphql` -> http://127.0.0.1:N/graphql)."""
        return self.url + "/" + path.lstrip("/")


class _UvicornThread:
    """uvicorn serving `app` from a thread, on a socket bound before it starts (no race for
    the port); the app's lifespan runs as under `capgraph serve`."""

    def __init__(self, app: Starlette) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", 0))
        self.port: int = self.socket.getsockname()[1]
        # the sans-I/O websockets protocol: the legacy one warns (and warnings are errors)
        config = uvicorn.Config(app, lifespan="on", log_config=None, log_level="warning",
                                ws="websockets-sansio")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.socket]},
                                       name="capgraph-live-server", daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the live capgraph server stopped while starting")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the live capgraph server did not start in "
                                   f"{START_TIMEOUT_S:g} s")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """capgraph on a free port of 127.0.0.1 over a temporary seeded embedded store."""
    data = tmp_path_factory.mktemp("live-server")
    settings = Settings(data=data, env="development", rate_anonymous=0, rate_token=0)
    store, reports = open_seeded(settings)
    app = create_app(store, settings, imported=reports)
    server = _UvicornThread(app)
    server.start()              # the lifespan starts the claim check; the store closes at stop
    try:
        check = app.state.claim_check
        if check is not None and not check.done.wait(CLAIM_CHECK_TIMEOUT_S):
            raise RuntimeError("the seed's claim check did not finish in "
                               f"{CLAIM_CHECK_TIMEOUT_S:g} s")
        yield LiveServer(f"http://127.0.0.1:{server.port}", store, settings, app)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian's package, for the whole session."""
    if not CHROMIUM.is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: run `make system-deps` (Debian's `chromium`) "
                    "or set CAPGRAPH_CHROMIUM", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageProblems:
    """What went wrong in a page: requests that tried to leave 127.0.0.1 (aborted), console
    errors and uncaught page errors. The `page` fixture fails its test if any are left."""

    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def allow_console_error(self, pattern: str) -> None:
        """Console errors matching `pattern` (a regex) are expected by this test."""
        self.allowed.append(re.compile(pattern))

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "")
        text = f"{message.text} ({where})" if where else message.text
        if not any(p.search(text) for p in self.allowed):
            self.console_errors.append(text)

    def on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    def on_websocket(self, socket: BrowserWebSocket) -> None:
        if not _is_local(socket.url):
            self.outside_requests.append(f"websocket {socket.url}")

    def guard(self, route: Route) -> None:
        """Let requests to this machine through; abort and record every other one."""
        url = route.request.url
        if _is_local(url):
            route.continue_()
        else:
            self.outside_requests.append(f"{route.request.method} {url}")
            route.abort("blockedbyclient")

    def summary(self) -> list[str]:
        return ([f"request left 127.0.0.1: {r}" for r in self.outside_requests]
                + [f"console error: {e}" for e in self.console_errors]
                + [f"page error: {e}" for e in self.page_errors])


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@pytest.fixture
def page_problems() -> PageProblems:
    """The record the `page` fixture keeps (allow an expected console error through it)."""
    return PageProblems()


def _guarded_page(browser: Browser, live_server: LiveServer, problems: PageProblems, *,
                  phone: bool) -> Iterator[Page]:
    if phone:
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 390, "height": 844},
                                      is_mobile=True, has_touch=True, device_scale_factor=2)
    else:
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 1400, "height": 900})
    context.set_default_timeout(15_000)
    context.route("**/*", problems.guard)
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", problems.on_page_error)
    page.on("websocket", problems.on_websocket)
    try:
        yield page
    finally:
        context.close()
    found = problems.summary()
    if found:
        pytest.fail("the page went wrong:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture
def page(browser: Browser, live_server: LiveServer,
         page_problems: PageProblems) -> Iterator[Page]:
    """A fresh page at 1400x900 on the live server, offline-guarded (see the module doc)."""
    yield from _guarded_page(browser, live_server, page_problems, phone=False)


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer,
               page_problems: PageProblems) -> Iterator[Page]:
    """Like `page`, at a phone's width (390x844, touch)."""
    yield from _guarded_page(browser, live_server, page_problems, phone=True)
