"""The nodes and edges one comparison page states (`PageFacts`), built in two steps: a
draft from the page alone (`PageFacts.draft`: a worker process can make it), then settled
against what the store holds (`PageFacts.settle`: stored artifacts, the alternatives claims
name, capabilities other pages described), and the rank fields of its artifacts as they will
be once it is written (`PageFacts.set_rank_scores`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.batch_checks import clean_props
from graph.claim_facts import add_mentions, claim_node, resolve_mentions
from graph.claims.atomize import atomize
from graph.ingest.page import ParsedCapability, ParsedPage, ParsedSide, ReportedField
from graph.ingest.page_reads import PageReads
from graph.ingest.side_slugs import side_slugs
from graph.model import Edge, EdgeType, Label, Node, artifact_id, normalise_text, stable_id
from graph.ranking import ranked_artifact
from graph.store import ArtifactProfile

CLAIM_FIELDS: tuple[tuple[str, str], ...] = (
    ("description", "description"),
    ("unique_aspect", "unique"),
    ("vs_alternatives", "vs_alternatives"),
)
"""(capability property, claim kind) for each text a capability holds; the kind is also the
parsed field's name (`ParsedCapability.line_of`)."""


@dataclass
class PageFacts:
    """The nodes and edges one page states, keyed by id."""

    source_id: str
    now: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)
    slugs: list[str] = field(default_factory=list)
    mentions: list[tuple[Node, tuple[str, ...]]] = field(default_factory=list)
    side_slugs: list[str] = field(default_factory=list)    # each listing's, in page order

    def copy(self) -> PageFacts:
        """A copy that can be settled without changing this one (nodes are immutable)."""
        return PageFacts(self.source_id, self.now, dict(self.nodes), dict(self.edges),
                         list(self.slugs), list(self.mentions), list(self.side_slugs))

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
        # without its None values, as the stores keep it (`clean_props`): the write's checks
        # then copy nothing (and a worker process, not the importer, did it)
        self.nodes[node.id] = node if None not in node.props.values() \
            else Node(node.id, node.label, clean_props(node.props))
        if cite:
            self.link(EdgeType.FROM, node.id, self.source_id)


    @classmethod
    def build(
        cls, page: ParsedPage, store: PageReads, *, source_id: str, uri: str,
        digest: str, now: str, imported_by: str = "local",
    ) -> PageFacts:
        """The facts `page` states, given what `store` holds (`draft`, then `settle`)."""
        facts = cls.draft(page, side_slugs(page, store), source_id=source_id, uri=uri,
                          digest=digest, now=now, imported_by=imported_by)
        facts.settle(page, store)
        return facts

    @classmethod
    def draft(
        cls, page: ParsedPage, slugs: Sequence[str], *, source_id: str, uri: str,
        digest: str, now: str, imported_by: str = "local",
    ) -> PageFacts:
        """What the page states with its listings as `slugs`, read from nothing but the
        page: as if the store held none of its artifacts and capabilities, and with the
        alternatives its claims name not yet linked (`settle` does both). Pure, so a worker
        process can draft pages while the importer writes others (`graph.ingest.drafts`)."""
        facts = cls(source_id, now, side_slugs=list(slugs))
        facts.add(Node(source_id, Label.SOURCE, {
            "uri": uri, "kind": "page", "checksum": digest, "imported_at": now,
            "imported_by": imported_by,
            "layout": page.layout.value, "title": page.title, "truncated": page.truncated,
            "notes": list(page.notes), "reported_summary": page.summary,
            "reported_verdict": page.verdict,
        }), cite=False)
        for side, slug in zip(page.sides, slugs, strict=True):
            facts.add_side(side, slug)
        return facts

    def settle(self, page: ParsedPage, store: PageReads) -> None:
        """The draft made what the store holds part of it: each listing's artifact keeps
        what the store has of it, the alternatives the claims name are linked (stubs made
        for unknown ones) and capabilities keep texts other pages gave them."""
        for side, slug in zip(page.sides, self.side_slugs, strict=True):
            node_id = artifact_id(slug)
            existing = store.get_node(node_id)
            if existing is not None:      # in place: the nodes keep their order
                self.nodes[node_id] = Node(node_id, Label.ARTIFACT,
                                           _artifact_props(side, slug, existing))
        self.add_mentioned(store)
        self.keep_known_texts(store)

    def stamp(self, now: str) -> None:
        """Date the facts `now` (a draft is dated when it is written, in page order)."""
        if now == self.now:
            return
        self.now = now
        for node_id, node in self.nodes.items():
            if node.label is Label.SIGNAL:
                self.nodes[node_id] = Node(node_id, Label.SIGNAL,
                                           {**node.props, "observed_at": now})
            elif node_id == self.source_id:
                self.nodes[node_id] = Node(node_id, Label.SOURCE,
                                           {**node.props, "imported_at": now})

    def keep_known_texts(self, store: PageReads) -> None:
        """A capability another page described in full keeps the texts this page lacks."""
        ids = [i for i, n in self.nodes.items() if n.label is Label.CAPABILITY]
        for old in store.get_nodes(ids):
            new = self.nodes[old.id]
            merged = {**old.props, **{k: v for k, v in new.props.items() if v is not None}}
            self.nodes[old.id] = Node(old.id, Label.CAPABILITY, merged)

    def add_side(self, side: ParsedSide, slug: str) -> None:
        node_id = artifact_id(slug)
        props = _artifact_props(side, slug, None)
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

    def add_mentioned(self, store: PageReads) -> None:
        """MENTIONS edges for every alternative a claim names; unknown ones become stubs."""
        names = [m for _, mentions in self.mentions for m in mentions]
        pending = {i: n for i, n in self.nodes.items() if n.label is Label.ARTIFACT}
        resolved = resolve_mentions(store, names, pending)
        for claim, mentions in self.mentions:
            add_mentions(self, claim, mentions, resolved, self.source_id)

    def set_rank_scores(self, store: PageReads, *, gone: set[str]) -> None:
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


def _artifact_props(side: ParsedSide, slug: str, existing: Node | None) -> dict[str, object]:
    """A listing's artifact: what the store holds of it (`existing`), with what the page says
    of its type and tagline; no longer a stub once a page lists it."""
    props: dict[str, object] = dict(existing.props) if existing else {
        "slug": slug, "name": side.name}
    if side.name_from == "page" and not existing:
        props["name"] = side.name
    props.pop("stub", None)
    type_field = side.field("type")
    if type_field is not None and isinstance(type_field.value, str):
        props["type"] = type_field.value
    if side.tagline:
        props["tagline"] = side.tagline
    return props
