"""kg serve: a real server process on 127.0.0.1, queried over HTTP with httpx, SPARQLWrapper and Chromium."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from playwright.sync_api import sync_playwright
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kg.network import project
from tests.conftest import _free_port, run_kg
from tests.test_cli import assert_one_line_error
from tests.test_viz_browser import launch, open_page, visible_counts

pytestmark = pytest.mark.server
TOKEN = "s3cret-token"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LABELS = "SELECT ?name WHERE { ?x skos:prefLabel ?name } ORDER BY ?name"


class Server:
    """``python -m kg serve`` in its own process, stopped at the end."""

    def __init__(self, store: Path, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_SERVE_TOKEN")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError(f"kg serve did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def store_copy(sahel_dir: Path, tmp_path_factory, name: str) -> Path:
    target = tmp_path_factory.mktemp(name) / "store"
    shutil.copytree(sahel_dir, target)
    return target


@pytest.fixture(scope="module")
def server(sahel_dir, tmp_path_factory):
    running = Server(store_copy(sahel_dir, tmp_path_factory, "serve"), "--timeout", "2", "--max-rows", "50",
                     "--cors", "https://analyst.example")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def writable(sahel_dir, tmp_path_factory):
    running = Server(store_copy(sahel_dir, tmp_path_factory, "serve-rw"), "--allow-update", "--token", TOKEN)
    yield running
    running.stop()


def select(server: Server, query: str, **headers) -> httpx.Response:
    return httpx.post(f"{server.url}/sparql", data={"query": query}, headers=headers, timeout=30)


def names(response: httpx.Response) -> list[str]:
    return [row["name"]["value"] for row in response.json()["results"]["bindings"]]


def test_get_post_form_and_direct_body_give_the_same_answer(server):
    query = "SELECT ?name WHERE { ?x skos:altLabel 'JNIM' ; skos:prefLabel ?name }"
    by_get = httpx.get(f"{server.url}/sparql", params={"query": query})
    by_form = select(server, query)
    by_body = httpx.post(f"{server.url}/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
        assert names(response) == ["Jama'at Nusrat al-Islam wal-Muslimin"]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.4, application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_results_by_content_negotiation(server, accept, fmt):
    query = ("SELECT ?name ?when WHERE { ?l kg:leaderOf ?g ; skos:prefLabel ?name . ?g skos:altLabel 'JNIM' . "
             "OPTIONAL { ?st rdf:subject ?l ; prov:qualifiedDerivation/kg:pointInTime ?when } }")
    response = select(server, query, Accept=accept)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == fmt.media_type.split(";")[0]
    if fmt == ox.QueryResultsFormat.CSV:  # lossy by design: pyoxigraph does not read it back
        found = [row["name"] for row in csv.DictReader(io.StringIO(response.text))]
    else:
        found = [row["name"].value for row in ox.parse_query_results(response.content, fmt)]
    assert sorted(found) == ["Amadou Kouffa", "Iyad Ag Ghaly"]
    assert select(server, query, Accept="image/png").status_code == 406


def test_construct_as_turtle_and_ntriples(server):
    query = "CONSTRUCT { ?g skos:altLabel ?alias } WHERE { ?g skos:prefLabel 'Islamic State' ; skos:altLabel ?alias }"
    turtle = select(server, query)
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    ntriples = select(server, query, Accept="application/n-triples")
    assert ntriples.headers["content-type"].startswith("application/n-triples")
    from_turtle = set(ox.parse(turtle.content, ox.RdfFormat.TURTLE))
    assert from_turtle == set(ox.parse(ntriples.content, ox.RdfFormat.N_TRIPLES))
    assert ox.Literal("Daesh") in {t.object for t in from_turtle}


def test_a_standard_client_queries_it(server):
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                    "SELECT ?name WHERE { ?x skos:altLabel 'ISGS' ; skos:prefLabel ?name }")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [row["name"]["value"] for row in rows] == ["Islamic State in the Greater Sahara"]
    client.setMethod("POST")
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                    "CONSTRUCT { ?x skos:prefLabel ?name } WHERE { ?x skos:altLabel 'ISGS' ; skos:prefLabel ?name }")
    client.setReturnFormat(TURTLE)
    graph = client.queryAndConvert()
    assert b"Islamic State in the Greater Sahara" in graph


def test_updates_are_refused_on_a_read_only_server(server):
    before = select(server, LABELS).json()
    update = "INSERT DATA { GRAPH <urn:x> { <urn:a> skos:prefLabel 'intruder' } }"
    assert httpx.post(f"{server.url}/sparql", data={"update": update}).status_code == 403
    direct = httpx.post(f"{server.url}/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update",
                                                                                   "Authorization": f"Bearer {TOKEN}"})
    assert direct.status_code == 403 and "read-only" in direct.text
    client = SPARQLWrapper(f"{server.url}/sparql")
    client.setMethod("POST")
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + update)
    with pytest.raises(Exception, match="403"):
        client.query()
    assert select(server, LABELS).json() == before


def test_a_bad_query_gets_400_with_a_readable_line(server):
    response = select(server, "SELECT ?x WHERE { ?x skos:prefLabel }")
    assert response.status_code == 400
    text = response.text.strip()
    assert text.startswith("SPARQL syntax error: error at 1:") and "\n" not in text and len(text) < 400
    assert httpx.get(f"{server.url}/sparql").status_code == 400
    assert httpx.post(f"{server.url}/sparql", content=b"x", headers={"Content-Type": "image/png"}).status_code == 415


def test_federated_queries_are_refused(server):
    response = select(server, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert response.status_code == 400 and "SERVICE" in response.text
    assert select(server, "SELECT ?service WHERE { BIND('SERVICE' AS ?service) }").status_code == 200


def test_a_runaway_query_is_stopped_and_others_still_answered(server):
    outcome = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["response"] = select(server, RUNAWAY)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    quick = select(server, "SELECT ?name WHERE { ?x skos:altLabel 'JNIM' ; skos:prefLabel ?name }")
    assert quick.status_code == 200 and time.monotonic() - started < 1.5, "a second query waited for the runaway"
    thread.join(timeout=30)
    assert outcome["response"].status_code == 503 and "time limit of 2 s" in outcome["response"].text
    assert outcome["seconds"] < 6
    for _ in range(3):  # the stopped worker was replaced
        assert select(server, "ASK { ?s ?p ?o }").json()["boolean"] is True


def test_row_limit_cuts_long_answers_and_says_so(server):
    response = select(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["kg-truncated"] == "true" and response.headers["kg-row-limit"] == "50"
    short = select(server, "SELECT ?name WHERE { ?x skos:altLabel 'JNIM' ; skos:prefLabel ?name }")
    assert "kg-truncated" not in short.headers


def test_named_queries_bind_values_as_terms(server):
    response = httpx.get(f"{server.url}/named/leaders", params={"group": "JNIM"}, headers={"Accept": "text/csv"})
    assert response.status_code == 200 and "Iyad Ag Ghaly" in response.text
    hostile = httpx.get(f"{server.url}/named/leaders", params={"group": "JNIM' } } ; DROP ALL ; #"})
    assert hostile.status_code == 200 and hostile.json()["results"]["bindings"] == []
    assert httpx.get(f"{server.url}/named/leaders").status_code == 400
    assert httpx.get(f"{server.url}/named/leaders", params={"colour": "red"}).status_code == 400
    assert httpx.get(f"{server.url}/named/no-such-query").status_code == 404


def test_paged_named_queries_link_to_the_next_page_until_the_last(server):
    seen, url, pages = [], f"{server.url}/named/actors?limit=7", 0
    while url:
        response = httpx.get(url, headers={"Accept": "text/csv"})
        assert response.status_code == 200
        rows = response.text.splitlines()[1:]
        seen += rows
        pages += 1
        assert f"count={len(set(row.split(',')[0] for row in rows))}" in response.headers["Kg-Page"]
        link = response.headers.get("Link")
        assert ("more=true" in response.headers["Kg-Page"]) == (link is not None)
        url = f"{server.url}{link.split('>')[0].lstrip('<')}" if link else None
    whole = httpx.get(f"{server.url}/named/actors?limit=1000", headers={"Accept": "text/csv"})
    assert "Link" not in whole.headers
    assert pages > 2 and sorted(seen) == sorted(whole.text.splitlines()[1:])


def test_cors_answers_the_configured_origin_only(server):
    query = {"query": "ASK {}"}
    allowed = httpx.get(f"{server.url}/sparql", params=query, headers={"Origin": "https://analyst.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
    other = httpx.get(f"{server.url}/sparql", params=query, headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers


def test_viewer_and_query_page_work_in_a_browser(server, sahel):
    graph = project(sahel)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            viewer = open_page(browser, f"{server.url}/", allowed_prefix=server.url)
            assert visible_counts(viewer.page) == (graph.number_of_nodes(), graph.number_of_edges())
            focused = open_page(browser, f"{server.url}/?focus=JNIM&hops=1", allowed_prefix=server.url)
            assert visible_counts(focused.page)[0] < graph.number_of_nodes()
            queries = open_page(browser, f"{server.url}/queries", allowed_prefix=server.url, ready=False)
            page = queries.page
            card = page.locator(".named", has=page.locator("h3", has_text="leaders")).first
            card.get_by_label("group").fill("JNIM")
            card.get_by_role("button", name="Run").click()
            page.wait_for_selector("#results td")
            assert "Iyad Ag Ghaly" in page.text_content("#results")
            assert "2 rows" in page.text_content("#status")
            page.fill("#query", "SELECT ?x WHERE { ?x }")
            page.click("#run")
            page.wait_for_selector("#status.error")
            assert "400" in page.text_content("#status")
        finally:
            browser.close()
    for opened in (viewer, focused, queries):
        assert opened.blocked == [] and opened.dialogs == []
    assert viewer.errors == [] and focused.errors == []
    # The bad query's 400 is the one error the query page may log (Chromium reports failed fetches).
    assert all("400" in error for error in queries.errors)


def test_updates_need_the_token_and_are_seen_at_once(writable):
    update = "INSERT DATA { GRAPH <urn:kg:test> { kgr:jnim skos:altLabel 'Nusrat' } }"
    url = f"{writable.url}/sparql"
    assert httpx.post(url, data={"update": update}).status_code == 401
    assert httpx.post(url, data={"update": update}, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert select(writable, "ASK { ?x skos:altLabel 'Nusrat' }").json()["boolean"] is False
    accepted = httpx.post(url, data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 204, accepted.text
    for _ in range(4):  # every worker sees it, not just one
        assert select(writable, "ASK { ?x skos:altLabel 'Nusrat' }").json()["boolean"] is True
    client = SPARQLWrapper(url)
    client.setMethod("POST")
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> DELETE DATA { GRAPH <urn:kg:test> "
                    "{ <https://w3id.org/kg/id/jnim> skos:altLabel 'Nusrat' } }")
    client.query()
    assert select(writable, "ASK { ?x skos:altLabel 'Nusrat' }").json()["boolean"] is False
    bad = httpx.post(url, data={"update": "INSERT DATA { oops }"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400 and "syntax error" in bad.text


def test_serve_refuses_bad_settings_in_one_line(server, sahel_dir, tmp_path):
    assert_one_line_error(run_kg("serve", "--store", str(sahel_dir), "--allow-update"), "--token")
    assert_one_line_error(run_kg("serve", "--store", str(tmp_path / "missing")), "does not exist")
    assert not (tmp_path / "missing").exists()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        assert_one_line_error(run_kg("serve", "--store", str(sahel_dir), "--port", port), f"127.0.0.1:{port}")
    held = server.process.args[server.process.args.index("--store") + 1]
    assert_one_line_error(run_kg("serve", "--store", held, "--port", str(_free_port())), "in use")
