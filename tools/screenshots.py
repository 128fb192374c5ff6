"""`make screenshots`: the web app's pages, as a person sees them at 1400x900, written to
docs/screenshots/{home,artifact,compare,claim,job,explore}.png (palette PNGs, kept small).

It starts `capgraph serve` on a free port of 127.0.0.1 over a fresh embedded store with the
seeds, waits until the seed's claims are checked, and drives Debian's Chromium through
Playwright. Everything shown is read from the running server's API; the job page shows a
measurement started for the occasion (with an API token made for it), cancelled afterwards.
The web app must be built first (`make web`; the make target does it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
CHROMIUM = os.environ.get("CAPGRAPH_CHROMIUM", "/usr/bin/chromium")
CAPGRAPH = Path(sys.executable).with_name("capgraph")
SEED_PAIR = ("trocr-base-handwritten", "flux-1-pro")   # the comparison seeds/documents holds
VIEWPORT = {"width": 1400, "height": 900}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_json(url: str, body: dict[str, Any] | None = None,
             token: str | None = None) -> dict[str, Any]:
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=30) as r:
        reply: dict[str, Any] = json.load(r)
    return reply


@contextmanager
def seeded_server(data: Path) -> Iterator[str]:
    """`capgraph serve` over a fresh store in `data`; its URL once the seed is checked."""
    port = free_port()
    env = {**os.environ, "CAPGRAPH_DATA": str(data), "CAPGRAPH_ENV": "development",
           "CAPGRAPH_RATE_ANONYMOUS": "0", "CAPGRAPH_RATE_TOKEN": "0"}
    log = data / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen([str(CAPGRAPH), "serve", "--port", str(port)], env=env,
                                  stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if server.poll() is not None:
                raise SystemExit(f"capgraph serve stopped:\n{log.read_text()}")
            try:
                if get_json(f"{url}/healthz").get("claimCheck", {}).get("state") == "done":
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("the seed's claims were not checked in 10 minutes")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def graphql(url: str, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    reply = get_json(f"{url}/graphql", {"query": query, "variables": variables}, token)
    if reply.get("errors"):
        raise SystemExit(f"the API refused {query.split('(')[0]!r}: {reply['errors']}")
    data: dict[str, Any] = reply["data"]
    return data


def start_job(url: str, data: Path) -> tuple[str, str]:
    """A measurement job (its id) started through the API, and the token that owns it."""
    env = {**os.environ, "CAPGRAPH_DATA": str(data)}
    token = subprocess.run([str(CAPGRAPH), "tokens", "create", "--scopes", "read,verify",
                            "screenshots"], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    claims = graphql(url, """query ($a: String!) { claims(first: 100, artifact: $a,
        claimClass: MEASURABLE) { edges { node { id } } } }""", a=SEED_PAIR[0])
    for edge in claims["claims"]["edges"]:
        job = graphql(url, "mutation ($id: ID!) { verifyClaim(id: $id) { job { id } } }",
                      token, id=edge["node"]["id"])["verifyClaim"]["job"]
        if job:
            return str(job["id"]), token
    raise SystemExit("no measurable seed claim started a measurement")


def save_small(png: bytes, path: Path) -> None:
    """A screenshot as a 256-colour PNG: text and flat colours survive, the size drops."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(url: str, data: Path, out: Path) -> list[Path]:
    from playwright.sync_api import expect, sync_playwright

    left, right = SEED_PAIR
    claim = graphql(url, """query ($a: String!) { claims(first: 1, artifact: $a,
        verdict: REFUTED) { edges { node { id } } } }""", a=left)["claims"]["edges"][0]["node"]
    job_id, token = start_job(url, data)
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport=VIEWPORT, base_url=url)

        def take(name: str, path: str, ready: str) -> None:
            page.goto(path)
            expect(page.locator(ready).first).to_be_visible(timeout=30_000)
            page.wait_for_load_state("networkidle")
            target = out / f"{name}.png"
            save_small(page.screenshot(), target)
            written.append(target)

        take("home", "/", "table.leaderboard")
        take("artifact", f"/a/{left}", "svg.rank-chart")
        take("compare", f"/compare/{left}/{right}", "table.comparison")
        take("claim", f"/claim/{claim['id']}", "article.evidence")
        page.goto(f"/job/{job_id}")
        expect(page.locator('p.live[data-live="live"]')).to_be_visible(timeout=60_000)
        page.wait_for_timeout(3000)          # a few progress updates in
        save_small(page.screenshot(), out / "job.png")
        written.append(out / "job.png")
        take("explore", f"/explore/{left}", "#graph-canvas canvas")
        page.locator('li[data-label="CAPABILITY"] button').first.click()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        save_small(page.screenshot(), out / "explore.png")
        browser.close()
    graphql(url, "mutation ($id: ID!) { cancelJob(id: $id) { state } }", token, id=job_id)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder (default {OUT})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="capgraph-screenshots-") as tmp, \
            seeded_server(Path(tmp)) as url:
        for path in shoot(url, Path(tmp), args.out):
            print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
                  f"{path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
