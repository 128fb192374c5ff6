"""The intent set's integrity and the scorer's arithmetic (bench/intent_eval.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.intent_eval import (
    CORPUS,
    DEV_SET,
    INTENTS,
    Intent,
    corpus_store,
    evaluate,
    load_intents,
    token_overlap_baseline,
)
from graph.store import GraphStore

NO_CORPUS = f"the corpus of real pages is not at {CORPUS} (it lives in ../shared/corpus)"


@pytest.fixture(scope="module")
def store() -> GraphStore:
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return corpus_store()


def all_slugs(store: GraphStore) -> dict[str, bool]:
    """Every artifact slug in the store, with whether it is a stub."""
    slugs: dict[str, bool] = {}
    offset = 0
    while True:
        page = store.list_artifacts(first=500, offset=offset)
        slugs.update({str(n.get("slug")): bool(n.get("stub")) for n in page.nodes})
        offset += len(page.nodes)
        if not page.has_next or not page.nodes:
            return slugs


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def test_the_dev_set_has_at_least_60_distinct_intents() -> None:
    intents = load_intents(DEV_SET)
    assert len(intents) >= 60
    texts = [normalised(i.text) for i in intents]
    assert len(set(texts)) == len(texts), [t for t in texts if texts.count(t) > 1]
    ids = [i.id for i in intents]
    assert len(set(ids)) == len(ids)
    for intent in intents:
        assert len(set(intent.relevant)) == len(intent.relevant), intent.id
    # every kind of wording is represented (lexical-only matching is genuinely tested)
    assert {i.kind for i in intents} == {"plain", "paraphrase", "short", "long", "typo"}


@pytest.mark.parametrize("path", sorted(INTENTS.glob("*.jsonl")), ids=lambda p: p.name)
def test_every_slug_an_intent_names_exists_after_importing_the_corpus(
        path: Path, store: GraphStore) -> None:
    slugs = all_slugs(store)
    named = {slug for intent in load_intents(path) for slug in intent.relevant}
    missing = sorted(named - slugs.keys())
    assert not missing, f"{path.name} names slugs the corpus does not have: {missing}"
    stubs = sorted(s for s in named if slugs[s])
    assert not stubs, f"{path.name} expects stubs (names the graph knows nothing of): {stubs}"


def test_scorer_arithmetic_on_a_hand_made_example() -> None:
    intents = [
        Intent("a", "first", ("x",), best="x"),         # rank 1
        Intent("b", "second", ("y", "z"), best="z"),    # first relevant (y) at rank 3
        Intent("c", "third", ("w",)),                   # rank 7: in the MRR, not the recall
        Intent("d", "fourth", ("v",), best="v"),        # nowhere
    ]
    answers = {
        "first": ["x", "p", "q"],
        "second": ["p", "p", "q", "y", "z"],            # a repeated slug counts once
        "third": ["p", "q", "r", "s", "t", "u", "w"],
        "fourth": [],
    }
    asked = []

    def resolve(text: str, first: int) -> list[str]:
        asked.append(first)
        return answers[text]

    scores = evaluate(resolve, intents)
    assert asked == [10, 10, 10, 10]
    assert scores.intents == 4
    assert scores.recall_at_k == pytest.approx(2 / 4)
    assert scores.mrr == pytest.approx((1 + 1 / 3 + 1 / 7 + 0) / 4)
    assert scores.best_at_1 == pytest.approx(1 / 3)
    assert [(m.id, m.first_relevant_rank) for m in scores.misses] == [("c", 7), ("d", None)]
    assert scores.misses[0].got == ("p", "q", "r", "s", "t")


def test_load_intents_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"intent": "ok", "relevant": ["a"]}) + "\n"
                   + json.dumps({"intent": "x", "relevant": ["a"], "best": "b"}) + "\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: 'best' 'b' is not among"):
        load_intents(bad)


def test_the_baseline_runs_end_to_end(store: GraphStore) -> None:
    scores = evaluate(token_overlap_baseline(store), load_intents(DEV_SET))
    assert scores.intents >= 60
    assert 0 < scores.recall_at_k <= 1 and 0 < scores.mrr <= 1
