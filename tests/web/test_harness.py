"""The harness itself: the page fixture serves the live server and catches what leaves it."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.web.conftest import LiveServer, PageProblems


def test_live_server_answers_with_the_seed(page: Page, live_server: LiveServer) -> None:
    reply = page.request.get("/healthz")
    assert reply.ok and reply.json()["claimCheck"]["state"] == "done"
    answer = page.request.post("/graphql", data={
        "query": '{ artifact(slug: "trocr-base-handwritten") { slug } }'})
    assert answer.json()["data"]["artifact"]["slug"] == "trocr-base-handwritten"
    assert live_server.url.startswith("http://127.0.0.1:")


def test_requests_leaving_the_machine_are_aborted_and_recorded(
        page: Page, page_problems: PageProblems) -> None:
    page.set_content('<img src="https://cdn.example.org/x.png">')
    page.wait_for_load_state("networkidle")
    assert page_problems.outside_requests == ["GET https://cdn.example.org/x.png"]
    page_problems.outside_requests.clear()      # seen: this test wanted it
    page_problems.console_errors.clear()


def test_console_and_page_errors_are_recorded(page: Page,
                                              page_problems: PageProblems) -> None:
    page.goto("/healthz")
    page.evaluate("console.error('broken'); setTimeout(() => { throw new Error('boom'); })")
    page.wait_for_timeout(200)
    assert [e.split(" (")[0] for e in page_problems.console_errors] == ["broken"]
    assert page_problems.page_errors == ["Error: boom"]
    page_problems.console_errors.clear()
    page_problems.page_errors.clear()


def test_the_phone_page_has_a_phone_width(phone_page: Page) -> None:
    assert phone_page.viewport_size == {"width": 390, "height": 844}
    # a mobile browser lays out a page without a viewport tag 980 px wide, as phones do
    phone_page.set_content('<meta name="viewport" content="width=device-width">')
    assert phone_page.evaluate("window.innerWidth") == 390
