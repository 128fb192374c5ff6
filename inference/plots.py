"""PNG plots of parameter sweeps (matplotlib's Agg canvas, imported lazily).

`Figure` objects are used directly (no pyplot): no global state, safe in a job thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path


def save_sweep(folder: Path, stem: str, x: Sequence[float],
               series: Mapping[str, Sequence[float]], *, xlabel: str, ylabel: str,
               title: str, log2_x: bool = False) -> str:
    """Plot each series against `x` (markers and lines), save a PNG under `folder`, and
    return its path (a new file each time: `<stem>-<random>.png`)."""
    from matplotlib.figure import Figure

    folder.mkdir(parents=True, exist_ok=True)
    figure = Figure(figsize=(6.0, 4.0), dpi=100)
    axes = figure.add_subplot()
    for label, values in series.items():
        axes.plot(list(x), list(values), marker="o", label=label)
    if log2_x:
        axes.set_xscale("log", base=2)
    axes.set_xticks(list(x), [f"{v:g}" for v in x])
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_title(title, fontsize=10)
    axes.grid(True, alpha=0.3)
    if len(series) > 1:
        axes.legend()
    figure.tight_layout()
    path = folder / f"{stem}-{uuid.uuid4().hex[:8]}.png"
    figure.savefig(path, format="png")
    return str(path)
