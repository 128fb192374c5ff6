"""Ranking, highlights and "did you mean" (graph.search), as pure functions over nodes."""

from __future__ import annotations

from graph.model import Label, Node
from graph.search import (
    MAX_TERMS,
    edit_distance,
    query_terms,
    rank_nodes,
    score_node,
    suggest_names,
)
from graph.search_index import index_grams, index_words


def artifact(slug: str, name: str, **props: object) -> Node:
    return Node(f"artifact:{slug}", Label.ARTIFACT, {"slug": slug, "name": name, **props})


def claim(key: str, text: str) -> Node:
    return Node(f"claim:{key}", Label.CLAIM, {"text": text})


def test_an_exact_name_scores_one_and_a_name_beats_prose() -> None:
    nodes = [claim("a", "Whisper transcribes speech."), artifact("whisper", "Whisper"),
             Node("capability:w", Label.CAPABILITY, {"name": "Whisper mode"})]
    hits = rank_nodes(nodes, ["whisper"])
    assert [(h.node.id, h.score) for h in hits] == [
        ("artifact:whisper", 1.0),
        ("capability:w", 0.7333),     # 0.5 + 0.35 x 2/3 (a capability's name weighs 2 of 3)
        ("claim:a", 0.6167),          # 0.5 + 0.35 x 1/3 (prose)
    ]


def test_coverage_counts_most_then_prefixes_count_half() -> None:
    both = score_node(claim("b", "Reads handwritten text"), ["handwritten", "text"])
    one = score_node(claim("o", "Reads handwritten notes"), ["handwritten", "text"])
    prefix = score_node(claim("p", "Reads handwritten notes"), ["hand"])
    exact = score_node(claim("e", "Reads hand notes"), ["hand"])
    assert both and one and prefix and exact
    assert both.score > one.score and both.matched == ("handwritten", "text")
    assert one.matched == ("handwritten",)
    assert prefix.score < exact.score


def test_a_one_letter_term_matches_only_the_whole_word() -> None:
    assert score_node(claim("x", "a vision model"), ["v"]) is None
    found = score_node(claim("y", "FLUX.1 v 2"), ["v"])
    assert found is not None and found.highlights[0].marked() == "FLUX.1 **v** 2"


def test_ties_go_to_artifacts_then_capabilities_then_claims_then_ids() -> None:
    nodes = [claim("b", "ocr"), claim("a", "ocr"),
             Node("capability:z", Label.CAPABILITY, {"description": "ocr"})]
    assert [h.node.id for h in rank_nodes(nodes, ["ocr"])] == \
        ["capability:z", "claim:a", "claim:b"]


def test_a_phrase_in_one_field_counts() -> None:
    in_a_row = score_node(claim("r", "default beam width 4"), ["beam", "width"])
    apart = score_node(claim("s", "beam search; image width"), ["beam", "width"])
    assert in_a_row and apart and round(in_a_row.score - apart.score, 4) == 0.075


def test_a_long_field_is_cut_around_its_first_match_with_spans_moved() -> None:
    text = "Lorem ipsum dolor sit amet. " * 20 + "It reads handwritten lines well. " + \
        "More filler words here. " * 20
    (highlight,) = score_node(claim("l", text), ["handwritten"]).highlights  # type: ignore[union-attr]
    assert highlight.snippet.startswith("…") and highlight.snippet.endswith("…")
    assert len(highlight.snippet) <= 202
    (start, end), = highlight.spans
    assert highlight.snippet[start:end] == "handwritten"
    assert "**handwritten**" in highlight.marked()


def test_folded_words_keep_the_original_spans() -> None:
    hit = score_node(artifact("cafe", "Café Ｍodel"), ["cafe", "model"])
    assert hit is not None and hit.highlights[0].marked() == "**Café** **Ｍodel**"


def test_the_index_holds_folded_words_and_name_bigrams() -> None:
    node = artifact("flux-1-pro", "FLUX.1 Pro", aliases=["flux-pro"], tagline="Images")
    assert index_words(node.label, node.props) == "flux 1 pro images"
    assert index_grams(node.label, node.props) == "fl lu ux 1 pr ro"
    assert index_words(Label.SOURCE, {"uri": "x"}) is None


def test_query_terms_are_bounded() -> None:
    assert len(query_terms(" ".join(f"w{i}" for i in range(50)))) == MAX_TERMS
    assert query_terms("—") == []


def test_edit_distance_counts_a_transposition_once() -> None:
    assert edit_distance("trcor", "trocr") == 1
    assert edit_distance("", "abc") == 3
    assert edit_distance("kitten", "sitting") == 3


def test_did_you_mean_finds_near_names_only() -> None:
    arts = [artifact("trocr-base-handwritten", "TrOCR Base Handwritten"),
            artifact("whisper-large-v3", "Whisper Large v3", aliases=["whisper-l3"]),
            artifact("flux-1-pro", "FLUX.1 Pro")]
    assert suggest_names(["wisper", "large"], arts) == ["Whisper Large v3"]
    assert suggest_names(["trocr", "base", "handwriten"], arts) == ["TrOCR Base Handwritten"]
    assert suggest_names(["fluxx"], arts) == ["FLUX.1 Pro"]
    assert suggest_names(["gemini"], arts) == []
    assert suggest_names(["ab"], arts) == []          # too short to guess from
