"""Atomize: sentences into one checkable statement each, with mentions of alternatives."""

from __future__ import annotations

from graph.claims.atomize import atomize, split_sentence
from graph.claims.mentions import find_mentions


def test_keeps_sentence_and_positions() -> None:
    atoms = atomize("Reads receipts. It runs on a CPU; it needs 2GB.")
    assert [(a.text, a.sentence_index, a.atom_index) for a in atoms] == [
        ("Reads receipts", 0, 0), ("It runs on a CPU", 1, 0), ("it needs 2GB", 1, 1)]
    assert atoms[2].sentence == "It runs on a CPU; it needs 2GB."


def test_while_and_causal_clauses_are_their_own_claims() -> None:
    assert split_sentence("Cuts latency by 30%, while keeping 98% recall.") == [
        "Cuts latency by 30%", "keeping 98% recall"]
    assert split_sentence("Scores higher on invoices because its tokenizer is larger.") == [
        "Scores higher on invoices", "because its tokenizer is larger"]


def test_consequence_clauses_split_off() -> None:
    assert split_sentence("Ships an 8-bit variant, reducing disk use and lowering cost.") == [
        "Ships an 8-bit variant", "reducing disk use", "lowering cost"]


def test_lists_of_means_stay_together() -> None:
    sentence = "The decoder reads the features, embedding each token, and applying 6 layers."
    assert split_sentence(sentence) == [sentence.rstrip(".")]


def test_bracketed_attribute_lists_become_one_claim_per_item() -> None:
    atoms = split_sentence("Builds on a text encoder (BERT-large, 24 layers, 16 heads) "
                           "trained on Wikipedia.")
    assert atoms == ["Builds on a text encoder trained on Wikipedia",
                     "text encoder (BERT-large)", "text encoder (24 layers)",
                     "text encoder (16 heads)"]


def test_brackets_that_state_no_attribute_stay() -> None:
    sentence = "Handles scripts (Greek, Hebrew, Thai) well"
    assert split_sentence(sentence) == [sentence]
    assert split_sentence("Splits nothing (a, b) here; fine here") == [
        "Splits nothing (a, b) here", "fine here"]


def test_fragments_are_not_split_off() -> None:
    assert split_sentence("Fast, enabling.") == ["Fast, enabling"]


def test_mentions_are_names_in_contrasts() -> None:
    assert find_mentions("Reads faster than Kraken and Calamari 2 on scans") == (
        "Kraken", "Calamari 2")
    assert find_mentions("Compared to GPT-4o API (closed) it is cheaper") == ("GPT-4o",)
    assert find_mentions("Unlike CNN-based OCR engines (PaddleOCR, docTR), it reads lines") == (
        "PaddleOCR",)
    assert find_mentions("Outperforms SDXL-based pipelines") == ("SDXL",)


def test_no_mentions_outside_contrasts_or_for_generic_terms() -> None:
    assert find_mentions("Built by Google Research in PyTorch") == ()
    assert find_mentions("More accurate than OCR and CNN systems") == ()
    assert find_mentions("Faster than Whisper (which needs a GPU)") == ("Whisper",)


def test_atoms_carry_their_own_mentions() -> None:
    atoms = atomize("Beats Tesseract on receipts; matches EasyOCR on forms.")
    assert [a.mentions for a in atoms] == [("Tesseract",), ("EasyOCR",)]
