"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server or cluster.

Storage model. Every node is `(:Entity:<Label> {id, ...props})`: its one label from
`graph.model.Label`, the common label `:Entity` (unique `id`) and its properties as Neo4j
properties (spelt by `graph.neo4j.codec`). Every edge is a relationship of its `EdgeType`, at
most one per (type, src, dst). Pages are re-sorted in Python on the stored sort keys, so a page
holds the same nodes in the same order as the embedded store's. The statements live in
`graph.neo4j.cypher`, the write planner in `graph.neo4j.writes`, the driver in
`graph.neo4j.connection`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j.exceptions import ClientError, ConstraintError, DriverError, Neo4jError

from graph import batch_runs, search_index
from graph.artifact_lookup import ArtifactKey, Lookup
from graph.errors import BatchRejected, StoreError, StoreUnavailable
from graph.model import Edge, EdgeType, Label, Node, Subgraph, WriteBatch, type_key
from graph.neo4j import cypher
from graph.neo4j.codec import (
    EDGE_TYPES,
    META,
    NAME,
    RANK,
    SLUG,
    claim_prefix,
    decode_props,
    read_edge,
    read_node,
    sort_key,
)
from graph.neo4j.connection import Connection, reason
from graph.neo4j.search_backfill import index_old_nodes
from graph.neo4j.writes import BatchPlan, clear_chunk, plan_batch, plan_run, write_batch
from graph.profiles import assemble_profile, match_record
from graph.reads import DerivedReads
from graph.store import (
    ArtifactOrder,
    ArtifactProfile,
    GraphStore,
    NodePage,
    SourceFacts,
)

PAGE = 2000
"""Rows per read while exporting, and nodes per transaction while clearing."""

WRITE_ITEMS = 10_000
"""The most rows (nodes, edges, deletions) one write statement of `apply_many` holds: about
20 pages of the importer. Measured (10k synthetic artifacts, server time a page, two rounds):
2,500 rows 12.2-15.5 ms; 5,000 11.1-11.5; 10,000 10.6-11.1; 20,000 10.7-11.2; 40,000 12.8;
80,000 13.0-13.7. Past 20,000 the transaction's state grows faster than the round trips
saved."""


class Neo4jStore(DerivedReads):
    """The GraphStore over a Neo4j 5 server (`bolt://`) or cluster (`neo4j://`)."""

    def __init__(self, connection: Connection) -> None:
        """Use `connect`; this takes a connection that is already verified."""
        self._connection = connection
        self._driver = connection.driver
        self._where = connection.where
        self._rows = connection.rows
        self._applied = 0       # batches written, so far (see grouped_writes)
        self.export_page = PAGE
        """Rows per read of `export` (a smaller page: more reads in the one transaction)."""

    @classmethod
    def connect(
        cls, uri: str, *, user: str, password: str, database: str,
        connection_timeout: float = 15.0,
    ) -> Neo4jStore:
        """A store over `Connection.open(...)`: see there for what it checks and raises.
        A graph written before search existed gets its search words first (once)."""
        connection = Connection.open(uri, user=user, password=password, database=database,
                                     connection_timeout=connection_timeout)
        try:
            index_old_nodes(connection)
        except (DriverError, Neo4jError) as exc:
            connection.close()
            raise connection.fail(exc) from exc
        except BaseException:
            connection.close()
            raise
        return cls(connection)

    # -- writes ---------------------------------------------------------------------------

    def apply(self, batch: WriteBatch) -> None:
        if batch:
            self._write(plan_batch(batch))

    def apply_many(self, batches: Sequence[WriteBatch]) -> None:
        """The batches in order, as `apply` one after another would write them: each run of
        them (`graph.batch_runs`) one statement in one transaction, of at most `WRITE_ITEMS`
        rows (a batch is never split)."""
        for run in batch_runs.runs([b for b in batches if b], max_items=WRITE_ITEMS):
            if len(run) > 1:
                try:
                    self._write(plan_run(run))
                    continue
                except BatchRejected:
                    pass        # a batch at a time below: the one at fault raises
            for batch in run:
                self.apply(batch)

    def _write(self, plan: BatchPlan) -> None:
        try:
            with self._connection.session() as session:
                session.execute_write(write_batch, plan)
            self._applied += plan.batches
        except ConstraintError as exc:
            raise BatchRejected(f"{self._where} refused the batch: {reason(exc)}") from exc
        except ClientError as exc:
            failure = self._connection.fail(exc)
            if isinstance(failure, StoreUnavailable):
                raise failure from exc
            raise BatchRejected(f"{self._where} refused the batch: {reason(exc)}") from exc
        except (DriverError, Neo4jError) as exc:
            raise self._connection.fail(exc) from exc

    @contextmanager
    def grouped_writes(self, size: int = 200) -> Iterator[None]:
        """Each batch still commits on its own: Neo4j has no savepoints, so a batch that shares
        a transaction cannot fail alone, and a group committed at its end would lose pages the
        importer has already reported as imported if the server went away before it.

        After a bulk write (`size` batches or more), the queries readers use are run once: the
        statistics have changed enough that Neo4j plans them again on their next run, and that
        is better paid here, once, than by the first request after the import.
        """
        before = self._applied
        yield
        if self._applied - before >= size:
            self._plan_reads()

    @contextmanager
    def tentative_writes(self) -> Iterator[bool]:
        """Not kept back (False): an import's writes would have to be one transaction, and
        its state would outgrow the server's heap; each write commits as it is made."""
        yield False

    def _plan_reads(self) -> None:
        """Run the reads of a leaderboard and a comparison once (see `grouped_writes`)."""
        try:
            top = self.list_artifacts(first=50).nodes
            slugs = [str(node.props["slug"]) for node in top]
            if slugs:
                self.find_artifact(slugs[0])
                found = self.profiles(slugs)
                self.claims_of([cap.id for profile in found[:2] for cap in profile.capabilities])
        except StoreError:
            pass        # only a head start: the next read plans what this did not

    def clear(self) -> None:
        try:
            with self._connection.session() as session:
                while session.execute_write(clear_chunk, PAGE) >= PAGE:
                    pass
        except (DriverError, Neo4jError) as exc:
            raise self._connection.fail(exc) from exc

    def close(self) -> None:
        self._connection.close()

    # -- reads ----------------------------------------------------------------------------

    def get_nodes(self, node_ids: Sequence[str]) -> list[Node]:
        if not node_ids:
            return []
        rows = self._rows(cypher.GET_NODES, ids=list(dict.fromkeys(node_ids)))
        found = {node.id: node for node in (read_node(r["node"]) for r in rows)}
        return [found[i] for i in node_ids if i in found]

    def text_candidates(
        self, terms: Sequence[str], labels: Sequence[Label], *, grams: bool = False,
        limit: int = 200,
    ) -> dict[str, list[str]]:
        wanted = [term for term in dict.fromkeys(terms) if term]
        found: dict[str, list[str]] = {}
        kinds = [Label(label).value for label in labels]
        if not wanted or not kinds:
            return {term: [] for term in wanted}
        common = search_index.COMMON_MATCHES
        if not grams:       # a common term: its first ids walked in order, not all sorted
            for term in wanted:
                query = cypher.search_query(term, grams)
                if self._rows(cypher.SEARCH_MATCHES_UP_TO, lucene=query,
                              cap=common + 1)[0]["n"] > common:
                    found[term] = self._in_id_order(term, kinds, limit)
        queries = [[term, cypher.search_query(term, grams)] for term in wanted
                   if term not in found or grams]
        if queries:
            for row in self._rows(cypher.SEARCH_CANDIDATES, queries=queries, labels=kinds,
                                  limit=limit):
                found[row["term"]] = list(row["ids"])
        return {term: found.get(term, []) for term in wanted}

    def _in_id_order(self, term: str, kinds: Sequence[str], limit: int) -> list[str]:
        ids: list[str] = []
        for label in sorted({Label(k) for k in kinds}, key=search_index.id_range):
            if len(ids) >= limit:
                break
            low, high = search_index.id_range(label)
            rows = self._rows(cypher.SEARCH_IN_ID_ORDER[label], low=sort_key(low),
                              high=sort_key(high), term=term, limit=limit - len(ids))
            ids += [str(row["id"]) for row in rows]
        return ids

    def artifacts_by(self, lookups: Sequence[Lookup]) -> list[list[Node]]:
        params: dict[str, list[list[Any]]] = {"slugs": [], "names": [], "aliases": []}
        for step, (key, value) in enumerate(lookups):
            if key is ArtifactKey.NAME:
                params["names"].append([step, sort_key(value)])
            else:
                params["slugs" if key is ArtifactKey.SLUG else "aliases"].append([step, value])
        found: list[list[Node]] = [[] for _ in lookups]
        for row in self._rows(cypher.ARTIFACTS_BY, **params):
            found[row["step"]].append(read_node(row["node"]))
        return found

    def source_facts(self, source_id: str) -> SourceFacts:
        rows = self._rows(cypher.SOURCE_FACTS, id=source_id)
        if not rows:
            return SourceFacts(None, (), ())
        cited = sorted((str(i), int(n)) for i, n in rows[0]["cited"])
        return SourceFacts(read_node(rows[0]["node"]), tuple(i for i, _ in cited),
                           tuple(i for i, n in cited if n == 1))

    def profiles(self, slugs: Sequence[str]) -> list[ArtifactProfile]:
        if not slugs:
            return []
        by_slug: dict[str, ArtifactProfile] = {}
        rows = [{"slug": slug, "claims": sort_key(claim_prefix(slug))}
                for slug in dict.fromkeys(slugs)]
        for row in self._rows(cypher.PROFILES, rows=rows):
            artifact = read_node(row["node"])
            by_slug[artifact.props["slug"]] = assemble_profile(
                artifact, map(read_node, row["signals"]), map(read_node, row["capabilities"]),
                {n.id: n for n in map(read_node, row["sources"])},
                map(read_node, row["checked"]),
                [match_record(read_node(i), c, decode_props(m)) for i, c, m in row["matches"]])
        return [by_slug[slug] for slug in slugs if slug in by_slug]

    def outgoing(self, node_ids: Sequence[str], edge_type: EdgeType) -> dict[str, list[Node]]:
        if not node_ids:
            return {}
        rows = self._rows(cypher.OUTGOING[EdgeType(edge_type)], ids=list(dict.fromkeys(node_ids)))
        return {r["id"]: [read_node(n) for n in r["targets"]] for r in rows}

    def list_claims(
        self, *, first: int, offset: int = 0, artifact: str | None = None,
        verdict: str | None = None, claim_class: str | None = None,
    ) -> NodePage:
        params: dict[str, Any] = {
            "prefix": sort_key(claim_prefix(artifact)), "artifact": artifact,
            "verdict": verdict, "claim_class": claim_class,
        }
        rows = self._rows(cypher.LIST_CLAIMS, **params, skip=offset, limit=first)
        total, page = (int(rows[0]["total"]), rows[0]["page"]) if rows else (0, [])
        nodes = sorted((read_node(c) for c in page), key=lambda n: n.id)
        return NodePage(tuple(nodes), offset, total)

    def incoming(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType],
    ) -> Mapping[str, list[tuple[EdgeType, Node]]]:
        result: dict[str, list[tuple[EdgeType, Node]]] = {i: [] for i in node_ids}
        types = [EdgeType(t).value for t in edge_types]
        if not result or not types:
            return result
        rows = self._rows(cypher.INCOMING, ids=list(result), types=types)
        found = sorted(((r["id"], r["type"], read_node(r["node"])) for r in rows),
                       key=lambda row: (row[0], row[1], row[2].id))
        for dst, etype, node in found:
            result[dst].append((EDGE_TYPES[etype], node))
        return result

    def nodes_with(self, label: Label, key: str, values: Sequence[str]) -> list[Node]:
        if not key.isidentifier() or key == "id" or key.startswith(META) or not values:
            return []
        indexed = cypher.NODES_WITH_INDEXED.get((Label(label), key))
        if indexed is not None:
            rows = self._rows(indexed, values=list(values))
        else:
            rows = self._rows(cypher.NODES_WITH[Label(label)], key=key, values=list(values))
        return sorted((read_node(r["node"]) for r in rows), key=lambda n: sort_key(n.id))

    def list_artifacts(
        self, *, first: int, offset: int = 0, type: str | None = None,
        order: ArtifactOrder = ArtifactOrder.RANK_DESC, include_stubs: bool = True,
    ) -> NodePage:
        order = ArtifactOrder(order)
        wanted = type_key(type)
        query = cypher.LIST_ARTIFACTS[(order, wanted is not None, include_stubs)]
        rows = self._rows(query, type=wanted, skip=offset, limit=first)
        total, page = (rows[0]["total"], rows[0]["page"]) if rows else (0, [])
        # the stored sort keys, compared in Python: the same order, whatever collect() keeps
        if order is ArtifactOrder.RANK_DESC:
            page = sorted(page, key=lambda row: (-row[1][RANK], row[1][SLUG]))
        else:
            page = sorted(page, key=lambda row: (row[1][NAME], row[1][SLUG]))
        return NodePage(tuple(read_node(row) for row in page), offset, int(total))

    def incident(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> dict[str, set[tuple[str, str]]]:
        ids = list(dict.fromkeys(node_ids))
        if edge_types:
            types = sorted({EdgeType(t).value for t in edge_types})
            rows = self._rows(cypher.INCIDENT_TYPED, ids=ids, types=types)
        else:
            rows = self._rows(cypher.INCIDENT, ids=ids)
        incident: dict[str, set[tuple[str, str]]] = {i: set() for i in ids}
        for row in rows:
            incident[row["id"]].add((row["other"], row["type"]))
        return incident

    def subgraph_among(
        self, node_ids: Sequence[str], edge_types: Sequence[EdgeType] | None,
    ) -> Subgraph:
        allowed = {EdgeType(t).value for t in edge_types} if edge_types else None
        nodes: list[Node] = []
        edges: list[Edge] = []
        for row in self._rows(cypher.SUBGRAPH, ids=list(node_ids)):
            nodes.append(read_node(row["node"]))
            edges.extend(read_edge(out) for out in row["out"]
                         if allowed is None or out[0] in allowed)
        return Subgraph(tuple(nodes), tuple(edges))

    def export(self) -> Iterator[Node | Edge]:
        """Nodes by id, then edges by (type, src, dst), read a page at a time in one
        transaction that holds the write lock (`cypher.EXPORT_LOCK`): one snapshot, as the
        graph was when the export began; writers wait until it has been read."""
        try:
            with self._connection.session() as session, session.begin_transaction() as tx:
                tx.run(cypher.EXPORT_LOCK).consume()
                yield from self._export_pages(tx)
                tx.rollback()       # it wrote nothing worth keeping: the lock's counter
        except (DriverError, Neo4jError) as exc:
            raise self._connection.fail(exc) from exc

    def _export_pages(self, tx: neo4j.Transaction) -> Iterator[Node | Edge]:
        def rows(query: str, **params: Any) -> list[neo4j.Record]:
            return list(tx.run(query, params))

        size = self.export_page
        after: str | None = None
        while True:
            if after is None:
                page_rows = rows(cypher.EXPORT_NODES_FIRST, size=size)
            else:
                page_rows = rows(cypher.EXPORT_NODES, after=after, size=size)
            yield from sorted((read_node(r["node"]) for r in page_rows), key=lambda n: n.id)
            if len(page_rows) < size:
                break
            after = max(r["key"] for r in page_rows)
        for etype in sorted(EdgeType, key=lambda t: t.value):
            after = None
            while True:
                if after is None:
                    page_rows = rows(cypher.EXPORT_EDGES[(etype, True)], size=size)
                else:
                    page_rows = rows(cypher.EXPORT_EDGES[(etype, False)], after=after, size=size)
                page = [Edge(etype, r["src"], dst, decode_props(props))
                        for r in page_rows for dst, props in r["out"]]
                yield from sorted(page, key=lambda e: (e.src, e.dst))
                if len(page_rows) < size:
                    break
                after = max(r["key"] for r in page_rows)

    def counts(self, labels: Sequence[Label] | None = None) -> Mapping[str, int]:
        if labels is not None:
            return {label.value: int(self._rows(cypher.COUNT_LABEL[label])[0]["n"])
                    for label in labels}
        rows = self._rows(cypher.COUNTS)
        return dict(sorted((r["key"], int(r["n"])) for r in rows if r["n"]))


if TYPE_CHECKING:
    def _is_a_graph_store(store: Neo4jStore) -> GraphStore:
        return store    # mypy holds the class to the protocol here
