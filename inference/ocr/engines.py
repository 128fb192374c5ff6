"""OCR engines that read one line image, and a timed run of one over a set of lines.

- Tesseract: Debian's `tesseract-ocr` (the `tesseract` CLI), `--psm 7` (a single line);
- RapidOCR: PyPI's `rapidocr` with `onnxruntime`; it ships its ONNX models in the wheel
  (nothing is downloaded). A line image is read by recognition alone (`use_det=False,
  use_cls=False`: the counterpart of Tesseract's --psm 7; on the built-in lines that is
  ~100x faster than with detection and more accurate); `detect=True` adds detection;
- a loaded TrOCR model (`inference.loaders.LoadedTrOCR`), greedy or as its generation
  config says, at most `max_new_tokens` tokens.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from inference.ocr.lines import LineSample
from inference.ocr.metrics import error_rates, normalize


class EngineUnavailable(Exception):
    """An OCR engine is not installed here (the message says which package to install)."""


class OcrEngine(Protocol):
    name: str

    def version(self) -> str: ...

    def read(self, image: Path) -> str: ...


@dataclass(frozen=True)
class EngineResult:
    """One engine's reading of a set of lines: error rates and seconds per line."""

    name: str
    version: str
    texts: tuple[str, ...]
    cer: float
    wer: float
    seconds_per_line: float
    lines: int


class TesseractEngine:
    name = "tesseract"

    def __init__(self, psm: int = 7, lang: str = "eng", timeout_s: float = 60.0) -> None:
        binary = shutil.which("tesseract")
        if binary is None:
            raise EngineUnavailable("tesseract is not installed (apt-get install tesseract-ocr)")
        self.binary, self.psm, self.lang, self.timeout_s = binary, psm, lang, timeout_s

    def version(self) -> str:
        out = subprocess.run([self.binary, "--version"], capture_output=True, text=True,
                             timeout=self.timeout_s, check=True)
        return (out.stdout or out.stderr).split("\n", 1)[0].removeprefix("tesseract ").strip()

    def read(self, image: Path) -> str:
        out = subprocess.run([self.binary, str(image), "stdout", "--psm", str(self.psm),
                              "-l", self.lang], capture_output=True, text=True,
                             timeout=self.timeout_s, check=True)
        return normalize(out.stdout)


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, detect: bool = False) -> None:
        self.detect = detect
        try:
            from rapidocr import RapidOCR
        except ImportError as error:
            raise EngineUnavailable("RapidOCR is not installed (pip install rapidocr "
                                    "onnxruntime)") from error
        self._engine = RapidOCR(params={"Global.log_level": "error", "Global.use_cls": False})

    def version(self) -> str:
        import importlib.metadata

        mode = "detection + recognition" if self.detect else "recognition only"
        return f"{importlib.metadata.version('rapidocr')} ({mode})"

    def read(self, image: Path) -> str:
        result = self._engine(str(image), use_det=self.detect, use_cls=False)
        return normalize(" ".join(getattr(result, "txts", None) or ()))


class TrOcrEngine:
    """A loaded TrOCR model as an OCR engine (named after its weights kind)."""

    def __init__(self, loaded: Any, max_new_tokens: int = 64) -> None:
        self.loaded, self.max_new_tokens = loaded, max_new_tokens
        self.name = f"model ({loaded.weights_kind})"

    def version(self) -> str:
        return str(self.loaded.source)

    def read(self, image: Path) -> str:
        return self.read_many([image])[0]

    def read_many(self, images: Sequence[Path]) -> list[str]:
        from inference.protocols import trocr_run

        ids = trocr_run.generate(self.loaded.model, trocr_run.pixels(self.loaded, images),
                                 self.max_new_tokens, fixed=False)
        texts = self.loaded.processor.batch_decode(ids, skip_special_tokens=True)
        return [normalize(t) for t in texts]


def baseline_engines() -> tuple[list[OcrEngine], list[str]]:
    """The baselines installed here, and why any other is missing."""
    engines: list[OcrEngine] = []
    missing = []
    for make in (TesseractEngine, RapidOcrEngine):
        try:
            engines.append(make())
        except EngineUnavailable as error:
            missing.append(str(error))
    return engines, missing


def run_engine(engine: OcrEngine, samples: Sequence[LineSample],
               step: Callable[[int], None] = lambda _: None) -> EngineResult:
    """Read every line (one at a time, timed), then score against the transcripts.
    `step(i)` is called before line i (progress, cancellation); a first read of the first
    line warms the engine up untimed (model loading, first-call costs)."""
    engine.read(samples[0].image)
    texts, elapsed = [], 0.0
    for index, sample in enumerate(samples):
        step(index)
        start = time.perf_counter()
        texts.append(engine.read(sample.image))
        elapsed += time.perf_counter() - start
    cer, wer = error_rates([s.text for s in samples], texts)
    return EngineResult(engine.name, engine.version(), tuple(texts), cer, wer,
                        elapsed / len(samples), len(samples))
