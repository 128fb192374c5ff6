"""The embedded store: one SQLite file, no server, no setup.

Every write batch is validated in full and then written in one SQLite transaction, so it
lands whole or not at all, and a restart finds everything. Node properties live in the
file, not in Python objects: at 100k artifacts with ten capabilities each (and their
claims) an in-memory object graph would not fit the 2 GB budget (networkx measured about
1.7 KB per node here). What the queries need to be fast is indexed in SQLite: artifacts
by slug, name, alias, type and rank; edges by both ends.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from graph import batch_runs, embedded_sql, search_index
from graph.artifact_lookup import Lookup
from graph.batch_checks import check_batch
from graph.embedded_sql import ARTIFACTS_BY, SCHEMA, chunks, dumps, marks
from graph.errors import BatchRejected, StoreUnavailable
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch, type_key
from graph.profiles import assemble_profile, match_record
from graph.reads import DerivedReads
from graph.store import (
    ArtifactOrder,
    ArtifactProfile,
    MatchRecord,
    NodePage,
    SourceFacts,
)

SCHEMA_WAIT_MS = 15 * 60 * 1000
"""How long opening a store waits for another process's schema work (its write lock)."""
WRITE_WAIT_MS = 5000
"""How long a write waits for another process's write lock (sqlite3's default)."""


class EmbeddedStore(DerivedReads):
    """The default store. `path=None` keeps the database in memory (tests, benchmarks)."""

    def __init__(self, path: Path | None = None, *, synchronous: str = "NORMAL") -> None:
        self.path = path
        self._lock = threading.RLock()
        self._writer: int | None = None     # the thread inside a write, while it is
        self._depth = 0
        self._local = threading.local()     # each thread's own read connection (file stores)
        # each with the lock its reads hold: close() takes it, so a connection is never
        # closed under a read another thread is running (SQLite would crash the process)
        self._readers: list[tuple[sqlite3.Connection, threading.Lock]] = []
        self._readers_lock = threading.Lock()
        self._closed = False
        self._generation = 0                # bumped by every write: cached totals check it
        self._totals: dict[tuple[str | None, bool], tuple[int, int]] = {}   # (version, total)
        self._group_size = 0    # > 0 inside grouped_writes()
        self._held = False      # inside tentative_writes()
        self._pending = 0
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                ":memory:" if path is None else path,
                check_same_thread=False, isolation_level=None,
            )
            # 16 KiB pages for a new store (an existing one keeps its own): an artifact's rows
            # are neighbours in the id B-trees, so a profile read from disk takes fewer pages
            # (compare on a 10k store read with a cold page cache: p50 3.0 -> 2.7 ms)
            self._db.execute("PRAGMA page_size=16384")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={synchronous}")
            # 256 MiB of page cache: inserts land all over the id B-trees (ids are hashes)
            self._db.execute("PRAGMA cache_size=-262144")
            # checkpoint every 16,384 pages of WAL (256 MiB at 16 KiB pages, 64 MiB in a store
            # of 4 KiB pages), not every 1,000: hot pages are copied back less
            self._db.execute("PRAGMA wal_autocheckpoint=16384")
            # the schema and its back-fills, waiting as long as another process takes over
            # them (an index new to a large store is built by the first to open it: a
            # minute at 100k artifacts, where the usual 5 s wait would refuse the others)
            self._db.execute(f"PRAGMA busy_timeout={SCHEMA_WAIT_MS}")
            self._db.executescript(SCHEMA)
            with self._lock:
                self._db.execute("BEGIN IMMEDIATE")
                embedded_sql.fill_search(self._db)
                self._db.execute("COMMIT")
            self._db.execute(f"PRAGMA busy_timeout={WRITE_WAIT_MS}")
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"cannot open the embedded store at {path}: {exc}") from exc

    # -- writes -------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """The write lock, with the thread holding it known: its reads must see its own
        uncommitted writes, so they go through the writing connection."""
        with self._lock:
            if self._depth == 0:
                self._writer = threading.get_ident()
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:          # committed now: totals read before are stale
                    self._writer = None
                    self._totals.clear()
                    self._generation += 1

    def apply(self, batch: WriteBatch) -> None:
        checked = check_batch(batch)

        def write() -> None:
            checked.check_ends(self._slug_owners(list(checked.slugs)),
                               self._existing(checked.ends))
            self._write(checked.nodes, checked.edges, batch)

        self._transaction(write, batches=1)

    def apply_many(self, batches: Sequence[WriteBatch]) -> None:
        """The batches in order, as `apply` one after another would write them, each run of
        them (`graph.batch_runs`) by one statement a table in one savepoint or transaction
        (a page of the importer is about 500 rows: written one by one, the statements'
        Python and SQLite calls cost more than the rows)."""
        with self._writing():
            for run in batch_runs.runs(batches):
                if len(run) > 1:
                    try:
                        self._apply_run(run)
                        continue
                    except BatchRejected:
                        pass        # a batch at a time below: the one at fault raises
                for batch in run:
                    self.apply(batch)

    def _apply_run(self, batches: list[WriteBatch]) -> None:
        run = batch_runs.check_run(batches)

        def write() -> None:
            run.check_ends(self._slug_owners(list(run.slugs)), self._existing(run.ends))
            self._write(run.nodes, run.edges, batch_runs.merged(batches))

        self._transaction(write, batches=len(batches))

    def _transaction(self, write: Callable[[], None], *, batches: int) -> None:
        """Run `write` whole or not at all: in a savepoint of the group's transaction inside
        `grouped_writes` (committed once `batches` bring the group to its size) or of the
        one `tentative_writes` holds open, else in a transaction of its own."""
        with self._writing():
            db = self._db
            grouped = self._group_size > 0 or self._held
            try:
                if not db.in_transaction:
                    db.execute("BEGIN IMMEDIATE")
                if grouped:
                    db.execute("SAVEPOINT batch")
                write()
                if grouped:
                    db.execute("RELEASE batch")
                    self._pending += batches
                if not self._held and (self._group_size == 0
                                       or self._pending >= self._group_size):
                    db.execute("COMMIT")
                    self._pending = 0
            except BatchRejected:
                self._undo(grouped)
                raise
            except (sqlite3.Error, TypeError, ValueError) as exc:
                # a value that cannot be stored (orjson, float()) must not leave half a batch
                self._undo(grouped)
                raise BatchRejected(f"the store at {self.path} refused the batch: {exc}") from exc
            except BaseException:
                self._undo(grouped)
                raise
            finally:
                self._totals.clear()
                self._generation += 1

    def _undo(self, grouped: bool) -> None:
        """Take back the batch being written: to its savepoint in a group, else all of it."""
        if not self._db.in_transaction:
            return
        if grouped:
            self._db.execute("ROLLBACK TO batch")
            self._db.execute("RELEASE batch")
        else:
            self._db.execute("ROLLBACK")

    @contextmanager
    def grouped_writes(self, size: int = 200) -> Iterator[None]:
        """Commit every `size` batches instead of every one (bulk imports).

        Each batch still lands whole or not at all (a savepoint each); what the group
        committed stays when the block ends, by an exception too.
        """
        with self._writing():
            self._group_size, self._pending = size, 0
            try:
                yield
            finally:
                self._group_size = 0
                if self._db.in_transaction and not self._held:
                    self._db.execute("COMMIT")

    @contextmanager
    def tentative_writes(self) -> Iterator[bool]:
        """The block's writes in one transaction: committed when it ends, all taken back
        when it raises (each batch still lands whole or not at all within it). Yields True:
        this store can take writes back."""
        with self._writing():
            if self._held:                  # nested: the outer block decides
                yield True
                return
            self._held = True
            try:
                yield True
            except BaseException:
                self._held, self._pending = False, 0
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._held, self._pending = False, 0
            if self._db.in_transaction:
                self._db.execute("COMMIT")

    def _slug_owners(self, slugs: Sequence[str]) -> dict[str, str]:
        owners: dict[str, str] = {}
        for part in chunks(slugs):
            rows = self._db.execute(
                f"SELECT slug, id FROM artifacts WHERE slug IN ({marks(part)})", part)
            owners.update(rows)
        return owners

    def _existing(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for part in chunks(ids):
            rows = self._db.execute(f"SELECT id FROM nodes WHERE id IN ({marks(part)})", part)
            found.update(r[0] for r in rows)
        return found

    def _write(self, nodes: list[Node], edges: list[Edge], batch: WriteBatch) -> None:
        db = self._db
        # labels and edge types are StrEnums: SQLite takes them as the text they are
        db.executemany(
            "INSERT OR REPLACE INTO nodes (id, label, props) VALUES (?, ?, ?)",
            [(n.id, n.label, dumps(n.props) if n.props else "{}") for n in nodes],
        )
        artifacts = [n for n in nodes if n.label is Label.ARTIFACT]
        others = [n.id for n in nodes if n.label is not Label.ARTIFACT]
        relabelled = [(i,) for part in chunks(others) for (i,) in db.execute(
            f"SELECT id FROM artifacts WHERE id IN ({marks(part)})", part)]
        if relabelled:   # a node that was an artifact and is no longer one
            db.executemany("DELETE FROM aliases WHERE id = ?", relabelled)
            db.executemany("DELETE FROM artifacts WHERE id = ?", relabelled)
        if artifacts:
            ids = [(n.id,) for n in artifacts]
            db.executemany("DELETE FROM aliases WHERE id = ?", ids)
            db.executemany(
                "INSERT OR REPLACE INTO artifacts (id, slug, name_key, type, rank_key) "
                "VALUES (?, ?, ?, ?, ?)",
                [(n.id, n.props["slug"], str(n.props["name"]).casefold(),
                  type_key(n.props.get("type")),
                  float(n.props.get("rank_score", -1.0))) for n in artifacts],
            )
            db.executemany(
                "INSERT OR REPLACE INTO aliases (alias, id) VALUES (?, ?)",
                [(alias, n.id) for n in artifacts for alias in n.props.get("aliases", ())],
            )
        # the search index, in the same transaction (REPLACE would skip the delete trigger)
        db.executemany("DELETE FROM search_docs WHERE node = ?", [(n.id,) for n in nodes])
        embedded_sql.insert_search_rows(
            db, embedded_sql.search_rows(list({n.id: n for n in nodes}.values())))
        db.executemany(
            "INSERT OR REPLACE INTO edges (type, src, dst, props) VALUES (?, ?, ?, ?)",
            [(e.type, e.src, e.dst, dumps(e.props) if e.props else "{}") for e in edges],
        )
        db.executemany("DELETE FROM edges WHERE type = ? AND src = ? AND dst = ?",
                       batch.delete_edges)
        gone = [(i,) for i in batch.delete_nodes]
        db.executemany("DELETE FROM edges WHERE src = ?", gone)
        db.executemany("DELETE FROM edges WHERE dst = ?", gone)
        db.executemany("DELETE FROM aliases WHERE id = ?", gone)
        db.executemany("DELETE FROM search_docs WHERE node = ?", gone)
        db.executemany("DELETE FROM artifacts WHERE id = ?", gone)
        db.executemany("DELETE FROM nodes WHERE id = ?", gone)

    def clear(self) -> None:
        with self._writing():
            self._db.executescript(
                "BEGIN IMMEDIATE; DELETE FROM edges; DELETE FROM aliases; "
                "DELETE FROM artifacts; DELETE FROM nodes; DELETE FROM search_docs; COMMIT;"
            )
            self._totals.clear()

    def close(self) -> None:
        """Close the store; a read running in another thread finishes first, and reads
        after it raise StoreUnavailable."""
        self._closed = True
        with self._readers_lock:
            for reader, in_use in self._readers:
                with in_use:
                    reader.close()
        with self._lock:
            self._db.close()

    # -- reads --------------------------------------------------------------------------

    def _reader(self) -> tuple[sqlite3.Connection, threading.Lock] | None:
        """This thread's own read connection: in WAL mode it reads the last committed state
        while a writer works, so a long import never holds up the server's reads. None for
        an in-memory store (no other connection sees it) and for the writing thread."""
        if self.path is None or self._writer == threading.get_ident():
            return None
        if self._closed:
            raise StoreUnavailable(f"the embedded store at {self.path} is closed")
        held: tuple[sqlite3.Connection, threading.Lock] | None = getattr(self._local, "db", None)
        if held is None:
            reader = sqlite3.connect(self.path, timeout=30, check_same_thread=False,
                                     isolation_level=None)
            reader.execute("PRAGMA query_only=1")
            reader.execute("PRAGMA cache_size=-32768")
            held = self._local.db = (reader, threading.Lock())
            with self._readers_lock:        # not the write lock: a writer may hold that
                self._readers.append(held)
        return held

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """All rows of one read: one statement, so one consistent state of the store."""
        held = self._reader()
        if held is not None:
            reader, in_use = held
            with in_use:
                if self._closed:
                    raise StoreUnavailable(f"the embedded store at {self.path} is closed")
                return reader.execute(sql, tuple(params)).fetchall()
        with self._lock:
            if self._closed:
                raise StoreUnavailable(f"the embedded store at {self.path or 'memory'} is "
                                       "closed")
            return self._db.execute(sql, tuple(params)).fetchall()

    def _nodes_where(self, sql: str, params: Iterable[Any]) -> list[Node]:
        return [Node(i, Label(label), orjson.loads(props))
                for i, label, props in self._rows(sql, params)]

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        found: dict[str, Node] = {}
        for part in chunks(list(dict.fromkeys(node_ids))):
            for node in self._nodes_where(
                f"SELECT id, label, props FROM nodes WHERE id IN ({marks(part)})", part
            ):
                found[node.id] = node
        return [found[i] for i in node_ids if i in found]

    def text_candidates(
        self, terms: Sequence[str], labels: Sequence[Label], *, grams: bool = False,
        limit: int = 200,
    ) -> dict[str, list[str]]:
        kinds = [Label(label).value for label in labels]
        if not kinds:
            return {term: [] for term in terms}
        found: dict[str, list[str]] = {}
        common = search_index.COMMON_MATCHES
        for term in dict.fromkeys(terms):
            if not term:
                continue
            ids: list[str] = []
            # label by label in id order: each label's ids are one range, after the one before
            for label in sorted({Label(k) for k in kinds}, key=search_index.id_range):
                wanted = limit - len(ids)
                if wanted <= 0:
                    break
                match = embedded_sql.search_match(term, grams, label)
                count = self._rows(embedded_sql.SEARCH_MATCHES_UP_TO, (match, common + 1))[0][0]
                if count == 0:
                    continue
                if grams or count <= common:
                    rows = self._rows(embedded_sql.SEARCH_CANDIDATES, (match, wanted))
                else:
                    low, high = search_index.id_range(label)
                    rows = self._rows(embedded_sql.SEARCH_IN_ID_ORDER,
                                      (low, high, label.value, term, wanted))
                ids += [row[0] for row in rows]
            found[term] = ids
        return found

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]:
        return [self._nodes_where(ARTIFACTS_BY[key], (value,)) for key, value in lookups]

    def _targets(self, src_ids: Sequence[str], etype: EdgeType) -> dict[str, list[Node]]:
        """The nodes each source id points to over `etype` edges, in one query per chunk."""
        result: dict[str, list[Node]] = {}
        for part in chunks(list(src_ids)):
            rows = self._rows(
                f"SELECT e.src, n.id, n.label, n.props FROM edges e JOIN nodes n ON n.id = e.dst "
                f"WHERE e.type = ? AND e.src IN ({marks(part)})",
                (etype.value, *part),
            )
            for src, node_id, label, props in rows:
                result.setdefault(src, []).append(Node(node_id, Label(label), orjson.loads(props)))
        return result

    def source_facts(self, source_id: str) -> SourceFacts:
        source = self.get_node(source_id)
        if source is None:
            return SourceFacts(None, (), ())
        rows = self._rows(
            "SELECT e.src, (SELECT count(*) FROM edges o WHERE o.src = e.src AND o.type = 'FROM') "
            "FROM edges e WHERE e.dst = ? AND e.type = 'FROM' ORDER BY e.src",
            (source_id,),
        )
        cited = tuple(r[0] for r in rows)
        owned = tuple(r[0] for r in rows if r[1] == 1)
        return SourceFacts(source, cited, owned)

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        by_slug: dict[str, Node] = {}
        for part in chunks(list(dict.fromkeys(slugs))):
            for node in self._nodes_where(
                f"SELECT n.id, n.label, n.props FROM artifacts a JOIN nodes n ON n.id = a.id "
                f"WHERE a.slug IN ({marks(part)})", part,
            ):
                by_slug[node.props["slug"]] = node
        ids = [n.id for n in by_slug.values()]
        signals = self._targets(ids, EdgeType.HAS_SIGNAL)
        capabilities = self._targets(ids, EdgeType.HAS_CAPABILITY)
        source_ids = sorted({str(s.props["source"]) for sig in signals.values() for s in sig})
        sources = {n.id: n for n in self.get_nodes(source_ids)}
        matches = self._matches([c.id for caps in capabilities.values() for c in caps])
        return [assemble_profile(artifact, signals.get(artifact.id, ()),
                                 capabilities.get(artifact.id, ()), sources,
                                 self._claims_where(slug, checked_only=True),
                                 [m for c in capabilities.get(artifact.id, ())
                                  for m in matches.get(c.id, ())])
                for slug in slugs if (artifact := by_slug.get(slug)) is not None]

    def _matches(self, capability_ids: Sequence[str]) -> dict[str, list[MatchRecord]]:
        """The MATCHED edges into each capability, with their intents."""
        found: dict[str, list[MatchRecord]] = {}
        for part in chunks(list(capability_ids)):
            rows = self._rows(
                "SELECT e.dst, e.props, n.id, n.label, n.props FROM edges e "
                f"JOIN nodes n ON n.id = e.src WHERE e.dst IN ({marks(part)}) AND e.type = ?",
                (*part, EdgeType.MATCHED.value))
            for dst, props, node_id, label, node_props in rows:
                intent = Node(node_id, Label(label), orjson.loads(node_props))
                found.setdefault(dst, []).append(match_record(intent, dst, orjson.loads(props)))
        return found

    def _claims_where(
        self, slug: str | None, *, checked_only: bool = False, verdict: str | None = None,
        claim_class: str | None = None,
    ) -> list[Node]:
        # Claim ids are "claim:<artifact slug>:<hash>" (stable_id with a scope), so one
        # artifact's claims are one range of the primary key; the props filter is the truth.
        low = f"claim:{slug}:" if slug else "claim:"
        high = low[:-1] + chr(ord(low[-1]) + 1)
        condition = embedded_sql.CHECKED_CLAIM if checked_only else "label = 'Claim'"
        sql = f"SELECT id, label, props FROM nodes WHERE id >= ? AND id < ? AND {condition}"
        params: list[Any] = [low, high]
        for key, value in (("verdict", verdict), ("claim_class", claim_class)):
            if value is not None:
                sql += f" AND json_extract(props, '$.{key}') = ?"
                params.append(value)
        nodes = self._nodes_where(sql + " ORDER BY id", params)
        return [n for n in nodes if slug is None or n.props.get("artifact") == slug]

    def list_claims(
        self, *, first: int, offset: int = 0, artifact: str | None = None,
        verdict: str | None = None, claim_class: str | None = None,
    ) -> NodePage:
        claims = self._claims_where(artifact, verdict=verdict, claim_class=claim_class)
        return NodePage(tuple(claims[offset: offset + first]), offset, len(claims))

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        if not key.isidentifier() or not values:
            return []
        label = Label(label)
        low = f"{label.value.lower()}:"      # ids begin with their label (graph.model)
        high = low[:-1] + ";"
        # the label spelt out (an enum value), so a partial index on it can answer
        # (sources_by_checksum: the importer looks a page's text up by its checksum)
        return self._nodes_where(
            f"SELECT id, label, props FROM nodes WHERE id >= ? AND id < ? "
            f"AND label = '{label.value}' "
            f"AND json_extract(props, '$.{key}') IN ({marks(values)}) ORDER BY id",
            (low, high, *values),
        )

    def incoming(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType],
    ) -> Mapping[str, list[tuple[EdgeType, Node]]]:
        result: dict[str, list[tuple[EdgeType, Node]]] = {i: [] for i in node_ids}
        types = [t.value for t in edge_types]
        for part in chunks(list(dict.fromkeys(node_ids))):
            rows = self._rows(
                f"SELECT e.dst, e.type, n.id, n.label, n.props FROM edges e "
                f"JOIN nodes n ON n.id = e.src WHERE e.dst IN ({marks(part)}) "
                f"AND e.type IN ({marks(types)}) ORDER BY e.dst, e.type, n.id",
                (*part, *types),
            )
            for dst, etype, node_id, label, props in rows:
                result[dst].append((EdgeType(etype), Node(node_id, Label(label),
                                                          orjson.loads(props))))
        return result

    def outgoing(self, node_ids: Sequence[str], edge_type: EdgeType) -> dict[str, list[Node]]:
        existing = self._existing(list(dict.fromkeys(node_ids)))
        found = self._targets(sorted(existing), EdgeType(edge_type))
        return {i: found.get(i, []) for i in existing}

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC, include_stubs: bool = True,
    ) -> NodePage:
        wanted = type_key(type)
        conditions, params = (["a.type = ?"], [wanted]) if wanted is not None else ([], [])
        if not include_stubs:
            conditions.append("json_extract(n.props, '$.stub') IS NOT 1")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sort = "a.rank_key DESC, a.slug" if order is ArtifactOrder.RANK_DESC \
            else "a.name_key, a.slug"
        nodes = self._nodes_where(
            f"SELECT n.id, n.label, n.props FROM artifacts a JOIN nodes n ON n.id = a.id "
            f"{where} ORDER BY {sort} LIMIT ? OFFSET ?",
            [*params, first, offset],
        )
        version = self._outside_version()
        cached = self._totals.get((wanted, include_stubs))
        if cached is not None and version is not None and cached[0] == version:
            total = cached[1]
        else:
            generation = self._generation
            total = int(self._rows(f"SELECT count(*) FROM artifacts a JOIN nodes n "
                                   f"ON n.id = a.id {where}", params)[0][0])
            if generation == self._generation and version is not None:
                self._totals[(wanted, include_stubs)] = (version, total)   # no write since
        return NodePage(tuple(nodes), offset, total)

    def _outside_version(self) -> int | None:
        """What moves when another connection (another process: `serve --workers`, a
        `capgraph import` beside a server) commits: SQLite's data_version of the writing
        connection; this store's own writes clear the cached totals themselves. None while
        a write holds the connection: the caller then counts afresh."""
        if self.path is None:
            return 0                    # an in-memory database: no other connection
        if not self._lock.acquire(blocking=False):
            return None
        try:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])
        finally:
            self._lock.release()

    def incident(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> dict[str, list[tuple[str, str]]]:
        """For each node, its (other end, edge type) pairs over edges in both directions."""
        allowed = {t.value for t in edge_types} if edge_types else None
        result: dict[str, list[tuple[str, str]]] = {i: [] for i in node_ids}
        for part in chunks(list(node_ids)):
            among = marks(part)
            rows = self._rows(
                f"SELECT src, dst, type FROM edges WHERE src IN ({among}) "
                f"UNION ALL SELECT src, dst, type FROM edges WHERE dst IN ({among})",
                (*part, *part),
            )
            for src, dst, etype in rows:
                if allowed is not None and etype not in allowed:
                    continue
                if src in result:
                    result[src].append((dst, etype))
                if dst in result and dst != src:
                    result[dst].append((src, etype))
        return result

    def subgraph_among(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> Subgraph:
        allowed = {t.value for t in edge_types} if edge_types else None
        among = set(node_ids)
        edges: list[Edge] = []
        for part in chunks(list(node_ids)):
            rows = self._rows(
                f"SELECT type, src, dst, props FROM edges WHERE src IN ({marks(part)})", part)
            edges.extend(Edge(EdgeType(t), s, d, orjson.loads(p)) for t, s, d, p in rows
                         if d in among and (allowed is None or t in allowed))
        return Subgraph(tuple(self.get_nodes(node_ids)), tuple(edges))

    def export(self) -> Iterator[Node | Edge]:
        """Every node, then every edge, as one snapshot: what is committed meanwhile is not
        seen, so every edge's ends are in it and every page is whole or absent. A file store
        is read in a read transaction of its own (`embedded_sql.export_snapshot`: writers go
        on meanwhile); an in-memory one, which no other connection sees, is copied under
        the lock."""
        if self.path is not None:
            yield from embedded_sql.export_snapshot(self.path)
            return
        with self._lock:
            items = list(embedded_sql.export_items(self._db))
        yield from items

    def counts(self, labels: Sequence[Label] | None = None) -> Mapping[str, int]:
        if labels is not None:
            return {label.value: self._rows(
                "SELECT count(*) FROM nodes WHERE id >= ? AND id < ?",
                search_index.id_range(label))[0][0]
                for label in labels}
        result = dict(self._rows("SELECT label, count(*) FROM nodes GROUP BY label"))
        result.update(self._rows("SELECT type, count(*) FROM edges GROUP BY type"))
        return dict(sorted(result.items()))
