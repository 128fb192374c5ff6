"""Measure a claim by running its model: pick the protocol, load the weights, record evidence.

Placeholder until the protocols land: `protocol_for` finds none, so no job is started.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from graph.model import Node
from graph.store import GraphStore
from inference.jobs import JobControl


def protocol_for(text: str) -> Any | None:
    return None


def measure_claim(
    store: GraphStore, claim: Node, control: JobControl, *, roots: Sequence[Path],
    plots: Path | None,
) -> list[str]:
    raise NotImplementedError("no measurement protocol is installed")
