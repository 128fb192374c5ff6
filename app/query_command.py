"""`capgraph query DOCUMENT [--variables JSON]`: run a GraphQL document in-process on the
configured store (seeds loaded and checked) and print the response as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.local_api import execute
from app.stores import store_description, store_with_seeds
from graph.settings import Settings


def _writes(document: str) -> bool:
    """Whether the document holds a mutation (then the command says which store it wrote)."""
    from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

    try:
        parsed = parse(document)
    except GraphQLError:
        return False                # the response says what is wrong with it
    return any(isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
               for d in parsed.definitions)


def cmd_query(args: argparse.Namespace, settings: Settings) -> int:
    document = Path(args.document[1:]).read_text() if args.document.startswith("@") \
        else args.document
    try:
        variables = json.loads(args.variables) if args.variables else None
    except json.JSONDecodeError as exc:
        print(f"capgraph query: --variables is not JSON: {exc}", file=sys.stderr)
        return 2
    if variables is not None and not isinstance(variables, dict):
        print("capgraph query: --variables must be a JSON object", file=sys.stderr)
        return 2
    store = store_with_seeds(settings, check=True)
    try:
        result = execute(store, settings, document, variables)
    finally:
        store.close()
    output: dict[str, object] = {"data": result.data}
    if result.errors:
        output["errors"] = [e.formatted for e in result.errors]
    print(json.dumps(output, indent=2, ensure_ascii=False))
    if _writes(document):
        print(f"capgraph query: ran on {store_description(settings)}", file=sys.stderr)
    return 1 if result.errors else 0


def add_query_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    query = sub.add_parser("query", help="run a GraphQL document in-process, print JSON")
    query.add_argument("document", help="the GraphQL document, or @FILE to read it from a file")
    query.add_argument("--variables", help="variables as a JSON object")
    query.set_defaults(run=cmd_query)
