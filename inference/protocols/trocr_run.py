"""Running a loaded TrOCR model the way a user does: processor -> pixels -> `generate`.

With random or tiny weights the end of a sequence is arbitrary, so those runs generate a
fixed number of tokens (`min_new_tokens = max_new_tokens`): the same work per image, for
timing. Real weights stop where the model says.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inference.libraries import load
from inference.ocr.lines import LineSample, builtin_lines


def default_lines_dir() -> Path:
    return Path.home() / ".cache" / "capgraph" / "ocr-lines"


def line_samples(count: int, folder: Path | None = None) -> list[LineSample]:
    """`count` built-in line images (the set repeats when more are asked for)."""
    samples = builtin_lines(folder or default_lines_dir())
    return [samples[i % len(samples)] for i in range(count)]


def pixels(loaded: Any, images: Sequence[Path]) -> Any:
    """The processor's pixel values for the images, on the model's device and dtype."""
    from PIL import Image

    pictures = []
    for path in images:
        with Image.open(path) as picture:
            pictures.append(picture.convert("RGB"))
    values = loaded.processor(images=pictures, return_tensors="pt").pixel_values
    return values.to(loaded.device, loaded.model.dtype)


def _checked_each_token(check: Callable[[], None]) -> Any:
    """Stopping criteria that never stop generation but call `check` at every new token, so
    a job's cancel (or its time limit) takes effect within one token, not one batch."""
    torch, transformers = load("torch"), load("transformers")

    class CheckEachToken(transformers.StoppingCriteria):  # type: ignore[misc, name-defined]
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            check()
            return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)

    return transformers.StoppingCriteriaList([CheckEachToken()])


def generate(model: Any, pixel_values: Any, tokens: int, fixed: bool,
             check: Callable[[], None] | None = None) -> Any:
    """Generate `tokens` tokens (at most; exactly when `fixed`), calling `check` (a job's
    stop check, which raises) at every token when given."""
    torch = load("torch")
    extra: dict[str, Any] = {"min_new_tokens": tokens} if fixed else {}
    if check is not None:
        extra["stopping_criteria"] = _checked_each_token(check)
    with torch.inference_mode():
        return model.generate(pixel_values, max_new_tokens=tokens, **extra)


def timed_generate(model: Any, pixel_values: Any, tokens: int, fixed: bool,
                   check: Callable[[], None] | None = None) -> tuple[Any, float]:
    torch = load("torch")
    if pixel_values.device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    ids = generate(model, pixel_values, tokens, fixed, check)
    if pixel_values.device.type == "cuda":
        torch.cuda.synchronize()
    return ids, time.perf_counter() - start


def sequences(model: Any, ids: Any) -> list[tuple[int, ...]]:
    """Generated token ids per row: the start token dropped, cut at the end token, padding
    removed (so batched and one-at-a-time outputs compare)."""
    config = model.generation_config
    eos, pad = config.eos_token_id, config.pad_token_id
    ends = set(eos) if isinstance(eos, list) else {eos}
    rows = []
    for row in ids.tolist():
        kept: list[int] = []
        for token in row[1:]:
            if token in ends:
                break
            if token != pad:
                kept.append(int(token))
        rows.append(tuple(kept))
    return rows
