"""The exceptions capgraph raises, as one tree so callers catch broadly and recover narrowly.

    CapgraphError
    ├── ImportFailed                 an import did not land (nothing was written)
    │   └── PageFormatError          a file is not a comparison page (names file, line, field)
    ├── StoreError                   the store could not do what was asked
    │   ├── StoreUnavailable         cannot reach or open the store (names the URI, not a password)
    │   └── BatchRejected            a write batch broke an invariant; nothing of it was written
    ├── NotFound                     an id, slug or name that the graph does not hold
    └── VerificationError            a check could not run (inference/errors.py)
        ├── ModelFilesNotFound       no model folder for a hub id (never waits on the network)
        └── LibraryMissing           transformers/diffusers/torch is not installed
"""

from __future__ import annotations


class CapgraphError(Exception):
    """Base of every error capgraph raises on purpose."""


class ImportFailed(CapgraphError):
    """An import did not land; the store is as it was before."""


class PageFormatError(ImportFailed):
    """A file is not in the comparison-page format.

    Example:
        >>> str(PageFormatError("a.txt", 3, "UnfragileRank", "expected 'N/100', got 'high'"))
        "a.txt:3: UnfragileRank: expected 'N/100', got 'high'"
    """

    def __init__(self, file: str, line: int | None, field: str | None, message: str) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        where = file if line is None else f"{file}:{line}"
        what = f"{field}: {message}" if field else message
        super().__init__(f"{where}: {what}")

    def __reduce__(self) -> tuple[type[PageFormatError], tuple[str, int | None, str | None, str]]:
        # raised in a worker process that reads pages (graph.ingest.draft_pool): it is
        # pickled there and must unpickle here, whole
        return (type(self), (self.file, self.line, self.field, self.message))


class StoreError(CapgraphError):
    """The store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened."""


class BatchRejected(StoreError):
    """A write batch broke an invariant; nothing of it was written."""


class NotFound(CapgraphError):
    """The graph holds no node for the id, slug or name given."""
