"""Turn parsed comparison pages into graph facts, one all-or-nothing batch per page.

A page's facts are everything that carries a FROM edge to its Source. Importing a page
again with the same text changes nothing; importing a changed page replaces that page's
facts (facts other pages also state stay, with their other sources). Two pages that
disagree about an artifact each keep their own signal, with their own source.

Which page a file is, and what happens to the same text read from two places, is
`graph.ingest.identity`'s rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.claim_facts import add_mentions, claim_node, resolve_mentions
from graph.claims.atomize import atomize
from graph.clock import now_iso
from graph.ingest.identity import (
    checksum,
    page_uri,
    read_page_file,
    same_text_page,
    source_id_for,
)
from graph.ingest.page import ParsedCapability, ParsedPage, ParsedSide, ReportedField
from graph.ingest.parse import parse_page
from graph.model import (
    Edge,
    EdgeType,
    Label,
    Node,
    WriteBatch,
    artifact_id,
    distinct_slug,
    normalise_text,
    slugify,
    stable_id,
)
from graph.ranking import ranked_artifact
from graph.store import ArtifactProfile, GraphStore

CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("description", "description"),
    ("unique_aspect", "unique"),
    ("vs_alternatives", "vs_alternatives"),
)
"""(capability property, claim kind) for each text a capability holds; the kind is also the
parsed field's name (`ParsedCapability.line_of`)."""


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


def import_files(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    on_page: Callable[[ImportReport], None] | None = None,
    seeds: Path | None = None,
    imported_by: str = "local",
) -> list[ImportReport]:
    """Import page files. Every file is read and checked before anything is written.

    Each page then lands whole or not at all; a store failure stops the run and the
    pages before it stay imported (importing again finishes the job without duplicates).
    A page is identified by its resolved path, or by its path under `seeds` for the files
    there (`page_uri`; the module's docstring gives the rule).
    """
    pages = [(path, text, parse_page(text, file=str(path)))
             for path, text in ((p, read_page_file(p)) for p in paths)]
    reports = []
    with store.grouped_writes():
        for path, text, page in pages:
            report = import_parsed(store, page, text, uri=page_uri(path, seeds=seeds),
                                   file=str(path), legacy_uri=path.name,
                                   imported_by=imported_by)
            reports.append(report)
            if on_page is not None:
                on_page(report)
    return reports


def import_text(store: GraphStore, text: str, *, uri: str, now: str | None = None,
                imported_by: str = "local") -> ImportReport:
    """Parse and import one page's text, identified by `uri` (a file name or address)."""
    return import_parsed(store, parse_page(text, file=uri), text, uri=uri, now=now,
                         imported_by=imported_by)


def import_parsed(
    store: GraphStore, page: ParsedPage, text: str, *, uri: str, now: str | None = None,
    file: str | None = None, legacy_uri: str | None = None, imported_by: str = "local",
) -> ImportReport:
    """Import one parsed page identified by `uri` (shown as `file`); `legacy_uri` is the
    address an older store knew it by (its bare file name), adopted as the module says.
    The Source records who imported it (`imported_by`: "local", or the API's caller)."""
    source_id = source_id_for(uri)
    previous = store.source_facts(source_id)
    digest = checksum(text)
    same_as: str | None = None
    if previous.source is None:
        twin = same_text_page(store, digest)
        if twin is None and legacy_uri not in (None, uri):
            older = store.source_facts(source_id_for(str(legacy_uri)))
            if older.source is not None and older.source.props.get("uri") == legacy_uri \
                    and older.source.props.get("kind") == "page":
                previous, same_as = older, legacy_uri
    else:
        twin = previous.source if previous.source.props.get("checksum") == digest else None
    if twin is not None:
        return ImportReport(
            file or uri, twin.id, "unchanged", page.layout.value,
            tuple(side_slugs(page, store)), 0, 0, 0, 0, page.truncated, page.notes,
            uri=uri, same_as=None if twin.id == source_id else str(twin.props.get("uri")),
        )
    facts = PageFacts.build(page, store, source_id=source_id, uri=uri, digest=digest,
                            now=now or now_iso(), imported_by=imported_by)
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
        file=file or uri,
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


def side_slugs(page: ParsedPage, store: GraphStore) -> list[str]:
    """The slug of each listing on a page.

    A name's slug is its identity across pages (`graph.model.slugify`), but two listings of
    one page are two artifacts even when their names slug alike ("whisper-large-v3" beside
    "Whisper Large v3", each with its own rank). One keeps the plain slug: the one whose name
    the stored artifact of that slug has, else the one whose name is the slug itself, else
    the first listed; the others get `distinct_slug` (a digest of the exact name, so every
    page gives that name the same artifact). A name split off that way before keeps its slug.
    Listings with the very same name cannot be told apart and stay one artifact.
    """
    plain = [slugify(side.name) for side in page.sides]
    split = [distinct_slug(slug, side.name) for slug, side in zip(plain, page.sides, strict=True)]
    stored = {n.id: n for n in store.get_nodes(
        list(dict.fromkeys(artifact_id(s) for s in (*plain, *split))))}
    slugs = [alt if artifact_id(alt) in stored else slug
             for slug, alt in zip(plain, split, strict=True)]
    for slug in dict.fromkeys(slugs):
        at = [i for i, s in enumerate(slugs) if s == slug]
        names = {page.sides[i].name for i in at}
        if len(names) < 2:
            continue
        owner_name = stored[artifact_id(slug)].props.get("name") \
            if artifact_id(slug) in stored else None
        keeper = next((i for i in at if page.sides[i].name == owner_name), None)
        if keeper is None:
            keeper = next((i for i in at if page.sides[i].name == slug), at[0])
        for i in at:
            if page.sides[i].name != page.sides[keeper].name:
                slugs[i] = split[i]
    return _through_aliases(store, slugs)


def _through_aliases(store: GraphStore, slugs: list[str]) -> list[str]:
    """A slug that a merge made an alias of another artifact (`graph/merge.py`) stands for
    that artifact: importing a merged duplicate's page again updates the artifact kept, not
    a new copy of the duplicate. Where two listings of the page would become one, neither
    is moved."""
    from graph.artifact_lookup import ArtifactKey

    absent = [s for s in dict.fromkeys(slugs)
              if not store.get_nodes([artifact_id(s)])]
    if not absent:
        return slugs
    owners = store.artifacts_by([(ArtifactKey.ALIAS, s) for s in absent])
    moved = {s: str(found[0].props["slug"])
             for s, found in zip(absent, owners, strict=True) if len(found) == 1}
    result = [moved.get(s, s) for s in slugs]
    return result if len(set(result)) == len(set(slugs)) else slugs


@dataclass
class PageFacts:
    """The nodes and edges one page states, keyed by id."""

    source_id: str
    now: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    slugs: list[str] = field(default_factory=list)
    mentions: list[tuple[Node, tuple[str, ...]]] = field(default_factory=list)

    @property
    def ids(self) -> set[str]:
        return set(self.nodes)

    def count(self, label: Label) -> int:
        return sum(1 for n in self.nodes.values() if n.label is label)

    def link(self, etype: EdgeType, src: str, dst: str,
             props: dict[str, object] | None = None) -> None:
        edge = Edge(etype, src, dst, props or {})
        self.edges[edge.key] = edge

    def add(self, node: Node, *, cite: bool = True) -> None:
        self.nodes[node.id] = node
        if cite:
            self.link(EdgeType.FROM, node.id, self.source_id)


    @classmethod
    def build(
        cls, page: ParsedPage, store: GraphStore, *, source_id: str, uri: str,
        digest: str, now: str, imported_by: str = "local",
    ) -> PageFacts:
        facts = cls(source_id, now)
        facts.add(Node(source_id, Label.SOURCE, {
            "uri": uri, "kind": "page", "checksum": digest, "imported_at": now,
            "imported_by": imported_by,
            "layout": page.layout.value, "title": page.title, "truncated": page.truncated,
            "notes": list(page.notes), "reported_summary": page.summary,
            "reported_verdict": page.verdict,
        }), cite=False)
        for side, slug in zip(page.sides, side_slugs(page, store), strict=True):
            facts.add_side(side, slug, store)
        facts.add_mentioned(store)
        facts.keep_known_texts(store)
        return facts

    def keep_known_texts(self, store: GraphStore) -> None:
        """A capability another page described in full keeps the texts this page lacks."""
        ids = [i for i, n in self.nodes.items() if n.label is Label.CAPABILITY]
        for old in store.get_nodes(ids):
            new = self.nodes[old.id]
            merged = {**old.props, **{k: v for k, v in new.props.items() if v is not None}}
            self.nodes[old.id] = Node(old.id, Label.CAPABILITY, merged)

    def add_side(self, side: ParsedSide, slug: str, store: GraphStore) -> None:
        node_id = artifact_id(slug)
        existing = store.get_node(node_id)
        props = dict(existing.props) if existing else {"slug": slug, "name": side.name}
        if side.name_from == "page" and not existing:
            props["name"] = side.name
        props.pop("stub", None)
        type_field = side.field("type")
        if type_field is not None and isinstance(type_field.value, str):
            props["type"] = type_field.value
        if side.tagline:
            props["tagline"] = side.tagline
        self.add(Node(node_id, Label.ARTIFACT, props))
        if slug not in self.slugs:
            self.slugs.append(slug)
        for reported in side.reported:
            self.add_signal(slug, reported)
        if side.more_capabilities is not None:
            self.add_signal(slug, ReportedField(
                "capabilities_more", f"+{side.more_capabilities} more capabilities",
                float(side.more_capabilities), "capabilities", side.capabilities[-1].line
                if side.capabilities else 0,
            ))
        for position, capability in enumerate(side.capabilities):
            self.add_capability(slug, position, capability)

    def add_signal(self, slug: str, reported: ReportedField) -> None:
        signal_id = stable_id("signal", reported.name, self.source_id, scope=slug)
        self.add(Node(signal_id, Label.SIGNAL, {
            "artifact": slug, "name": reported.name, "value": reported.value,
            "raw": reported.raw, "unit": reported.unit, "source": self.source_id,
            "observed_at": self.now, "kind": "reported", "line": reported.line,
        }))
        self.link(EdgeType.HAS_SIGNAL, artifact_id(slug), signal_id)

    def add_capability(self, slug: str, position: int, cap: ParsedCapability) -> None:
        texts = {"description": cap.description, "unique_aspect": cap.unique,
                 "vs_alternatives": cap.vs_alternatives}
        anchor = next((t for t in texts.values() if t), None) or cap.name
        if anchor is None:
            return
        cap_id = stable_id("capability", normalise_text(anchor), scope=slug)
        self.add(Node(cap_id, Label.CAPABILITY, {
            "artifact": slug, "name": cap.name, "position": position,
            "confidence": cap.confidence, **texts,
        }))
        self.link(EdgeType.HAS_CAPABILITY, artifact_id(slug), cap_id)
        for prop, kind in CLAIM_FIELDS:
            for atom in atomize(texts[prop] or ""):
                claim = claim_node(slug, cap_id, kind, atom, capability=cap_id,
                                   source=self.source_id, line=cap.line_of(kind))
                self.add(claim)
                self.link(EdgeType.CLAIMS, cap_id, claim.id)
                if atom.mentions:
                    self.mentions.append((claim, atom.mentions))

    def add_mentioned(self, store: GraphStore) -> None:
        """MENTIONS edges for every alternative a claim names; unknown ones become stubs."""
        names = [m for _, mentions in self.mentions for m in mentions]
        pending = {i: n for i, n in self.nodes.items() if n.label is Label.ARTIFACT}
        resolved = resolve_mentions(store, names, pending)
        for claim, mentions in self.mentions:
            add_mentions(self, claim, mentions, resolved, self.source_id)

    def set_rank_scores(self, store: GraphStore, *, gone: set[str]) -> None:
        """Store each artifact's rank fields (`graph.ranking.stored_rank`) as they will be
        once this page is written: every source's signals and the claims checked so far."""
        before = {p.artifact.id: p for p in store.profiles(self.slugs)}
        for slug in self.slugs:
            node = self.nodes[artifact_id(slug)]
            old = before.get(node.id)
            signals = {s.id: s for s in (old.signals if old else ()) if s.id not in gone}
            signals.update((n.id, n) for n in self.nodes.values()
                           if n.label is Label.SIGNAL and n.props["artifact"] == slug)
            sources = dict(old.sources) if old else {}
            sources[self.source_id] = self.nodes[self.source_id]
            # a claim this page writes again loses its verdict (its props are the page's)
            checked = tuple(c for c in (old.checked_claims if old else ())
                            if c.id not in gone and c.id not in self.nodes)
            matches = tuple(m for m in (old.matches if old else ()) if m.capability not in gone)
            profile = ArtifactProfile(node, tuple(signals.values()), sources, (), checked,
                                      matches)
            self.nodes[node.id] = ranked_artifact(profile)


def iter_page_files(paths: Iterable[Path]) -> list[Path]:
    """Files named directly, and the `*.txt` files of folders, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.txt") if p.is_file()))
        else:
            files.append(path)
    return files
