"""The orders every store gives its answers in, written once so both stores agree."""

from __future__ import annotations

from graph.model import Node

_CLAIM_KINDS = {"description": 0, "unique": 1, "vs_alternatives": 2}


def claim_order(claim: Node) -> tuple[int, int, str]:
    """Claims in reading order: description, unique, vs alternatives; then by position."""
    return (_CLAIM_KINDS.get(str(claim.props.get("kind")), 9),
            int(claim.props.get("position", 0)), claim.id)


def signal_order(signal: Node) -> tuple[str, str]:
    """Signals by name, then by when they were observed (a profile holds them by id, so
    ties keep id order under a stable sort)."""
    return (str(signal.props["name"]), str(signal.props["observed_at"]))


def capability_order(capability: Node) -> tuple[object, str]:
    """Capabilities by their position on the page, then by id."""
    return (capability.props.get("position", 0), capability.id)
