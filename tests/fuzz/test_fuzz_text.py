"""``kg extract`` and ``kg ingest``: any bytes, any encoding, huge lines, nested markup, broken meta files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import CORPUS, run_kg
from tests.fuzz.fuzzing import examples, run_cli, scratch, store_copy, store_digest
from tests.fuzz.mutations import encoded, mutated, unicode_text

ARTICLE = (CORPUS.read_bytes() if CORPUS.exists() else
           b"Militants of JNIM attacked the army in Mopti on May 8, 2020, the group said in a statement.")[:3000]
TAGS = ["p", "div", "b", "script", "style", "title", "a", "span", "table", "td", "template", "noscript", "svg", "math"]


@st.composite
def nested_markup(draw) -> bytes:
    """HTML with tags nested deep, left open, misclosed, and text with entities between them."""
    depth = draw(st.integers(1, 3000))
    tags = draw(st.lists(st.sampled_from(TAGS), min_size=1, max_size=5))
    opening = "".join(f"<{tags[i % len(tags)]} class='x'>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in range(draw(st.integers(0, depth))))
    inner = draw(st.sampled_from(["JNIM attacked Mali.", "&amp;&#0;&#x110000;&bogus;", "<!--", "<![CDATA[x", ""]))
    return f"<!doctype html><html><body>{opening}{inner}{closing}".encode()


def articles() -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.binary(max_size=2000),
        unicode_text(max_size=400).flatmap(encoded),
        mutated(ARTICLE),
        nested_markup(),
        st.builds(lambda line, n: (line * n).encode("utf-8"), unicode_text(1, 20), st.integers(1, 20_000)),
    )


def meta_files() -> st.SearchStrategy[bytes | None]:
    values = st.none() | st.integers() | unicode_text(max_size=20) | st.sampled_from(["2020-05-08", "2020-13", "20x0"])
    return st.none() | st.binary(max_size=40) | st.builds(
        lambda d: json.dumps(d).encode(), st.dictionaries(st.sampled_from(["published", "title", "kind", "x"]), values))


def _write(folder: Path, article: bytes, meta: bytes | None, suffix: str = ".txt") -> Path:
    path = folder / f"article{suffix}"
    path.write_bytes(article)
    if meta is not None:
        (folder / "article.meta.json").write_bytes(meta)
    return path




@examples(40)
@given(article=articles(), meta=meta_files(), suffix=st.sampled_from([".txt", ".html", ".htm", ""]),
       date=st.none() | unicode_text(max_size=12) | st.sampled_from(["2020", "2020-02-30", "0000"]))
@example(article=b"JNIM " * 40_000, meta=None, suffix=".txt", date=None)
@example(article=b"<p>" * 100_000, meta=None, suffix=".html", date=None)
@example(article=b"\xef\xbb\xbf" + b"\x00" * 10, meta=b"{", suffix=".txt", date="2020-05")
def test_extract_any_input(built, article, meta, suffix, date):
    """Extraction writes nothing: success (JSON on stdout) or one error."""
    with scratch() as folder:
        path = _write(folder, article, meta, suffix)
        args = ["extract", str(path), "--store", str(built)] + (["--date", date] if date is not None else [])
        outcome = run_cli(args, timeout=90, target="extract")
        if outcome.exit_code == 0:
            json.loads(outcome.stdout)


@examples(15)
@given(articles_=st.lists(articles(), min_size=1, max_size=3), meta=meta_files(), skip_bad=st.booleans())
def test_ingest_any_input(built, articles_, meta, skip_bad):
    """A batch is written whole or not at all: on failure the store is as it was."""
    with scratch() as folder, store_copy(built) as store:
        paths = []
        for number, article in enumerate(articles_):
            (folder / str(number)).mkdir()
            paths.append(str(_write(folder / str(number), article, meta)))
        args = ["ingest", *paths, "--store", str(store), "--no-validate"] + (["--skip-bad"] if skip_bad else [])
        run_cli(args, store=store, timeout=120, target="ingest")


def test_ingest_hostile_file_in_a_subprocess(tmp_path, built):
    """The real command on a 2 MB one-line file of markup: finishes in time, one line or success."""

    from fuzzing import COUNTS, check_outcome

    COUNTS["ingest-subprocess"] += 1
    store = tmp_path / "store"
    shutil.copytree(built, store)
    path = tmp_path / "huge.html"
    path.write_bytes(b"<div>" * 400_000)
    before = store_digest(store)
    result = run_kg("ingest", str(path), "--store", str(store), "--no-validate", timeout=120)
    check_outcome(result.returncode, result.stdout, result.stderr)
    if result.returncode:
        assert store_digest(store) == before
