"""kg actors merge / split: corrections of entity resolution, rewritten atomically and recorded in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import build, open_store
from kg.errors import KgError
from kg.importers import import_file
from kg.importers.actors import merge, split

FIXTURES = Path(__file__).parent / "fixtures"


def values(store, sparql):
    return sorted(tuple(t.value for t in row) for row in store.query(sparql).rows)


@pytest.fixture
def imported():
    store = open_store("memory:")
    build(store)
    import_file(store, "mmp", FIXTURES / "mmp_relationships.csv", key=FIXTURES / "mmp_key.csv")
    return store


def test_merge_rewrites_statements_records_and_guides_later_imports(imported):
    assert values(imported, "SELECT ?x WHERE { ?x skos:prefLabel 'Jund al-Khilafah' }") == [
        ("https://w3id.org/kg/id/jund-al-khilafah",)]
    with pytest.raises(KgError, match="defined in .*curated"):
        merge(imported, "kgr:islamic-state", "Jund al-Khilafah")
    result = merge(imported, "Jund al-Khilafah", "kgr:isgs", note="test: same group for this test")
    assert result.graphs and not values(imported, "SELECT ?x WHERE { ?x skos:prefLabel 'Jund al-Khilafah' }")
    assert values(imported, "SELECT ?p WHERE { kgr:isgs ?p kgr:aqim }") or values(
        imported, "SELECT ?o WHERE { kgr:isgs kg:splinterOf ?o }")
    nodes = values(imported, """SELECT ?st WHERE { ?st rdf:subject kgr:isgs ; rdf:predicate kg:splinterOf ; rdf:object ?o }""")
    from kg.statements import statement_iri
    from kg.vocab import KGR

    (node,), = nodes
    obj = values(imported, "SELECT ?o WHERE { kgr:isgs kg:splinterOf ?o }")[0][0]
    assert node == statement_iri(KGR["isgs"], "splinterOf", __import__("pyoxigraph").NamedNode(obj)).value
    record = values(imported, """SELECT ?m ?k ?note WHERE { ?d a kg:ActorMerge ; kg:mergedActor ?m ; kg:keptActor ?k ;
                                 rdfs:comment ?note ; dcterms:created ?t ; dcterms:creator ?who }""")
    assert record == [("https://w3id.org/kg/id/jund-al-khilafah", "https://w3id.org/kg/id/isgs",
                       "test: same group for this test")]
    again = import_file(imported, "mmp", FIXTURES / "mmp_relationships.csv", key=FIXTURES / "mmp_key.csv")
    assert again.resolution.merged["Jund al-Khilafah"][0] == "Islamic State in the Greater Sahara"


def test_split_gives_names_to_another_actor_for_later_imports(imported):
    result = split(imported, "kgr:islamic-state", ["The Islamic State"], label="Islamic State (MMP's IS)", note="test")
    assert "Mapping Militant Organizations relationships: mmp_relationships.csv" in result.reimport
    again = import_file(imported, "mmp", FIXTURES / "mmp_relationships.csv", key=FIXTURES / "mmp_key.csv")
    assert again.resolution.merged["The Islamic State"] == ("Islamic State (MMP's IS)", "decision")
    assert values(imported, "SELECT ?n WHERE { ?d a kg:ActorSplit ; kg:splitName ?n ; kg:splitFrom kgr:islamic-state }") == [
        ("The Islamic State",)]
    with pytest.raises(KgError, match="has no name"):
        split(imported, "kgr:islamic-state", ["Boko Haram"])
