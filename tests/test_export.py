"""kg export, run as the user runs it: every format, read back by kg build, networkx and pandas."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest

from kg import open_store
from kg.network import project, read_gexf, read_graphml
from tests.conftest import REPO, run_kg

DEVSET = Path(__file__).parent / "devset"
ARTICLES = ("somalia-hotel-siege-2022.txt", "yemen-aqap-abyan-2022.txt")
EXTRA = """@prefix kgr: <https://w3id.org/kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
kgr:jnim rdfs:seeAlso [ dcterms:title "A note on a blank node" ; rdfs:comment "nested" ] .
"""


@pytest.fixture(scope="module")
def analyst_store(tmp_path_factory) -> Path:
    """The built-in graph, a user file with blank nodes, and two ingested articles, on disk."""
    folder = tmp_path_factory.mktemp("export")
    (folder / "notes.ttl").write_text(EXTRA, encoding="utf-8")
    store = folder / "store"
    result = run_kg("build", "--store", str(store), "--data", str(folder / "notes.ttl"))
    assert result.returncode == 0, result.stderr
    result = run_kg("ingest", "--store", str(store), *(str(DEVSET / name) for name in ARTICLES))
    assert result.returncode == 0, result.stderr
    return store


def _canonical(quads, merge: bool = False) -> set[str]:
    """The quads with blank nodes relabelled canonically (graph names dropped with ``merge``)."""
    dataset = ox.Dataset()
    for quad in quads:
        dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object) if merge else quad)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(quad) for quad in dataset}


def _store_quads(path: Path, merge: bool = False) -> set[str]:
    with open_store(str(path)) as store:
        return _canonical(store.quads(), merge)


@pytest.mark.parametrize("extension", ["nq", "trig", "jsonld", "ttl"])
def test_rdf_export_round_trips_through_kg_build(analyst_store, tmp_path, extension):
    exported = tmp_path / f"graph.{extension}"
    result = run_kg("export", "--store", str(analyst_store), "-o", str(exported))
    assert result.returncode == 0, result.stderr
    assert "from 3 named graphs" in result.stdout
    fresh = tmp_path / "fresh"
    result = run_kg("build", "--store", str(fresh), "--data", str(exported))
    assert result.returncode == 0, result.stderr
    merge = extension == "ttl"  # Turtle has no named graphs: the union must match
    original, restored = _store_quads(analyst_store, merge), _store_quads(fresh, merge)
    assert any("_:" in quad for quad in original)
    assert restored == original
    if not merge:
        with open_store(str(fresh)) as a, open_store(str(analyst_store)) as b:
            assert a.graph_names() == b.graph_names()


def test_export_through_kg_serve_is_whole_or_refused(analyst_store, tmp_path):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_load import Server

    store = tmp_path / "served"
    shutil.copytree(analyst_store, store)
    local, whole, cut = tmp_path / "local.nq", tmp_path / "whole.nq", tmp_path / "cut.nq"
    assert run_kg("export", "--store", str(store), "-o", str(local)).returncode == 0
    for max_rows, target in (("100000", whole), ("100", cut)):
        server = Server(store, "--max-rows", max_rows)
        try:
            result = run_kg("export", "--store", f"{server.url}/sparql", "-o", str(target))
        finally:
            server.stop()
        if target is whole:
            assert result.returncode == 0, result.stderr
            assert _canonical(ox.parse(path=str(whole), format=ox.RdfFormat.N_QUADS)) == _canonical(
                ox.parse(path=str(local), format=ox.RdfFormat.N_QUADS))
        else:  # a kg serve answer cut at --max-rows must not pass for the whole graph
            assert result.returncode == 2 and "cut the answer at 100 rows" in result.stderr
            assert not target.exists()


def test_default_export_leaves_out_only_what_kg_build_loads_itself(analyst_store, tmp_path):
    everything, default = tmp_path / "all.nq", tmp_path / "default.nq"
    assert run_kg("export", "--store", str(analyst_store), "-o", str(everything), "--include-builtin").returncode == 0
    assert run_kg("export", "--store", str(analyst_store), "-o", str(default)).returncode == 0
    graphs = {q.graph_name.value for q in ox.parse(path=str(everything), format=ox.RdfFormat.N_QUADS)}
    kept = {q.graph_name.value for q in ox.parse(path=str(default), format=ox.RdfFormat.N_QUADS)}
    assert graphs - kept == {"https://w3id.org/kg/id/graph/ontology", "https://w3id.org/kg/id/graph/curated/mali-coup-2020"}
    assert len(graphs) == 5


@pytest.mark.parametrize("selector", ["somalia-hotel-siege-2022", "kgr:graph/text/somalia-hotel-siege-2022",
                                      "https://w3id.org/kg/id/source/text/somalia-hotel-siege-2022"])
def test_graph_option_exports_one_graph(analyst_store, tmp_path, selector):
    out = tmp_path / "one.trig"
    result = run_kg("export", "--store", str(analyst_store), "--graph", selector, "-o", str(out))
    assert result.returncode == 0, result.stderr
    graphs = {q.graph_name.value for q in ox.parse(path=str(out), format=ox.RdfFormat.TRIG)}
    assert graphs == {"https://w3id.org/kg/id/graph/text/somalia-hotel-siege-2022"}


def test_graphml_and_gexf_carry_the_projection(analyst_store, tmp_path):
    with open_store(str(analyst_store)) as store:
        expected = project(store, as_of="2021-06")
        everything = project(store)
    assert 0 < expected.number_of_edges() < everything.number_of_edges()
    for fmt, reader, plain in (("graphml", read_graphml, nx.read_graphml), ("gexf", read_gexf, nx.read_gexf)):
        out = tmp_path / f"net.{fmt}"
        result = run_kg("export", "--store", str(analyst_store), "--as-of", "2021-06", "-o", str(out))
        assert result.returncode == 0, result.stderr
        raw = plain(str(out))  # what Gephi or networkx alone sees
        assert set(raw.nodes) == set(expected.nodes)
        assert raw.number_of_edges() == expected.number_of_edges()
        assert {d["relation"] for *_, d in raw.edges(data=True)} == {d["relation"] for *_, d in expected.edges(data=True)}
        back = reader(out)
        assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
        assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))


def test_csv_export_reads_into_pandas(analyst_store, tmp_path):
    result = run_kg("export", "--store", str(analyst_store), "--format", "csv", "-o", str(tmp_path / "net.csv"))
    assert result.returncode == 0, result.stderr
    with open_store(str(analyst_store)) as store:
        expected = project(store)
    edges = pd.read_csv(tmp_path / "net-edges.csv")
    nodes = pd.read_csv(tmp_path / "net-nodes.csv")
    assert len(edges) == expected.number_of_edges() and len(nodes) == expected.number_of_nodes()
    assert {"source", "target", "relation", "sign", "start", "end", "confidence", "claimed_by", "sources"} <= set(edges)
    assert set(nodes["id"]) == set(expected.nodes)
    war = edges[(edges.relation == "atWarWith") & edges.source.str.endswith("/isgs")].iloc[0]
    assert war.sign == -1 and war.start == "2020-05-08"
    assert war.target.endswith("/jnim") and "Al-Naba newsletter" in json.loads(war.evidence)[0]["quote"]
    by_id = nodes.set_index("id")
    assert by_id.loc["https://w3id.org/kg/id/jnim", "type"] == "MilitantGroup"
    assert "JNIM" in json.loads(by_id.loc["https://w3id.org/kg/id/jnim", "aliases"])


def test_network_export_of_one_source_keeps_its_relations(analyst_store, tmp_path):
    out = tmp_path / "somalia.graphml"
    result = run_kg("export", "--store", str(analyst_store), "--graph", "somalia-hotel-siege-2022", "-o", str(out))
    assert result.returncode == 0, result.stderr
    graph = read_graphml(out)
    assert graph.number_of_edges() > 0
    assert all(any("somalia" in s for s in d["sources"]) for *_, d in graph.edges(data=True))
    assert "https://w3id.org/kg/id/jnim" not in graph


@pytest.mark.parametrize("args, message", [
    (["--format", "xml", "-o", "x.xml"], "--format xml: unknown"),
    (["-o", "x.txt"], "cannot tell the format"),
    ([], "-o FILE"),
    (["-o", "x.nq", "--as-of", "2020"], "--as-of applies to the network formats"),
    (["-o", "x.graphml", "--as-of", "2020-13"], "not a date"),
    (["-o", "x.nq", "--graph", "no-such-source"], "--graph no-such-source"),
    (["-o", "missing/dir/x.nq"], "missing/dir/x.nq: cannot write"),
])
def test_bad_arguments_end_in_one_line_and_no_file(analyst_store, tmp_path, args, message):
    result = run_kg("export", "--store", str(analyst_store), *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert os.listdir(tmp_path) == []


def test_unwritable_target_leaves_the_old_file_and_no_partial_one(analyst_store, tmp_path):
    if os.geteuid() == 0:
        target = tmp_path / "x.nq"
        target.mkdir()  # root can write anywhere: a folder in the way is the unwritable target
        expected = "is a folder"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target, expected = locked / "x.nq", "cannot write"
    result = run_kg("export", "--store", str(analyst_store), "-o", str(target))
    assert result.returncode == 2 and expected in result.stderr
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".part")] == []
    good = tmp_path / "good.graphml"
    good.write_text("earlier export", encoding="utf-8")
    result = run_kg("export", "--store", str(analyst_store), "--as-of", "bad", "-o", str(good))
    assert result.returncode == 2 and good.read_text(encoding="utf-8") == "earlier export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
