"""Who is asking, and the one place each operation's scope is checked.

Every mutation declares the scope it needs with a permission class (`permission_classes=
[Needs.VERIFY]`); reads need `read`, which anonymous callers hold unless the server is
configured otherwise (checked once per operation by `schema.guard`). A refusal is an
UNAUTHENTICATED error when no valid token came with the request, FORBIDDEN when the token
lacks the scope; either names the scope and how to send a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from strawberry.permission import BasePermission

from graph.access import ApiToken, Scope
from schema.errors import Forbidden, Unauthenticated

__all__ = ["Needs", "Principal"]


@dataclass(frozen=True)
class Principal:
    """The caller of one request: a token, or an anonymous address; or the local CLI."""

    token: ApiToken | None = None
    address: str = "unknown"
    anonymous_scopes: frozenset[Scope] = frozenset({Scope.READ})
    local_admin: bool = False

    @classmethod
    def cli(cls, user: str = "cli") -> Principal:
        """The command line on the server's machine: the local administrator."""
        return cls(address=user, local_admin=True)

    @property
    def who(self) -> str:
        """What the graph records as the author of a write (never a secret)."""
        if self.local_admin:
            return f"local:{self.address}"
        if self.token is not None:
            return f"{self.token.id} ({self.token.name})"
        return f"anonymous@{self.address}"

    @property
    def key(self) -> str:
        """Whose quota a request counts against: the token, else the address."""
        return self.token.id if self.token is not None else f"address:{self.address}"

    def allows(self, scope: Scope) -> bool:
        if self.local_admin:
            return True
        if self.token is not None:
            return self.token.allows(scope)
        return scope in self.anonymous_scopes

    @property
    def is_admin(self) -> bool:
        return self.allows(Scope.ADMIN)

    def require(self, scope: Scope, what: str) -> None:
        """Raise UNAUTHENTICATED or FORBIDDEN unless the caller holds `scope`."""
        if self.allows(scope):
            return
        if self.token is None:
            raise Unauthenticated(
                f"{what} needs a token with the '{scope.value}' scope: send it as "
                "`Authorization: Bearer <token>` (or `authorization` in the WebSocket's "
                "connection_init payload); an administrator makes one with "
                f"`capgraph tokens create --scopes {scope.value} NAME`")
        raise Forbidden(f"{what} needs the '{scope.value}' scope; token "
                        f"{self.token.short_id} ({self.token.name}) has "
                        f"{', '.join(sorted(s.value for s in self.token.scopes))}")


class _ScopePermission(BasePermission):
    scope: ClassVar[Scope]

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        info.context.principal.require(self.scope, f"`{info.field_name}`")
        return True


class _Assert(_ScopePermission):
    scope = Scope.ASSERT


class _Verify(_ScopePermission):
    scope = Scope.VERIFY


class _Import(_ScopePermission):
    scope = Scope.IMPORT


class _Admin(_ScopePermission):
    scope = Scope.ADMIN


class Needs:
    """The permission class for each scope a mutation may need."""

    ASSERT = _Assert
    VERIFY = _Verify
    IMPORT = _Import
    ADMIN = _Admin
