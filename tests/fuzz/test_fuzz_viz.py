"""``kg viz``: labels, aliases, quotes and titles of any text become data in the page, never markup."""

from __future__ import annotations

import html
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.fuzzing import examples, run_cli, scratch, store_copy
from tests.fuzz.graphs import text_graph
from tests.fuzz.mutations import unicode_text

PIECES = ["<script>", "</script>", "<!--", "-->", "<img src=x onerror=alert(1)>", '"', "'", "`", "${x}", "&amp;", "&",
          "\u202e", "\u200b", "\x00", "\ufeff", "javascript:", "</title>", "{{data}}", "{{title}}", "\\u003c", "\n", "\r"]
_TEXT = st.lists(st.sampled_from(PIECES) | unicode_text(max_size=8), min_size=1, max_size=6).map("".join)
_DATA_BLOCK = re.compile(r'<script type="application/json" id="kg-graph">(.*?)</script>', re.S)




@pytest.fixture(scope="module")
def template_scripts(built, tmp_path_factory) -> int:
    page = tmp_path_factory.mktemp("fuzz-viz-page") / "plain.html"
    assert run_cli(["viz", "--store", str(built), "-o", str(page)]).exit_code == 0
    return page.read_text(encoding="utf-8").count("<script")


@examples(8)
@given(labels=st.lists(_TEXT.filter(str.strip), min_size=2, max_size=5, unique=True),
       aliases=st.lists(_TEXT.filter(str.strip), max_size=3), quotes=st.lists(_TEXT.filter(str.strip), max_size=3),
       title=_TEXT, focus=st.none() | _TEXT)
def test_viz_labels_stay_text(built, template_scripts, labels, aliases, quotes, title, focus):
    with scratch() as folder, store_copy(built) as store:
        data = folder / "labels.ttl"
        data.write_text(text_graph(labels, aliases, quotes, title=title), encoding="utf-8")
        assert run_cli(["build", "--store", str(store), "--no-validate", "--data", str(data)], store=store).exit_code == 0
        page_path = folder / "page.html"
        args = ["viz", "--store", str(store), "-o", str(page_path), "--title", title] + (["--focus", focus] if focus else [])
        outcome = run_cli(args, store=store, target="viz")
        if outcome.exit_code:
            assert focus is not None, outcome.stderr  # only an unknown --focus may fail
            return
        page = page_path.read_bytes().decode("utf-8")  # as written: read_text would turn "\r" into "\n"
    assert page.count("<script") == template_scripts
    assert f"<title>{html.escape(title, quote=True)}</title>" in page
    block = _DATA_BLOCK.search(page).group(1)
    assert "<" not in block and "&" not in block
    drawn = json.loads(block)
    by_label = {node["label"]: node for node in drawn["nodes"]}
    if focus is None:
        assert set(labels) <= set(by_label)
        for label in labels:
            assert set(by_label[label]["aliases"]) <= set(aliases)
        ours = {by_label[label]["id"] for label in labels}
        shown = {quote for edge in drawn["edges"] if {edge["from"], edge["to"]} <= ours for quote, _ in edge["evidence"]}
        assert shown == {quotes[n % len(quotes)] for n in range(len(labels) - 1)} if quotes else not shown
