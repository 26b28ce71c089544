"""kg.network.cache: the projection kept beside an on-disk store, used while true, stale after any write."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import pytest

from kg import build, open_store
from kg.beside import CACHE_STAMP, JOURNAL
from kg.network import project
from kg.network.cache import cache_path
from kg.network.reading import DETAILS
from kg.statements import Entity, entity_triples
from kg.vocab import KG, KGR, SKOS
from tests.conftest import REPO, run_kg

JNIM = KGR["jnim"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cache") / "template"
    with open_store(str(path)) as store:
        build(store)
    return path


@pytest.fixture
def store_dir(built, tmp_path) -> Path:
    path = tmp_path / "sahel"
    shutil.copytree(built, path)
    return path


def folder(store_dir: Path) -> Path:
    return store_dir.parent / f".{store_dir.name}.kg-cache"


def data_name(store_dir: Path, detail: str) -> str | None:
    meta = folder(store_dir) / f"{detail}.json"
    return json.loads(meta.read_text())["data"] if meta.exists() else None


def assert_same(expected, graph) -> None:
    assert list(graph.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(graph.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
    assert graph.graph == expected.graph


def project_twice(store_dir: Path, **filters):
    """The projection from the store itself, and through the cache (which it builds or uses)."""
    with open_store(str(store_dir)) as store:
        return project(store, cache=False, **filters), project(store, **filters)


def test_the_second_projection_reads_the_cache_and_is_identical(store_dir):
    with open_store(str(store_dir)) as store:
        assert cache_path(store) == folder(store_dir)
        for detail in DETAILS:
            plain = project(store, detail=detail, cache=False)
            assert data_name(store_dir, detail) is None
            first = project(store, detail=detail)
            kept = data_name(store_dir, detail)
            second = project(store, detail=detail)
            assert kept is not None and data_name(store_dir, detail) == kept  # read from the cache, not rebuilt
            assert_same(plain, first)
            assert_same(plain, second)
            assert plain.number_of_edges() == 34
        # Filters are applied to the cached records as the reader applies them to the store.
        filters = {"relations": ["atWarWith", "leaderOf"], "as_of": "2020-06", "exclude_claims_by": "Al Naba"}
        assert_same(project(store, cache=False, **filters), project(store, **filters))
        assert project(store, **filters).number_of_edges() > 0
    assert project(open_store("memory:"), cache=True) is not None and cache_path(open_store("memory:")) is None


def test_kg_analyze_uses_the_cache_and_no_cache_bypasses_it(store_dir):
    command = ("analyze", "path", "JNIM", "Government of Mali", "--format", "json", "--store", str(store_dir))
    bypassed = run_kg(*command, "--no-cache")
    assert bypassed.returncode == 0, bypassed.stderr
    assert not folder(store_dir).exists()
    with open_store(str(store_dir)) as store:
        project(store, detail="dates")  # what kg analyze path reads
    kept = data_name(store_dir, "dates")
    cached = run_kg(*command)
    assert cached.stdout == bypassed.stdout and data_name(store_dir, "dates") == kept


def _entities_graph(store) -> ox.NamedNode:
    rows = store.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ {JNIM} {SKOS.prefLabel} ?l }} }}").rows
    return rows[0][0]


def _relabelled(store) -> tuple[ox.NamedNode, list[ox.Triple]]:
    """JNIM's graph with another label for it: every pattern's count stays the same, only the stamp tells."""
    graph = _entities_graph(store)
    triples = [q.triple for q in store.quads() if q.graph_name == graph
               and not (q.subject == JNIM and q.predicate == SKOS.prefLabel)]
    return graph, [*triples, ox.Triple(JNIM, SKOS.prefLabel, ox.Literal("JNIM renamed"))]


WRITES = {
    "update": lambda store: store.update(
        f'DELETE WHERE {{ GRAPH ?g {{ {JNIM} {SKOS.prefLabel} ?l }} }} ; '
        f'INSERT DATA {{ GRAPH {KGR["graph/renamed"]} {{ {JNIM} {SKOS.prefLabel} "JNIM renamed" }} }}'),
    "bulk_replace_graphs": lambda store: store.bulk_replace_graphs(
        [(named := _relabelled(store))[0]], (ox.Quad(t.subject, t.predicate, t.object, named[0]) for t in named[1])),
    "bulk_replace_triples": lambda store: store.bulk_replace_triples([(named := _relabelled(store))[0]], [named]),
}


def journal(store_dir: Path) -> list[str]:
    path = folder(store_dir) / JOURNAL
    return path.read_text().splitlines()[1:] if path.exists() else []


@pytest.mark.parametrize("write", WRITES)
def test_every_other_write_through_kg_makes_the_cache_stale(store_dir, write):
    with open_store(str(store_dir)) as store:
        assert project(store).nodes[JNIM.value]["label"] != "JNIM renamed"
        WRITES[write](store)
        assert not (folder(store_dir) / CACHE_STAMP).exists()
        # The write kept every pattern's count: only the stamp says the cache is stale.
        assert project(store).nodes[JNIM.value]["label"] == "JNIM renamed"
        assert_same(project(store, cache=False), project(store))


def test_a_small_write_of_known_graphs_is_noted_and_reread(store_dir):
    with open_store(str(store_dir)) as store:
        assert project(store).nodes[JNIM.value]["label"] != "JNIM renamed"
        kept = data_name(store_dir, "full")
        store.replace_graphs(dict([_relabelled(store)]))
        # The stamp stays; the journal names the subjects of the graph's old and new triples, twice (before and after).
        assert (folder(store_dir) / CACHE_STAMP).exists()
        assert JNIM.value in journal(store_dir) and len(journal(store_dir)) == 2 * len(set(journal(store_dir)))
        assert project(store).nodes[JNIM.value]["label"] == "JNIM renamed"
        assert data_name(store_dir, "full") != kept  # the patched records, saved
        assert_same(project(store, cache=False), project(store))
        noted = journal(store_dir)
        store.drop_graphs([KGR["graph/nothing-here"]])  # touches nothing: nothing to note
        assert (folder(store_dir) / CACHE_STAMP).exists() and journal(store_dir) == noted


def test_every_writing_command_keeps_the_cache_true(store_dir, tmp_path):
    extra = tmp_path / "extra.ttl"
    extra.write_text(ox.serialize(entity_triples(Entity(KGR["new-group"], "MilitantGroup", "New Group")),
                                  format=ox.RdfFormat.TURTLE).decode())
    article = REPO / "tests" / "devset" / "somalia-hotel-siege-2022.txt"
    # build and ingest note what they touch; the import swaps the store and merge rewrites with SPARQL Update.
    commands = {("build", "--data", str(extra)): True, ("ingest", "--no-validate", str(article)): True,
                ("import", "ucdp", str(REPO / "tests" / "fixtures" / "ucdp_ged_official.csv")): False,
                ("actors", "merge", "Civilians", "Islamic State"): False}  # Civilians: made by the import
    for command, noted in commands.items():
        with open_store(str(store_dir)) as store:
            project(store, detail="structure")
        assert (folder(store_dir) / CACHE_STAMP).exists()
        before = len(journal(store_dir))
        result = run_kg(*command, "--store", str(store_dir))
        assert result.returncode == 0, (command, result.stderr)
        assert (folder(store_dir) / CACHE_STAMP).exists() == noted, command
        assert (len(journal(store_dir)) > before) == noted, command
        plain, cached = project_twice(store_dir, detail="structure")
        assert_same(plain, cached)
    plain, cached = project_twice(store_dir)
    assert_same(plain, cached)
    imported = KGR["source/ucdp-ged/ucdp-ged-official-csv"].value
    assert any(imported in data["sources"] for *_, data in cached.edges(data=True))


def test_a_write_that_bypassed_kg_is_caught_by_the_pattern_counts(store_dir):
    plain, cached = project_twice(store_dir)
    raw = ox.Store(str(store_dir))
    raw.add(ox.Quad(KGR["isgs"], KG.atWarWith, KGR["mali-government"], KGR["graph/raw"]))
    raw.flush()
    del raw
    assert (folder(store_dir) / CACHE_STAMP).exists()
    plain_after, cached_after = project_twice(store_dir)
    assert cached_after.number_of_edges() == plain.number_of_edges() + 1
    assert_same(plain_after, cached_after)


def _damage(path: Path, how: str) -> None:
    if how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "garbage":
        path.write_bytes(b"\x00\xffnot a cache\x1b[31m" * 50)
    elif how == "pickled":
        np.savez(path, direct=np.array([object()], dtype=object))
    elif how == "out of range":
        with np.load(path) as data:
            arrays = {name: data[name] for name in data.files}
        arrays["relations"][0, 0] = 10**9
        with path.open("wb") as handle:
            np.savez(handle, **arrays)
    elif how == "wrong strings":
        path.write_text(json.dumps([1, 2, {"a": None}]))


@pytest.mark.parametrize(("part", "how"), [("npz", "truncated"), ("npz", "pickled"), ("npz", "out of range"),
                                           ("strings.json", "garbage"), ("strings.json", "wrong strings"),
                                           ("meta", "garbage"), ("stamp", "garbage")])
def test_a_damaged_cache_is_ignored_and_rebuilt(store_dir, part, how):
    plain, _ = project_twice(store_dir, detail="structure")
    name = data_name(store_dir, "structure")
    target = {"meta": folder(store_dir) / "structure.json", "stamp": folder(store_dir) / CACHE_STAMP}.get(
        part, folder(store_dir) / f"{name}.{part}")
    _damage(target, how)
    again, cached = project_twice(store_dir, detail="structure")
    assert_same(plain, again)
    assert_same(plain, cached)
    assert data_name(store_dir, "structure") not in (None, name)  # rebuilt under a new name


KILLED = """
import os, signal, sys
import pyoxigraph as ox
import kg.beside
from kg.store import open_store

store = open_store(sys.argv[1])
size = int(sys.argv[2])
kg.beside.JOURNAL_TRIPLES = 10  # a write larger than this is not noted: it makes the cache stale

def triples():
    for n in range(size):
        yield ox.Triple(ox.NamedNode(f"urn:x:a{n}"), ox.NamedNode("urn:x:p"), ox.Literal("x"))

class Dying:  # the store, killed as it moves the staged graphs into place
    def __getattr__(self, name):
        return getattr(real, name)

    def update(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

real, store._store = store._store, Dying()
store.replace_graphs({ox.NamedNode("urn:x:g"): triples()})
"""


@pytest.mark.parametrize("size", [3, 11])
def test_a_writer_killed_mid_write_leaves_no_wrong_cache(store_dir, size):
    plain, _ = project_twice(store_dir)
    result = subprocess.run([sys.executable, "-c", KILLED, str(store_dir), str(size)], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr
    if size > 10:  # too large to note: the stamp went first
        assert not (folder(store_dir) / CACHE_STAMP).exists()
    else:  # noted before the write began
        assert "urn:x:a0" in journal(store_dir)
    again, cached = project_twice(store_dir)
    assert_same(plain, cached)
    assert_same(again, cached)


def test_a_file_where_the_cache_folder_goes_changes_nothing(store_dir):
    folder(store_dir).write_text("not a folder")
    plain, cached = project_twice(store_dir)
    assert_same(plain, cached)
    with open_store(str(store_dir)) as store:
        store.drop_graphs([KGR["graph/nothing-here"]])
    assert folder(store_dir).read_text() == "not a folder"
