"""Hostile text: XSS payloads as labels, aliases, quotes and a source title never run; injected values change no query.

The payloads (``tests/fixtures/xss_payloads.txt``) and the SPARQL injection attempts below
are the labels of actors in a store built by the real ``kg build --data``. The page ``kg
viz`` writes and the pages ``kg serve`` serves are opened in headless Chromium: every
actor is clicked and hovered, every edge clicked, a named query and a free query are run
on the query page; no dialog opens, nothing logs an error, the marker ``window.kgPwned``
that the payloads try to set stays unset, and each text shows exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from kg.cli import main
from kg.names import normalize
from tests.conftest import REPO, run_kg
from tests.fuzz.fuzzing import check_outcome, store_digest
from tests.fuzz.graphs import text_graph
from tests.test_serve import Server
from tests.test_viz_browser import launch, open_page

pytestmark = pytest.mark.server


def _payloads() -> list[str]:
    text = (REPO / "tests" / "fixtures" / "xss_payloads.txt").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("# ")]
    return [re.sub(r"\{U\+([0-9A-F]{4,6})\}", lambda m: chr(int(m[1], 16)), line) for line in lines]


PAYLOADS = _payloads()
INJECTIONS = [
    "JNIM' } ; DROP ALL ; #",
    'JNIM" } } UNION { ?s ?p ?o } #',
    "x' . ?actor ?p ?o . FILTER('1'='1",
    "> } INSERT DATA { <urn:x> <urn:y> <urn:z> } #",
    "<https://w3id.org/kg/id/jnim> } UNION { ?x ?y ?z",
    '""" } ; CLEAR ALL ; """',
    "''' ) } LIMIT 1000000 #",
    "JNIM\\' } #",
    "JNIM\n} DELETE WHERE { ?s ?p ?o } #",
    "?actor } BIND(kgr:jnim AS ?actor) {",
    "VALUES ?actor { kgr:jnim }",
    "kgr:jnim> . ?s ?p ?o #",
    "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }",
    "JNIM') || true || ('",
    "\\u0027 } UNION { ?s ?p ?o } #",
]
LABELS = PAYLOADS + INJECTIONS
TITLE = PAYLOADS[0]
KGR = "https://w3id.org/kg/id/"


def iri(label: str) -> str:
    return f"{KGR}hostile-{LABELS.index(label)}"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A store built by the real ``kg build --data`` (validation on) from the hostile labels, aliases and quotes."""
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "hostile.ttl"
    data.write_text(text_graph(LABELS, PAYLOADS, PAYLOADS, title=TITLE), encoding="utf-8")
    result = run_kg("build", "--store", str(folder / "store"), "--data", str(data))
    assert result.returncode == 0, result.stderr
    return folder / "store"


def _copy(store: Path, tmp_path_factory, name: str) -> Path:
    target = tmp_path_factory.mktemp(name) / "store"
    shutil.copytree(store, target)
    return target


# ---------------------------------------------------------------- pages in Chromium

_INSPECT = """() => {
    const v = kgViewer, seen = {nodes: [], tooltips: [], edges: []};
    const text = (id) => document.getElementById(id).textContent;
    for (const node of v.nodes.get()) {
        v.network.emit("click", {nodes: [node.id], edges: []});
        seen.nodes.push([node.label, text("details-title"), text("details-body")]);
        v.network.emit("hoverNode", {node: node.id});
        seen.tooltips.push(text("tooltip"));
    }
    for (const edge of v.edges.get()) {
        v.network.emit("click", {nodes: [], edges: [edge.id]});
        seen.edges.push([...document.querySelectorAll("#details-body blockquote")].map((q) => q.textContent));
    }
    return seen;
}"""


def _check_viewer(opened, labels: list[str], title: str) -> None:
    """Every actor's label, aliases and every quote appear as the literal text; nothing ran."""
    seen = opened.page.evaluate(_INSPECT)
    by_label = {label: (heading, body) for label, heading, body in seen["nodes"]}
    for label in labels:
        assert label in by_label, label
        assert by_label[label][0] == label
    shown_quotes = {quote for quotes in seen["edges"] for quote in quotes}
    assert set(PAYLOADS) <= shown_quotes
    aliases_shown = "\n".join(body for _, body in by_label.values())
    assert all(alias in aliases_shown for alias in PAYLOADS)
    assert opened.page.evaluate("() => document.title") == title
    _assert_nothing_ran(opened)


def _assert_nothing_ran(opened) -> None:
    assert opened.page.evaluate("() => typeof window.kgPwned") == "undefined"
    assert all(frame.evaluate("() => typeof window.kgPwned") == "undefined" for frame in opened.page.frames)
    assert opened.dialogs == [] and opened.blocked == []
    assert opened.page.locator("iframe, object, embed, img, svg image, form, base").count() == 0
    assert opened.errors == []


def test_viz_page_shows_hostile_text_as_text(hostile, tmp_path):
    page_path = tmp_path / "hostile.html"
    result = run_kg("viz", "--store", str(hostile), "-o", str(page_path), "--title", TITLE)
    assert result.returncode == 0, result.stderr
    page = page_path.read_text(encoding="utf-8")
    assert page.count("<script") == 3 and page.count("</script>") == 3
    assert all(payload not in page for payload in PAYLOADS if "<" in payload)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            opened = open_page(browser, page_path.as_uri())
            _check_viewer(opened, LABELS, TITLE)
        finally:
            browser.close()


@pytest.fixture(scope="module")
def server(hostile, tmp_path_factory):
    running = Server(_copy(hostile, tmp_path_factory, "hostile-serve"), "--timeout", "10")
    yield running
    running.stop()


def test_served_pages_show_hostile_text_as_text(server):
    target = '"><script>window.kgPwned=1</script>'  # a name, not an <IRI>: it must not start with "<" and end with ">"
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            viewer = open_page(browser, f"{server.url}/", allowed_prefix=server.url)
            _check_viewer(viewer, LABELS, "Actors and relations")
            queries = open_page(browser, f"{server.url}/queries", allowed_prefix=server.url, ready=False)
            page = queries.page
            card = page.locator(".named", has=page.locator("h3", has_text="relations-of")).first
            card.get_by_label("actor").fill(target)
            card.get_by_role("button", name="Run").click()
            page.wait_for_selector("#results td")
            cells = page.locator("#results td").all_text_contents()
            assert target in cells and LABELS[LABELS.index(target) + 1] in cells
            page.fill("#query", "SELECT ?name ?alias WHERE { ?x skos:prefLabel ?name . FILTER(STRSTARTS(STR(?x), "
                                "'https://w3id.org/kg/id/hostile-')) OPTIONAL { ?x skos:altLabel ?alias } }")
            page.click("#run")
            page.wait_for_selector("#results td")
            cells = set(page.locator("#results td").all_text_contents())
            assert set(LABELS) <= cells and set(PAYLOADS) <= cells
            _assert_nothing_ran(queries)
        finally:
            browser.close()


def test_server_errors_echo_hostile_text_as_plain_text(server):
    for payload in PAYLOADS[:20]:
        for path, params in ((f"/named/{payload}", {}), ("/", {"hops": payload}), ("/", {"as_of": payload}),
                             ("/named/leaders", {payload: "x"})):
            response = httpx.get(f"{server.url}{path}", params=params, timeout=30)
            if response.status_code == 200:
                continue
            assert response.headers["content-type"].startswith("text/plain"), (path, params, response.headers)
            assert response.headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------- SPARQL injection


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env={"KG_STORE": None})
    check_outcome(result.exit_code, result.stdout, result.stderr)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _rows(text: str) -> list[dict[str, str]]:
    """CSV rows as dicts, in a fixed order."""
    return sorted(csv.DictReader(io.StringIO(text)), key=lambda row: sorted(row.items()))


def _named_alike(label: str) -> list[str]:
    """The hostile actors whose label or alias has the same name key as ``label`` (name binding finds them all)."""
    key = normalize(label)
    return [iri(other) for other in LABELS if normalize(other) == key]


def test_injected_binds_change_no_query_on_the_cli(hostile, tmp_path_factory):
    store = _copy(hostile, tmp_path_factory, "hostile-cli")
    before = store_digest(store)
    by_label = "SELECT ?x WHERE { ?x skos:prefLabel ?name } ORDER BY ?x"
    for payload in INJECTIONS:
        found = [row["x"] for row in _rows(_cli("query", "--store", str(store), "--format", "csv", "--bind",
                                                f"name={payload}", by_label))]
        assert found == [iri(payload)], payload
        by_name = _rows(_cli("query", "--store", str(store), "--name", "relations-of", "--format", "csv",
                             "--bind", f"actor={payload}"))
        by_iri = [row for alike in _named_alike(payload) for row in _rows(
            _cli("query", "--store", str(store), "--name", "relations-of", "--format", "csv", "--bind", f"actor=<{alike}>"))]
        assert by_name == sorted(by_iri, key=lambda row: sorted(row.items())), payload
        assert 1 <= len(by_name) <= 2, payload  # its relations in the chain: not nothing, not everything
        whois = _rows(_cli("query", "--store", str(store), "--name", "whois", "--format", "csv", "--bind", f"name={payload}"))
        assert {row["name"] for row in whois} == set(_named_alike(payload)), whois
    assert store_digest(store) == before
    real = run_kg("query", "--store", str(store), "--name", "leaders", "--bind", f"group={INJECTIONS[0]}", "--format", "csv")
    assert real.returncode == 0 and real.stdout.strip().count("\n") == 0, real.stdout
    assert store_digest(store) == before


def test_injected_parameters_change_no_named_query_over_http(server):
    for payload in INJECTIONS:
        by_name = httpx.get(f"{server.url}/named/relations-of", params={"actor": payload}, timeout=30)
        assert by_name.status_code == 200, by_name.text
        rows = {json.dumps(row, sort_keys=True) for row in by_name.json()["results"]["bindings"]}
        expected = set()
        for alike in _named_alike(payload):
            answer = httpx.get(f"{server.url}/named/relations-of", params={"actor": f"<{alike}>"}, timeout=30)
            expected |= {json.dumps(row, sort_keys=True) for row in answer.json()["results"]["bindings"]}
        assert rows == expected and rows, payload
        leaders = httpx.get(f"{server.url}/named/leaders", params={"group": payload}, timeout=30)
        assert leaders.status_code == 200 and leaders.json()["results"]["bindings"] == [], payload
    for name in ("group}", "group=x", "?group ?x", "gro up"):
        assert httpx.get(f"{server.url}/named/leaders", params={name: "JNIM"}, timeout=30).status_code == 400
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = httpx.post(f"{server.url}/sparql", data={"query": count}, timeout=30).json()
    for payload in INJECTIONS:
        httpx.get(f"{server.url}/named/whois", params={"name": payload}, timeout=30)
    assert httpx.post(f"{server.url}/sparql", data={"query": count}, timeout=30).json() == before
