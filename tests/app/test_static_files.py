"""Web bundles sent gzipped when `make web` wrote a gzip copy beside them (app.static_files),
through the app's own mounts, and the file itself to anyone else."""

from __future__ import annotations

import gzip
import mimetypes
import os
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from app.graphiql import GRAPHIQL_STATIC
from app.static_files import PrecompressedFiles, accepts_gzip
from app.web import create_app
from app.web_app import APP_STATIC
from graph.embedded import EmbeddedStore
from graph.settings import Settings

BODY = b"export const answer = 42; // " + b"padding " * 400
GZIP = {"accept-encoding": "gzip, deflate"}
PLAIN = {"accept-encoding": "identity"}


@pytest.mark.parametrize(("header", "takes"), [
    ("gzip", True), ("GZIP", True), ("br, gzip;q=0.5", True), ("x-gzip", True),
    ("*", True), ("deflate, *;q=0.1", True), ("gzip;q=1.0, identity; q=0.5", True),
    ("gzip;q=0", False), ("gzip;q=0, *", False), ("*;q=0", False), ("identity", False),
    ("", False), ("deflate, br", False), ("gzip;q=high", False),
])
def test_accept_encoding_is_read_as_rfc_9110_says(header: str, takes: bool) -> None:
    assert accepts_gzip(header) is takes


def _files(folder: Path, *, stale: bool = False) -> TestClient:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.js").write_bytes(BODY)
    (folder / "app.js.gz").write_bytes(gzip.compress(BODY))
    (folder / "alone.css").write_bytes(b"body { margin: 0 }")
    stamp = os.stat(folder / "app.js").st_mtime
    os.utime(folder / "app.js.gz", (stamp - 60, stamp - 60) if stale else (stamp, stamp))
    return TestClient(Starlette(routes=[Mount("/s", PrecompressedFiles(directory=folder))]))


def test_a_client_that_takes_gzip_gets_the_copy_with_the_original_s_type(
        tmp_path: Path) -> None:
    client = _files(tmp_path)
    packed = client.get("/s/app.js", headers=GZIP)
    assert packed.status_code == 200 and packed.content == BODY     # decoded by the client
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) == len(gzip.compress(BODY)) < len(BODY)
    assert packed.headers["content-type"].startswith(mimetypes.guess_type("app.js")[0] or "")
    assert packed.headers["vary"] == "Accept-Encoding"
    again = client.get("/s/app.js", headers={**GZIP, "if-none-match": packed.headers["etag"]})
    assert again.status_code == 304


def test_anyone_else_gets_the_file_itself(tmp_path: Path) -> None:
    client = _files(tmp_path)
    plain = client.get("/s/app.js", headers=PLAIN)
    assert plain.status_code == 200 and plain.content == BODY
    assert "content-encoding" not in plain.headers
    assert int(plain.headers["content-length"]) == len(BODY)
    assert plain.headers["vary"] == "Accept-Encoding"
    alone = client.get("/s/alone.css", headers=GZIP)    # no copy: the file itself
    assert alone.content == b"body { margin: 0 }" and "content-encoding" not in alone.headers


def test_a_copy_older_than_its_file_is_not_sent(tmp_path: Path) -> None:
    stale = _files(tmp_path, stale=True).get("/s/app.js", headers=GZIP)
    assert "content-encoding" not in stale.headers and stale.content == BODY


@pytest.mark.parametrize(("folder", "name", "mount"), [
    ("graphiql", "graphiql.js", GRAPHIQL_STATIC), ("app", "app.js", APP_STATIC)])
def test_the_app_s_bundles_are_sent_gzipped(tmp_path: Path, folder: str, name: str,
                                            mount: str) -> None:
    dist = tmp_path / "web" / folder / "dist"
    dist.mkdir(parents=True)
    (dist / name).write_bytes(BODY)
    (dist / f"{name}.gz").write_bytes(gzip.compress(BODY))
    store = EmbeddedStore()
    settings = Settings(data=tmp_path / "data", load_seeds=False, web_dir=tmp_path / "web",
                        rate_anonymous=0, rate_token=0)
    client = TestClient(create_app(store, replace(settings, env="development")))
    answer = client.get(f"{mount}/{name}", headers=GZIP)
    assert answer.status_code == 200 and answer.content == BODY
    assert answer.headers["content-encoding"] == "gzip"
    store.close()


def test_the_event_loop_waits_on_no_file_system_call(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy is looked up with the file, in starlette's worker thread: a slow disk would
    otherwise hold up every request on the loop."""
    import threading

    import app.static_files as static_files

    # the threads themselves, kept alive, not their idents: an ident is reused once its
    # thread has ended (the test client runs each request's loop in a thread of its own)
    stats: list[tuple[threading.Thread, str]] = []
    responding: list[threading.Thread] = []
    real_stat, real_response = os.stat, PrecompressedFiles.file_response

    def watched_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stats.append((threading.current_thread(), str(path)))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def watched_response(self: PrecompressedFiles, *args: object,
                         **kwargs: object) -> object:
        responding.append(threading.current_thread())
        return real_response(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(static_files.os, "stat", watched_stat)
    monkeypatch.setattr(PrecompressedFiles, "file_response", watched_response)
    client = _files(tmp_path)
    for _ in range(2):
        packed = client.get("/s/app.js", headers=GZIP)
        assert packed.headers["content-encoding"] == "gzip" and packed.content == BODY
    copies = [thread for thread, path in stats if path.endswith("app.js.gz")]
    assert copies and responding
    assert not set(copies) & set(responding)
