"""`capgraph tokens create / list / revoke`: the API tokens of the configured store.

The command line acts as the local administrator (whoever can run it can open the store).
A token's secret is printed once, on stdout alone (so `$(capgraph tokens create ...)`
captures it); the store keeps only its hash.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from app.stores import open_store, store_description
from graph.access import create_token, list_tokens, parse_scopes, revoke_token, scopes_text
from graph.settings import Settings


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "cli"


def cmd_tokens_create(args: argparse.Namespace, settings: Settings) -> int:
    scopes = parse_scopes(args.scopes)
    store = open_store(settings)
    try:
        secret, token = create_token(store, args.name, scopes, created_by=f"local:{_user()}")
    finally:
        store.close()
    print(f"token {token.short_id} ({token.name}) with scopes {scopes_text(token.scopes)} "
          f"in {store_description(settings)}; its secret is shown only now:", file=sys.stderr)
    print(secret)
    return 0


def cmd_tokens_list(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    try:
        tokens = list_tokens(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"id": t.short_id, "name": t.name,
                           "scopes": scopes_text(t.scopes).split(","),
                           "created_at": t.created_at, "created_by": t.created_by,
                           "revoked_at": t.revoked_at} for t in tokens], indent=2))
        return 0
    if not tokens:
        print(f"no tokens in {store_description(settings)} "
              "(make one: capgraph tokens create --scopes verify NAME)", file=sys.stderr)
        return 0
    for t in tokens:
        state = f"revoked {t.revoked_at}" if t.revoked_at else "active"
        print(f"{t.short_id}  {t.name:<24} {scopes_text(t.scopes):<28} "
              f"created {t.created_at}  {state}")
    return 0


def cmd_tokens_revoke(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    try:
        token = revoke_token(store, args.token)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"store": store_description(settings), "id": token.short_id,
                          "name": token.name, "revoked_at": token.revoked_at}, indent=2))
        return 0
    print(f"revoked token {token.short_id} ({token.name}) at {token.revoked_at} in "
          f"{store_description(settings)}; servers refuse it within 5 s")
    return 0


def add_tokens_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tokens = sub.add_parser("tokens", help="make, list and revoke API tokens (local admin)")
    tokens_sub = tokens.add_subparsers(dest="tokens_command", required=True)
    create = tokens_sub.add_parser(
        "create", help="make a token; its secret is printed once, on stdout")
    create.add_argument("name", help="who or what uses it (shown in logs and attributions)")
    create.add_argument("--scopes", required=True,
                        help="comma-separated: read, assert, verify, import, admin")
    create.set_defaults(run=cmd_tokens_create)
    listing = tokens_sub.add_parser("list", help="every token (never its secret)")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(run=cmd_tokens_list)
    revoke = tokens_sub.add_parser("revoke", help="revoke a token by its id (or name)")
    revoke.add_argument("token", help="the id `tokens list` shows, or the token's name")
    revoke.add_argument("--json", action="store_true", help="print JSON for scripts")
    revoke.set_defaults(run=cmd_tokens_revoke)
