"""kg viz: the page opened in a real headless Chromium with the network cut off, untrusted text, filters, large graphs."""

from __future__ import annotations

import json
import re
import time

import networkx as nx
import pytest
from playwright.sync_api import sync_playwright

from kg.network import project
from kg.render import GraphPage, Options, graph_data, render
from kg.render.page import content_security_policy
from tests.conftest import run_kg
from tests.test_cli import assert_one_line_error
from tests.test_viz_browser import launch, node_position, open_page, visible_counts, wait_ready

XSS_LABEL = "<img src=x onerror=alert(1)>"
EVIL = """
[source]
id = "evil-source"
title = "<img src=x onerror=alert('title')> Report"
kind = "news"

[[actor]]
id = "evil-group"
type = "MilitantGroup"
label = "<img src=x onerror=alert(1)>"
aliases = ["\\"><script>alert(2)</script>", "<svg onload=alert(3)>"]

[[actor]]
id = "evil-person"
type = "Person"
label = "</script><script>alert(4)</script>"
aliases = ["<a href=\\"javascript:alert(5)\\">click</a>"]

[[relation]]
subject = "evil-person"
predicate = "leaderOf"
object = "evil-group"
point = "2021-03"
quote = "<iframe src=javascript:alert(6)></iframe> leads {{data}} the group"
claimed_by = ["evil-group"]

[[relation]]
subject = "evil-group"
predicate = "atWarWith"
object = "jnim"
start = "2021"
quote = "<style>body{display:none}</style> at war"
"""


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-graph">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sahel_page(sahel_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "sahel.html"
    result = run_kg("viz", "--store", str(sahel_dir), "-o", str(path))
    assert result.returncode == 0, result.stderr
    assert f"wrote {path}" in result.stdout
    return path


@pytest.fixture(scope="module")
def evil_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    (folder / "evil.toml").write_text(EVIL, encoding="utf-8")
    built = run_kg("build", "--store", str(folder / "store"), "--data", str(folder / "evil.toml"))
    assert built.returncode == 0, built.stderr
    result = run_kg("viz", "--store", str(folder / "store"), "-o", str(folder / "evil.html"))
    assert result.returncode == 0, result.stderr
    return folder / "evil.html"


def test_sahel_page_draws_offline_with_the_projection_counts(browser, sahel, sahel_page, tmp_path):
    graph = project(sahel)
    opened = open_page(browser, sahel_page.as_uri())
    try:
        assert visible_counts(opened.page) == (graph.number_of_nodes(), graph.number_of_edges())
        assert opened.page.evaluate("() => kgViewer.firstDraw") > 0
        shot = tmp_path / "sahel.png"
        opened.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
        summary = opened.page.text_content("#summary")
        assert f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} relations" in summary
    finally:
        opened.page.close()
    assert opened.blocked == [], "the page tried to load something from the network"
    assert opened.errors == []


def test_page_is_one_file_with_a_strict_policy(sahel_page):
    html = sahel_page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html), "the page refers to another file"
    assert "http-equiv=\"Content-Security-Policy\"" in html
    policy = content_security_policy()
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert re.search(r"\son[a-z]+=", html.split('<script type="application/json"')[0]) is None, "inline event handler"


def test_untrusted_text_renders_as_text_and_runs_nothing(browser, evil_page):
    html = evil_page.read_text(encoding="utf-8")
    assert XSS_LABEL not in html and "</script><script>alert(4)" not in html
    data = page_data(html)
    assert XSS_LABEL in [node["label"] for node in data["nodes"]]
    opened = open_page(browser, evil_page.as_uri())
    page = opened.page
    try:
        x, y = node_position(page, XSS_LABEL)
        page.mouse.move(x, y)
        page.wait_for_selector("#tooltip:not([hidden])")
        assert page.text_content("#tooltip .head") == XSS_LABEL
        page.mouse.click(x, y)
        assert page.text_content("#details-title") == XSS_LABEL
        details = page.text_content("#details-body")
        assert '"><script>alert(2)</script>' in details and "<svg onload=alert(3)>" in details
        x, y = node_position(page, "</script><script>alert(4)</script>")
        page.mouse.click(x, y)
        assert "leader of <img src=x onerror=alert(1)>" in page.text_content("#details-body")
        quote = next(edge["id"] for edge in data["edges"] if edge["evidence"] and "iframe" in edge["evidence"][0][0])
        page.evaluate("(id) => { kgViewer.network.emit('click', {nodes: [], edges: [id]}); }", quote)
        assert "<iframe src=javascript:alert(6)></iframe> leads {{data}} the group" in page.text_content("#details-body")
        assert "<img src=x onerror=alert('title')> Report" in page.text_content("#details-body")
        page.fill("#search", "<svg onload=alert(3)>")
        page.press("#search", "Enter")
        assert page.text_content("#details-title") == XSS_LABEL
        time.sleep(0.3)
        assert page.evaluate("() => document.querySelectorAll('img, iframe, a, svg script').length") == 0
        assert page.evaluate("() => document.querySelectorAll('script').length") == 3
        assert page.is_visible("#graph")
    finally:
        page.close()
    assert opened.dialogs == [], "a label ran as script"
    assert opened.errors == [] and opened.blocked == []


def test_date_slider_and_filters_agree_with_the_projection(browser, sahel, sahel_page):
    dates = page_data(sahel_page.read_text(encoding="utf-8"))["dates"]
    assert len(dates) > 3
    opened = open_page(browser, sahel_page.as_uri())
    page = opened.page
    set_date = "(i) => { const s = document.getElementById('date'); s.value = String(i); s.dispatchEvent(new Event('input')); }"
    try:
        for index, date in enumerate(dates):
            page.evaluate(set_date, index)
            expected = project(sahel, as_of=date)
            assert visible_counts(page) == (expected.number_of_nodes(), expected.number_of_edges()), date
            assert page.text_content("#date-label") == date
        page.evaluate(set_date, len(dates))
        page.get_by_role("checkbox").nth(0).uncheck()  # the first relation in the legend
        first = page_data(sahel_page.read_text(encoding="utf-8"))["relations"][0]["name"]
        others = [name for name in {d["relation"] for *_, d in project(sahel).edges(data=True)} if name != first]
        expected = project(sahel, relations=others)
        assert visible_counts(page) == (expected.number_of_nodes(), expected.number_of_edges())
        page.click("#reset")
        full = project(sahel)
        assert visible_counts(page) == (full.number_of_nodes(), full.number_of_edges())
        page.get_by_label("Person", exact=True).uncheck()
        people = sum(1 for _, kind in full.nodes(data="type") if kind == "Person")
        assert visible_counts(page)[0] <= full.number_of_nodes() - people
    finally:
        page.close()
    assert opened.errors == []


def test_search_by_alias_highlights_the_neighbourhood(browser, sahel, sahel_page):
    opened = open_page(browser, sahel_page.as_uri())
    page = opened.page
    try:
        page.fill("#search", "jnim")
        page.press("#search", "Enter")
        assert page.text_content("#details-title") == "Jama'at Nusrat al-Islam wal-Muslimin"
        jnim = "https://w3id.org/kg/id/jnim"
        near = set(nx.all_neighbors(project(sahel), jnim)) | {jnim}
        drawn = page.evaluate("() => kgViewer.neighbourhood().map((id) => kgViewer.nodes.get(id).label)")
        assert sorted(drawn) == sorted(project(sahel).nodes[n]["label"] for n in near)
        page.fill("#search", "no such actor")
        page.press("#search", "Enter")
        assert "No actor" in page.text_content("#search-result")
    finally:
        page.close()
    assert opened.errors == []


def test_focus_draws_a_neighbourhood_and_says_so(sahel_dir, tmp_path):
    path = tmp_path / "jnim.html"
    result = run_kg("viz", "--store", str(sahel_dir), "--focus", "JNIM", "--hops", "1", "-o", str(path))
    assert result.returncode == 0, result.stderr
    data = page_data(path.read_text(encoding="utf-8"))
    labels = {node["label"] for node in data["nodes"]}
    assert "Jama'at Nusrat al-Islam wal-Muslimin" in labels and "Iyad Ag Ghaly" in labels
    assert "Taliban" not in labels
    assert data["focus"]["hops"] == 1 and "Neighbourhood of one actor" in data["note"]


@pytest.mark.parametrize(("args", "fragment"), [
    (["--focus", "Nobody At All"], "Nobody At All"),
    (["--relations", "lovesDearly"], "lovesDearly"),
    (["--types", "Dragon"], "Dragon"),
    (["--as-of", "May 2020"], "May 2020"),
])
def test_bad_options_end_in_one_line(sahel_dir, tmp_path, args, fragment):
    result = run_kg("viz", "--store", str(sahel_dir), *args, "-o", str(tmp_path / "x.html"))
    assert_one_line_error(result, fragment)
    assert not (tmp_path / "x.html").exists()


def synthetic(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """A projection-shaped graph (the attributes kg.network.project gives) of a given size."""
    base = nx.barabasi_albert_graph(nodes, 2, seed=seed)
    kinds = ["MilitantGroup", "Person", "Government", "Country", "MediaOutlet"]
    relations = [("cooperatesWith", 1, True), ("atWarWith", -1, True), ("leaderOf", 0, False), ("threatens", -1, False)]
    graph = nx.MultiDiGraph(sources={"s": "Synthetic source"})
    for n in base:
        graph.add_node(f"n{n}", iri=f"n{n}", label=f"Actor {n}", type=kinds[n % len(kinds)], aliases=[f"A{n}"])
    for i, (u, v) in enumerate(base.edges()):
        name, sign, symmetric = relations[i % len(relations)]
        year = str(2000 + i % 20)
        graph.add_edge(f"n{u}", f"n{v}", relation=name, sign=sign, symmetric=symmetric, start=year, end=None, point=None,
                       confidence=0.9 if i % 7 else 0.4, claimed_by=[], independent=bool(i % 5), sources=["s"],
                       evidence=[{"quote": f"quote {i}", "source": "s"}], statement=f"st{i}",
                       periods=[{"start": year, "end": None, "point": None}])
    return graph


def test_large_graph_is_laid_out_in_python_capped_and_noted(browser, tmp_path):
    graph = synthetic(1200)
    data = graph_data(graph, Options(max_nodes=800))
    assert data["physics"] is False and all("x" in node and "y" in node for node in data["nodes"])
    assert len(data["nodes"]) == 800 and "400 actors" in data["note"]
    kept = {node["iri"] for node in data["nodes"]}
    assert "n0" in kept, "the most central actors are the ones drawn"
    path = tmp_path / "large.html"
    path.write_text(render(graph, Options(max_nodes=800)), encoding="utf-8")
    opened = open_page(browser, path.as_uri())
    try:
        assert visible_counts(opened.page) == (800, len(data["edges"]))
        assert "left out" in opened.page.text_content("#note")
        assert opened.page.is_visible("#note")
        arrows = "() => kgViewer.edges.get().some((edge) => edge.arrows.to.enabled)"
        assert opened.page.evaluate(arrows) is False, "arrowheads are left out of the zoomed-out overview"
        opened.page.evaluate("() => { kgViewer.network.moveTo({scale: 1.5, animation: {duration: 50}}); }")
        deadline = time.monotonic() + 10
        while not opened.page.evaluate(arrows):
            assert time.monotonic() < deadline, "no arrowheads after zooming in"
            time.sleep(0.05)
    finally:
        opened.page.close()
    assert opened.errors == [] and opened.blocked == []


def test_notebook_shows_the_same_page_in_a_sandboxed_iframe(browser, sahel):
    shown = GraphPage(render(project(sahel)))
    markup = shown._repr_html_()
    assert markup.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in markup
    assert "<script" not in markup.split('srcdoc="')[1].split('"')[0], "the page must be escaped inside srcdoc"
    opened = open_page(browser, "about:blank", ready=False)
    try:
        opened.page.set_content(markup)
        frame = opened.page.frames[1]
        wait_ready(frame)
        graph = project(sahel)
        assert visible_counts(frame) == (graph.number_of_nodes(), graph.number_of_edges())
    finally:
        opened.page.close()
    assert opened.errors == [] and opened.blocked == []
