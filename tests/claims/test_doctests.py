"""The claim and fact modules keep examples in their docstrings.

pytest runs every docstring example of the source packages (`--doctest-modules` over the
`testpaths` in pyproject.toml); this only checks that the modules whose examples document
the claim language have not lost them.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

DOCUMENTED_BY_EXAMPLES = [
    *(f"graph.claims.{name}" for name in ("atomize", "attributes", "classify", "mentions",
                                          "parts", "statement", "targets", "units",
                                          "verdicts")),
    "graph.facts", "inference.facts.words", "inference.facts.vocabulary",
    "inference.protocols.rules", "inference.protocols.spec", "inference.machine"]


@pytest.mark.parametrize("name", DOCUMENTED_BY_EXAMPLES)
def test_module_has_examples(name: str) -> None:
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module)
    assert sum(len(test.examples) for test in tests) > 0, f"{name} has no examples"


def test_public_api_is_complete_and_sorted() -> None:
    import graph.claims

    assert graph.claims.__all__ == sorted(graph.claims.__all__)
    assert all(hasattr(graph.claims, name) for name in graph.claims.__all__)
