"""Static files sent compressed when a compressed copy was built beside them.

`make web` (tools/web/build.sh) writes `NAME.gz` beside each text file of a web bundle (the
GraphiQL bundle is 5 MB of JavaScript, 1.3 MB gzipped). A client whose `Accept-Encoding`
takes gzip gets that copy, with `Content-Encoding: gzip` and the original's content type;
any other client, or a copy older than its original (a rebuild that has not compressed
yet), gets the file itself. Nothing is compressed while serving: a request costs what an
uncompressed one does. Every answer says `Vary: Accept-Encoding`, so a cache keeps the two
apart; ETags differ with the copy sent.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from typing import Any

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

__all__ = ["PrecompressedFiles", "accepts_gzip"]

SUFFIX = ".gz"


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an `Accept-Encoding` value takes gzip: named (or `*`, when gzip is not named)
    with a quality above zero (RFC 9110, 12.5.3)."""
    named: dict[str, float] = {}
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        named[coding] = quality
    if "gzip" in named:
        return named["gzip"] > 0
    if "x-gzip" in named:
        return named["x-gzip"] > 0
    return named.get("*", 0.0) > 0


_Found = tuple[str, int, int, int]
"""A file as a lookup found it: its path, inode, modification time (ns) and size."""
_REMEMBERED = 1024
"""Files whose compressed copy is remembered between a lookup and its response, at most."""


def _found(path: str, stat_result: os.stat_result) -> _Found:
    return path, stat_result.st_ino, stat_result.st_mtime_ns, stat_result.st_size


class PrecompressedFiles(StaticFiles):
    """`StaticFiles` that sends `NAME.gz` for NAME to a client that takes gzip.

    Starlette looks a file up in a worker thread and builds its response on the event loop;
    the compressed copy is looked up with the file, in the thread, so the loop waits on no
    file system call (a slow or network disk would hold up every request)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._copies: dict[_Found, tuple[str, os.stat_result] | None] = {}

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        full_path, stat_result = super().lookup_path(path)
        if stat_result is not None and stat.S_ISREG(stat_result.st_mode):
            if len(self._copies) >= _REMEMBERED:
                self._copies.clear()
            self._copies[_found(full_path, stat_result)] = _packed_copy(full_path, stat_result)
        return full_path, stat_result

    def file_response(self, full_path: os.PathLike[str] | str, stat_result: os.stat_result,
                      scope: Scope, status_code: int = 200) -> Response:
        request_headers = Headers(scope=scope)
        found = _found(str(full_path), stat_result)
        try:
            packed = self._copies[found]
        except KeyError:        # not found by a lookup of this instance, or forgotten since
            packed = _packed_copy(str(full_path), stat_result)
        if packed is not None and accepts_gzip(request_headers.get("accept-encoding", "")):
            path, packed_stat = packed
            media_type = mimetypes.guess_type(str(full_path))[0] or "text/plain"
            response: Response = FileResponse(
                path, status_code=status_code, stat_result=packed_stat, media_type=media_type,
                headers={"content-encoding": "gzip", "vary": "Accept-Encoding"})
            if self.is_not_modified(response.headers, request_headers):
                return NotModifiedResponse(response.headers)
            return response
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["vary"] = "Accept-Encoding"
        return response


def _packed_copy(path: str, original: os.stat_result) -> tuple[str, os.stat_result] | None:
    """The gzip copy of `path` and its stat, if there is one no older than the file."""
    packed = path + SUFFIX
    try:
        packed_stat = os.stat(packed)
    except OSError:
        return None
    if not stat.S_ISREG(packed_stat.st_mode) or packed_stat.st_mtime < original.st_mtime:
        return None
    return packed, packed_stat
