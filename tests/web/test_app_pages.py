"""The web app in a real browser against a live seeded server (fixtures: tests/web/conftest.py).

Every page is checked against what the public API says (read here through the same
/graphql), never against numbers written into the test; the `page` fixture fails a test
on any console error and on any request that tries to leave 127.0.0.1.
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from graph.access import Scope, create_token
from graph.model import Node, WriteBatch
from tests.web.conftest import LiveServer, PageProblems

SEED_LEFT, SEED_RIGHT = "trocr-base-handwritten", "flux-1-pro"


def api(page: Page, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    """What the public API answers (the data; a test fails on an error)."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    reply = page.request.post("/graphql", data={"query": query, "variables": variables},
                              headers=headers).json()
    assert not reply.get("errors"), reply["errors"]
    data: dict[str, Any] = reply["data"]
    return data


def scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"))


# ---- home ----------------------------------------------------------------------------

BOARD = """query ($stubs: Boolean!) { artifacts(first: 100, includeStubs: $stubs) {
  totalCount edges { node { slug name stub rank { score basis } } } } }"""


def test_home_shows_the_leaderboard_with_each_rank_and_its_basis(page: Page) -> None:
    listed = api(page, BOARD, stubs=False)["artifacts"]
    page.goto("/")
    rows = page.locator("table.leaderboard tbody tr")
    expect(rows).to_have_count(len(listed["edges"]))
    for row, edge in zip(rows.all(), listed["edges"], strict=True):
        node = edge["node"]
        expect(row.get_by_role("link", name=node["name"], exact=True)).to_have_attribute(
            "href", f"/a/{node['slug']}")
        expect(row).to_contain_text(f"{node['rank']['score']:.1f}/100")
        expect(row.locator("[data-basis]")).to_have_attribute("data-basis", node["rank"]["basis"])


def test_showing_stubs_lists_every_artifact_and_keeps_the_filter_in_the_url(page: Page) -> None:
    every = api(page, BOARD, stubs=True)["artifacts"]
    assert any(e["node"]["stub"] for e in every["edges"]), "the seed names stub alternatives"
    page.goto("/")
    page.get_by_label("Hide stubs").uncheck()
    expect(page.locator("table.leaderboard tbody tr")).to_have_count(len(every["edges"]))
    expect(page).to_have_url(re.compile(r"\?stubs=1$"))
    page.reload()
    expect(page.get_by_label("Hide stubs")).not_to_be_checked()
    expect(page.locator("table.leaderboard .badge.stub").first).to_be_visible()


def test_search_suggests_artifacts_and_the_keyboard_opens_one(page: Page) -> None:
    name = api(page, '{ artifact(slug: "trocr") { name slug } }')["artifact"]
    page.goto("/")
    box = page.get_by_role("combobox", name="Search artifacts")
    box.press_sequentially("trocr", delay=30)
    suggestion = page.get_by_role("option").first
    expect(suggestion).to_contain_text(name["name"])
    box.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(re.compile(f"/a/{name['slug']}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name["name"])


def test_a_hub_id_typed_in_the_search_box_opens_its_artifact(page: Page) -> None:
    files = api(page, '{ artifact(slug: "trocr-base-handwritten") { slug modelFiles { hubId } } }')
    hub_id = files["artifact"]["modelFiles"][0]["hubId"]
    page.goto("/")
    page.get_by_role("combobox", name="Search artifacts").fill(hub_id)
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(f"/a/{files['artifact']['slug']}$"))


SEARCH = """query ($q: String!) { search(query: $q, first: 20) { totalCount
  edges { node { __typename id ... on Capability { artifact { slug } } } } } }"""


def test_a_search_lists_its_hits_and_a_capability_hit_opens_that_capability(page: Page) -> None:
    titles = api(page, '{ artifact(slug: "trocr-base-handwritten") { capabilities { title } } }')
    word = max(re.findall(r"[a-z]{6,}", titles["artifact"]["capabilities"][0]["title"].lower()),
               key=len)
    named = api(page, "query ($s: String!) { artifact(slug: $s) { slug } }", s=word)["artifact"]
    assert named is None, f"{word!r} names an artifact: the box would open it, not search"
    found = api(page, SEARCH, q=word)["search"]
    hit = next(e["node"] for e in found["edges"] if e["node"]["__typename"] == "Capability")
    page.goto("/")
    page.get_by_role("combobox", name="Search artifacts").fill(word)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name=re.compile(
        f"^{found['totalCount']} results? for"))).to_be_visible()
    expect(page).to_have_url(re.compile(f"\\?q={word}$"))
    page.locator(f'ol.results a[href$="#capability-{hit["id"]}"]').click()
    expect(page).to_have_url(re.compile(f"/a/{hit['artifact']['slug']}#capability-"))
    expect(page.locator(f'details[id="capability-{hit["id"]}"]')).to_have_attribute("open", "")


# ---- artifact ------------------------------------------------------------------------

ARTIFACT = """query ($s: String!) { artifact(slug: $s) { name
  rank { score basis components { name weight value contribution claims { id } } }
  capabilities { claims { id verdict } } modelFiles { hubId facts { name } }
  sources { uri title } } }"""


def test_the_artifact_page_draws_the_rank_breakdown_the_api_gives(page: Page) -> None:
    artifact = api(page, ARTIFACT, s=SEED_LEFT)["artifact"]
    page.goto(f"/a/{SEED_LEFT}")
    expect(page.get_by_role("heading", level=1)).to_have_text(artifact["name"])
    chart = page.get_by_role("img", name=f"Rank breakdown of {artifact['name']}")
    expect(chart).to_be_visible()
    description = chart.locator("desc")
    for component in artifact["rank"]["components"]:
        bar = chart.locator(f'[data-component="{component["name"]}"]')
        expect(bar).to_have_count(1)
        if component["contribution"] is None:
            expect(bar).to_contain_text("missing")
            expect(description).to_contain_text(f"{component['name']}: weight")
        else:
            expect(bar).to_contain_text(f"+{round(component['contribution'], 1):g}")
    moved = [c for c in artifact["rank"]["components"] if c["claims"]]
    assert moved, "the seed's checked claims move the evidence component"
    table = page.locator("table.components")
    expect(table).to_contain_text(f"{len(moved[0]['claims'])} claims")


def test_the_artifact_page_lists_capabilities_claims_facts_and_sources(page: Page) -> None:
    artifact = api(page, ARTIFACT, s=SEED_LEFT)["artifact"]
    page.goto(f"/a/{SEED_LEFT}")
    claims = [c for cap in artifact["capabilities"] for c in cap["claims"]]
    expect(page.locator("details.capability")).to_have_count(len(artifact["capabilities"]))
    expect(page.locator("ul.claims li")).to_have_count(len(claims))
    refuted = sum(c["verdict"] == "REFUTED" for c in claims)
    assert refuted, "the seed's model files refute some claims"
    expect(page.locator('ul.claims [data-verdict="REFUTED"]')).to_have_count(refuted)
    files = artifact["modelFiles"][0]
    expect(page.get_by_role("heading", name=files["hubId"])).to_be_visible()
    page.get_by_text(f"All {len(files['facts'])} facts").click()
    expect(page.get_by_role("region", name=f"Facts of {files['hubId']}").locator("tbody tr")
           ).to_have_count(len(files["facts"]))
    expect(page.locator("ul.sources")).to_contain_text(artifact["sources"][0]["title"])


# ---- navigation and compare ----------------------------------------------------------

COMPARE = """query ($a: String!, $b: String!) { compare(a: $a, b: $b) {
  left { name } right { name }
  rows { key label leader left { display } right { display } }
  statements { text rows }
  leftCapabilities { claims { id verdict evidence { file field } } } } }"""


def test_navigation_goes_home_to_artifact_to_compare_and_back(page: Page) -> None:
    names = api(page, COMPARE, a=SEED_LEFT, b=SEED_RIGHT)["compare"]
    page.goto("/")
    page.get_by_role("link", name=names["left"]["name"], exact=True).click()
    expect(page).to_have_url(re.compile(f"/a/{SEED_LEFT}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(names["left"]["name"])
    page.get_by_role("link", name=f"Compare with {names['right']['name']}").click()
    expect(page).to_have_url(re.compile(f"/compare/{SEED_LEFT}/{SEED_RIGHT}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{names['left']['name']} vs {names['right']['name']}")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(names["left"]["name"])
    page.go_back()
    expect(page.locator("table.leaderboard")).to_be_visible()


def test_the_compare_page_shows_every_row_as_the_api_does_and_the_adoption_tie_as_a_tie(
        page: Page) -> None:
    comparison = api(page, COMPARE, a=SEED_LEFT, b=SEED_RIGHT)["compare"]
    adoption = next(r for r in comparison["rows"] if r["key"] == "adoption")
    assert adoption["leader"] == "TIE"
    assert adoption["left"]["display"] == adoption["right"]["display"]
    page.goto(f"/compare/{SEED_LEFT}/{SEED_RIGHT}")
    for row in comparison["rows"]:
        shown = page.locator(f'tr[data-row="{row["key"]}"]')
        expect(shown).to_have_attribute("data-leader", row["leader"])
        expect(shown.locator("td").nth(0)).to_have_text(row["left"]["display"])
        expect(shown.locator("td").nth(1)).to_have_text(row["right"]["display"])
    tie = page.locator('tr[data-row="adoption"]')
    expect(tie.locator("td.leader")).to_have_text("= tie")
    expect(tie.locator("td.leads")).to_have_count(0)          # neither side is marked ahead
    # no sentence says anyone leads on adoption: the one naming it calls it a tie
    naming = [s for s in comparison["statements"] if "adoption" in s["rows"]]
    assert naming and all("tied" in s["text"].lower() or "same" in s["text"].lower()
                          for s in naming)


def test_each_verdict_sentence_links_to_the_rows_it_rests_on(page: Page) -> None:
    comparison = api(page, COMPARE, a=SEED_LEFT, b=SEED_RIGHT)["compare"]
    page.goto(f"/compare/{SEED_LEFT}/{SEED_RIGHT}")
    sentences = page.locator("ol.statements > li")
    expect(sentences).to_have_count(len(comparison["statements"]))
    for shown, statement in zip(sentences.all(), comparison["statements"], strict=True):
        expect(shown).to_contain_text(statement["text"])
        links = shown.locator("a.row-link")
        expect(links).to_have_count(len(statement["rows"]))
        for key in statement["rows"]:
            expect(shown.locator(f'a[href="#row-{key}"]')).to_have_count(1)
    last = comparison["statements"][-1]["rows"][0]
    sentences.last.locator(f'a[href="#row-{last}"]').click()
    expect(page).to_have_url(re.compile(f"#row-{last}$"))
    expect(page.locator(f"#row-{last}")).to_be_in_viewport()


def test_a_claims_evidence_is_two_clicks_from_the_compare_page(page: Page) -> None:
    comparison = api(page, COMPARE, a=SEED_LEFT, b=SEED_RIGHT)["compare"]
    claim = next(c for cap in comparison["leftCapabilities"] for c in cap["claims"]
                 if c["verdict"] == "REFUTED")
    evidence = claim["evidence"][0]
    page.goto(f"/compare/{SEED_LEFT}/{SEED_RIGHT}")
    link = page.locator(f'.side-claims a[href="/claim/{claim["id"]}"]')
    link.locator("xpath=ancestor::details").locator("summary").click()      # click 1
    link.click()                                                             # click 2
    expect(page).to_have_url(re.compile("/claim/"))
    card = page.locator("article.evidence").first
    expect(card).to_be_in_viewport()
    expect(card).to_contain_text(evidence["file"])
    expect(card).to_contain_text(evidence["field"])


def test_the_compare_page_works_from_the_keyboard_with_focus_visible(page: Page) -> None:
    comparison = api(page, COMPARE, a=SEED_LEFT, b=SEED_RIGHT)["compare"]
    key = comparison["statements"][0]["rows"][0]
    page.goto(f"/compare/{SEED_LEFT}/{SEED_RIGHT}")
    expect(page.locator("ol.statements")).to_be_visible()
    for _ in range(60):                     # Tab through the page to the first sentence's row link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.row-link')"):
            break
    else:
        raise AssertionError("Tab never reached a verdict sentence's row link")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "the focused link shows no focus ring"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"#row-{key}$"))
    expect(page.locator(f"#row-{key}")).to_be_in_viewport()


# ---- claim ---------------------------------------------------------------------------

CLAIM = """query ($a: String!) { claims(first: 1, artifact: $a, verdict: REFUTED) { edges { node {
  id text claimClass line source { uri title }
  evidence { file field found claimed rule libraries weights } } } } }"""


def test_the_claim_page_shows_its_evidence_and_the_line_of_its_page(page: Page) -> None:
    claim = api(page, CLAIM, a=SEED_LEFT)["claims"]["edges"][0]["node"]
    page.goto(f"/claim/{claim['id']}")
    expect(page.locator("blockquote.claim-text")).to_have_text(claim["text"])
    expect(page.locator('h1 [data-verdict="REFUTED"]')).to_be_visible()
    expect(page.locator("dl.facts").first).to_contain_text(
        f"{claim['source']['title']}, line {claim['line']}")
    card = page.locator("article.evidence").first
    for field in ("file", "field", "rule", "weights"):
        expect(card).to_contain_text(claim["evidence"][0][field])
    expect(card).to_contain_text(claim["evidence"][0]["libraries"][0])


SUPPORTED = """query ($a: String!) { claims(first: 1, artifact: $a, verdict: SUPPORTED) {
  edges { node { id evidence { id plot } } } } }"""


def test_the_claim_page_shows_the_plot_its_evidence_names(
        page: Page, live_server: LiveServer) -> None:
    from PIL import Image, ImageDraw

    claim = api(page, SUPPORTED, a=SEED_LEFT)["claims"]["edges"][0]["node"]
    # a measurement names its plot on its evidence (inference.measure); this one is drawn here
    plot = live_server.settings.plots / "web-app-test-plot.png"
    image = Image.new("RGB", (320, 240), "white")
    ImageDraw.Draw(image).line([(20, 220), (300, 20)], fill="navy", width=3)
    image.save(plot)
    evidence_id = base64.urlsafe_b64decode(claim["evidence"][0]["id"]).decode().split(":", 1)[1]
    node = live_server.store.get_node(evidence_id)
    assert node is not None
    live_server.store.apply(WriteBatch(nodes=(
        Node(node.id, node.label, {**node.props, "plot": plot.name}),)))
    shown = api(page, SUPPORTED, a=SEED_LEFT)["claims"]["edges"][0]["node"]["evidence"][0]
    assert shown["plot"] == f"/plots/{plot.name}"
    page.goto(f"/claim/{claim['id']}")
    img = page.get_by_role("img", name=re.compile("^Plot of the measurement behind the claim"))
    expect(img).to_have_attribute("src", shown["plot"])
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth === 320",
                           arg=img.element_handle())


# ---- job -----------------------------------------------------------------------------

MEASURABLE = """query ($a: String!) { claims(first: 100, artifact: $a, claimClass: MEASURABLE) {
  edges { node { id } } } }"""
VERIFY = "mutation ($id: ID!) { verifyClaim(id: $id) { job { id state } } }"


@pytest.fixture
def running_job(page: Page, live_server: LiveServer) -> tuple[str, str]:
    """A measurement job the API started (its id) and the token that owns it."""
    secret, _ = create_token(live_server.store, "web-app-test", {Scope.READ, Scope.VERIFY},
                             created_by="test")
    for edge in api(page, MEASURABLE, a=SEED_LEFT)["claims"]["edges"]:
        job = api(page, VERIFY, token=secret, id=edge["node"]["id"])["verifyClaim"]["job"]
        if job is not None:
            return job["id"], secret
    raise AssertionError("no measurable seed claim started a measurement")


def test_the_job_page_follows_the_job_and_cancelling_needs_a_token(
        page: Page, running_job: tuple[str, str]) -> None:
    job_id, secret = running_job
    page.goto(f"/job/{job_id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("measure")
    expect(page.locator("p.live")).to_have_attribute("data-live", re.compile("live|finished"))
    cancel = page.get_by_role("button", name="Cancel job")
    cancel.click()                                             # anonymous: refused, and says why
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("needs a token with the 'verify' scope")
    expect(page.locator(".cancel-result")).to_contain_text("Set one under")
    page.get_by_label("Token with the verify scope").fill(secret)
    page.get_by_role("button", name="Use this token").click()
    cancel.click()
    expect(page.locator(".cancel-result")).to_contain_text("asked to stop")
    expect(page.locator(".state")).to_have_attribute("data-state", "CANCELLED", timeout=60_000)
    expect(page.locator("p.live")).to_have_attribute("data-live", "finished")
    state = api(page, "query ($id: ID!) { job(id: $id) { state } }", id=job_id)["job"]["state"]
    assert state == "CANCELLED"


# ---- explore -------------------------------------------------------------------------

def test_the_explorer_draws_the_neighbourhood_and_expands_a_node(page: Page) -> None:
    around = api(page, '{ artifact(slug: "trocr-base-handwritten") { id capabilities { id } } }')
    graph = api(page, "query ($id: ID!) { explore(id: $id) { nodes { label } } }",
                id=around["artifact"]["id"])["explore"]
    signals = sum(n["label"] == "SIGNAL" for n in graph["nodes"])
    assert signals > 1, "the seed reports several signals of each artifact"
    page.goto(f"/explore/{SEED_LEFT}")
    canvas = page.locator("#graph-canvas")
    folded = len(graph["nodes"]) - signals + 1                # the signals folded into one node
    expect(canvas).to_have_attribute("data-nodes", str(folded))
    expect(page.locator("#graph-canvas canvas").first).to_be_visible()
    # a capability, expanded with the keyboard: its claims join the graph
    capability = around["artifact"]["capabilities"][0]["id"]
    claims = api(page, "query ($id: ID!) { capability(id: $id) { claims { id } } }",
                 id=capability)["capability"]["claims"]
    page.locator(f'li[data-node="{capability}"] button').focus()
    page.keyboard.press("Enter")
    expect(canvas).to_have_attribute("data-nodes", re.compile(r"\d+"))
    expect(page.locator(f'li[data-node="{claims[0]["id"]}"]')).to_have_count(1)
    grown = int(canvas.get_attribute("data-nodes") or 0)
    assert grown >= folded + len(claims)
    # an edge type filtered out takes its edges (and what only they reached) away
    page.get_by_label("has signal").uncheck()
    expect(canvas).to_have_attribute("data-nodes", str(grown - 1))
    page.get_by_label("has signal").check()
    # the folded signals open into one node each
    page.locator('li[data-label="SIGNALS"] button').click()
    expect(canvas).to_have_attribute("data-nodes", str(grown - 1 + signals))
    # through to the node's own page
    page.locator(f'li[data-node="{claims[0]["id"]}"] a').click()
    expect(page).to_have_url(re.compile("/claim/"))


CAPABILITY_GREEN = (0x2F, 0x7D, 0x5B)      # how the explorer fills a capability node


def _first_pixel(png: bytes, colour: tuple[int, int, int]) -> tuple[int, int] | None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    for y in range(height):
        for x in range(width):
            if all(abs(a - b) <= 6 for a, b in zip(pixels[x, y], colour, strict=True)):
                return x, y
    return None


def test_clicking_a_node_in_the_drawing_expands_it(page: Page) -> None:
    page.goto(f"/explore/{SEED_LEFT}")
    canvas = page.locator("#graph-canvas")
    expect(canvas).to_have_attribute("data-nodes", re.compile(r"\d+"))
    before = int(canvas.get_attribute("data-nodes") or 0)
    # find a capability node the way a person does, by its colour in the drawing, and click it
    found = _first_pixel(canvas.screenshot(), CAPABILITY_GREEN)
    assert found is not None, "no capability node is drawn"
    canvas.click(position={"x": found[0], "y": found[1] + 4})    # a little inside its top edge
    expect(canvas).not_to_have_attribute("data-nodes", str(before))
    assert int(canvas.get_attribute("data-nodes") or 0) > before


# ---- 404 and phones ------------------------------------------------------------------

def test_an_unknown_path_is_a_404_page_that_links_home(
        page: Page, page_problems: PageProblems) -> None:
    page_problems.allow_console_error(r"status of 404")
    reply = page.goto("/no/such/page")
    assert reply is not None and reply.status == 404
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("table.leaderboard")).to_be_visible()


@pytest.mark.parametrize("width", [375, 390])
def test_no_page_scrolls_sideways_at_a_phone_width(
        phone_page: Page, width: int) -> None:
    phone_page.set_viewport_size({"width": width, "height": 800})
    claim = api(phone_page, CLAIM, a=SEED_LEFT)["claims"]["edges"][0]["node"]["id"]
    for path in ("/", f"/a/{SEED_LEFT}", f"/compare/{SEED_LEFT}/{SEED_RIGHT}",
                 f"/claim/{claim}", f"/explore/{SEED_LEFT}"):
        phone_page.goto(path)
        expect(phone_page.get_by_role("heading", level=1)).not_to_have_text("")
        phone_page.wait_for_load_state("networkidle")
        assert not scrolls_sideways(phone_page), path
