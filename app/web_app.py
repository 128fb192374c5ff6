"""The web app's pages: the same HTML for every path it has a page for (the app routes on
the client with the History API), its bundle under /static/app/, and a real 404 page that
links home for every path nobody serves.

The bundle (web/app: TypeScript bundled by esbuild; cytoscape.js pinned in its
package-lock.json) is built by `make web` into web/app/dist/, which is not committed. The
app talks to /graphql alone, like any other frontend; `app.content_policy` forbids scripts
from anywhere else.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from app.static_files import PrecompressedFiles

__all__ = ["APP_PATHS", "APP_STATIC", "WebApp"]

APP_STATIC = "/static/app"
APP_PATHS = ("/", "/a/{slug}", "/compare/{a}/{b}", "/claim/{id}", "/job/{id}",
             "/explore/{target}")
"""The paths the app has a page for: home, artifact, comparison, claim, job, explorer."""

_NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>capgraph · the web app is not built</title></head>
<body>
<h1>The web app is not built</h1>
<p>Its bundle is missing from <code>{dist}</code>. Run <code>make web</code>
(or <code>make serve</code>, which runs it) and reload.</p>
<p>The GraphQL API answers at <a href="/graphql">/graphql</a> meanwhile.</p>
</body>
</html>
"""

_NOT_FOUND = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Page not found · capgraph</title>
<link rel="stylesheet" href="{static}/app.css">
</head>
<body>
<header class="site"><a class="brand" href="/">capgraph</a></header>
<main id="main">
<h1>Page not found</h1>
<p>There is no page at <code>{path}</code>.</p>
<p><a href="/">Go to the home page</a>: the leaderboard, search and comparisons.</p>
</main>
</body>
</html>
"""


class WebApp:
    """The built app in `dist`: its page routes, its static mount, and the 404 page."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist

    @property
    def built(self) -> bool:
        return all((self.dist / name).is_file() for name in ("index.html", "app.js", "app.css"))

    def missing_message(self) -> str:
        """The log line `capgraph serve` prints when the bundle is not built."""
        return f"the web app is not built ({self.dist} is incomplete): run `make web`"

    def log_if_missing(self, log: Callable[[str], None] | None) -> None:
        """Say once, at start, that the bundle must be built."""
        if log is not None and not self.built:
            log(self.missing_message())

    def routes(self) -> list[BaseRoute]:
        # check_dir=False: a server without the build still starts (and says so)
        return [*(Route(path, self.page, name=f"app:{path}") for path in APP_PATHS),
                Mount(APP_STATIC, PrecompressedFiles(directory=self.dist, check_dir=False),
                      name="app-static")]

    async def page(self, request: Request) -> Response:
        """The app's HTML (the client draws the page the path names), or a 503 page
        saying how to build it."""
        if not self.built:
            return HTMLResponse(_NOT_BUILT.format(dist=html.escape(str(self.dist))),
                                status_code=503)
        return FileResponse(self.dist / "index.html", media_type="text/html",
                            headers={"cache-control": "no-cache"})

    async def not_found(self, request: Request, exc: Exception) -> Response:
        """404 for a path nobody serves: a page linking home for a browser, text otherwise."""
        if "text/html" not in request.headers.get("accept", ""):
            return PlainTextResponse("Not Found", status_code=404)
        return HTMLResponse(_NOT_FOUND.format(static=APP_STATIC,
                                              path=html.escape(request.url.path)),
                            status_code=404)

