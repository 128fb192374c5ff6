"""A page read, checked and drafted into facts without the store: what a worker process does.

`draft_page` reads a page (its file, or its text), parses it (raising `PageFormatError`,
naming file and line, for a page that is not one), and drafts its facts for the slugs its
listings get in a store that holds none of them (`graph.ingest.side_slugs.default_slugs`).
The importer then settles the draft against the store (`PageDraft.settled`): the draft is
kept when the store gives the listings the same slugs (almost always), else drafted again.
Everything here is pure and picklable, so pages can be drafted in other processes
(`graph.ingest.draft_pool`) with the same result as in this one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from graph.ingest.identity import checksum, read_page_file, source_id_for
from graph.ingest.page import ParsedPage
from graph.ingest.page_facts import PageFacts
from graph.ingest.page_reads import PageReads
from graph.ingest.parse import parse_page
from graph.ingest.side_slugs import default_slugs, side_slugs
from graph.search_index import node_index

UNDATED = ""
"""The date of a draft's facts until the importer dates them (`PageFacts.stamp`)."""


@dataclass(frozen=True)
class PageJob:
    """One page to draft: its text, or the file to read it from (`text` None)."""

    uri: str                        # the page's identity (graph.ingest.identity)
    file: str                       # how it is named in reports and errors
    text: str | None = None
    path: Path | None = None
    legacy_uri: str | None = None   # the bare file name an older store knew it by
    imported_by: str = "local"


@dataclass(frozen=True)
class PageDraft:
    """A parsed page and its facts as far as the page alone says them."""

    page: ParsedPage
    uri: str
    file: str
    digest: str                     # graph.ingest.identity.checksum of its text
    legacy_uri: str | None = None
    imported_by: str = "local"
    facts: PageFacts | None = None  # drafted for `default_slugs(page)`, undated

    @property
    def source_id(self) -> str:
        return source_id_for(self.uri)

    def settled(self, store: PageReads, now: str) -> PageFacts:
        """The page's facts as they are to be written into `store`, dated `now`."""
        slugs = side_slugs(self.page, store)
        if self.facts is not None and self.facts.side_slugs == slugs:
            facts = self.facts.copy()        # the draft may be settled again after a flush
            facts.stamp(now)
        else:
            facts = PageFacts.draft(self.page, slugs, source_id=self.source_id, uri=self.uri,
                                    digest=self.digest, now=now, imported_by=self.imported_by)
        facts.settle(self.page, store)
        return facts


def read_page(job: PageJob) -> PageDraft:
    """Read and parse one page (raising for a page that is not one), its facts not drafted."""
    text = job.text if job.text is not None else read_page_file(_path(job))
    page = parse_page(text, file=job.file)
    return PageDraft(page, job.uri, job.file, checksum(text), job.legacy_uri, job.imported_by)


def draft_facts(draft: PageDraft) -> PageDraft:
    """The page read, with its facts drafted (see the module)."""
    facts = PageFacts.draft(draft.page, default_slugs(draft.page), source_id=draft.source_id,
                            uri=draft.uri, digest=draft.digest, now=UNDATED,
                            imported_by=draft.imported_by)
    for node in facts.nodes.values():
        node_index(node)                # the search words, worked out here once
    return replace(draft, facts=facts)


def draft_page(job: PageJob) -> PageDraft:
    """Read, parse and draft one page."""
    return draft_facts(read_page(job))


def check_page(job: PageJob) -> None:
    """Read and parse one page, keeping nothing: raises as `read_page` would."""
    read_page(job)


def _path(job: PageJob) -> Path:
    if job.path is None:
        raise ValueError(f"page job {job.uri!r} has neither text nor path")
    return job.path
