"""Checkers: one module per family of claims, each behind one small interface.

    check(claim: AtomicClaim, files: ModelFiles) -> list[EvidenceRecord] | None

None means the checker does not apply (the claim states none of its attributes); a list
holds one record per attribute the claim states, settled or not. Checkers import torch,
transformers and diffusers lazily, on the first claim that needs them.
"""

from __future__ import annotations

from collections.abc import Callable

from graph.claims.types import AtomicClaim, EvidenceRecord
from inference.checkers import (
    architecture,
    card,
    diffusion,
    generation,
    licensing,
    parameters,
    preprocessing,
    pricing,
)
from inference.model_files import ModelFiles

Checker = Callable[[AtomicClaim, ModelFiles], list[EvidenceRecord] | None]

CHECKERS: tuple[Checker, ...] = (
    architecture.check, preprocessing.check, generation.check, parameters.check,
    licensing.check, pricing.check, diffusion.check, card.check,
)

__all__ = ["CHECKERS", "Checker"]
