"""Importing pages into a store: runs on both stores (the `store` fixture)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.comparison import Leader, compare_profiles
from graph.comparison_text import write_verdict
from graph.errors import ImportFailed, PageFormatError
from graph.ingest.identity import source_id_for
from graph.ingest.importer import import_files, import_text
from graph.model import Label, Node
from graph.ranking import rank_breakdown
from graph.store import GraphStore
from tests.conftest import SEED, corpus_files
from tests.graph.test_comparison_text import assert_verdict_agrees

SEED_TEXT = SEED.read_text() if SEED.exists() else ""


def nodes(store: GraphStore, label: Label) -> list[Node]:
    return [n for n in store.export() if isinstance(n, Node) and n.label is label]


def test_the_seed_lands_with_its_table_and_capabilities(store: GraphStore) -> None:
    report = import_text(store, SEED_TEXT, uri=SEED.name)
    assert report.status == "created" and not report.truncated
    assert report.artifacts == ("trocr-base-handwritten", "flux-1-pro")
    left, right = store.profiles(["trocr-base-handwritten", "flux-1-pro"])
    assert left.artifact.props["name"] == "trocr-base-handwritten"
    assert right.artifact.props["name"] == "FLUX.1 Pro"
    assert len(left.capabilities) == 8 and len(right.capabilities) == 8
    values = {s.props["name"]: s.props.get("value") for s in left.signals}
    assert values == {"type": "Model", "rank": 43, "adoption": 1, "quality": 0, "ecosystem": 1,
                      "match_graph": 0, "pricing": "Free", "capabilities": 9,
                      "times_matched": 0, "capabilities_more": 1}
    assert {s.props["name"]: s.props.get("value") for s in right.signals}["capabilities_more"] == 5
    cap = left.capabilities[0]
    assert cap.props["description"].startswith("Recognizes handwritten text")
    assert cap.props["unique_aspect"].startswith("Uses a Vision Transformer")
    assert cap.props["vs_alternatives"].startswith("Outperforms traditional")
    claims = store.claims_of([cap.id])[cap.id]
    assert [c.props["kind"] for c in claims][:1] == ["description"]
    assert all(c.props["text"] and c.props["sentence"].endswith((".", "!", "?"))
               for c in claims)
    assert all(c.props["text"] in c.props["sentence"] or "(" in c.props["text"]
               for c in claims)
    source = store.get_node(report.source_id)
    assert source is not None and source.props["uri"] == SEED.name
    assert "58/100" in source.props["reported_summary"]     # kept verbatim, not trusted


def test_the_seed_comparison_matches_its_table_and_the_verdict_agrees(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri=SEED.name)
    left, right = store.profiles(["trocr-base-handwritten", "flux-1-pro"])
    comparison = compare_profiles(left, right)
    cells = {r.key: (r.left.display, r.right.display, r.leader) for r in comparison.rows}
    assert cells["rank"] == ("43/100", "58/100", Leader.RIGHT)
    assert cells["adoption"] == ("1", "1", Leader.TIE)
    assert cells["quality"] == ("0", "1", Leader.RIGHT)
    assert cells["ecosystem"] == ("1", "0", Leader.LEFT)
    assert cells["match_graph"] == ("0", "0", Leader.TIE)
    assert cells["pricing"] == ("Free", "Free", Leader.TIE)
    assert cells["capabilities"][:2] == ("9 decomposed", "13 decomposed")
    assert cells["times_matched"] == ("0", "0", Leader.TIE)
    verdict = write_verdict(comparison).text
    # the page itself says "FLUX.1 Pro is stronger on adoption" over a 1 vs 1 row
    assert "adoption (" not in verdict and "tied on adoption" in verdict
    assert_verdict_agrees(comparison)


def test_importing_the_same_page_again_changes_nothing(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri=SEED.name)
    before = list(store.export())
    again = import_text(store, SEED_TEXT, uri=SEED.name)
    assert again.status == "unchanged"
    assert list(store.export()) == before


def test_a_changed_page_replaces_its_facts(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri=SEED.name)
    before = {n.id for n in nodes(store, Label.CAPABILITY)}
    changed = SEED_TEXT.replace("| UnfragileRank | 43/100 | 58/100 |",
                                "| UnfragileRank | 47/100 | 58/100 |")
    changed = changed.replace("Recognizes handwritten text", "Reads handwritten text")
    report = import_text(store, changed, uri=SEED.name)
    assert report.status == "updated" and report.removed > 0
    after = {n.id for n in nodes(store, Label.CAPABILITY)}
    assert len(after) == len(before) and len(after - before) == 1
    (profile,) = store.profiles(["trocr-base-handwritten"])
    assert rank_breakdown(profile).score == 47
    texts = [c.props.get("description", "") for c in profile.capabilities]
    assert not any(t.startswith("Recognizes handwritten") for t in texts)
    assert len(nodes(store, Label.SOURCE)) == 1
    listed = store.list_artifacts(first=5)
    assert [n.props.get("rank_score") for n in listed.nodes][:2] == [58, 47]
    assert all(n.props.get("stub") for n in listed.nodes[2:])    # alternatives claims name


def test_pages_that_disagree_both_keep_their_numbers(store: GraphStore) -> None:
    import_text(store, SEED_TEXT, uri="first.txt", now="2026-01-01T00:00:00+00:00")
    other = SEED_TEXT.replace("| UnfragileRank | 43/100 | 58/100 |",
                              "| UnfragileRank | 41/100 | 58/100 |")
    import_text(store, other, uri="second.txt", now="2026-02-01T00:00:00+00:00")
    (profile,) = store.profiles(["trocr-base-handwritten"])
    ranks = sorted((s.props["value"], profile.sources[s.props["source"]].props["uri"])
                   for s in profile.signals if s.props["name"] == "rank")
    assert ranks == [(41, "second.txt"), (43, "first.txt")]
    rank = rank_breakdown(profile)
    assert rank.score == 41 and "sources disagree" in rank.explanation
    real = [n for n in nodes(store, Label.ARTIFACT) if not n.props.get("stub")]
    assert len(real) == 2                                # one node per artifact
    assert len(nodes(store, Label.CAPABILITY)) == 16     # the same capabilities, twice cited


def test_a_bad_file_among_good_ones_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(SEED_TEXT)
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED_TEXT.replace("| UnfragileRank | 43/100 |", "| UnfragileRank | high |"))
    with pytest.raises(PageFormatError) as caught:
        import_files(store, [good, bad])
    assert str(caught.value).startswith(f"{bad}:6:")       # the path, as given
    assert "UnfragileRank" in str(caught.value) or "rank" in str(caught.value)
    assert list(store.export()) == []


def test_binary_input_is_refused_with_its_name(store: GraphStore, tmp_path: Path) -> None:
    blob = tmp_path / "weights.bin"
    blob.write_bytes(b"\x00\xff\xfe binary")
    with pytest.raises(PageFormatError, match=r"weights\.bin:1: not UTF-8"):
        import_files(store, [blob])
    assert list(store.export()) == []


@pytest.mark.parametrize("page", corpus_files(), ids=lambda p: p.stem)
def test_every_corpus_page_imports(store: GraphStore, page: Path) -> None:
    report = import_files(store, [page])[0]
    assert report.truncated                      # every corpus page is a cut beginning
    source = store.get_node(report.source_id)
    assert source is not None and source.props["truncated"] is True
    assert any("cut" in note or "end" in note for note in source.props["notes"])
    for slug in report.artifacts:
        assert store.find_artifact(slug) is not None


def test_the_whole_corpus_keeps_one_node_per_artifact(store: GraphStore, corpus_dir: Path) -> None:
    import_files(store, sorted(corpus_dir.glob("*.txt")))
    import_text(store, SEED_TEXT, uri=SEED.name)
    slugs = [n.props["slug"] for n in nodes(store, Label.ARTIFACT)]
    assert len(slugs) == len(set(slugs))
    assert {"tesseract", "easyocr", "midjourney"} <= set(slugs)   # named alternatives
    # "@modelcontextprotocol/server-filesystem" on two pages is one artifact
    flux = store.profiles(["flux-1-pro"])[0]
    assert len({s.props["source"] for s in flux.signals}) >= 5
    for a, b in (("trocr-base-handwritten", "flux-1-pro"), ("flux-1-pro", "stable-diffusion-xl")):
        assert_verdict_agrees(compare_profiles(*store.profiles([a, b])))


def listings_page(left: str, right: str) -> str:
    """A comparison page of two listings, `left` ranked 48 and `right` ranked 61."""
    return f"""{left} vs {right}
{right} ranks higher at 61/100 vs {left} at 48/100. Capability-level comparison.
| Feature | {left} | {right} |
|---|---|---|
| Type | Model | Model |
| UnfragileRank | 48/100 | 61/100 |
| Adoption | 1 | 1 |
| Quality | 0 | 1 |
| Ecosystem | 1 | 0 |
| Match Graph | 0 | 0 |
| Pricing | Free | Paid |
| Capabilities | 1 decomposed | 1 decomposed |
| Times Matched | 0 | 0 |
{left} Capabilities
Transcribes speech in 99 languages from 16 kHz audio.
Unique: Uses 128 mel bins instead of 80.
vs alternatives: Makes fewer errors than older checkpoints.
{right} Capabilities
Serves transcription over an HTTP API.
Unique: Bills per minute of audio.
vs alternatives: Needs no GPU of your own.
Verdict
{right} scores higher at 61/100 vs {left} at 48/100.
"""


@pytest.mark.parametrize("order", ["slug-form first", "display name first"])
def test_two_listings_whose_names_slug_alike_stay_two_artifacts(
    store: GraphStore, order: str,
) -> None:
    names = ["whisper-large-v3", "Whisper Large v3"]
    if order == "display name first":
        names.reverse()
    page = listings_page(*names)
    report = import_text(store, page, uri="whisper.txt")
    assert len(set(report.artifacts)) == 2
    found = {name: store.find_artifact(name) for name in names}
    nodes_by_name = {name: node for name, node in found.items() if node is not None}
    assert len(nodes_by_name) == 2
    # each listing keeps its own name and its own numbers from the page
    for name, node in nodes_by_name.items():
        assert node.props["name"] == name
    slugs = {name: str(node.props["slug"]) for name, node in nodes_by_name.items()}
    assert slugs["whisper-large-v3"] == "whisper-large-v3"       # the name that is a slug
    assert slugs["Whisper Large v3"].startswith("whisper-large-v3-")
    ranks = {name: rank_breakdown(p).score for name, p in
             zip(names, store.profiles([slugs[n] for n in names]), strict=True)}
    assert ranks == {names[0]: 48, names[1]: 61}
    comparison = compare_profiles(*store.profiles([slugs[n] for n in names]))
    assert comparison.row("rank").leader is Leader.RIGHT
    assert write_verdict(comparison).text.startswith(
        f"{names[1]} ranks higher at 61/100 vs {names[0]} at 48/100")
    # the API's compare resolves each name to its own listing
    from tests.schema.test_api import run

    compared = run(store, """query ($a: String!, $b: String!) { compare(a: $a, b: $b) {
        left { name } right { name } verdict } }""", a=names[0], b=names[1])["compare"]
    assert (compared["left"]["name"], compared["right"]["name"]) == tuple(names)
    # the same page again changes nothing; the same names on another page find the same two
    assert import_text(store, page, uri="whisper.txt").status == "unchanged"
    again = import_text(store, listings_page(*reversed(names)), uri="other.txt")
    assert set(again.artifacts) == set(report.artifacts)


# -- which page a file is (graph.ingest.identity) -------------------------------------------


def write_page(folder: Path, text: str, name: str = "page.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


def sources(store: GraphStore) -> dict[str, Node]:
    return {str(n.props["uri"]): n for n in nodes(store, Label.SOURCE)}


def test_two_pages_with_one_file_name_coexist(store: GraphStore, tmp_path: Path) -> None:
    first = write_page(tmp_path / "siteA", listings_page("Alpha OCR", "Beta OCR"))
    second = write_page(tmp_path / "siteB", listings_page("Gamma TTS", "Delta TTS"))
    a, b = import_files(store, [first]) + import_files(store, [second])
    assert (a.status, b.status, b.removed) == ("created", "created", 0)
    assert (a.file, b.file) == (str(first), str(second))
    assert set(sources(store)) == {first.resolve().as_uri(), second.resolve().as_uri()}
    assert b.summary().startswith(f"{second}: created, ") and "stale" not in b.summary()
    for slug in ("alpha-ocr", "beta-ocr", "gamma-tts", "delta-tts"):
        (profile,) = store.profiles([slug])
        assert profile.capabilities and profile.signals      # the first page's stay too
    # each is updated from its own text
    changed = import_files(store, [write_page(tmp_path / "siteA", SEED_TEXT)])[0]
    assert changed.status == "updated" and changed.source_id == a.source_id
    assert store.profiles(["gamma-tts"])[0].signals


def test_the_same_text_from_another_path_is_that_page(store: GraphStore, tmp_path: Path) -> None:
    first = write_page(tmp_path / "clone1", SEED_TEXT, SEED.name)
    created = import_files(store, [first])[0]
    before = list(store.export())
    again = import_files(store, [write_page(tmp_path / "elsewhere", SEED_TEXT, "copy.txt")])[0]
    assert again.status == "unchanged" and again.source_id == created.source_id
    assert again.same_as == first.resolve().as_uri()
    assert again.summary().endswith(f": unchanged (same text as {again.same_as})")
    assert again.artifacts == created.artifacts
    assert list(store.export()) == before                    # not one fact stated twice


def test_seeds_read_from_another_clone_are_the_same_pages(
    store: GraphStore, tmp_path: Path,
) -> None:
    clones = [tmp_path / "clone1" / "seeds", tmp_path / "clone2" / "seeds"]
    first = write_page(clones[0] / "documents", SEED_TEXT, SEED.name)
    (created,) = import_files(store, [first], seeds=clones[0])
    assert created.uri == f"seeds:documents/{SEED.name}"
    changed = SEED_TEXT.replace("| UnfragileRank | 43/100 |", "| UnfragileRank | 47/100 |")
    second = write_page(clones[1] / "documents", changed, SEED.name)
    (updated,) = import_files(store, [second], seeds=clones[1])
    assert (updated.status, updated.source_id) == ("updated", created.source_id)
    assert list(sources(store)) == [created.uri]
    assert rank_breakdown(store.profiles(["trocr-base-handwritten"])[0]).score == 47


def test_a_source_named_by_the_older_bare_name_rule_is_adopted(
    store: GraphStore, tmp_path: Path,
) -> None:
    """A store written when a page was its file name: the same text is that page; a changed
    text replaces it (as the older rule did) and the page gets its full address."""
    import_text(store, SEED_TEXT, uri="page.txt")           # what the older rule wrote
    alone = store.counts()
    path = write_page(tmp_path / "site", SEED_TEXT)
    same = import_files(store, [path])[0]
    assert (same.status, same.source_id, same.same_as) == \
        ("unchanged", source_id_for("page.txt"), "page.txt")
    changed = SEED_TEXT.replace("| UnfragileRank | 43/100 |", "| UnfragileRank | 47/100 |")
    updated = import_files(store, [write_page(tmp_path / "site", changed)])[0]
    assert (updated.status, updated.same_as) == ("updated", "page.txt")
    assert updated.summary().endswith(", replacing page.txt")
    assert list(sources(store)) == [path.resolve().as_uri()]
    assert store.get_node(source_id_for("page.txt")) is None
    assert store.counts() == alone                 # its facts moved over, none left twice
    (profile,) = store.profiles(["trocr-base-handwritten"])
    assert [s.props["value"] for s in profile.signals if s.props["name"] == "rank"] == [47]
    # a page of that name elsewhere is now a page of its own
    other = import_files(store, [write_page(tmp_path / "other", listings_page("A1", "B1"))])[0]
    assert other.status == "created" and other.same_as is None
    assert len(sources(store)) == 2


def test_a_file_name_that_is_not_utf8_is_refused_naming_it(
    store: GraphStore, tmp_path: Path,
) -> None:
    good = write_page(tmp_path, SEED_TEXT, "good.txt")
    odd = tmp_path / os.fsdecode(b"caf\xe9.txt")
    try:
        odd.write_text(SEED_TEXT)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    with pytest.raises(ImportFailed, match=r"caf\\xe9\.txt: the file name is not UTF-8"):
        import_files(store, [good, odd])
    with pytest.raises(ImportFailed, match=r"missing\.txt: cannot read: No such file"):
        import_files(store, [good, tmp_path / "missing.txt"])
    assert list(store.export()) == []
