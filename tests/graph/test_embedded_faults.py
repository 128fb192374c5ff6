"""Faults against the embedded store: the importing process is killed with SIGKILL.

(The Neo4j server's kill -9 is in test_neo4j_faults.py.) A process importing page files into
a store folder is killed at random moments (while Python starts or the store opens, while
pages are written, while a group of them commits); each run imports the other version of
every page, so a kill lands among updates that delete facts as well as add them. After each
kill the store opens and every page in it is whole, as a clean import of one of its versions
leaves it, or absent. Importing again then completes, with the clean import's graph.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_files, iter_page_files
from graph.model import Edge, EdgeType, Label, Node
from tests.conftest import REPO
from tests.graph.test_importer import listings_page

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

PAGES = 60
GROUP = 7
"""Pages per commit in the killed process (the CLI's 200 would commit once here), so kills
land before, between and during commits."""
STEP = 3
"""Pages per write (savepoint) of the bulk importer, in the killed process (the CLI's 100
would write all at once here)."""

IMPORTER = f"""
import sys
from pathlib import Path
from graph.embedded import EmbeddedStore
from graph.ingest.bulk import BulkImport
from graph.ingest.importer import iter_page_files

store = EmbeddedStore(Path(sys.argv[1]))
grouped = store.grouped_writes
store.grouped_writes = lambda size=200: grouped({GROUP})
print("open", flush=True)
with BulkImport(store, step={STEP}, keep=0) as bulk:    # pages checked, then committed as written
    bulk.import_files(iter_page_files([Path(sys.argv[2])]),
                      on_page=lambda report: print(report.status, flush=True))
store.close()
print("done", flush=True)
"""


def page_text(i: int, version: int) -> str:
    text = listings_page(f"Model {i}", f"Model {i + 1}")
    return text if version == 0 else text.replace("in 99 languages", f"in {i + 2} languages")


def write_pages(folder: Path, version: int) -> list[Path]:
    """The pages, each file holding its `version` (its capability text differs)."""
    folder.mkdir(exist_ok=True)
    for i in range(PAGES):
        (folder / f"page-{i:02d}.txt").write_text(page_text(i, version))
    return iter_page_files([folder])


def run_importer(store: Path, pages: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(store), str(pages)], cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def kill_after(process: subprocess.Popen[str], *, pages: int | None, delay: float) -> int:
    """SIGKILL the process `delay` seconds after it reported `pages` imported pages (or after
    its start, when `pages` is None); how many pages it had reported."""
    reported = 0
    assert process.stdout is not None
    if pages is not None:
        for line in process.stdout:
            if line.strip() != "open":
                reported += 1
            if reported >= pages:
                break
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    # 0: it finished first (its last pages were unchanged ones, quick to skip)
    assert process.returncode in (0, -signal.SIGKILL), \
        process.stderr.read() if process.stderr else ""
    return reported


def page_facts(store: EmbeddedStore) -> dict[str, set[str]]:
    """For each page Source (by uri), the ids of the facts that cite it."""
    return {str(source.props["uri"]): set(store.source_facts(source.id).cited_by)
            for source in store.nodes_with(Label.SOURCE, "kind", ["page"])}


def comparable(items: object) -> list[tuple[object, ...]]:
    """Export items without what depends on when a page was imported."""
    out: list[tuple[object, ...]] = []
    for item in items:  # type: ignore[attr-defined]
        if isinstance(item, Node):
            props = {k: v for k, v in item.props.items()
                     if k not in ("imported_at", "observed_at", "rank_score")}
            out.append((item.id, item.label, tuple(sorted(props.items(), key=str))))
        else:
            out.append((item.key, tuple(sorted(item.props.items()))))
    return out


def test_an_import_killed_at_random_moments_leaves_pages_whole_or_absent(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "pages"
    clean = EmbeddedStore(None)
    versions = []                            # per version, what each page states when whole
    for version in (0, 1):
        import_files(clean, write_pages(folder, version))
        versions.append(page_facts(clean))
    assert len(versions[0]) == PAGES and versions[0] != versions[1]

    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    path = tmp_path / "data" / "capgraph.sqlite3"
    kills = [(None, rng.uniform(0.05, 0.3))]                  # while starting or opening
    kills += [(rng.randint(1, PAGES - 1), rng.uniform(0.0, 0.003)) for _ in range(5)]
    for run, (pages, delay) in enumerate(kills):
        write_pages(folder, run % 2)
        with run_importer(path, folder) as process:
            reported = kill_after(process, pages=pages, delay=delay)
        where = f"seed {seed}: run {run} killed {delay:.3f} s after {reported} pages"
        store = EmbeddedStore(path)              # opens: the journal is recovered or rolled back
        try:
            for uri, facts in page_facts(store).items():
                assert facts in (versions[0][uri], versions[1][uri]), f"{where}: {uri} in part"
            cited = {i.src for i in store.export()
                     if isinstance(i, Edge) and i.type is EdgeType.FROM}
            assert all(n.id in cited for n in store.export()
                       if isinstance(n, Node) and n.label is not Label.SOURCE), where
        finally:
            store.close()

    write_pages(folder, 1)
    with run_importer(path, folder) as again:
        out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert out.splitlines()[-1] == "done"
    store = EmbeddedStore(path)
    try:
        assert page_facts(store) == versions[1]
        assert comparable(store.export()) == comparable(clean.export())
        assert store.counts() == clean.counts()
    finally:
        store.close()


def test_closing_while_other_threads_read_never_crashes(tmp_path: Path) -> None:
    """A server stopping closes the store while background threads may still read (the
    intent index's warm-up did): each read returns or says the store is closed; SQLite
    closing a connection under a running statement would take the process down."""
    import threading

    from graph.errors import StoreUnavailable
    from graph.ingest.importer import import_text
    from tests.conftest import SEED

    for attempt in range(30):
        store = EmbeddedStore(tmp_path / f"graph-{attempt}.sqlite3")
        import_text(store, SEED.read_text(), uri=SEED.name)
        outcomes: list[str] = []
        started = threading.Barrier(5)

        def read(store: EmbeddedStore = store, started: threading.Barrier = started,
                 outcomes: list[str] = outcomes) -> None:
            started.wait()
            try:
                while True:
                    store.counts()
                    store.list_artifacts(first=20)
            except StoreUnavailable:
                outcomes.append("closed")

        readers = [threading.Thread(target=read) for _ in range(4)]
        for thread in readers:
            thread.start()
        started.wait()
        store.close()
        for thread in readers:
            thread.join(10)
        assert outcomes == ["closed"] * 4
