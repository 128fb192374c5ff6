"""The opaque ids the API hands out (Relay global ids): base64 of `<TypeName>:<graph id>`.

They are written here, below the GraphQL layer, because every way in takes them back: the
API's fields and the command line alike (`graph.references`). A node's type name is its
label; a token (`Label.TOKEN`) is never given an id.
"""

from __future__ import annotations

import base64
import binascii

from graph.model import Label

__all__ = ["EXPOSED", "TYPE_FOR_LABEL", "decode_global_id", "from_global_id", "graph_id_of",
           "to_global_id"]

TYPE_FOR_LABEL: dict[Label, str] = {
    label: label.value for label in Label if label is not Label.TOKEN
}
"""The labels whose nodes the API shows, with the type name their ids carry."""

EXPOSED = frozenset(TYPE_FOR_LABEL)
_LABEL_FOR_TYPE = {name: label for label, name in TYPE_FOR_LABEL.items()}


def to_global_id(label: Label, node_id: str) -> str:
    """The id the API hands out for a node.

    Example:
        >>> to_global_id(Label.ARTIFACT, "artifact:vega-2-pro")
        'QXJ0aWZhY3Q6YXJ0aWZhY3Q6dmVnYS0yLXBybw=='
    """
    # base64.urlsafe_b64encode's own steps, without its two calls around them (a list of
    # objects gives each one an id, asked for or not)
    raw = f"{TYPE_FOR_LABEL[label]}:{node_id}".encode()
    return binascii.b2a_base64(raw, newline=False).translate(_URL_SAFE).decode()


_URL_SAFE = bytes.maketrans(b"+/", b"-_")


def decode_global_id(text: str) -> tuple[Label, str] | None:
    """(label, graph id) of an id the API gave out, its padding optional; None for any other
    text. Only an exact encoding counts, so a slug or a name is never read as an id.

    Example:
        >>> decode_global_id("QXJ0aWZhY3Q6YXJ0aWZhY3Q6dmVnYS0yLXBybw")
        (<Label.ARTIFACT: 'Artifact'>, 'artifact:vega-2-pro')
        >>> decode_global_id("vega-2-pro") is None
        True
    """
    text = text.strip()
    padded = text + "=" * (-len(text) % 4)
    try:
        decoded = base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return None
    type_name, sep, node_id = decoded.partition(":")
    label = _LABEL_FOR_TYPE.get(type_name)
    if not sep or label is None or not node_id or to_global_id(label, node_id) != padded:
        return None
    return label, node_id


def from_global_id(global_id: str) -> tuple[str, str]:
    """(type name, graph id); ValueError for an id this API did not give out."""
    decoded = decode_global_id(global_id)
    if decoded is None:
        raise ValueError(f"not an id this API gave out: {global_id!r}")
    return TYPE_FOR_LABEL[decoded[0]], decoded[1]


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
        raise ValueError(f"id {global_id!r} is {_a(type_name)}'s id, not {_a(expected)}'s")
    return graph_id


def _a(type_name: str) -> str:
    return f"{'an' if type_name[:1] in 'AEIOU' else 'a'} {type_name}"
