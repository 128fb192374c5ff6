"""Relay cursors: the only way an offset reaches a store from the API, never negative."""

from __future__ import annotations

import base64

import pytest

from schema.pagination import decode_cursor, encode_cursor


def test_a_cursor_names_the_item_the_next_page_starts_after() -> None:
    assert [decode_cursor(encode_cursor(i)) for i in (0, 4, 99)] == [1, 5, 100]


@pytest.mark.parametrize("payload", ["offset:-1", "offset:x", "nope:3", "offset:"])
def test_a_cursor_we_did_not_make_is_refused(payload: str) -> None:
    with pytest.raises(ValueError, match="not a cursor this API gave out"):
        decode_cursor(base64.urlsafe_b64encode(payload.encode()).decode())
