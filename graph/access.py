"""API tokens and their scopes: who may write what.

A token is a random secret (`cg_` and 43 URL-safe characters, 256 bits) shown once, when
it is made; the store keeps only its SHA-256 (a fast hash is enough for a secret this
long: nothing can be guessed from it). The node's id is derived from that hash, so a
request's token is found with one read by id, on either store, and tokens live where the
graph lives: every `capgraph serve` sharing one Neo4j shares its tokens.

Scopes (one may hold several; `admin` holds them all):

| scope | lets a caller |
|---|---|
| read | query (anonymous callers have it unless `CAPGRAPH_ANONYMOUS_READ=0`) |
| assert | record claims (`assessClaim`) |
| verify | check claims and run measurements (`verifyClaim`, `verifyArtifact`, jobs) |
| import | import pages (`importPage`) |
| admin | everything, and tokens, model files and merges |
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph.clock import now_iso
from graph.errors import NotFound
from graph.model import Label, Node, WriteBatch
from graph.store import GraphStore

__all__ = ["ApiToken", "Scope", "create_token", "find_token", "list_tokens", "parse_scopes",
           "revoke_token"]

PREFIX = "cg_"
"""Every secret begins with this, so a leaked one is recognisable (secret scanners)."""


class Scope(StrEnum):
    READ = "read"
    ASSERT = "assert"
    VERIFY = "verify"
    IMPORT = "import"
    ADMIN = "admin"


def parse_scopes(text: str | Iterable[str]) -> frozenset[Scope]:
    """Scopes from a comma-separated list (or a list of names); ValueError names a bad one.

    Example:
        >>> sorted(parse_scopes("read, verify"))
        [<Scope.READ: 'read'>, <Scope.VERIFY: 'verify'>]
        >>> parse_scopes("write")
        Traceback (most recent call last):
        ...
        ValueError: unknown scope 'write' (known: read, assert, verify, import, admin)
    """
    names = text.split(",") if isinstance(text, str) else list(text)
    scopes = set()
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        try:
            scopes.add(Scope(name))
        except ValueError:
            known = ", ".join(s.value for s in Scope)
            raise ValueError(f"unknown scope {name!r} (known: {known})") from None
    return frozenset(scopes)


@dataclass(frozen=True)
class ApiToken:
    """A token as stored: never its secret."""

    id: str                     # "token:" and the first 24 hex digits of the secret's hash
    name: str
    scopes: frozenset[Scope]
    created_at: str
    created_by: str
    revoked_at: str | None = None

    @property
    def short_id(self) -> str:
        """What `capgraph tokens list` shows and `revoke` takes."""
        return self.id.removeprefix("token:")[:8]

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: Scope) -> bool:
        return self.active and (scope in self.scopes or Scope.ADMIN in self.scopes)

    @classmethod
    def from_node(cls, node: Node) -> ApiToken:
        return cls(node.id, str(node.props["name"]), parse_scopes(node.props["scopes"]),
                   str(node.props["created_at"]), str(node.props.get("created_by", "")),
                   node.props.get("revoked_at"))

    def to_node(self, secret_hash: str) -> Node:
        props = {
            "kind": "api", "name": self.name, "scopes": sorted(s.value for s in self.scopes),
            "created_at": self.created_at, "created_by": self.created_by, "hash": secret_hash,
        }
        if self.revoked_at is not None:
            props["revoked_at"] = self.revoked_at
        return Node(self.id, Label.TOKEN, props)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def token_id(secret: str) -> str:
    """The id of the node a secret's token is stored as."""
    return f"token:{_hash(secret)[:24]}"


def create_token(store: GraphStore, name: str, scopes: Iterable[Scope], *,
                 created_by: str) -> tuple[str, ApiToken]:
    """A new token: (its secret, shown once; what is stored)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("a token needs a name of 1 to 100 characters (who or what uses it)")
    wanted = frozenset(scopes)
    if not wanted:
        raise ValueError("a token needs at least one scope")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(token_id(secret), name, wanted, now_iso(), created_by)
    store.apply(WriteBatch(nodes=(token.to_node(_hash(secret)),)))
    return secret, token


def find_token(store: GraphStore, secret: str) -> ApiToken | None:
    """The active token a secret belongs to; None for an unknown, malformed or revoked one."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    node = store.get_node(token_id(secret))
    if node is None or node.label is not Label.TOKEN:
        return None
    if not secrets.compare_digest(str(node.props.get("hash", "")), _hash(secret)):
        return None
    token = ApiToken.from_node(node)
    return token if token.active else None


def _token_nodes(store: GraphStore) -> list[Node]:
    return store.nodes_with(Label.TOKEN, "kind", ["api"])


def list_tokens(store: GraphStore) -> list[ApiToken]:
    """Every token, revoked ones too, oldest first."""
    tokens = [ApiToken.from_node(n) for n in _token_nodes(store)]
    return sorted(tokens, key=lambda t: (t.created_at, t.id))


def revoke_token(store: GraphStore, which: str) -> ApiToken:
    """Revoke the token with this short id (or full id, or unique name)."""
    nodes = _token_nodes(store)
    matches = [n for n in nodes if n.id == which or n.id == f"token:{which}"
               or (len(which) >= 4 and n.id.startswith(f"token:{which}"))]
    if not matches:
        matches = [n for n in nodes if n.props.get("name") == which]
    if not matches:
        raise NotFound(f"no token {which!r} (see `capgraph tokens list`)")
    if len(matches) > 1:
        ids = ", ".join(ApiToken.from_node(n).short_id for n in matches)
        raise ValueError(f"{which!r} names {len(matches)} tokens ({ids}); give its id")
    node = matches[0]
    if node.props.get("revoked_at"):
        return ApiToken.from_node(node)
    revoked = Node(node.id, node.label, {**node.props, "revoked_at": now_iso()})
    store.apply(WriteBatch(nodes=(revoked,)))
    return ApiToken.from_node(revoked)


def scopes_text(scopes: Sequence[Scope] | frozenset[Scope]) -> str:
    """Scopes in their table order, comma-separated."""
    return ",".join(s.value for s in Scope if s in scopes)
