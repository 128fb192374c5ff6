"""The ids the API hands out are Relay's URL-safe base64 of `<TypeName>:<graph id>`, and
every one reads back to its node."""

from __future__ import annotations

import base64
import random

import pytest

from graph.global_ids import EXPOSED, decode_global_id, to_global_id
from graph.model import Label

ALPHABET = "abcxyz019:-_./ ?~éü€☃\U0001f600"    # bytes whose base64 holds + and / too


@pytest.mark.parametrize("label", sorted(EXPOSED, key=str))
def test_an_id_is_url_safe_base64_and_reads_back(label: Label) -> None:
    rng = random.Random(str(label))
    for _ in range(300):
        node_id = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
        given = to_global_id(label, node_id)
        assert given == base64.urlsafe_b64encode(f"{label.value}:{node_id}".encode()).decode()
        assert "+" not in given and "/" not in given
        assert decode_global_id(given) == (label, node_id)
        assert decode_global_id(given.rstrip("=")) == (label, node_id)
