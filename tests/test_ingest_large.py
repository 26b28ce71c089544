"""Ingest's reads of a store on disk: the same names as the join query they replaced, and validation that still refuses."""

import shutil

import pyoxigraph as ox
import pytest

from kg import open_store
from kg.errors import KgError
from kg.ingest.known import build_known
from kg.ingest.pipeline import known_names
from kg.ingest.write import TEXT_GRAPHS, defined_outside_text, graph_of, ingest, validate_graphs
from kg.names import Gazetteer
from kg.statements import Derivation, Entity, RelationFact, Source, entity_triples, relation_triples, source_triples
from kg.vocab import KG, KGR, RDF

ARTICLE = """Sahel Groups Turn On Each Other

BAMAKO (May 20) — The Macina Liberation Front and the Azawad Liberation Movement cooperated with one another in 2019.
"""


def joined_gazetteer(store) -> Gazetteer:
    """The gazetteer as it was read before: one join over labels, aliases and classes."""
    result = store.query("""SELECT ?x ?name ?pref ?class WHERE {
                              ?x skos:prefLabel|skos:altLabel ?name ; skos:prefLabel ?pref ; a ?class .
                              FILTER(STRSTARTS(STR(?class), STR(kg:))) }""")
    return Gazetteer((x, name.value, pref.value, c.value.rsplit("#", 1)[-1]) for x, name, pref, c in result.rows)


@pytest.fixture(scope="module")
def written(sahel_dir, tmp_path_factory):
    """A copy of the built store on disk, with one ingested article (a text graph beside the curated ones)."""
    folder = tmp_path_factory.mktemp("large")
    path = folder / "store"
    shutil.copytree(sahel_dir, path)
    article = folder / "sahel-war.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    store = open_store(str(path))
    assert ingest(store, [article], date="2020-05-20").written == [str(article)]
    return store


def test_known_names_are_those_of_the_join(written):
    expected = build_known(joined_gazetteer(written))
    found = known_names(written)
    assert len(found.names) > 100
    assert found.names == expected.names
    assert found.iris == expected.iris
    assert KGR["macina-liberation-front"].value in found.iris
    assert found.neighbours


def test_defined_outside_text_leaves_text_actors_out(written):
    defined = defined_outside_text(written)
    expected = {row[0].value for row in written.query(
        "SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x skos:prefLabel ?l } FILTER(!STRSTARTS(STR(?g), ?prefix)) }",
        {"prefix": ox.Literal(TEXT_GRAPHS)}).rows}
    assert defined == expected
    assert KGR["macina-liberation-front"].value not in defined


def test_the_most_specific_class_names_the_kind():
    store = open_store("memory:")
    node = KGR["some-front"]
    store.replace_graphs({KGR["graph/test"]: [
        *entity_triples(Entity(iri=node, type="MilitantGroup", label="Some Front", aliases=["SF"])),
        ox.Triple(node, RDF.type, KG.Organization), ox.Triple(node, RDF.type, KG.Actor)]})
    gazetteer = Gazetteer.from_store(store)
    assert [(c.iri, c.label, c.type) for c in gazetteer.lookup("SF")] == [(node, "Some Front", "MilitantGroup")]


def test_validation_reads_stored_types_and_refuses(written):
    groups = [row[0] for row in written.query("SELECT ?x WHERE { ?x a kg:MilitantGroup } ORDER BY ?x LIMIT 2").rows]
    source = source_triples(Source(iri=KGR["source/test"], title="A test", kind="news"))
    bad = source + relation_triples(RelationFact(groups[0], "leaderOf", groups[1], Derivation(source=KGR["source/test"])))
    with pytest.raises(KgError, match="violation"):
        validate_graphs(written, {graph_of("bad"): bad})
    person = written.query("SELECT ?x WHERE { ?x a kg:Person } ORDER BY ?x LIMIT 1").rows[0][0]
    good = source + relation_triples(RelationFact(person, "leaderOf", groups[0], Derivation(source=KGR["source/test"])))
    validate_graphs(written, {graph_of("good"): good})


def test_an_endpoint_gives_the_names_an_embedded_store_gives(oxigraph_server):
    leader, group = KGR["some-leader"], KGR["some-front"]
    graphs = {KGR["graph/test"]: [
        *entity_triples(Entity(iri=group, type="MilitantGroup", label="Some Front", aliases=["SF", "Front of Some"])),
        *entity_triples(Entity(iri=leader, type="Person", label="Abu Some", aliases=["Abou Some"])),
        ox.Triple(leader, KG.leaderOf, group)]}
    local = open_store("memory:")
    local.replace_graphs(graphs)
    with open_store(oxigraph_server) as remote:
        remote.replace_graphs(graphs)
        found, expected = known_names(remote), known_names(local)
        assert found.names == expected.names == build_known(joined_gazetteer(remote)).names
    assert found.neighbours == expected.neighbours == {leader.value: {group.value}, group.value: {leader.value}}
