"""Who a request comes from: its bearer token (HTTP header, or the WebSocket's
connection_init payload) looked up in the store, or an anonymous address.

Lookups are cached for `CACHE_S` seconds per secret, so a burst of requests costs one
store read; a revoked token stops working within that time. A token that is sent but not
valid is refused (UNAUTHENTICATED), never taken as anonymous: a client with a typo in its
token must learn it at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Mapping

from graph.access import ApiToken, Scope, find_token
from graph.store import GraphStore
from schema.auth import Principal
from schema.errors import Unauthenticated

__all__ = ["Authenticator", "bearer"]

CACHE_S = 5.0
CACHE_SIZE = 10_000


def bearer(value: object) -> str | None:
    """The secret of an `Authorization: Bearer <secret>` value (or a bare secret).

    Example:
        >>> bearer("Bearer cg_abc"), bearer("cg_abc"), bearer(""), bearer(None)
        ('cg_abc', 'cg_abc', None, None)
    """
    if not isinstance(value, str) or not value.strip():
        return None
    scheme, _, rest = value.strip().partition(" ")
    if rest and scheme.lower() == "bearer":
        return rest.strip()
    return value.strip()


class Authenticator:
    """Principals from credentials, with a short cache of token lookups."""

    def __init__(self, store: GraphStore, *, anonymous_read: bool = True) -> None:
        self.store = store
        self.anonymous_scopes = frozenset({Scope.READ}) if anonymous_read else frozenset()
        self._cache: OrderedDict[str, tuple[float, ApiToken | None]] = OrderedDict()
        self._lock = threading.Lock()

    def _token(self, secret: str) -> ApiToken | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(secret)
            if hit is not None and hit[0] > now:
                return hit[1]
        token = find_token(self.store, secret)
        with self._lock:
            self._cache[secret] = (now + CACHE_S, token)
            self._cache.move_to_end(secret)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return token

    def principal(self, credentials: object, address: str) -> Principal:
        """The caller; UNAUTHENTICATED for a token that is not (or no longer) valid."""
        secret = bearer(credentials)
        if secret is None:
            return Principal(address=address, anonymous_scopes=self.anonymous_scopes)
        token = self._token(secret)
        if token is None:
            raise Unauthenticated("the token sent is not valid (unknown, mistyped or revoked)")
        return Principal(token=token, address=address, anonymous_scopes=self.anonymous_scopes)

    def from_connection_params(self, params: Mapping[str, object] | None,
                               address: str) -> Principal:
        """The caller of a WebSocket, from its connection_init payload."""
        params = params or {}
        credentials = next((params[k] for k in ("authorization", "Authorization", "token")
                            if k in params), None)
        return self.principal(credentials, address)
