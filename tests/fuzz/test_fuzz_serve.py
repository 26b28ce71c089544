"""``kg serve`` over HTTP: any query text, Accept header, body, content type and parameter, in-process.

The application runs on a ``memory:`` store, where queries run in threads (an on-disk
store's worker processes are exercised by ``tests/test_serve.py``). Every answer is a
success or a 4xx/503 with one plain-text line; nothing surfaces as a 500 or as an
exception Python could not report (``sys.unraisablehook``).
"""

from __future__ import annotations

import gc
import sys
import warnings
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kg import build, open_store
from kg.server.app import create_app
from tests.fuzz.fuzzing import COUNTS, examples, time_limit
from tests.fuzz.mutations import unicode_text

_HEADER = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
_VALUE = unicode_text(max_size=30) | st.sampled_from(["JNIM", "<http://x/a>", "-1", "99999999999999999999", "0", "2020-13"])
_ACCEPTS = _HEADER | st.sampled_from(["text/csv", "image/png", "*/*;q=0", "text/turtle", "application/sparql-results+xml;q=x"])
_QUERIES = unicode_text(max_size=60) | st.sampled_from([
    "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE kgr:jnim", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "INSERT DATA { <a:a> <a:b> <a:c> }",
])


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient

    store = open_store("memory:")
    build(store, check=False)
    with TestClient(create_app(store, timeout=5, max_rows=50), raise_server_exceptions=False) as running:
        yield running


@st.composite
def requests(draw) -> tuple[str, str, dict, dict, bytes | None]:
    """(method, path, params, headers, body) of one request."""
    kind = draw(st.sampled_from(["query", "accept", "post", "named", "viewer", "unknown-named"]))
    if kind == "query":
        return "GET", "/sparql", {"query": draw(_QUERIES)}, {"Accept": draw(_ACCEPTS)}, None
    if kind == "accept":
        return "GET", "/sparql", {"query": draw(_QUERIES.filter(bool))}, {"Accept": draw(_ACCEPTS)}, None
    if kind == "post":
        media = draw(st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                      "application/sparql-update"]) | _HEADER)
        body = draw(_QUERIES.map(str.encode) | st.binary(max_size=60) | _QUERIES.map(lambda q: f"query={quote(q)}".encode()))
        return "POST", "/sparql", {}, {"Content-Type": media, "Accept": draw(_ACCEPTS)}, body
    if kind == "named":
        name = draw(st.sampled_from(["leaders", "actors", "whois", "relations-of", "hostile-pairs-as-of", "events"]))
        params = draw(st.dictionaries(st.sampled_from(["group", "actor", "name", "date", "limit", "offset", "kind", "x"])
                                      | unicode_text(max_size=6), _VALUE, max_size=3))
        return "GET", f"/named/{name}", params, {"Accept": draw(_ACCEPTS)}, None
    if kind == "viewer":
        params = draw(st.dictionaries(st.sampled_from(["focus", "hops", "as_of", "relation", "type"]), _VALUE, max_size=3))
        return "GET", "/", params, {}, None
    return "GET", "/named/" + quote(draw(unicode_text(max_size=20)), safe=""), {}, {}, None


@examples(60)
@given(request=requests())
@example(request=("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, {"Accept": "image/png"}, None))
@example(request=("GET", "/", {"relation": "\n"}, {}, None))
def test_any_request_gets_an_answer_or_one_line(client, request):
    """Regressions: a 406 for a SELECT on a ``memory:`` store freed pyoxigraph's result on the wrong thread;
    ``/?relation=%0A`` answered a 400 of two lines (the value's line break quoted raw)."""
    COUNTS["serve-http"] += 1
    method, path, params, headers, body = request
    lost: list = []
    previous, sys.unraisablehook = sys.unraisablehook, lost.append
    try:
        with time_limit(60):
            response = client.request(method, path, params=params, headers=headers, content=body)
        gc.collect()
    finally:
        sys.unraisablehook = previous
    assert lost == [], [str(item.exc_value) for item in lost]
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, response.text)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text.strip() and "\n" not in response.text.strip(), response.text
