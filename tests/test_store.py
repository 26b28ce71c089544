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
    with open_store(str(path)) as store:
        store.replace_graphs({KGR["graph/kept"]: [ox.Triple(KGR.a, KGR.p, KGR.b)]})
    mark = tmp_path / ".s.kg-staging"
    assert not mark.exists()  # a write that finished leaves no mark: opening lists no graphs
    raw = ox.Store(str(path))  # what a writer killed between its staging write and its move leaves
    raw.add(ox.Quad(KGR.a, KGR.p, KGR.c, ox.NamedNode("urn:kg:staging:dead")))
    raw.flush()
    del raw
    mark.touch()
    with open_store(str(path)) as store:
        assert store.graph_names() == [KGR["graph/kept"]]
        assert store.query("ASK { ?s ?p <https://w3id.org/kg/id/c> }").boolean is False
    assert not mark.exists()


def test_memory_store_and_bad_specs(tmp_path):
    with open_store("memory:") as store:
        assert store.triple_count() == 0
    with pytest.raises(KgError, match="expected a directory"):
        open_store("ftp://example.org/sparql")
    (tmp_path / "file").write_text("x")
    with pytest.raises(KgError, match="not a directory"):
        open_store(str(tmp_path / "file"))
    with pytest.raises(KgError, match="cannot open store"):
        open_store(str(tmp_path / "file" / "below" / "s"))


def test_a_store_in_a_new_folder_creates_the_folder(tmp_path):
    with open_store(str(tmp_path / "new" / "deeper" / "s")) as store:
        build(store)
    with open_store(str(tmp_path / "new" / "deeper" / "s")) as store:
        assert ONTOLOGY_GRAPH in store.graph_names()


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


def _runs(graph, batches, size, fail_after=None):
    for n in range(batches):
        if fail_after is not None and n == fail_after:
            raise KgError("bad row in the middle of the file")
        yield graph, [ox.Triple(ox.NamedNode(f"https://example.org/e{n}-{i}"), ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                                ox.Literal(f"Event {n} {i}")) for i in range(size)]


def test_bulk_replace_streams_batches_through_the_loader_process_with_name_keys(tmp_path, monkeypatch):
    import kg.bulk

    monkeypatch.setattr(kg.bulk, "BATCH", 50)
    store = open_store(str(tmp_path / "store"))
    graph = ox.NamedNode("https://example.org/graph/bulk")
    done = []
    written = store.bulk_replace_triples([graph], _runs(graph, 10, 20), on_batch=done.append)
    assert written == 400 and store.triple_count() == 400  # 200 labels, each with its kg:nameKey
    assert done and done == sorted(done) and done[-1] < 400
    assert store.query("ASK { <https://example.org/e3-7> kg:nameKey 'event 3 7' }").boolean
    assert store.bulk_replace_graphs([graph], (ox.Quad(t.subject, t.predicate, t.object, g) for g, ts in _runs(graph, 1, 5)
                                                for t in ts)) == 10
    assert store.triple_count() == 10
    store.close()


def test_bulk_replace_failing_midway_leaves_the_store_and_no_copy(tmp_path, monkeypatch):
    import kg.bulk

    monkeypatch.setattr(kg.bulk, "BATCH", 50)
    path = tmp_path / "store"
    store = open_store(str(path))
    graph = ox.NamedNode("https://example.org/graph/bulk")
    store.bulk_replace_triples([graph], _runs(graph, 2, 10))
    with pytest.raises(KgError, match="bad row in the middle"):
        store.bulk_replace_triples([graph], _runs(graph, 10, 20, fail_after=6))
    with pytest.raises(KgError, match="outside the graphs being replaced"):
        store.bulk_replace_triples([graph], _runs(ox.NamedNode("https://example.org/other"), 1, 1))
    assert store.triple_count() == 40
    assert [p.name for p in tmp_path.iterdir() if ".kg-bulk-" in p.name] == []
    store.close()


def test_a_store_given_as_dot_keeps_its_lock_beside_it(tmp_path, monkeypatch):
    (tmp_path / "s").mkdir()
    monkeypatch.chdir(tmp_path / "s")
    with open_store("."):
        assert (tmp_path / ".s.kg-lock").exists()
        assert not any(p.name.endswith(".kg-lock") for p in (tmp_path / "s").iterdir())
