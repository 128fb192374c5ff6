"""Small tokenizers built locally, offline, with the `tokenizers` library's trainers.

A model of a real architecture with random weights still needs a tokenizer to decode what
it generates; where a folder has none, one is trained here on a few short English lines
and handed to the transformers class the real model uses (RobertaTokenizer for TrOCR,
CLIPTokenizer and T5Tokenizer for FLUX), built from `vocab=` and `merges=` (transformers 5
builds an empty tokenizer from `vocab_file=`). `save_pretrained` writes tokenizer.json;
`from_pretrained(folder)` loads it back. Ids a small vocabulary lacks decode to nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from inference.libraries import load

ROBERTA_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")  # ids 0..4, as RoBERTa's
CLIP_SPECIALS = ("<|startoftext|>", "<|endoftext|>")
T5_SPECIALS = ("<pad>", "</s>", "<unk>")                          # ids 0..2, as T5's


def default_corpus() -> list[str]:
    from inference.ocr.lines import LINES

    return [*LINES, "a photo of a red bicycle leaning on a wall", "0123456789 .,;:!?'-"]


def byte_level_bpe(corpus: Sequence[str] | None = None, vocab_size: int = 400) -> Any:
    """A RobertaTokenizer (byte-level BPE, RoBERTa's special tokens and ids)."""
    tokenizers = load("tokenizers")
    trainer = tokenizers.ByteLevelBPETokenizer()
    trainer.train_from_iterator(list(corpus or default_corpus()), vocab_size=vocab_size,
                                min_frequency=1, special_tokens=list(ROBERTA_SPECIALS),
                                show_progress=False)
    vocab, merges = _bpe_model(trainer._tokenizer)
    return load("transformers").RobertaTokenizer(vocab=vocab, merges=merges)


def clip_bpe(corpus: Sequence[str] | None = None, vocab_size: int = 300,
             model_max_length: int = 77) -> Any:
    """A CLIPTokenizer (lower-cased BPE with "</w>" word ends)."""
    tokenizers = load("tokenizers")
    tokenizer = tokenizers.Tokenizer(tokenizers.models.BPE(end_of_word_suffix="</w>",
                                                           unk_token=CLIP_SPECIALS[1]))
    tokenizer.normalizer = tokenizers.normalizers.Lowercase()
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    alphabet = sorted(set("".join(corpus or default_corpus()).lower()) - {" "})
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=vocab_size, special_tokens=list(CLIP_SPECIALS), end_of_word_suffix="</w>",
        initial_alphabet=alphabet, show_progress=False)
    tokenizer.train_from_iterator(list(corpus or default_corpus()), trainer)
    vocab, merges = _bpe_model(tokenizer)
    return load("transformers").CLIPTokenizer(vocab=vocab, merges=merges,
                                              model_max_length=model_max_length)


def t5_unigram(corpus: Sequence[str] | None = None, vocab_size: int = 120,
               model_max_length: int = 64) -> Any:
    """A T5Tokenizer (Unigram with "▁" word starts; pad 0, eos 1, unk 2; no sentinels)."""
    tokenizers = load("tokenizers")
    tokenizer = tokenizers.Tokenizer(tokenizers.models.Unigram())
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.Metaspace()
    trainer = tokenizers.trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=list(T5_SPECIALS), unk_token="<unk>",
        show_progress=False)
    tokenizer.train_from_iterator(list(corpus or default_corpus()), trainer)
    state = json.loads(tokenizer.to_str())
    vocab = [(str(piece), float(score)) for piece, score in state["model"]["vocab"]]
    return load("transformers").T5Tokenizer(vocab=vocab, extra_ids=0,
                                            model_max_length=model_max_length)


def _bpe_model(tokenizer: Any) -> tuple[dict[str, int], list[tuple[str, str]]]:
    state = json.loads(tokenizer.to_str())["model"]
    merges = [tuple(m) if isinstance(m, list) else tuple(m.split(" ", 1))
              for m in state["merges"]]
    return dict(state["vocab"]), [(a, b) for a, b in merges]
