"""Errors verification raises (they join the tree in `graph.errors`).

    CapgraphError
    └── VerificationError            a claim could not be checked at all
        ├── ModelFilesNotFound       no model folder for a hub id or path (names the roots)
        └── LibraryMissing           transformers, diffusers or torch is not installed
"""

from __future__ import annotations

from graph.errors import CapgraphError


class VerificationError(CapgraphError):
    """A claim could not be checked at all (as opposed to a check that found nothing)."""


class ModelFilesNotFound(VerificationError):
    """No model folder for the hub id or path given."""


class LibraryMissing(VerificationError):
    """A library a checker reads files through is not installed."""
