"""A store with write batches laid over it that are not written yet, read as it will be once
they are: how the bulk importer plans many pages before it writes them.

Each page's import reads the store (is this page new? which artifact is this listing? what
does the store hold of it?) and ends with a write. `PendingView` answers those reads (the
`graph.ingest.page_reads.PageReads` protocol) as the store would answer them after the
batches it was handed (`apply`) were written, so a page planned after others sees them, and
the planned batches are then written together (`flush`, one `apply_many`). What it reads of
the store itself is read for many pages at once beforehand (`prefetch`: a few round trips a
window of pages, not six a page), or, for what was not foreseen, when it is asked.

A read it cannot answer exactly while batches are pending raises `NeedsFlush`: the caller
writes them (`flush`) and asks again. That happens when a page touches what a page before it
in the same window changed in a way the view does not follow (the same page twice in one
window, a changed page whose facts other pending pages also cite); the answer is then the
store's own, as a page at a time would have it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from graph.artifact_lookup import ArtifactKey, Lookup, find_artifact, lookup_rounds
from graph.batch_checks import clean_props
from graph.ingest.drafts import PageDraft
from graph.ingest.identity import source_id_for
from graph.ingest.side_slugs import candidate_ids
from graph.model import EdgeType, Label, Node, WriteBatch, artifact_id, slugify
from graph.names import UnsafeName, check_name
from graph.profiles import assemble_profile
from graph.store import CHECKED, ArtifactProfile, GraphStore, SourceFacts

_NO_SOURCE = SourceFacts(None, (), ())


class NeedsFlush(Exception):
    """The view cannot answer this read exactly while batches are pending: write them first."""


def _artifact_keys(node: Node) -> Iterable[Lookup]:
    """The lookups (`graph.artifact_lookup`) an artifact node answers."""
    props = node.props
    yield (ArtifactKey.SLUG, str(props.get("slug")))
    yield (ArtifactKey.NAME, str(props.get("name")).casefold())
    for alias in props.get("aliases") or ():
        yield (ArtifactKey.ALIAS, str(alias))


@dataclass
class _Pending:
    """What the pending batches change, indexed for the reads."""

    batches: list[WriteBatch] = field(default_factory=list)
    written: dict[str, Node] = field(default_factory=dict)     # props as given
    deleted: set[str] = field(default_factory=set)
    cites_changed: set[str] = field(default_factory=set)       # nodes whose FROM edges changed
    artifacts: dict[Lookup, set[str]] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)  # checksum -> Source ids
    linked: dict[tuple[str, str], set[str]] = field(default_factory=dict)   # (type, src) -> dst
    unlinked: set[tuple[str, str]] = field(default_factory=set)  # (type, src) edges deleted
    checked: dict[str, set[str]] = field(default_factory=dict)  # slug -> its checked claims

    def add(self, batch: WriteBatch) -> None:
        # runs for every node and edge the importer writes: kept to a few dict operations
        self.batches.append(batch)
        written, deleted = self.written, self.deleted
        for node in batch.nodes:
            node_id, label = node.id, node.label
            if node_id in written:
                self._unindex(node_id)
            written[node_id] = node
            if deleted:
                deleted.discard(node_id)
            if label == Label.CLAIM:
                if node.props.get(CHECKED) is not None:
                    slug = str(node.props.get("artifact"))
                    if node_id.startswith(f"claim:{slug}:"):    # as `profiles` finds them
                        self.checked.setdefault(slug, set()).add(node_id)
            elif label == Label.ARTIFACT:
                for key in _artifact_keys(node):
                    self.artifacts.setdefault(key, set()).add(node_id)
            elif label == Label.SOURCE:
                self.sources.setdefault(str(node.props.get("checksum")), set()).add(node_id)
        cites, linked = self.cites_changed, self.linked
        for edge in batch.edges:
            etype = edge.type       # an EdgeType, or its text: equal either way
            if etype == EdgeType.FROM:
                cites.add(edge.src)
            elif etype == EdgeType.HAS_SIGNAL or etype == EdgeType.HAS_CAPABILITY:
                linked.setdefault((EdgeType(etype), edge.src), set()).add(edge.dst)
        for node_id in batch.delete_nodes:
            self._unindex(node_id)
            self.written.pop(node_id, None)
            self.deleted.add(node_id)
            self.cites_changed.add(node_id)
        for gone_type, src, _ in batch.delete_edges:
            self.unlinked.add((str(gone_type), src))
            if gone_type == EdgeType.FROM:
                self.cites_changed.add(src)

    def _unindex(self, node_id: str) -> None:
        old = self.written.get(node_id)
        if old is None:
            return
        if old.label == Label.ARTIFACT:
            for key in _artifact_keys(old):
                self.artifacts.get(key, set()).discard(node_id)
        elif old.label == Label.SOURCE:
            self.sources.get(str(old.props.get("checksum")), set()).discard(node_id)
        elif old.label == Label.CLAIM:
            self.checked.get(str(old.props.get("artifact")), set()).discard(node_id)

    def changed(self, node_id: str) -> bool:
        return node_id in self.written or node_id in self.deleted

    def node(self, node_id: str) -> Node:
        node = self.written[node_id]
        props = clean_props(node.props)     # as a store gives it back: no None values
        return node if props is node.props else Node(node.id, Label(node.label), props)


class PendingView:
    """`PageReads` of `store` as it will be once the batches handed to `apply` are written
    (see the module); `flush` writes them."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._pending = _Pending()
        # what the store holds now, as read so far
        self._nodes: dict[str, Node | None] = {}
        self._checksums: dict[str, list[Node]] = {}
        self._lookups: dict[Lookup, list[Node]] = {}
        self._profiles: dict[str, ArtifactProfile | None] = {}
        self._source_facts: dict[str, SourceFacts] = {}

    @property
    def pending(self) -> int:
        """Batches handed to `apply` and not written yet."""
        return len(self._pending.batches)

    # -- writes -----------------------------------------------------------------------------

    def apply(self, batch: WriteBatch) -> None:
        """Plan `batch`: later reads see it; `flush` writes it (and rejects it if broken)."""
        if batch:
            self._pending.add(batch)

    def flush(self, step: int | None = None) -> Iterator[int]:
        """Write the pending batches in order, each whole or not at all (a rejected one raises,
        the ones before it written), `step` at a time (all at once by default), saying after
        each step how many are written; then the view reads the store afresh."""
        batches = self._pending.batches
        self._pending = _Pending()
        self._forget()
        step = step or len(batches) or 1
        for start in range(0, len(batches), step):
            self.store.apply_many(batches[start: start + step])
            yield min(start + step, len(batches))

    def _forget(self) -> None:
        for cache in (self._nodes, self._checksums, self._lookups, self._profiles,
                      self._source_facts):
            cache.clear()

    # -- reads made in bulk -----------------------------------------------------------------

    def prefetch(self, drafts: Sequence[PageDraft]) -> None:
        """Read, in a few round trips, what importing `drafts` will ask of the store."""
        ids: list[str] = []
        plain: list[str] = []           # the slugs listings get unless names collide
        for draft in drafts:
            ids.append(draft.source_id)
            if draft.legacy_uri not in (None, draft.uri):
                ids.append(source_id_for(str(draft.legacy_uri)))
            ids += candidate_ids(draft.page)
            plain += [slugify(side.name) for side in draft.page.sides]
            if draft.facts is not None:
                ids += [i for i, n in draft.facts.nodes.items() if n.label is Label.CAPABILITY]
        self._read_nodes(ids)
        self._read_checksums([d.digest for d in drafts if self._nodes.get(d.source_id) is None])
        self._read_profiles(i.removeprefix("artifact:") for i in ids
                            if i.startswith("artifact:") and self._nodes.get(i) is not None)
        names = [name for draft in drafts if draft.facts is not None
                 for _, mentioned in draft.facts.mentions for name in mentioned]
        lookups = [(ArtifactKey.ALIAS, s) for s in dict.fromkeys(plain)
                   if self._nodes.get(artifact_id(s)) is None]
        first: list[Lookup] = []
        later: dict[str, list[Lookup]] = {}
        for name in dict.fromkeys(names):
            try:
                clean = check_name(name)
            except UnsafeName:
                continue                    # the import raises it, naming the claim
            rounds = lookup_rounds(clean)
            first += rounds[0]
            later[clean] = [key for extra in rounds[1:] for key in extra]
        self._read_lookups(first)
        for clean, extra in later.items():
            if not any(self._lookups.get(key) for key in lookup_rounds(clean)[0]):
                lookups += extra
        self._read_lookups(lookups)

    def _read_nodes(self, ids: Iterable[str]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self._nodes]
        if missing:
            found = {n.id: n for n in self.store.get_nodes(missing)}
            self._nodes.update((i, found.get(i)) for i in missing)

    def _read_checksums(self, digests: Iterable[str]) -> None:
        missing = [d for d in dict.fromkeys(digests) if d not in self._checksums]
        if missing:
            for digest in missing:
                self._checksums[digest] = []
            for node in self.store.nodes_with(Label.SOURCE, "checksum", missing):
                self._checksums.setdefault(str(node.props.get("checksum")), []).append(node)

    def _read_profiles(self, slugs: Iterable[str]) -> None:
        missing = [s for s in dict.fromkeys(slugs) if s not in self._profiles]
        self._read_nodes(artifact_id(s) for s in missing)
        stored = [s for s in missing if self._nodes.get(artifact_id(s)) is not None]
        for slug in missing:
            self._profiles[slug] = None
        if stored:
            for profile in self.store.profiles(stored):
                self._profiles[str(profile.artifact.props["slug"])] = profile

    def _read_lookups(self, lookups: Iterable[Lookup]) -> None:
        missing = [key for key in dict.fromkeys(lookups) if key not in self._lookups]
        if missing:
            self._lookups.update(zip(missing, self.store.artifacts_by(missing), strict=True))

    # -- PageReads ----------------------------------------------------------------------------

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        pending = self._pending
        self._read_nodes(i for i in node_ids if not pending.changed(i))
        found = []
        for node_id in node_ids:
            if node_id in pending.written:
                found.append(pending.node(node_id))
            elif node_id not in pending.deleted and (node := self._nodes[node_id]) is not None:
                found.append(node)
        return found

    def get_node(self, node_id: str) -> Node | None:
        found = self.get_nodes([node_id])
        return found[0] if found else None

    def find_artifact(self, name_or_slug: str) -> Node | None:
        return find_artifact(self, name_or_slug)

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]:
        self._read_lookups(lookups)
        pending = self._pending
        answers = []
        for key in lookups:
            stored = self._lookups[key]
            kept = [n for n in stored if not pending.changed(n.id)]
            written = pending.artifacts.get(key, set())
            if key[0] is ArtifactKey.NAME and any(
                    pending.changed(n.id) and n.id not in written for n in stored):
                # a store answers a name with its smallest id only: the next is unknown
                raise NeedsFlush(f"an artifact named {key[1]!r} changed")
            answers.append(kept + [pending.node(i) for i in sorted(written)])
        return answers

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        if (Label(label), key) != (Label.SOURCE, "checksum"):
            if self.pending:
                raise NeedsFlush(f"{label} nodes by {key!r} are not followed while writes wait")
            return self.store.nodes_with(label, key, values)
        self._read_checksums(values)
        pending = self._pending
        found = {n.id: n for value in values for n in self._checksums[value]
                 if not pending.changed(n.id)}
        found.update((i, pending.node(i)) for value in values
                     for i in pending.sources.get(value, ()))
        return [found[i] for i in sorted(found)]

    def source_facts(self, source_id: str) -> SourceFacts:
        pending = self._pending
        if pending.changed(source_id):
            raise NeedsFlush(f"source {source_id!r} is written by a pending page")
        if self.get_node(source_id) is None:
            return _NO_SOURCE
        facts = self._source_facts.get(source_id)
        if facts is None:
            facts = self._source_facts[source_id] = self.store.source_facts(source_id)
        if pending.cites_changed.intersection(facts.cited_by):
            raise NeedsFlush(f"facts of source {source_id!r} are cited by a pending page")
        return facts

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        self._read_profiles(slugs)
        found = []
        for slug in slugs:
            profile = self._profile(slug)
            if profile is not None:
                found.append(profile)
        return found

    def _profile(self, slug: str) -> ArtifactProfile | None:
        pending = self._pending
        node_id = artifact_id(slug)
        stored = self._profiles[slug]
        if stored is not None and stored.artifact.id != node_id:
            if self.pending:
                raise NeedsFlush(f"artifact {stored.artifact.id!r} has slug {slug!r}")
            return stored
        artifact = self.get_node(node_id)
        if artifact is None or artifact.props.get("slug") != slug:
            return None
        linked = {etype: pending.linked.get((etype, node_id), set())
                  for etype in (EdgeType.HAS_SIGNAL, EdgeType.HAS_CAPABILITY)}
        if stored is not None and not pending.changed(node_id) and not any(linked.values()) \
                and not pending.checked.get(slug) \
                and not any(pending.changed(n.id) for n in _profile_nodes(stored)):
            return stored           # nothing pending touches it
        if any((etype.value, node_id) in pending.unlinked for etype in linked):
            raise NeedsFlush(f"edges of artifact {node_id!r} are deleted by a pending page")
        signals = self._targets(stored.signals if stored else (), linked[EdgeType.HAS_SIGNAL])
        capabilities = self._targets(stored.capabilities if stored else (),
                                     linked[EdgeType.HAS_CAPABILITY])
        sources = dict(stored.sources) if stored else {}
        cited = sorted({str(s.props["source"]) for s in signals})
        for source_id in [i for i in cited if i not in sources or pending.changed(i)]:
            sources.pop(source_id, None)
            found = self.get_node(source_id)
            if found is not None:
                sources[source_id] = found
        checked = {c.id: c for c in (stored.checked_claims if stored else ())
                   if not pending.changed(c.id)}
        checked.update((i, pending.node(i)) for i in pending.checked.get(slug, ()))
        matches = [m for m in (stored.matches if stored else ())
                   if not pending.changed(m.capability) and not pending.changed(m.intent)]
        return assemble_profile(artifact, signals, capabilities, sources, checked.values(),
                                matches)

    def _targets(self, stored: Iterable[Node], linked: set[str]) -> list[Node]:
        """Stored targets of an edge type, as the pending batches leave them."""
        pending = self._pending
        kept = {n.id: n for n in stored if not pending.changed(n.id)}
        kept.update((i, pending.node(i)) for i in linked if i in pending.written)
        changed = [n.id for n in stored if n.id in pending.written and n.id not in kept]
        kept.update((i, pending.node(i)) for i in changed)   # rewritten, still linked
        return list(kept.values())


def _profile_nodes(profile: ArtifactProfile) -> Iterable[Node]:
    yield from profile.signals
    yield from profile.capabilities
    yield from profile.checked_claims
    yield from profile.sources.values()
