"""One page into the store: whether it is new, unchanged or changed (`graph.ingest.identity`),
the write that makes the store hold what it states and no more, and the report of it.

A page's facts are everything that carries a FROM edge to its Source. Importing a page
again with the same text changes nothing; importing a changed page replaces that page's
facts (facts other pages also state stay, with their other sources).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.clock import now_iso
from graph.ingest.drafts import PageDraft
from graph.ingest.identity import same_text_page, source_id_for
from graph.ingest.page_reads import PageStore
from graph.ingest.side_slugs import side_slugs
from graph.model import EdgeType, Label, Node, WriteBatch
from graph.store import SourceFacts


@dataclass(frozen=True)
class ImportReport:
    """What one page's import did."""

    file: str
    source_id: str
    status: str                     # "created", "updated" or "unchanged"
    layout: str
    artifacts: tuple[str, ...]      # slugs
    capabilities: int
    claims: int
    signals: int
    removed: int                    # facts of an earlier version of the page that are gone
    truncated: bool
    notes: tuple[str, ...] = field(default_factory=tuple)
    uri: str = ""                   # the page's address (its identity); `file` names it
    same_as: str | None = None      # unchanged: the page of the same text it is; updated:
                                    # the bare-name Source of an older store it replaced

    def summary(self) -> str:
        cut = " (truncated)" if self.truncated else ""
        if self.status == "unchanged":
            same = f" (same text as {self.same_as})" if self.same_as else ""
            return f"{self.file}: unchanged{same}"
        return (
            f"{self.file}: {self.status}{cut}, {self.layout}: {', '.join(self.artifacts)}; "
            f"{self.capabilities} capabilities, {self.claims} claims, {self.signals} signals"
            + (f", {self.removed} stale facts removed" if self.removed else "")
            + (f", replacing {self.same_as}" if self.same_as else "")
        )


def import_draft(store: PageStore, draft: PageDraft, *, now: str | None = None) -> ImportReport:
    """Import one drafted page (`graph.ingest.drafts`) identified by its `uri` (shown as its
    `file`); its `legacy_uri` is the address an older store knew it by (its bare file name),
    adopted as the module says. The Source records who imported it (`imported_by`: "local",
    or the API's caller)."""
    page, uri, file, legacy_uri = draft.page, draft.uri, draft.file, draft.legacy_uri
    source_id = draft.source_id
    digest = draft.digest
    source = store.get_node(source_id)
    if source is not None and source.props.get("checksum") == digest:   # the common re-import:
        return _unchanged(store, draft, source)                     # its facts are not read
    previous = store.source_facts(source_id) if source is not None else _NO_SOURCE
    same_as: str | None = None
    if previous.source is None:
        twin = same_text_page(store, digest)
        if twin is None and legacy_uri not in (None, uri):
            older = store.source_facts(source_id_for(str(legacy_uri)))
            if older.source is not None and older.source.props.get("uri") == legacy_uri \
                    and older.source.props.get("kind") == "page":
                previous, same_as = older, legacy_uri
    else:
        twin = None                 # a changed page (the same text is reported above)
    if twin is not None:
        return _unchanged(store, draft, twin)
    facts = draft.settled(store, now or now_iso())
    stale = [i for i in previous.cited_by if i not in facts.ids]
    owned = set(previous.owned)
    delete_nodes = tuple(i for i in stale if i in owned)
    delete_edges = tuple(
        (EdgeType.FROM.value, i, previous.source.id) for i in stale if i not in owned
    ) if previous.source is not None else ()
    if previous.source is not None and previous.source.id != source_id:
        delete_nodes += (previous.source.id,)   # an adopted older Source: its edges go too
    facts.set_rank_scores(store, gone=set(delete_nodes))
    store.apply(WriteBatch(
        nodes=tuple(facts.nodes.values()), edges=tuple(facts.edges.values()),
        delete_nodes=delete_nodes, delete_edges=delete_edges,
    ))
    return ImportReport(
        file=file,
        source_id=source_id,
        status="created" if previous.source is None else "updated",
        layout=page.layout.value,
        artifacts=tuple(facts.slugs),
        capabilities=facts.count(Label.CAPABILITY),
        claims=facts.count(Label.CLAIM),
        signals=facts.count(Label.SIGNAL),
        removed=len(stale),
        truncated=page.truncated,
        notes=page.notes,
        uri=uri,
        same_as=same_as,
    )


_NO_SOURCE = SourceFacts(None, (), ())


def _unchanged(store: PageStore, draft: PageDraft, twin: Node) -> ImportReport:
    """The report of a page whose text the store holds already, as `twin`."""
    page = draft.page
    return ImportReport(
        draft.file, twin.id, "unchanged", page.layout.value,
        tuple(side_slugs(page, store)), 0, 0, 0, 0, page.truncated, page.notes,
        uri=draft.uri, same_as=None if twin.id == draft.source_id else str(twin.props.get("uri")),
    )
