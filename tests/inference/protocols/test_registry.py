"""The protocol a claim names, built in one place from one reading of the claim."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from inference.protocols import registry, spec
from inference.protocols.batching import BatchingProtocol
from inference.protocols.registry import PROTOCOLS, read_measurable

THROUGHPUT = "Achieves 2-3x higher throughput than sequential inference"


def test_a_claim_is_read_and_its_protocol_chosen_once(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen: list[str | None] = []
    original = spec.choose_protocol

    def counted(text: str, kind: str | None = None, context: str | None = None) -> str | None:
        chosen.append(original(text, kind, context))
        return chosen[-1]
    monkeypatch.setattr(spec, "choose_protocol", counted)
    found = read_measurable(THROUGHPUT, plots_dir=Path("plots"))
    assert found is not None and chosen == ["batching"]
    assert isinstance(found.protocol, BatchingProtocol) and found.spec.protocol == "batching"
    assert found.protocol.plots_dir == Path("plots")


def test_every_protocol_the_reader_names_is_built_under_that_name() -> None:
    for name, build in PROTOCOLS.items():
        assert build(None).name == name


def test_the_claim_reader_imports_no_protocol() -> None:
    """spec reads claims; registry builds protocols: no import cycle between them."""
    tree = ast.parse(Path(spec.__file__).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not {m for m in imported if m and m.startswith("inference.protocols")}
    assert registry.protocol_for("licensed under MIT") is None
