"""kg import acled (dyadic and monadic exports) and kg import mmp (with and without the group key)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import build, open_store
from kg.errors import KgError
from kg.importers import import_file
from kg.importers.mmp import direction, mmp_relation

FIXTURES = Path(__file__).parent / "fixtures"


def values(store, sparql):
    return sorted(tuple(t.value if t is not None else None for t in row) for row in store.query(sparql).rows)


@pytest.fixture
def store():
    store = open_store("memory:")
    build(store)
    return store


def test_acled_dyadic(store):
    report = import_file(store, "acled", FIXTURES / "acled_dyadic.csv")
    assert (report.imported, [line for line, _ in report.bad]) == (3, [5])
    assert "fatalities" in report.bad[0][1]
    assert report.resolution.merged["JNIM: Group for Support of Islam and Muslims"][0] == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert report.resolution.merged["Islamic State (Greater Sahara)"][0] == "Islamic State in the Greater Sahara"
    assert values(store, "SELECT ?o WHERE { kgr:jnim kg:attacked ?o }") == [("https://w3id.org/kg/id/civilians",)]
    battle = values(store, """SELECT ?type ?when ?deaths ?kind ?quote ?line WHERE {
        <https://w3id.org/kg/id/event/acled/mli1001> a ?type ;
        kg:pointInTime ?when ; kg:deathsBest ?deaths ; kg:datasetEventType ?kind ;
        prov:qualifiedDerivation ?d . ?d kg:evidence/oa:exact ?quote ; kg:line ?line }""")
    assert battle == [("https://w3id.org/kg/ontology#Battle", "2020-04-05", "9", "Battles: Armed clash",
                       "On 5 April 2020, JNIM and IS Sahel militants clashed near Kanieo.", "2")]
    protest = values(store, """SELECT ?when ?who WHERE {
        <https://w3id.org/kg/id/event/acled/mli1003> kg:pointInTime ?when ; kg:agent/a ?who }""")
    assert protest == [("2020-05", "https://w3id.org/kg/ontology#PopulationGroup")]


def test_acled_monadic_joins_rows_of_an_event(store):
    report = import_file(store, "acled", FIXTURES / "acled_monadic.csv")
    assert (report.rows, report.imported, report.bad) == (5, 5, [])
    assert values(store, "SELECT ?o WHERE { kgr:jnim kg:attacked ?o }") == [("https://w3id.org/kg/id/civilians",)]
    agents = values(store, "SELECT ?a WHERE { <https://w3id.org/kg/id/event/acled/mli1001> kg:agent ?a }")
    assert len(agents) == 2 and ("https://w3id.org/kg/id/jnim",) in agents


def test_mmp_codes_come_from_the_ontology():
    assert {code: mmp_relation(code) for code in ("all", "riv", "aff", "spl", "mer")} == {
        "all": "cooperatesWith", "riv": "rivalOf", "aff": "affiliateOf", "spl": "splinterOf", "mer": "mergedInto"}
    assert direction("spl", "Nucleus of Communists split from Prima Linea.", "Prima Linea", "Nucleus of Communists") == -1
    assert direction("spl", "They parted ways.", "Prima Linea", "Nucleus of Communists") == 0


def test_mmp_with_key_dates_precision_direction_and_evidence(store):
    report = import_file(store, "mmp", FIXTURES / "mmp_relationships.csv", key=FIXTURES / "mmp_key.csv")
    assert [line for line, _ in report.bad] == [7] and "xyz" in report.bad[0][1]
    assert report.resolution.merged["The Islamic State"][0] == "Islamic State"
    rows = values(store, """SELECT ?s ?p ?o ?start ?conf ?quote WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        prov:qualifiedDerivation ?d . ?d prov:entity/kg:sourceKind "dataset" ; kg:start ?start ; kg:evidence/oa:exact ?quote .
        OPTIONAL { ?d kg:confidence ?conf } }""")
    by_quote = {quote: (s.rsplit("/", 1)[-1], p.rsplit("#", 1)[-1], o.rsplit("/", 1)[-1], start, conf)
                for s, p, o, start, conf, quote in rows}
    assert by_quote["Zarqawi's group pledged allegiance to Al Qaeda in October 2004."] == (
        "islamic-state", "affiliateOf", "al-qaeda", "2004-10", None)
    assert by_quote["Al Qaeda disowned the Islamic State."][1:4] == ("rivalOf", "islamic-state", "2014-02-03")
    assert by_quote["Jund al-Khilafah split from AQIM and pledged to IS."][0:2] == ("jund-al-khilafah", "splinterOf")
    assert by_quote["Boko Haram and the Islamic State worked closely."][4] == "0.5"


def test_mmp_without_key_uses_row_names_and_missing_key_file_is_one_error(store):
    report = import_file(store, "mmp", FIXTURES / "mmp_relationships.csv")
    assert report.imported == 5
    with pytest.raises(KgError, match="not an MMP group key file"):
        import_file(store, "mmp", FIXTURES / "mmp_relationships.csv", key=FIXTURES / "acled_dyadic.csv")
