"""The examples in the claim modules' docstrings run (the suite does not collect doctests)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [*(f"graph.claims.{name}" for name in ("atomize", "attributes", "classify", "mentions",
                                                  "parts", "statement", "targets", "units",
                                                  "verdicts")),
           "graph.facts", "inference.facts.match", "inference.facts.vocabulary",
           "inference.protocols.rules", "inference.protocols.spec", "inference.machine"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_public_api_is_complete_and_sorted() -> None:
    import graph.claims

    assert graph.claims.__all__ == sorted(graph.claims.__all__)
    assert all(hasattr(graph.claims, name) for name in graph.claims.__all__)
