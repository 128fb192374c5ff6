"""Property-based fuzzing of the served GraphQL endpoint (issue 11): no request is a server error.

The app (`app.web.create_app`, production settings, no rate limit) serves an embedded store
holding the seed and a few corpus pages. Requests come from the schema itself: operations
hypothesis-graphql writes from the SDL (valid ones, and ones with one schema violation),
their arguments drawn from what the store holds (slugs, names, artifact types, cursors,
the global ids of every node, under their own type name or another) or a near miss of it,
or random text; every root field again with its arguments as variables, the variables well
typed or any JSON value; then raw requests: random bytes, random JSON and random documents
over POST with assorted content types and Authorization headers, and over GET. Queries are
sent anonymously and with a token holding every scope; mutations with an admin token
(and some by callers that may not run them). Measurement jobs go through the app's
JobRunner with low caps; their work is a stand-in that runs no model.

Every reply must be JSON and not a 5xx; every error must carry a string `extensions.code`;
none may be INTERNAL_SERVER_ERROR (an unexpected exception: a bug); no reply may carry a
token's secret or its stored hash. A broken reply fails at once (Hypothesis then shrinks the
request), with the server's traceback in the message. The counts (requests tried, answered
with data, refused with errors, server errors) and the error codes seen are printed when
the module ends (`pytest -s`).

The example budget is fixed and the run derandomised, so every run sends the same requests;
CAPGRAPH_FUZZ_SCALE=N multiplies the budget for a deeper run by hand.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import graphql
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, nodes, queries
from starlette.testclient import TestClient

from app.web import create_app
from graph.access import Scope, create_token
from graph.embedded import EmbeddedStore
from graph.errors import CapgraphError
from graph.ingest.importer import import_text
from graph.model import Label, Node
from graph.settings import Settings
from schema import build_schema
from schema.ids import TYPE_FOR_LABEL, to_global_id
from schema.pagination import encode_cursor
from tests.conftest import SEED, corpus_files

SCALE = max(1, int(os.environ.get("CAPGRAPH_FUZZ_SCALE", "1") or 1))


def _budget(examples: int) -> settings:
    return settings(max_examples=examples * SCALE, derandomize=True, deadline=None,
                    database=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


# Pages of the corpus in different layouts (ranked, side by side, artifact pages), so lists,
# ranks, claims and comparisons have something in them; those absent are skipped.
CORPUS_PAGES = ("microsoft--trocr-base-handwritten-vs-midjourney.txt",
                "openai--whisper-base-vs-whisper-large-v3.txt",
                "mcp-microsoft-playwright-mcp-vs-langchain.txt",
                "artifact-root__flux-1-pro.txt",
                "artifact__mmlu-massive-multitask-language-understanding.txt",
                "hotpotqa-vs-the-pile.txt")

INTERNAL = "INTERNAL_SERVER_ERROR"
ODD = ("", " ", "\x00", "\u202e", "\ud7ff", "\ud800", "\udfff", "null", "'", '"', "\\", "%",
       "_", "*", "../", "/", "~", "..", "🙂", "設計", "a" * 300, "-1", "9" * 30, "offset:",
       "Artifact:", "token:", "cg_", "Bearer", "{", "}", "$x", "#", "\n", "\r\n", "\t")
"""Strings that have broken parsers, paths, SQL, JSON or encodings somewhere."""


# -- what the store holds, as argument values ------------------------------------------------

@dataclass(frozen=True)
class Pools:
    """Values the fuzzer draws arguments from: the store's own, and near misses of them."""

    slugs: tuple[str, ...]
    names: tuple[str, ...]
    types: tuple[str, ...]
    graph_ids: tuple[str, ...]
    global_ids: tuple[str, ...]
    claim_texts: tuple[str, ...]
    paths: tuple[str, ...]

    @classmethod
    def of(cls, store: EmbeddedStore, extra_ids: tuple[str, ...], paths: tuple[str, ...]
           ) -> Pools:
        nodes_: list[Node] = [item for item in store.export() if isinstance(item, Node)]
        artifacts = [n for n in nodes_ if n.label is Label.ARTIFACT]
        graph_ids = tuple(sorted({n.id for n in nodes_} | set(extra_ids)))
        labelled = {n.id: n.label for n in nodes_}
        return cls(
            slugs=tuple(sorted(str(n.props["slug"]) for n in artifacts)),
            names=tuple(sorted({str(n.props.get("name", "")) for n in artifacts} - {""})),
            types=tuple(sorted({str(n.props["type"]) for n in artifacts
                                if n.props.get("type")})),
            graph_ids=graph_ids,
            global_ids=tuple(to_global_id(labelled[i], i) for i in graph_ids
                             if labelled.get(i) in TYPE_FOR_LABEL),
            claim_texts=tuple(sorted({str(n.props["text"]) for n in nodes_
                                      if n.label is Label.CLAIM}))[:40],
            paths=paths,
        )


def _near(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value, or one edit away from it: case, padding, a cut, an odd character."""
    odd = st.sampled_from(ODD)
    return st.one_of(
        values,
        values.map(str.upper),
        st.tuples(values, odd).map(lambda p: p[0] + p[1]),
        st.tuples(odd, values).map(lambda p: p[0] + p[1]),
        st.tuples(values, st.integers(0, 12)).map(lambda p: p[0][: p[1]]),
        values.map(lambda v: f"  {v}\t"),
    )


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode()


def _texts(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD), st.text(max_size=max_size))


def string_values(pools: Pools) -> st.SearchStrategy[str]:
    """Any String argument: slug, name, type, cursor, claim text, model path, or noise."""
    cursors = st.one_of(
        st.integers(0, 200).map(encode_cursor),
        st.integers(-(2**70), 2**70).map(lambda i: _b64(f"offset:{i}")),
        _texts(20).map(lambda t: _b64(f"offset:{t}")),
        _texts(20).map(_b64),
    )
    known = st.one_of(*(st.sampled_from(p) for p in (
        pools.slugs, pools.slugs, pools.names, pools.types, pools.claim_texts, pools.paths)
        if p))
    return st.one_of(known, known, known, _near(known), cursors, _texts())


def id_values(pools: Pools) -> st.SearchStrategy[str]:
    """Any ID argument: a node's global id, the id of one node under another type's name (or
    of a node the API does not show), a made-up id, or noise."""
    type_names = st.sampled_from((*TYPE_FOR_LABEL.values(), "Token", "Query", "", "artifact"))
    graph_id = st.one_of(st.sampled_from(pools.graph_ids), _texts(30))
    known = st.sampled_from(pools.global_ids)
    return st.one_of(
        known, known, known,
        st.tuples(type_names, graph_id).map(lambda p: _b64(f"{p[0]}:{p[1]}")),
        _near(st.sampled_from(pools.global_ids)),
        st.sampled_from(pools.graph_ids),
        _texts(),
    )


def int_values() -> st.SearchStrategy[int]:
    return st.one_of(st.integers(-3, 110), st.integers(-(2**31), 2**31 - 1))


json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**80), 2**80) | st.floats() | _texts(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_texts(8), inner, max_size=4),
    max_leaves=12,
)


def typed_values(type_: graphql.GraphQLInputType, pools: Pools) -> st.SearchStrategy[Any]:
    """A JSON value for a variable of this GraphQL type (null where it may be null)."""
    nullable = not isinstance(type_, graphql.GraphQLNonNull)
    inner = type_.of_type if isinstance(type_, graphql.GraphQLNonNull) else type_
    value: st.SearchStrategy[Any]
    if isinstance(inner, graphql.GraphQLList):
        value = st.lists(typed_values(inner.of_type, pools), max_size=4)
    elif isinstance(inner, graphql.GraphQLEnumType):
        value = st.sampled_from(sorted(inner.values))
    else:
        name = getattr(inner, "name", "")
        value = {"String": string_values(pools), "ID": id_values(pools), "Int": int_values(),
                 "Float": st.floats(allow_nan=False, allow_infinity=False),
                 "Boolean": st.booleans()}.get(name, json_values)
    return value | st.none() if nullable else value


# -- the app and what every reply must be ---------------------------------------------------

@dataclass
class Tally:
    tried: int = 0
    data: int = 0           # answered, no error
    refused: int = 0        # answered with errors, each a client's error with its code
    server_errors: int = 0  # 5xx, not JSON, an error without a code, INTERNAL_SERVER_ERROR
    codes: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    per_test: Counter[str] = field(default_factory=Counter)
    data_per_test: Counter[str] = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)   # the 3 slowest

    def report(self) -> str:
        codes = ", ".join(f"{c} {n}" for c, n in self.codes.most_common())
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        tests = ", ".join(f"{t} {n}/{self.data_per_test[t]}" for t, n in self.per_test.items())
        return (f"GraphQL fuzz: {self.tried} requests tried, {self.data} answered with data, "
                f"{self.refused} refused with errors, {self.server_errors} server errors\n"
                f"  error codes: {codes or 'none'}\n  HTTP statuses: {statuses}\n"
                f"  per test (tried/with data): {tests}\n"
                + "".join(f"  slow: {t:.2f} s {what[:300]}\n" for t, what in self.slowest))

    def timed(self, seconds: float, request: str) -> None:
        self.slowest = sorted([*self.slowest, (seconds, request)], reverse=True)[:3]


class ServerLog(logging.Handler):
    """The tracebacks the API logs for unexpected errors, by request id."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.by_request: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        request_id = str(record.args[0]) if isinstance(record.args, tuple) and record.args \
            else "-"
        detail = record.getMessage()
        if record.exc_info:
            detail += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.by_request[request_id] = detail


@dataclass(repr=False)
class Fuzz:
    """The app under test, what requests may name, and the counts so far."""

    client: TestClient
    raising: TestClient         # the same app, raising what a 5xx hides (for the message)
    pools: Pools
    tokens: Mapping[str, str]   # caller -> secret: every (all scopes), admin, reader
    hashes: tuple[str, ...]     # the stored hashes of the tokens, never to be sent back
    log: ServerLog
    tally: Tally = field(default_factory=Tally)
    strategies: dict[str, st.SearchStrategy[Any]] = field(default_factory=dict)

    def strategy(self, key: str, build: Callable[[], st.SearchStrategy[Any]]
                 ) -> st.SearchStrategy[Any]:
        """The strategy built once per module (its pools are the fixture's)."""
        if key not in self.strategies:
            self.strategies[key] = build()
        return self.strategies[key]

    def __repr__(self) -> str:
        # short: Hypothesis shows the arguments of a failing test, and a long one makes it
        # warn, which filterwarnings=error turns into a FlakyStrategyDefinition that hides
        # the failure
        return f"Fuzz({self.tally.tried} requests so far)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))         # what Hypothesis's pretty-printer calls

    def headers(self, caller: str | None) -> dict[str, str]:
        if caller is None:
            return {}
        secret = self.tokens.get(caller, caller)
        return {"Authorization": f"Bearer {secret}"}

    def post(self, test: str, document: str, caller: str | None = None,
             variables: Any = None) -> dict[str, Any]:
        body: dict[str, Any] = {"query": document}
        if variables is not None:
            body["variables"] = variables
        raw = json.dumps(body)
        return self.send(test, "POST", content=raw, headers={
            "Content-Type": "application/json", **self.headers(caller)})

    def send(self, test: str, method: str, **request: Any) -> dict[str, Any]:
        """Send one request; fail with the server's detail unless the reply is sound."""
        self.tally.tried += 1
        self.tally.per_test[test] += 1
        request.setdefault("url", "/graphql")
        started = time.perf_counter()
        reply = self.client.request(method, **request)
        self.tally.timed(time.perf_counter() - started, f"{method} {_shown(request)}")
        self.tally.statuses[reply.status_code] += 1
        problem, body = self._judge(reply)
        if problem is None:
            if "errors" not in body:
                self.tally.data_per_test[test] += 1
            return body
        self.tally.server_errors += 1
        raise AssertionError(f"{problem}\nrequest: {method} {_shown(request)}\n"
                             f"reply {reply.status_code}: {reply.text[:3000]}\n"
                             f"{self._detail(method, request, body)}")

    def _judge(self, reply: httpx.Response) -> tuple[str | None, dict[str, Any]]:
        if reply.status_code >= 500:
            return f"HTTP {reply.status_code}", {}
        try:
            body = reply.json()
        except ValueError:
            return "the reply is not JSON", {}
        if not isinstance(body, dict):
            return "the reply is not a JSON object", {}
        leaked = [h for h in (*self.hashes, *self.tokens.values()) if h in reply.text]
        if leaked:
            return "the reply holds a token's secret or stored hash", body
        errors = body.get("errors")
        if errors is None:
            if "data" not in body or body["data"] is None:
                return "the reply has neither data nor errors", body
            self.tally.data += 1
            return None, body
        if not isinstance(errors, list) or not errors:
            return "`errors` is not a non-empty list", body
        for error in errors:
            code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) \
                else None
            if not isinstance(code, str):
                return "an error has no string extensions.code", body
            if not isinstance(error.get("message"), str) or not error["message"]:
                return "an error has no message", body
            self.tally.codes[code] += 1
            if code == INTERNAL:
                return "a server error (INTERNAL_SERVER_ERROR)", body
        self.tally.refused += 1
        return None, body

    def _detail(self, method: str, request: dict[str, Any], body: dict[str, Any]) -> str:
        ids = [str((e.get("extensions") or {}).get("requestId")) for e in
               body.get("errors") or () if isinstance(e, dict)]
        logged = [self.log.by_request[i] for i in ids if i in self.log.by_request]
        if logged:
            return "server log:\n" + "\n".join(logged)
        try:
            self.raising.request(method, **request)
        except Exception:
            return "raised:\n" + traceback.format_exc()
        return "(no detail logged)"


def _shown(request: dict[str, Any]) -> str:
    return repr(request)[:3000]


def _stand_in_measurement(store: Any, claim: Node, control: Any, **_: Any) -> list[str]:
    """What a measurement job runs here: no model, a short wait that heeds cancelling."""
    deadline = time.monotonic() + 0.2
    while time.monotonic() < deadline:
        control.check()
        time.sleep(0.02)
    return []


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    root = tmp_path_factory.mktemp("fuzz")
    store = EmbeddedStore(root / "graph.db")
    import_text(store, SEED.read_text(), uri=SEED.name)
    for page in (p for p in corpus_files() if p.name in CORPUS_PAGES):
        with contextlib.suppress(CapgraphError):   # a page refused is not this test's matter
            import_text(store, page.read_text(), uri=page.name)
    every, _ = create_token(store, "every", list(Scope), created_by="fuzz")
    admin, _ = create_token(store, "admin", [Scope.ADMIN], created_by="fuzz")
    reader, _ = create_token(store, "reader", [Scope.READ], created_by="fuzz")
    hashes = tuple(str(n.props["hash"]) for n in store.nodes_with(Label.TOKEN, "kind", ["api"]))
    settings_ = replace(Settings(data=root / "data", load_seeds=False),
                        rate_anonymous=0, rate_token=0, jobs_per_caller=2, jobs_queued=4)
    log = ServerLog()
    api_log = logging.getLogger("capgraph.api")
    api_log.addHandler(log)
    release = threading.Event()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("resolvers.claims.measure_claim", _stand_in_measurement)
        patch.setenv("HF_HUB_CACHE", str(root / "hf-cache"))     # never the machine's cache
        app = create_app(store, settings_)
        runner = app.state.jobs
        done = runner.submit("measure", "claim:none", lambda control: [], owner="fuzz")
        runner.wait(done.id)

        def waiting(control: Any) -> list[str]:
            while not release.wait(0.02):
                control.check()
            return []
        busy = runner.submit("measure", "claim:none", waiting, owner="someone-else")
        seed_models = settings_.seed_model_files
        paths = (*(str(p) for p in sorted(seed_models.iterdir()) if p.is_dir()),
                 "microsoft/trocr-base-handwritten", "black-forest-labs/FLUX.1-dev",
                 "owner/missing", str(seed_models), str(root), "/", ".", "/etc/passwd",
                 str(SEED))
        pools = Pools.of(store, (done.id, busy.id), paths)
        with TestClient(app, raise_server_exceptions=False) as client:
            fuzz = Fuzz(client, TestClient(app), pools,
                        {"every": every, "admin": admin, "reader": reader}, hashes, log)
            try:
                yield fuzz
            finally:
                release.set()
    api_log.removeHandler(log)
    print("\n" + fuzz.tally.report())
    assert fuzz.tally.server_errors == 0, fuzz.tally.report()


# -- the strategies --------------------------------------------------------------------------

SDL = build_schema().as_str()
SCHEMA = graphql.build_schema(SDL)
QUERY, MUTATION = SCHEMA.query_type, SCHEMA.mutation_type
assert QUERY is not None and MUTATION is not None


def _scalars(pools: Pools) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    return {"String": string_values(pools).map(nodes.String),
            "ID": id_values(pools).map(nodes.String),
            "Int": int_values().map(nodes.Int)}


def _held(pools: Pools) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    """Only values the store holds (and small pages), so most reads get an answer and the
    fields under them resolve over real data."""
    strings = st.one_of(st.sampled_from(pools.slugs), st.sampled_from(pools.names),
                        st.integers(0, 40).map(encode_cursor))
    return {"String": strings.map(nodes.String),
            "ID": st.sampled_from(pools.global_ids).map(nodes.String),
            "Int": st.integers(0, 12).map(nodes.Int)}


def _documents(fuzz: Fuzz, kind: Callable[..., st.SearchStrategy[Any]],
               root: graphql.GraphQLObjectType) -> st.SearchStrategy[str]:
    return fuzz.strategy(f"documents {root.name}", lambda: _build_documents(fuzz, kind, root))


def _build_documents(fuzz: Fuzz, kind: Callable[..., st.SearchStrategy[Any]],
                     root: graphql.GraphQLObjectType) -> st.SearchStrategy[str]:
    """Valid operations on one root field with values the store holds (most get an
    answer), on one root field and on several with any values, and operations with one
    schema violation."""
    scalars, held = _scalars(fuzz.pools), _held(fuzz.pools)
    one_field = st.one_of(*(kind(SDL, fields=[name], custom_scalars=scalars)
                            for name in root.fields))
    one_held = st.one_of(*(kind(SDL, fields=[name], custom_scalars=held)
                           for name in root.fields))
    return st.one_of(one_held, one_field, kind(SDL, custom_scalars=scalars),
                     kind(SDL, custom_scalars=scalars, mode=Mode.NEGATIVE))


def _with_variables(root: graphql.GraphQLObjectType, operation: str) -> list[tuple[str, str]]:
    """Each root field as an operation taking every argument as a variable: (field, text)."""
    documents = []
    for name, root_field in root.fields.items():
        declared = ", ".join(f"${a}: {arg.type}" for a, arg in root_field.args.items())
        passed = ", ".join(f"{a}: ${a}" for a in root_field.args)
        named = graphql.get_named_type(root_field.type)
        selection = " { __typename }" if graphql.is_composite_type(named) else ""
        head = f"{operation} ({declared})" if declared else operation
        call = f"{name}({passed})" if passed else name
        documents.append((name, f"{head} {{ {call}{selection} }}"))
    return documents


QUERY_TEMPLATES = _with_variables(QUERY, "query")
MUTATION_TEMPLATES = _with_variables(MUTATION, "mutation")


def _variables(fuzz: Fuzz, root: graphql.GraphQLObjectType, name: str
               ) -> st.SearchStrategy[Any]:
    return fuzz.strategy(f"variables {root.name}.{name}",
                         lambda: _build_variables(fuzz, root, name))


def _build_variables(fuzz: Fuzz, root: graphql.GraphQLObjectType, name: str
                     ) -> st.SearchStrategy[Any]:
    """The variables of a root field's template: every required one well typed (optional
    ones may be left out); or any of them, well typed or any JSON value; or any JSON value
    in place of the whole object."""
    args = root.fields[name].args
    typed = st.fixed_dictionaries(
        {a: typed_values(arg.type, fuzz.pools) for a, arg in args.items()
         if graphql.is_non_null_type(arg.type)},
        optional={a: typed_values(arg.type, fuzz.pools) for a, arg in args.items()
                  if not graphql.is_non_null_type(arg.type)})
    anything = st.fixed_dictionaries({}, optional={
        a: st.one_of(typed_values(arg.type, fuzz.pools), json_values)
        for a, arg in args.items()})
    return st.one_of(typed, typed, anything, json_values)


CALLERS = (None, "every")
MUTATION_CALLERS = ("admin", "admin", "admin", "every", "reader", None, "cg_" + "x" * 43)


# -- the tests -------------------------------------------------------------------------------

@_budget(300)
@given(data=st.data())
def test_queries_anonymously(fuzz: Fuzz, data: st.DataObject) -> None:
    document = data.draw(_documents(fuzz, queries, QUERY), label="document")
    fuzz.post("queries anonymous", document)


@_budget(300)
@given(data=st.data())
def test_queries_with_every_scope(fuzz: Fuzz, data: st.DataObject) -> None:
    document = data.draw(_documents(fuzz, queries, QUERY), label="document")
    fuzz.post("queries every scope", document, "every")


@_budget(250)
@given(data=st.data())
def test_mutations(fuzz: Fuzz, data: st.DataObject) -> None:
    document = data.draw(_documents(fuzz, mutations, MUTATION), label="document")
    caller = data.draw(st.sampled_from(MUTATION_CALLERS), label="caller")
    fuzz.post("mutations", document, caller)


@_budget(400)
@given(data=st.data())
def test_every_root_field_with_variables(fuzz: Fuzz, data: st.DataObject) -> None:
    root, templates, callers = data.draw(st.sampled_from((
        (QUERY, QUERY_TEMPLATES, CALLERS), (MUTATION, MUTATION_TEMPLATES, MUTATION_CALLERS))),
        label="root")
    name, document = data.draw(st.sampled_from(templates), label="template")
    variables = data.draw(_variables(fuzz, root, name), label="variables")
    fuzz.post("variables", document, data.draw(st.sampled_from(callers)), variables)


HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF,
                                    exclude_characters="\x7f"), max_size=60)
"""What a client can put in a header (printable Latin-1): httpx refuses the rest itself."""
CONTENT_TYPES = ("application/json", "application/json; charset=latin-1", "application/graphql",
                 "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=x", "application/octet-stream", "", "*/*")


def _documents_or_text(fuzz: Fuzz) -> st.SearchStrategy[Any]:
    return fuzz.strategy("documents or text", lambda: st.one_of(
        from_schema(SDL, custom_scalars=_scalars(fuzz.pools)), _texts(200), json_values))


def _raw_bodies(fuzz: Fuzz) -> st.SearchStrategy[bytes]:
    objects = st.fixed_dictionaries({}, optional={
        "query": _documents_or_text(fuzz), "variables": json_values,
        "operationName": st.one_of(_texts(10), json_values), "extensions": json_values})
    return st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v).encode()),
        objects.map(lambda v: json.dumps(v).encode()),
        _texts(300).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.just(b'{"query": "{ artifact(slug: \\"\\ud800\\") { slug } }"}'),
        st.just(b'{"query": "query ($s: String!) { artifact(slug: $s) { slug } }", '
                b'"variables": {"s": "\\udfff"}}'),
    )


@_budget(300)
@given(data=st.data())
def test_raw_posts(fuzz: Fuzz, data: st.DataObject) -> None:
    body = data.draw(fuzz.strategy("raw bodies", lambda: _raw_bodies(fuzz)), label="body")
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content type")
    authorization = data.draw(st.one_of(
        st.none(), st.sampled_from(("every", "admin", "reader")), HEADER_TEXT),
        label="authorization")
    headers = {"Content-Type": content_type.encode()} if content_type else {}
    if authorization is not None:
        secret = fuzz.tokens.get(authorization, authorization)
        headers["Authorization"] = f"Bearer {secret}".encode("latin-1")
    fuzz.send("raw POST", "POST", content=body, headers=headers)


@_budget(250)
@given(data=st.data())
def test_gets(fuzz: Fuzz, data: st.DataObject) -> None:
    params = data.draw(st.fixed_dictionaries({}, optional={
        "query": _documents_or_text(fuzz).map(
            lambda v: v if isinstance(v, str) else json.dumps(v)),
        "variables": st.one_of(json_values.map(json.dumps), _texts(40)),
        "operationName": _texts(10)}), label="params")
    accept = data.draw(st.sampled_from(("application/json", "text/html", "*/*", "")),
                       label="accept")
    # encoded here, so a lone surrogate goes out as the bytes it would be (httpx refuses it)
    fuzz.send("GET", "GET", url="/graphql?" + urlencode(params, errors="surrogatepass"),
              headers={"Accept": accept} if accept else {})
