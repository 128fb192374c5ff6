"""Who may write, and how much anyone may ask: the served app, in process, over HTTP.

Each test replays a class of abuse (issue 11's findings) and checks it is refused,
attributed or bounded, with the error's stable code.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.web import create_app
from graph.access import Scope, create_token, revoke_token
from graph.embedded import EmbeddedStore
from graph.ingest.importer import import_text
from graph.model import Label, Node, WriteBatch
from graph.settings import Settings
from schema.ids import from_global_id, to_global_id
from tests.conftest import SEED

ASSESS = """mutation ($a: String!, $t: String!) { assessClaim(artifact: $a, text: $t) {
  verdict claim { id text } } }"""
COMPARE = """{ compare(a: "trocr-base-handwritten", b: "flux-1-pro") {
  rows { key leader } } }"""
SLUG = "trocr-base-handwritten"


def _settings(tmp_path: Path, **changes: Any) -> Settings:
    base = Settings(data=tmp_path / "data", load_seeds=False, rate_anonymous=0, rate_token=0)
    return replace(base, **changes)


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    yield store


def _client(store: EmbeddedStore, settings: Settings) -> TestClient:
    return TestClient(create_app(store, settings), raise_server_exceptions=False)


def _post(client: TestClient, query: str, token: str | None = None,
          **variables: Any) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    reply = client.post("/graphql", json={"query": query, "variables": variables},
                        headers=headers)
    body: dict[str, Any] = reply.json()
    return body


def _codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or ()]


MUTATIONS = {
    "assessClaim": (ASSESS, {"a": SLUG, "t": "It has 12 layers."}),
    "verifyArtifact": ("mutation ($s: String!) { verifyArtifact(slug: $s) { checked } }",
                       {"s": SLUG}),
    "verifyClaim": ("mutation ($i: ID!) { verifyClaim(id: $i) { verdict } }",
                    {"i": to_global_id(Label.CLAIM, "claim:none")}),
    "cancelJob": ("mutation ($i: ID!) { cancelJob(id: $i) { state } }",
                  {"i": to_global_id(Label.JOB, "job:none")}),
    "rerunJob": ("mutation ($i: ID!) { rerunJob(id: $i) { state } }",
                 {"i": to_global_id(Label.JOB, "job:none")}),
    "attachModelFiles": ("mutation ($a: String!, $p: String!) { attachModelFiles(artifact: $a, "
                         "path: $p) { hubId } }", {"a": SLUG, "p": "/etc"}),
    "mergeArtifacts": ("mutation ($k: String!, $d: String!) { mergeArtifacts(keep: $k, "
                       "duplicate: $d) { mergedSlug } }", {"k": SLUG, "d": "no-such-artifact"}),
}
NEEDS = {"assessClaim": Scope.ASSERT, "verifyArtifact": Scope.VERIFY,
         "verifyClaim": Scope.VERIFY, "cancelJob": Scope.VERIFY, "rerunJob": Scope.VERIFY,
         "attachModelFiles": Scope.ADMIN, "mergeArtifacts": Scope.ADMIN}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_every_mutation_needs_its_scope(seeded: EmbeddedStore, tmp_path: Path,
                                        name: str) -> None:
    query, variables = MUTATIONS[name]
    others = [s for s in Scope if s not in (NEEDS[name], Scope.ADMIN)]
    wrong, _ = create_token(seeded, "wrong", others, created_by="test")
    right, _ = create_token(seeded, "right", [NEEDS[name]], created_by="test")
    with _client(seeded, _settings(tmp_path)) as client:
        anonymous = _post(client, query, **variables)
        forbidden = _post(client, query, wrong, **variables)
        allowed = _post(client, query, right, **variables)
    assert _codes(anonymous) == ["UNAUTHENTICATED"]
    assert "Authorization: Bearer" in anonymous["errors"][0]["message"]
    assert _codes(forbidden) == ["FORBIDDEN"]
    assert NEEDS[name].value in forbidden["errors"][0]["message"]
    # with the scope, the mutation runs: it succeeds or fails on its own terms
    assert not {"UNAUTHENTICATED", "FORBIDDEN"} & set(_codes(allowed))


def test_an_assertion_records_the_token_that_made_it(seeded: EmbeddedStore,
                                                      tmp_path: Path) -> None:
    secret, token = create_token(seeded, "asserter", [Scope.ASSERT], created_by="test")
    with _client(seeded, _settings(tmp_path)) as client:
        body = _post(client, ASSESS, secret, a=SLUG, t="Its decoder has 12 layers.")
        assert "errors" not in body, body
        claim_id = body["data"]["assessClaim"]["claim"]["id"]
        node = seeded.get_node(from_global_id(claim_id)[1])
    assert node is not None and token.id in str(node.props["asserted_by"])


MERGE = """mutation ($k: String!, $d: String!) { mergeArtifacts(keep: $k, duplicate: $d) {
  mergedSlug artifact { slug } } }"""


def test_an_admin_merges_a_duplicate_and_the_merge_records_who(seeded: EmbeddedStore,
                                                                tmp_path: Path) -> None:
    seeded.apply(WriteBatch((Node("artifact:trocr-hw", Label.ARTIFACT,
                                  {"slug": "trocr-hw", "name": "TrOCR HW"}),)))
    secret, token = create_token(seeded, "merger", [Scope.ADMIN], created_by="test")
    with _client(seeded, _settings(tmp_path)) as client:
        anonymous = _post(client, MERGE, k=SLUG, d="TrOCR HW")
        assert _codes(anonymous) == ["UNAUTHENTICATED"]
        assert seeded.get_node("artifact:trocr-hw") is not None
        body = _post(client, MERGE, secret, k=SLUG, d="TrOCR HW")
        assert "errors" not in body, body
        assert body["data"]["mergeArtifacts"] == {"mergedSlug": "trocr-hw",
                                                  "artifact": {"slug": SLUG}}
        found = _post(client, '{ artifact(slug: "trocr-hw") { slug } }')
        assert found["data"]["artifact"] == {"slug": SLUG}
        kept = seeded.get_node(f"artifact:{SLUG}")
        assert kept is not None and token.id in str(kept.props["merged_by"])
        assert seeded.get_node("artifact:trocr-hw") is None


def test_a_bad_or_revoked_token_is_refused_not_taken_as_anonymous(
    seeded: EmbeddedStore, tmp_path: Path,
) -> None:
    secret, token = create_token(seeded, "soon-revoked", [Scope.READ], created_by="test")
    revoke_token(seeded, token.short_id)
    with _client(seeded, _settings(tmp_path)) as client:
        for sent in (secret, "cg_" + "x" * 43, "not-a-token"):
            reply = client.post("/graphql", json={"query": COMPARE},
                                headers={"Authorization": f"Bearer {sent}"})
            assert reply.status_code == 401
            assert reply.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
            assert reply.headers["www-authenticate"] == "Bearer"


def test_reads_can_require_a_token(seeded: EmbeddedStore, tmp_path: Path) -> None:
    reader, _ = create_token(seeded, "reader", [Scope.READ], created_by="test")
    writer, _ = create_token(seeded, "writer", [Scope.ASSERT], created_by="test")
    with _client(seeded, _settings(tmp_path, anonymous_read=False)) as client:
        assert _codes(_post(client, COMPARE)) == ["UNAUTHENTICATED"]
        assert _codes(_post(client, COMPARE, writer)) == ["FORBIDDEN"]
        assert _post(client, COMPARE, reader)["data"]["compare"]["rows"]


def _job_work_waiting(release: threading.Event) -> Any:
    def work(control: Any) -> list[str]:
        while not release.is_set():
            control.check()
            release.wait(0.02)
        return []
    return work


def test_jobs_are_cancelled_only_by_their_owner_or_an_admin(
    seeded: EmbeddedStore, tmp_path: Path,
) -> None:
    owner, owner_token = create_token(seeded, "owner", [Scope.VERIFY], created_by="test")
    other, _ = create_token(seeded, "other", [Scope.VERIFY], created_by="test")
    admin, _ = create_token(seeded, "admin", [Scope.ADMIN], created_by="test")
    cancel = "mutation ($i: ID!) { cancelJob(id: $i) { state message } }"
    release = threading.Event()
    app = create_app(seeded, _settings(tmp_path))
    with TestClient(app, raise_server_exceptions=False) as client:
        runner = app.state.jobs
        blocker = runner.submit("test", "claim:x", _job_work_waiting(release), owner="local")
        mine = runner.submit("test", "claim:y", _job_work_waiting(release),
                             owner=owner_token.id)
        job_id = to_global_id(Label.JOB, mine.id)
        refused = _post(client, cancel, other, i=job_id)
        by_owner = _post(client, cancel, owner, i=job_id)
        blocked = to_global_id(Label.JOB, blocker.id)
        by_admin = _post(client, cancel, admin, i=blocked)
        release.set()
    assert _codes(refused) == ["FORBIDDEN"]
    assert by_owner["data"]["cancelJob"]["state"] == "CANCELLED"
    assert "errors" not in by_admin


def test_one_caller_cannot_fill_the_job_queue(seeded: EmbeddedStore, tmp_path: Path) -> None:
    from inference.jobs import JobLimitReached, JobRunner

    release = threading.Event()
    runner = JobRunner(seeded, max_per_owner=2, max_pending=3)
    try:
        for i in range(2):
            runner.submit("test", f"claim:{i}", _job_work_waiting(release), owner="a")
        with pytest.raises(JobLimitReached, match="of your jobs"):
            runner.submit("test", "claim:2", _job_work_waiting(release), owner="a")
        runner.submit("test", "claim:3", _job_work_waiting(release), owner="b")
        with pytest.raises(JobLimitReached, match="this server takes"):
            runner.submit("test", "claim:4", _job_work_waiting(release), owner="c")
    finally:
        release.set()
        runner.shutdown()


def _deep_query(aliases: int, depth: int) -> str:
    inner = "slug"
    for _ in range(depth):
        inner = f"capabilities {{ name artifact {{ slug {inner} }} }}"
    fields = " ".join(f'a{i}: artifact(slug: "{SLUG}") {{ {inner} }}' for i in range(aliases))
    return f"{{ {fields} }}"


def test_a_query_asking_for_too_much_work_is_refused_before_it_runs(
    seeded: EmbeddedStore, tmp_path: Path,
) -> None:
    with _client(seeded, _settings(tmp_path)) as client:
        heavy = _post(client, _deep_query(30, 5))
        light = _post(client, _deep_query(1, 1))
        page = _post(client, "{ artifacts(first: 100) { edges { node { slug rank { score } "
                             "capabilities { name } } } } }")
    assert _codes(heavy) == ["QUERY_TOO_EXPENSIVE"]
    assert heavy["data"] is None and "fewer" in heavy["errors"][0]["message"]
    assert "errors" not in light and "errors" not in page


def test_a_request_is_stopped_at_its_time_budget(seeded: EmbeddedStore,
                                                  tmp_path: Path) -> None:
    slow = _deep_query(8, 2)
    with _client(seeded, _settings(tmp_path, time_budget_s=1e-6)) as client:
        stopped = _post(client, slow)
    assert "TIME_BUDGET_EXCEEDED" in _codes(stopped)


def test_sizes_are_bounded_variables_included(seeded: EmbeddedStore, tmp_path: Path) -> None:
    writer, _ = create_token(seeded, "w", [Scope.ASSERT], created_by="test")
    settings = _settings(tmp_path, max_body_bytes=200_000, max_string=5_000)
    count_before = seeded.counts().get("Claim")
    with _client(seeded, settings) as client:
        body = client.post("/graphql", json={"query": ASSESS, "variables": {
            "a": SLUG, "t": "x" * 300_000}}, headers={"Authorization": f"Bearer {writer}"})
        variable = _post(client, ASSESS, writer, a=SLUG, t="x" * 6_000)
        claim = _post(client, ASSESS, writer, a=SLUG, t="It has 12 layers. " * 200)
        literal = _post(client, '{ artifact(slug: "%s") { slug } }' % ("y" * 6_000))
        count_after = seeded.counts().get("Claim")
    assert body.status_code == 413 and body.json()["errors"][0]["extensions"]["code"] == \
        "INPUT_TOO_LARGE"
    assert _codes(variable) == ["INPUT_TOO_LARGE"] and "$variables.t" in \
        variable["errors"][0]["message"]
    assert _codes(claim) == ["INPUT_TOO_LARGE"]
    assert _codes(literal) == ["INPUT_TOO_LARGE"]
    assert "yyyyyyyyyy" not in literal["errors"][0]["message"]       # not echoed back
    assert count_before == count_after                               # nothing was written


@pytest.mark.parametrize("raw", [b"12", b'"str"', b"null", b"[]", b"\xff\xfe{", b"{", b""])
def test_a_body_that_is_not_a_json_object_is_a_clear_400(
    seeded: EmbeddedStore, tmp_path: Path, raw: bytes,
) -> None:
    with _client(seeded, _settings(tmp_path)) as client:
        reply = client.post("/graphql", content=raw,
                            headers={"Content-Type": "application/json"})
    assert reply.status_code == 400, reply.text
    error = reply.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST" and error["message"]


def test_a_cursor_we_did_not_make_is_bad_input_not_a_crash(
    seeded: EmbeddedStore, tmp_path: Path,
) -> None:
    import base64
    huge = base64.urlsafe_b64encode(b"offset:" + b"9" * 400).decode()
    with _client(seeded, _settings(tmp_path)) as client:
        body = _post(client, "query ($c: String) { artifacts(first: 5, after: $c) "
                             "{ edges { node { slug } } } }", c=huge)
    assert _codes(body) == ["BAD_USER_INPUT"]


def test_the_rate_is_limited_per_address_and_per_token(seeded: EmbeddedStore,
                                                       tmp_path: Path) -> None:
    token, _ = create_token(seeded, "busy", [Scope.READ], created_by="test")
    with _client(seeded, _settings(tmp_path, rate_anonymous=3, rate_token=5)) as client:
        anonymous = [client.post("/graphql", json={"query": COMPARE}) for _ in range(4)]
        with_token = [client.post("/graphql", json={"query": COMPARE},
                                  headers={"Authorization": f"Bearer {token}"})
                      for _ in range(6)]
    assert [r.status_code for r in anonymous] == [200, 200, 200, 429]
    assert [r.status_code for r in with_token] == [200] * 5 + [429]
    refused = anonymous[-1]
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert int(refused.headers["retry-after"]) >= 1


@pytest.mark.parametrize(("address", "exempt", "limited"), [
    ("127.0.0.1", "127.0.0.0/8,::1", False),      # the default: the machine itself
    ("::1", "127.0.0.0/8,::1", False),
    ("127.0.0.1", "none", True),
    ("10.0.0.7", "127.0.0.0/8,::1", True),
    ("10.0.0.7", "10.0.0.0/24", False),
])
def test_exempt_addresses_are_not_rate_limited(seeded: EmbeddedStore, tmp_path: Path,
                                               address: str, exempt: str,
                                               limited: bool) -> None:
    settings = _settings(tmp_path, rate_anonymous=2,
                         rate_exempt=Settings.from_env({"CAPGRAPH_RATE_EXEMPT": exempt})
                         .rate_exempt)
    app = create_app(seeded, settings)
    with TestClient(app, raise_server_exceptions=False, client=(address, 40000)) as client:
        codes = [client.post("/graphql", json={"query": COMPARE}).status_code
                 for _ in range(3)]
    assert codes == ([200, 200, 429] if limited else [200, 200, 200])


def test_production_hides_the_schema_and_masks_errors(seeded: EmbeddedStore,
                                                      tmp_path: Path) -> None:
    with _client(seeded, _settings(tmp_path)) as client:
        ide = client.get("/graphql", headers={"Accept": "text/html"})
        schema = _post(client, "{ __schema { types { name } } }")
        typo = _post(client, "{ artifact(slug: \"x\") { slugg } }")
        seeded.close()                  # the store fails under the next request
        reply = client.post("/graphql", json={"query": COMPARE})
    assert ide.status_code == 404
    assert set(_codes(schema)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert _codes(typo) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in typo["errors"][0]["message"]
    error = reply.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["extensions"]["requestId"] == reply.headers["x-request-id"]
    assert str(tmp_path) not in reply.text          # no path, no detail for the client


def test_development_shows_the_schema(seeded: EmbeddedStore, tmp_path: Path) -> None:
    with _client(seeded, _settings(tmp_path, env="development")) as client:
        schema = _post(client, "{ __schema { queryType { name } } }")
        typo = _post(client, "{ artifact(slug: \"x\") { slugg } }")
    assert schema["data"]["__schema"]["queryType"]["name"] == "Query"
    assert "Did you mean" in typo["errors"][0]["message"]


def test_cors_lets_the_allowed_origins_post(seeded: EmbeddedStore, tmp_path: Path) -> None:
    allowed = "https://app.example.org"
    settings = _settings(tmp_path, allowed_origins=(allowed,))
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    with _client(seeded, settings) as client:
        ok = client.options("/graphql", headers={"Origin": allowed, **preflight})
        other = client.options("/graphql", headers={"Origin": "https://evil.example",
                                                    **preflight})
        post = client.post("/graphql", json={"query": COMPARE}, headers={"Origin": allowed})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == allowed
    assert "access-control-allow-origin" not in other.headers
    assert post.headers["access-control-allow-origin"] == allowed


IMPORT = """mutation ($u: String!, $t: String!) { importPage(uri: $u, text: $t) {
  status artifacts claims source { uri importedBy } } }"""


def test_a_page_imported_over_the_api_is_bounded_and_attributed(
    seeded: EmbeddedStore, tmp_path: Path, corpus_dir: Path,
) -> None:
    importer, token = create_token(seeded, "importer", [Scope.IMPORT], created_by="test")
    reader, _ = create_token(seeded, "reader", [Scope.READ], created_by="test")
    page = sorted(corpus_dir.glob("*.txt"))[0].read_text()
    settings = _settings(tmp_path, max_string=1_000)     # a page is longer than any string
    with _client(seeded, settings) as client:
        anonymous = _post(client, IMPORT, u="https://example.org/a", t=page)
        forbidden = _post(client, IMPORT, reader, u="https://example.org/a", t=page)
        done = _post(client, IMPORT, importer, u="https://example.org/a", t=page)
        again = _post(client, IMPORT, importer, u="https://example.org/a", t=page)
        broken = _post(client, IMPORT, importer, u="b", t="not a comparison page\n" * 3)
        other_field = _post(client, ASSESS, importer, a=SLUG, t="x" * 1_500)
    assert _codes(anonymous) == ["UNAUTHENTICATED"] and _codes(forbidden) == ["FORBIDDEN"]
    assert "errors" not in done, done
    result = done["data"]["importPage"]
    assert result["status"] == "created" and result["artifacts"]
    assert result["source"] == {"uri": "https://example.org/a",
                                "importedBy": f"{token.id} (importer)"}
    assert again["data"]["importPage"]["status"] == "unchanged"
    assert _codes(broken) == ["IMPORT_FAILED"] and broken["errors"][0]["message"]
    assert _codes(other_field) == ["INPUT_TOO_LARGE"]      # only the page text may be long


def test_a_heavy_query_does_not_hold_up_a_compare(seeded: EmbeddedStore, tmp_path: Path) -> None:
    # the cost limit lifted, so only the time budget stops the heavy query; the compare sent
    # while it runs is answered before it ends (the order is the test, not a time)
    settings = _settings(tmp_path, max_cost=10**12, time_budget_s=3.0)
    finished: dict[str, Any] = {}
    with _client(seeded, settings) as client:
        def heavy() -> None:
            finished["heavy_body"] = _post(client, _deep_query(30, 5))
            finished.setdefault("order", []).append("heavy")

        thread = threading.Thread(target=heavy)
        thread.start()
        compare = _post(client, COMPARE)
        finished.setdefault("order", []).append("compare")
        thread.join()
    assert compare["data"]["compare"]["rows"]
    assert finished["order"] == ["compare", "heavy"]
    assert set(_codes(finished["heavy_body"])) == {"TIME_BUDGET_EXCEEDED"}


def test_websocket_callers_authenticate_in_connection_init(seeded: EmbeddedStore,
                                                           tmp_path: Path) -> None:
    secret, _ = create_token(seeded, "ws", [Scope.VERIFY], created_by="test")
    verify = {"query": "mutation ($s: String!) { verifyArtifact(slug: $s) { checked } }",
              "variables": {"s": SLUG}}

    def run(client: TestClient, payload: dict[str, Any]) -> dict[str, Any]:
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": payload})
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json({"id": "1", "type": "subscribe", "payload": verify})
            message: dict[str, Any] = ws.receive_json()
            return message

    with _client(seeded, _settings(tmp_path)) as client:
        anonymous = run(client, {})
        with_token = run(client, {"authorization": f"Bearer {secret}"})
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": {"authorization": "cg_wrong"}})
            from starlette.websockets import WebSocketDisconnect
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
    codes = [e["extensions"]["code"] for e in anonymous["payload"]["errors"]] \
        if anonymous["type"] == "next" else [e["extensions"]["code"] for e in anonymous["payload"]]
    assert codes == ["UNAUTHENTICATED"]
    assert with_token["type"] == "next" and "errors" not in with_token["payload"]
    assert closed.value.code == 4403


OUTCOME = """mutation ($i: String!, $a: String!, $s: Boolean!) {
  recordOutcome(intent: $i, artifact: $a, success: $s) {
    intent matched { capability { name } times successes confidence } } }"""


def test_an_outcome_needs_the_assert_scope_and_is_counted(seeded: EmbeddedStore,
                                                          tmp_path: Path) -> None:
    secret, _ = create_token(seeded, "voter", [Scope.ASSERT], created_by="test")
    with _client(seeded, _settings(tmp_path)) as client:
        anonymous = _post(client, OUTCOME, i="read handwritten notes", a=SLUG, s=True)
        voted = _post(client, OUTCOME, secret, i="read handwritten notes", a=SLUG, s=True)
        unmatched = _post(client, OUTCOME, secret, i="read handwritten notes",
                          a="flux-1-pro", s=True)
    assert _codes(anonymous) == ["UNAUTHENTICATED"]
    assert "errors" not in voted, voted
    matched = voted["data"]["recordOutcome"]["matched"]
    assert matched and all(m["times"] == 1 and m["confidence"] > 0.5 for m in matched)
    assert _codes(unmatched) in (["BAD_USER_INPUT"], [])
