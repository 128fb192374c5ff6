"""Which page a file is (the identity of its Source), and reading page files.

- a page is identified by its address: a URL given with its text (`import_text`), else its
  file's full resolved path as a `file:` URI, so `siteA/page.txt` and `siteB/page.txt` are
  two pages; its checksum (of the text) is recorded on the Source;
- a seed document is identified by its path under the seeds folder (`seeds:documents/x.txt`),
  whatever clone it is read from: the seeds of a second clone served into the same data
  folder are the same pages (a changed seed replaces its earlier version);
- a file seen for the first time whose text is the text of a page already imported under
  another address is that page: it is reported `unchanged`, naming the other address
  (`same_as`), and nothing is written, so the same text read from two places does not state
  every fact twice. The rule is applied when an address is first seen; an address already
  imported is updated from its own text, whatever other pages say;
- a page sent over the API is its URL, or `api:` and the name it was given
  (`sent_page_uri`), so it never stands for a file the server imported;
- stores written before this rule identified a page by its bare file name (`page.txt`).
  Such a Source is adopted by the first file of that name imported since: the same text is
  reported `unchanged` (the rule above), a changed text replaces it as the page's earlier
  version (what the older rule did), after which the page has its full address.

A file name that is not UTF-8, a file that cannot be read and text that is not UTF-8 are
refused before anything is written, naming the file.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from graph.errors import ImportFailed, PageFormatError
from graph.model import Label, Node, stable_id


class NodesWith(Protocol):
    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]: ...


def checksum(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_id_for(uri: str) -> str:
    return stable_id("source", uri)


SEEDS_SCHEME = "seeds:"
"""The address of a seed document: `seeds:` and its path under the seeds folder."""


def page_uri(path: Path, *, seeds: Path | None = None) -> str:
    """A page file's identity: its path under `seeds` as `seeds:<path>` when it is there,
    else its full resolved path as a `file:` URI.

    Example:
        >>> page_uri(Path("/data/siteA/page.txt"))
        'file:///data/siteA/page.txt'
        >>> page_uri(Path("/clone/seeds/documents/a.txt"), seeds=Path("/clone/seeds"))
        'seeds:documents/a.txt'
    """
    resolved = path.resolve()
    if seeds is not None:
        try:
            return SEEDS_SCHEME + resolved.relative_to(seeds.resolve()).as_posix()
        except ValueError:
            pass
    return resolved.as_uri()


MAX_URI = 500
_URL = re.compile(r"https?://[^\s]+", re.IGNORECASE)


def sent_page_uri(uri: str) -> str:
    """The identity of a page sent over the API: its URL, else `api:` and its name.

    Example:
        >>> sent_page_uri(" https://example.org/compare/a-vs-b "), sent_page_uri("a-vs-b.txt")
        ('https://example.org/compare/a-vs-b', 'api:a-vs-b.txt')
    """
    uri = uri.strip()
    if not uri or len(uri) > MAX_URI or any(ord(c) < 32 or c == "\x7f" for c in uri):
        raise ValueError(f"uri must be a URL or a name of 1 to {MAX_URI} printable characters")
    return uri if _URL.fullmatch(uri) else f"api:{uri}"


def shown_path(path: Path) -> str:
    """The path as given, printable whatever bytes its name holds (`\\xNN` for non-UTF-8)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_page_file(path: Path) -> str:
    """The text of a page file; a clear error, naming the file, for a file name that is not
    UTF-8, a binary file or one that cannot be read."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ImportFailed(f"{shown_path(path)}: the file name is not UTF-8; "
                           "rename the file to import it") from exc
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PageFormatError(
            str(path), data[: exc.start].count(b"\n") + 1, None,
            f"not UTF-8 text (byte {exc.start}); a comparison page is plain text",
        ) from exc


def same_text_page(store: NodesWith, digest: str) -> Node | None:
    """The page Source (smallest id) whose text has this checksum, if any."""
    found = store.nodes_with(Label.SOURCE, "checksum", [digest])
    return next((n for n in found if n.props.get("kind") == "page"), None)
