"""API tokens in the graph, on both stores: made, found by their secret, listed, revoked."""

from __future__ import annotations

import pytest

from graph.access import Scope, create_token, find_token, list_tokens, parse_scopes, revoke_token
from graph.errors import NotFound
from graph.model import Label
from graph.store import GraphStore


def test_a_token_is_found_by_its_secret_until_revoked(store: GraphStore) -> None:
    secret, token = create_token(store, "ci", parse_scopes("verify,assert"), created_by="t")
    other, _ = create_token(store, "reader", [Scope.READ], created_by="t")
    found = find_token(store, secret)
    assert found == token and found.allows(Scope.VERIFY) and not found.allows(Scope.IMPORT)
    assert find_token(store, secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert find_token(store, "no-prefix") is None
    # only the hash is kept: the secret appears nowhere in the store
    assert all(secret not in str(n.props) for n in store.nodes_with(Label.TOKEN, "kind", ["api"]))
    assert [t.name for t in list_tokens(store)] == ["ci", "reader"]
    revoke_token(store, token.short_id)
    assert find_token(store, secret) is None and find_token(store, other) is not None
    assert [t.active for t in list_tokens(store)] == [False, True]


def test_admin_holds_every_scope_and_names_are_checked(store: GraphStore) -> None:
    secret, _ = create_token(store, "root", [Scope.ADMIN], created_by="t")
    admin = find_token(store, secret)
    assert admin is not None and all(admin.allows(s) for s in Scope)
    with pytest.raises(ValueError, match="scope"):
        create_token(store, "none", [], created_by="t")
    with pytest.raises(ValueError, match="unknown scope 'write'"):
        parse_scopes("read,write")
    with pytest.raises(NotFound):
        revoke_token(store, "nobody")

