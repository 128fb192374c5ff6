"""Which protocol measures a claim: the claim is read once (`spec.spec_from_text`) and the
protocol it names is built here, the one place that knows every protocol class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inference.protocols.base import Protocol
from inference.protocols.batching import BatchingProtocol
from inference.protocols.diffusion import DiffusionProtocol
from inference.protocols.ocr_accuracy import OcrAccuracyProtocol
from inference.protocols.quantization import QuantizationProtocol
from inference.protocols.spec import ClaimSpec, spec_from_text

PROTOCOLS: dict[str, Callable[[Path | None], Protocol]] = {
    "batching": lambda plots: BatchingProtocol(plots_dir=plots),
    "quantization": lambda plots: QuantizationProtocol(),
    "diffusion": lambda plots: DiffusionProtocol(plots_dir=plots),
    "ocr_accuracy": lambda plots: OcrAccuracyProtocol(),
}
"""Each protocol `spec.choose_protocol` can name, built with its default settings."""


@dataclass(frozen=True)
class Measurable:
    """A claim read for measurement: what it asserts, and the protocol that measures it."""

    spec: ClaimSpec
    protocol: Protocol


def read_measurable(text: str, kind: str | None = None, context: str | None = None,
                    plots_dir: Path | None = None) -> Measurable | None:
    """The claim's spec and its protocol (default settings), None when no protocol fits.

    Example:
        >>> m = read_measurable("Achieves 2-3x higher throughput than sequential inference")
        >>> m.protocol.name, m.spec.protocol
        ('batching', 'batching')
        >>> read_measurable("licensed under MIT") is None
        True
    """
    spec = spec_from_text(text, kind, context)
    if spec is None:
        return None
    return Measurable(spec, PROTOCOLS[spec.protocol](plots_dir))


def protocol_for(text: str, kind: str | None = None, context: str | None = None,
                 plots_dir: Path | None = None) -> Protocol | None:
    """The protocol (default settings) that measures `text`, None when none does."""
    found = read_measurable(text, kind, context, plots_dir)
    return found.protocol if found else None
