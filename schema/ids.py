"""Opaque Relay global ids: base64 of `<TypeName>:<graph id>`."""

from __future__ import annotations

import base64
import binascii

from graph.model import Label

TYPE_FOR_LABEL: dict[Label, str] = {
    Label.ARTIFACT: "Artifact",
    Label.CAPABILITY: "Capability",
    Label.CLAIM: "Claim",
    Label.SOURCE: "Source",
    Label.SIGNAL: "Signal",
    Label.EVIDENCE: "Evidence",
    Label.INTENT: "Intent",
    Label.JOB: "Job",
    Label.MODEL_FILES: "ModelFiles",
}


def to_global_id(label: Label, node_id: str) -> str:
    return base64.urlsafe_b64encode(f"{TYPE_FOR_LABEL[label]}:{node_id}".encode()).decode()


def from_global_id(global_id: str) -> tuple[str, str]:
    """(type name, graph id); ValueError for an id this API did not give out."""
    try:
        decoded = base64.urlsafe_b64decode(global_id.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"not an id this API gave out: {global_id!r}") from exc
    type_name, sep, node_id = decoded.partition(":")
    if not sep or type_name not in TYPE_FOR_LABEL.values() or not node_id:
        raise ValueError(f"not an id this API gave out: {global_id!r}")
    return type_name, node_id


def graph_id_of(global_id: str, expected: str) -> str:
    """The graph id of a global id that must name a `expected`; ValueError otherwise.

    Example:
        >>> graph_id_of(to_global_id(Label.CLAIM, "claim:x"), "Claim")
        'claim:x'
        >>> graph_id_of(to_global_id(Label.ARTIFACT, "artifact:x"), "Job")
        Traceback (most recent call last):
        ...
        ValueError: id 'QXJ0aWZhY3Q6YXJ0aWZhY3Q6eA==' is an Artifact's id, not a Job's
    """
    type_name, graph_id = from_global_id(global_id)
    if type_name != expected:
        article = "an" if type_name[:1] in "AEIOU" else "a"
        raise ValueError(f"id {global_id!r} is {article} {type_name}'s id, not a {expected}'s")
    return graph_id
