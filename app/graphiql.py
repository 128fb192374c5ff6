"""GraphiQL served by capgraph itself, so it works offline: the page at GET /graphql (when a
browser asks for HTML and GraphiQL is on) and its bundle under /static/graphiql/.

The bundle (GraphiQL, React, the explorer plugin, the Monaco editor's workers; pinned in
web/graphiql/package-lock.json) is built by `make web` into web/graphiql/dist/, which is not
committed. The page loads nothing else: no CDN, no inline script (the configuration is a
JSON data block), and `app.content_policy` forbids outside scripts.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount

from app.static_files import PrecompressedFiles

__all__ = ["GRAPHIQL_STATIC", "SEED_COMPARE_QUERY", "GraphiQLAssets", "log_if_missing"]

GRAPHIQL_STATIC = "/static/graphiql"
BUNDLE = ("graphiql.js", "graphiql.css")

# The default tab: the seed's comparison (seeds/documents), the question the seed asks.
SEED_COMPARE_QUERY = """\
# The seed's comparison: Ctrl-Enter runs it.
# The explorer (left) builds other queries.
query CompareSeed {
  compare(a: "trocr-base-handwritten", b: "flux-1-pro") {
    verdict
    rows {
      label
      leader
      left { display }
      right { display }
    }
  }
}
"""

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>capgraph · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}/graphiql.css">
<script id="graphiql-config" type="application/json">{config}</script>
<script type="module" src="{static}/graphiql.js"></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
</body>
</html>
"""

_MISSING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>capgraph · GraphiQL is not built</title></head>
<body>
<h1>GraphiQL is not built</h1>
<p>Its bundle is missing from <code>{dist}</code>. Run <code>make web</code>
(or <code>make serve</code>, which runs it) and reload.</p>
<p>GraphQL itself answers at this URL: POST a query as JSON.</p>
</body>
</html>
"""


class GraphiQLAssets:
    """The built bundle in `dist`: its static mount and the page that loads it."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist

    @property
    def built(self) -> bool:
        return all((self.dist / name).is_file() for name in BUNDLE)

    def missing_message(self) -> str:
        """The log line `capgraph serve` prints when the bundle is not built."""
        return (f"GraphiQL is not built ({self.dist} has no {' or '.join(BUNDLE)}): "
                "run `make web`; /graphql answers GraphQL meanwhile")

    def mount(self) -> Mount:
        # check_dir=False: a server without the build still starts (and says so)
        return Mount(GRAPHIQL_STATIC, PrecompressedFiles(directory=self.dist, check_dir=False),
                     name="graphiql")

    def page(self, request: Request) -> Response:
        """GraphiQL's page, or a 503 page saying how to build it."""
        if not self.built:
            return HTMLResponse(_MISSING.format(dist=html.escape(str(self.dist))),
                                status_code=503)
        static = request.scope.get("root_path", "") + GRAPHIQL_STATIC
        config = {"endpoint": request.url.path, "tabs": [{"query": SEED_COMPARE_QUERY}]}
        # `<` escaped: the JSON cannot close its <script> block whatever it holds
        text = json.dumps(config).replace("<", "\\u003c")
        return HTMLResponse(_PAGE.format(static=html.escape(static), config=text),
                            headers={"cache-control": "no-store"})


def log_if_missing(assets: GraphiQLAssets, log: Callable[[str], None] | None) -> None:
    """Say once, at start, that the bundle must be built."""
    if log is not None and not assets.built:
        log(assets.missing_message())
