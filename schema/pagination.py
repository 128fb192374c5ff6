"""Relay paging for the API: opaque cursors over the plain offsets `graph/` reads by.

A cursor names one item of a listing; the page after it starts one further on. Offsets that
reach a store are never negative: a cursor we did not make, or one that says a negative
position, is refused here, and `first` is held to 1..MAX_PAGE by `schema.limits.check_first`.
"""

from __future__ import annotations

import base64


def encode_cursor(offset: int) -> str:
    """Opaque cursor for a position in a listing.

    Example:
        >>> decode_cursor(encode_cursor(4))
        5
    """
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


MAX_OFFSET = 10**9
"""No list is longer: a cursor past it was not made here (and would overflow a store)."""


def decode_cursor(cursor: str) -> int:
    """The offset after the item the cursor names; ValueError for a cursor we did not make."""
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "offset" or not value.isdigit() or len(value) > len(str(MAX_OFFSET)) \
                or int(value) > MAX_OFFSET:
            raise ValueError
        return int(value) + 1
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a cursor this API gave out: {cursor!r}") from exc

