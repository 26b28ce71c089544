"""The store: persistence, atomic writes, repeatable builds, the directory lock."""

import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg import KgError, build, open_store
from kg.build import ONTOLOGY_GRAPH
from kg.vocab import KGR


def canonical_dump(store) -> list[str]:
    return sorted(f"{q.subject} {q.predicate} {q.object} {q.graph_name}" for q in store.quads())


def test_on_disk_store_survives_reopen(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        build(store)
        before = canonical_dump(store)
    with open_store(str(tmp_path / "s")) as store:
        assert canonical_dump(store) == before
        assert ONTOLOGY_GRAPH in store.graph_names()
        assert KGR["graph/curated/mali-coup-2020"] in store.graph_names()


def test_building_twice_gives_the_same_graph(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        build(store)
        first = canonical_dump(store)
        build(store)
        assert canonical_dump(store) == first
        assert store.triple_count() == len(first)


def test_queries_see_all_graphs_unless_they_name_one(sahel):
    union = sahel.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:MilitantGroup }").rows[0][0]
    in_ontology = sahel.query(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/kg/id/graph/ontology> { ?s a kg:MilitantGroup } }").rows[0][0]
    assert (int(union.value), int(in_ontology.value)) == (5, 0)


def test_replace_graphs_is_atomic_when_a_write_fails(tmp_path):
    with open_store(str(tmp_path / "s")) as store:
        build(store)
        before = canonical_dump(store)
        good = [ox.Triple(KGR.a, KGR.p, KGR.b)]

        def failing():
            yield from good
            raise OSError("disk full")

        with pytest.raises(KgError, match="nothing changed"):
            store.replace_graphs({ONTOLOGY_GRAPH: [], KGR["graph/new"]: failing()})
        assert canonical_dump(store) == before


def test_a_staging_graph_left_by_a_killed_writer_is_removed_on_open(tmp_path):
    path = tmp_path / "s"
    raw = ox.Store(str(path))
    raw.add(ox.Quad(KGR.a, KGR.p, KGR.b, ox.NamedNode("urn:kg:staging:dead")))
    raw.flush()
    del raw
    with open_store(str(path)) as store:
        assert store.graph_names() == []


def test_memory_store_and_bad_specs(tmp_path):
    with open_store("memory:") as store:
        assert store.triple_count() == 0
    with pytest.raises(KgError, match="expected a directory"):
        open_store("ftp://example.org/sparql")
    (tmp_path / "file").write_text("x")
    with pytest.raises(KgError, match="not a directory"):
        open_store(str(tmp_path / "file"))


def test_a_store_held_by_another_process_is_reported(tmp_path):
    path = tmp_path / "held"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); print('ready', flush=True); time.sleep(60)",
         str(path)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(KgError, match="in use by another process"):
            open_store(str(path))
    finally:
        holder.kill()
        holder.wait()


def test_build_validates_new_data_against_what_the_store_already_holds(tmp_path):
    """Types and symmetric relations in graphs that a build keeps are part of its check."""
    head = "@prefix kg: <https://w3id.org/kg/ontology#> . @prefix kgr: <https://w3id.org/kg/id/> .\n" \
           "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
    files = {
        "a.ttl": 'kgr:new-group a kg:MilitantGroup ; skos:prefLabel "New group" . kgr:new-group kg:rivalOf kgr:x .\n'
                 'kgr:x a kg:MilitantGroup ; skos:prefLabel "X" .\n',
        "b.ttl": 'kgr:new-person a kg:Person ; skos:prefLabel "P" . kgr:new-person kg:leaderOf kgr:new-group .\n',
        "c.ttl": "kgr:new-group kg:leaderOf kgr:jnim .\n",
        "d.ttl": "kgr:x kg:rivalOf kgr:new-group . kgr:st a kg:RelationStatement ; kg:curated true ;\n"
                 "  <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> kgr:x ;\n"
                 "  <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> kg:rivalOf ;\n"
                 "  <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> kgr:new-group .\n",
    }
    for name, body in files.items():
        (tmp_path / name).write_text(head + body)
    with open_store(str(tmp_path / "s")) as store:
        build(store, [tmp_path / "a.ttl"])
        build(store, [tmp_path / "b.ttl"])
        assert KGR["graph/file/a.ttl"] in store.graph_names()
        sourced = store.query("""ASK { ?st rdf:subject kgr:new-person ; rdf:predicate kg:leaderOf ; rdf:object kgr:new-group ;
                                       prov:qualifiedDerivation/prov:entity ?file . ?file dcterms:title "b.ttl" }""")
        assert sourced.boolean, "a bare relation triple gets a statement node sourced to its file"
        with pytest.raises(KgError, match=r"new-group of \S*leaderOf is not a \S*Person"):
            build(store, [tmp_path / "c.ttl"])
        with pytest.raises(KgError, match="both directions"):
            build(store, [tmp_path / "d.ttl"])
