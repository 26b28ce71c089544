"""kg import ucdp: GED events and dyads, bad rows, strict mode, the damaged Niger extract, the real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from kg import build, open_store
from kg.errors import KgError
from kg.importers import import_file
from tests.conftest import REPO, run_kg

FIXTURES = Path(__file__).parent / "fixtures"
DATA = REPO.parent / "shared" / "data"
TRACED = """SELECT (COUNT(DISTINCT ?st) AS ?statements) (COUNT(DISTINCT ?u) AS ?untraced) WHERE {
  GRAPH ?g { ?st a kg:RelationStatement } FILTER(STRSTARTS(STR(?g), "https://w3id.org/kg/id/graph/import/"))
  OPTIONAL { FILTER NOT EXISTS { GRAPH ?g { ?st prov:qualifiedDerivation ?d .
             { ?d kg:line ?l } UNION { ?d kg:aggregates/prov:qualifiedDerivation/kg:line ?l } } } BIND(?st AS ?u) } }"""


def values(store, sparql, **bindings):
    return [tuple(t.value if t is not None else None for t in row) for row in store.query(sparql, bindings or None).rows]


@pytest.fixture
def sahel_memory():
    store = open_store("memory:")
    build(store)
    return store


def test_ged_events_dyads_and_resolution(sahel_memory):
    report = import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_ged_official.csv")
    assert (report.rows, report.imported) == (6, 4)
    assert [line for line, _ in report.bad] == [6, 7]
    assert "date_start" in report.bad[0][1] and "best" in report.bad[1][1]
    assert report.resolution.merged["JNIM"][0] == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert report.resolution.merged["IS"][0] == "Islamic State"
    assert report.resolution.merged["Government of Mali"][0] == "Government of Mali"
    war = values(sahel_memory, """SELECT DISTINCT ?start ?end ?n ?best WHERE {
        ?st rdf:subject kgr:islamic-state ; rdf:predicate kg:atWarWith ; rdf:object kgr:jnim ; prov:qualifiedDerivation ?d .
        ?d kg:start ?start ; kg:end ?end ; kg:eventCount ?n ; kg:deathsBest ?best }""")
    assert war == [("2019-07-01", "2020-03-12", "2", "42")]
    attacked = values(sahel_memory, "SELECT ?o WHERE { kgr:jnim kg:attacked ?o }")
    assert attacked == [("https://w3id.org/kg/id/civilians",)]
    event = values(sahel_memory, """SELECT ?type ?start ?end ?best ?low ?high ?lat ?quote ?line WHERE {
        <https://w3id.org/kg/id/event/ucdp-ged/9002> a ?type ; kg:start ?start ; kg:end ?end ; kg:deathsBest ?best ;
        kg:deathsLow ?low ; kg:deathsHigh ?high ; kg:place/schema:latitude ?lat ; prov:qualifiedDerivation ?d .
        ?d kg:line ?line ; kg:evidence/oa:exact ?quote }""")
    assert event == [("https://w3id.org/kg/ontology#NonStateViolence", "2020-03-10", "2020-03-12", "30", "25", "41", "15.2",
                      "Clashes near Ménaka", "3")]
    assert values(sahel_memory, TRACED)[0][1] == "0"


def test_ged_event_is_named_by_the_events_query_and_its_iri_carries_the_ged_id(sahel_memory):
    from kg import run_named_query

    import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_ged_official.csv")
    event = "https://w3id.org/kg/id/event/ucdp-ged/9002"
    stored = values(sahel_memory, """SELECT ?p WHERE { { ?e ?p ?o } UNION { ?e prov:qualifiedDerivation ?d . ?d ?p ?o } }""",
                    e=NamedNode(event))
    assert ("http://www.w3.org/2004/02/skos/core#prefLabel",) not in stored
    assert ("https://w3id.org/kg/ontology#rowId",) not in stored and ("https://w3id.org/kg/ontology#line",) in stored
    rows = run_named_query(sahel_memory, "events", {"actor": NamedNode("https://w3id.org/kg/id/islamic-state")}).records()
    named = {r["e"].value: r["event"].value for r in rows}
    assert named[event] in ("Islamic State - Jama'at Nusrat al-Islam wal-Muslimin, 2020-03-10 to 2020-03-12, Ndaki village",
                            "Jama'at Nusrat al-Islam wal-Muslimin - Islamic State, 2020-03-10 to 2020-03-12, Ndaki village")
    curated = run_named_query(sahel_memory, "events", {"actor": NamedNode("https://w3id.org/kg/id/jnim")}).records()
    assert any(r["event"].value == "JNIM booklets calling for unity among jihadists" for r in curated)


def test_reimport_replaces_and_validates(sahel_memory):
    from kg.validate import validate

    import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_ged_official.csv")
    first = sahel_memory.triple_count()
    import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_ged_official.csv")
    assert sahel_memory.triple_count() == first
    report = validate(sahel_memory)
    assert report.conforms, report.summary()


def test_strict_refuses_and_not_a_ged_file(sahel_memory):
    before = sahel_memory.triple_count()
    with pytest.raises(KgError, match=r"line 6: .*date_start.*--strict"):
        import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_ged_official.csv", strict=True)
    with pytest.raises(KgError, match="not a UCDP GED, Actor Dataset, BRD or ACD CSV file"):
        import_file(sahel_memory, "ucdp", FIXTURES / "not_a_dataset.csv")
    assert sahel_memory.triple_count() == before


def test_cli_on_disk_bad_rows_strict_and_format(tmp_path, sahel_dir):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(sahel_dir, store)
    refused = run_kg("import", "ucdp", str(FIXTURES / "ucdp_ged_official.csv"), "--strict", "--store", str(store))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "line 6" in refused.stderr and "store is unchanged" in refused.stderr
    wrong = run_kg("import", "mmp", str(FIXTURES / "ucdp_ged_official.csv"), "--store", str(store))
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1 and "not a Mapping Militant" in wrong.stderr
    done = run_kg("import", "ucdp", str(FIXTURES / "ucdp_ged_official.csv"), "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert "4 of 6 rows" in done.stdout and "'IS' → Islamic State" in done.stdout
    assert "line 6:" in done.stderr and "line 7:" in done.stderr
    count = run_kg("query", "--format", "csv", "--store", str(store),
                   "SELECT (COUNT(*) AS ?n) WHERE { ?e a kg:NonStateViolence }")
    assert count.stdout.splitlines()[1] == "2"
    assert not list(tmp_path.glob(".store.kg-bulk-*"))


def test_import_into_remote_endpoint(oxigraph_server):
    store = open_store(oxigraph_server)
    build(store, check=False)
    report = import_file(store, "ucdp", FIXTURES / "ucdp_ged_official.csv")
    assert report.imported == 4
    assert values(store, "SELECT ?o WHERE { kgr:jnim kg:attacked ?o }") == [("https://w3id.org/kg/id/civilians",)]


@pytest.mark.skipif(not (DATA / "ucdp" / "Niger.csv").exists(), reason="../shared/data is not beside the repository")
def test_damaged_niger_extract_is_repaired_exactly_or_reported(sahel_memory):
    report = import_file(sahel_memory, "ucdp", DATA / "ucdp" / "Niger.csv")
    assert report.imported > 250 and report.bad
    assert any("spreadsheet round-trip" in note for note in report.notes)
    assert all(isinstance(line, int) and line > 1 for line, _ in report.bad)
    event = values(sahel_memory, "SELECT ?best WHERE { <https://w3id.org/kg/id/event/ucdp-ged/487942> kg:deathsBest ?best }")
    assert event == [("0",)]


@pytest.mark.skipif(not (DATA / "ucdp" / "Mali.csv").exists(), reason="../shared/data is not beside the repository")
def test_done_when_ucdp_and_mmp_into_the_sahel_graph(sahel_memory):
    import_file(sahel_memory, "ucdp", DATA / "ucdp" / "ucdp-actor-221.csv")
    for name in ("Mali.csv", "Burkina_Faso.csv"):
        import_file(sahel_memory, "ucdp", DATA / "ucdp" / name)
    mmp = import_file(sahel_memory, "mmp", DATA / "mmp" / "Militant-Group-Relationships-clean.csv",
                      key=DATA / "mmp" / "Militant-Group-Key.csv")
    assert mmp.resolution.merged["The Islamic State"][0] == "Islamic State"
    for names, iri in ((("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", "Jamaat Nusrat al-Islam wal Muslimeen"), "jnim"),
                       (("IS", "ISIS", "Islamic State"), "islamic-state")):
        for name in names:
            found = values(sahel_memory, """SELECT DISTINCT ?x WHERE { ?x skos:prefLabel|skos:altLabel ?n ; a kg:MilitantGroup .
                                            FILTER(LCASE(STR(?n)) = LCASE(STR(?name))) }""", name=Literal(name))
            assert found == [(f"https://w3id.org/kg/id/{iri}",)], name
    starts = values(sahel_memory, """SELECT DISTINCT ?start WHERE { ?st rdf:subject kgr:islamic-state ;
        rdf:predicate kg:atWarWith ; rdf:object kgr:jnim ; prov:qualifiedDerivation/kg:start ?start } ORDER BY ?start""")
    assert starts[0][0].startswith("2019") and all(s[0] >= "2019" for s in starts)
    statements, untraced = values(sahel_memory, TRACED)[0]
    assert int(statements) > 1000 and untraced == "0"


def test_secondary_warring_parties_are_allies_of_their_side_and_at_war_with_the_other(sahel_memory):
    """ACD rows name states that send troops beside a side (side_a_2nd, side_b_2nd): from real rows, France beside
    Burkina Faso against IS in 2019 and 2020, Sudan and the UAE beside the House of Representatives' forces in 2019."""
    import_file(sahel_memory, "ucdp", FIXTURES / "ucdp_acd_secondary.csv")
    found = values(sahel_memory, """SELECT ?ally ?relation ?party ?start ?end WHERE {
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:qualifiedDerivation ?d .
        ?d kg:evidence/oa:exact ?quote ; kg:start ?start ; kg:end ?end . FILTER(CONTAINS(?quote, "secondary warring party"))
        ?s skos:prefLabel ?sl . ?o skos:prefLabel ?ol . BIND(STRAFTER(STR(?p), "#") AS ?relation)
        BIND(IF(STRSTARTS(?quote, ?sl), ?sl, ?ol) AS ?ally) BIND(IF(?ally = ?sl, ?ol, ?sl) AS ?party) }
        ORDER BY ?ally ?relation ?party""")
    assert found == [
        ("Government of France", "atWarWith", "Islamic State", "2019", "2020"),
        ("Government of France", "cooperatesWith", "Government of Burkina Faso", "2019", "2020"),
        ("Government of Sudan", "atWarWith", "Government of Libya", "2019", "2019"),
        ("Government of Sudan", "cooperatesWith", "Forces of the House of Representatives", "2019", "2019"),
        ("Government of United Arab Emirates", "atWarWith", "Government of Libya", "2019", "2019"),
        ("Government of United Arab Emirates", "cooperatesWith", "Forces of the House of Representatives", "2019", "2019"),
    ]
    statements, untraced = values(sahel_memory, TRACED)[0]
    assert int(statements) == 8 and untraced == "0"  # the six above and the two primary dyads
