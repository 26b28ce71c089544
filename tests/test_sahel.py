"""The built-in Sahel graph holds what the press release states, with exact evidence."""

import hashlib

import pyoxigraph as ox
import pytest

from kg import validate
from kg.queries import run_query
from kg.sparql import parse_binding
from tests.conftest import CORPUS


def ask(store, query: str) -> bool:
    return run_query(store, "ASK { " + query + " }").boolean


def test_the_graph_conforms_to_the_shapes(sahel):
    report = validate(sahel)
    assert report.conforms, report.summary()
    assert report.triples > 1000


def test_every_quote_is_the_text_at_its_span(sahel, corpus_text):
    rows = run_query(sahel, "SELECT ?exact ?start ?end WHERE { ?e oa:exact ?exact ; oa:start ?start ; oa:end ?end }").rows
    assert len(rows) >= 40
    for exact, start, end in rows:
        assert corpus_text[int(start.value):int(end.value)] == exact.value
        assert len(exact.value) <= 200, "evidence quotes stay short: at most a sentence"


def test_source_hash_is_the_corpus_file(sahel):
    if not CORPUS.exists():
        pytest.skip("corpus not beside the repository")
    (sha,) = run_query(sahel, "SELECT ?h WHERE { ?s a kg:SourceDocument ; kg:sha256 ?h }").rows[0]
    assert sha.value == hashlib.sha256(CORPUS.read_bytes()).hexdigest()


def test_every_relation_has_source_quote_and_time_where_the_text_gives_one(sahel):
    missing = run_query(sahel, """
        SELECT ?st WHERE { ?st a kg:RelationStatement .
          FILTER NOT EXISTS { ?st prov:qualifiedDerivation/kg:evidence/oa:exact ?q } }""").rows
    assert missing == []


@pytest.mark.parametrize("fact", [
    "kgr:iyad-ag-ghaly kg:leaderOf kgr:jnim",
    "kgr:amadou-kouffa kg:leaderOf kgr:jnim",
    "kgr:abu-hamza-al-qurashi kg:spokespersonOf kgr:islamic-state",
    "kgr:al-naba kg:publishedBy kgr:islamic-state",
    "kgr:jnim kg:affiliateOf kgr:al-qaeda",
    "kgr:isgs kg:affiliateOf kgr:islamic-state",
    "kgr:al-qaeda kg:rivalOf kgr:islamic-state",
    "kgr:isgs kg:cooperatesWith kgr:jnim",
    "kgr:isgs kg:atWarWith kgr:jnim",
    "kgr:islamic-state kg:threatens kgr:al-qaeda",
    "kgr:al-naba kg:criticizes kgr:iyad-ag-ghaly",
    "kgr:government-of-mali kg:negotiatesWith kgr:jnim",
    "kgr:malian-armed-forces kg:ousted kgr:ibrahim-boubacar-keita",
    "kgr:ibrahim-boubacar-keita kg:leaderOf kgr:government-of-mali",
    "kgr:jnim kg:operatesIn kgr:mali",
    "kgr:isgs kg:operatesIn kgr:burkina-faso",
    "kgr:taliban kg:attacked kgr:counterpart-international",
])
def test_the_article_facts_are_in_the_graph(sahel, fact):
    assert ask(sahel, fact)


def test_claims_are_attributed(sahel):
    def claimants(s, p, o):
        rows = run_query(sahel, f"""SELECT ?c WHERE {{ ?st rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ;
                                     prov:qualifiedDerivation/kg:claimedBy ?c }}""").rows
        return {row[0].value.rsplit("/", 1)[-1] for row in rows}

    assert claimants("kgr:isgs", "kg:atWarWith", "kgr:jnim") == {"al-naba", "islamic-state"}
    assert claimants("kgr:islamic-state", "kg:threatens", "kgr:al-qaeda") == {"abu-hamza-al-qurashi", "islamic-state"}
    assert claimants("kgr:government-of-mali", "kg:negotiatesWith", "kgr:jnim") == {"al-naba", "islamic-state"}
    assert claimants("kgr:iyad-ag-ghaly", "kg:leaderOf", "kgr:jnim") == set()


def test_the_turn_from_cooperation_to_war_is_dated(sahel):
    row = run_query(sahel, """SELECT ?end ?start WHERE {
        ?c rdf:subject kgr:isgs ; rdf:predicate kg:cooperatesWith ; prov:qualifiedDerivation/kg:end ?end .
        ?w rdf:subject kgr:isgs ; rdf:predicate kg:atWarWith ; rdf:object kgr:jnim ;
           prov:qualifiedDerivation/kg:start ?start }""").rows[0]
    assert [term.value for term in row] == ["2020-05-08", "2020-05-08"]
    assert row[0].datatype.value.endswith("#date")


def test_dates_keep_the_precision_of_the_text(sahel):
    def datatype(query):
        return run_query(sahel, query).rows[0][0].datatype.value.rsplit("#", 1)[-1]

    assert datatype("SELECT ?t WHERE { kgr:event-mali-state-of-emergency kg:start ?t }") == "gYearMonth"
    assert datatype("SELECT ?t WHERE { kgr:figure-mali-killed-2019 kg:pointInTime ?t }") == "gYear"
    assert datatype("SELECT ?t WHERE { kgr:event-kabul-counterpart-attack-2019-05-08 kg:pointInTime ?t }") == "date"


def test_figures_carry_their_qualifiers(sahel):
    rows = run_query(sahel, """SELECT ?count ?qualifier WHERE {
        kgr:figure-mali-killed-2019 kg:count ?count ; kg:qualifier ?qualifier }""").rows
    assert [(c.value, q.value) for c, q in rows] == [("456", "more than")]
    assert ask(sahel, 'kgr:figure-mali-civilians-killed-2020-01-05 kg:count 416 ; kg:tallyBy kgr:united-nations')
    assert ask(sahel, 'kgr:figure-kabul-attack-killed kg:qualifier "at least" ; kg:count 7')


def test_aliases_resolve(sahel):
    for alias in ["ISIS", "IS", "ISIL", "Daesh", "Islamic State"]:
        rows = run_query(sahel, "SELECT ?x WHERE { ?x skos:prefLabel|skos:altLabel ?l FILTER(STR(?l) = ?name) }",
                         {"name": ox.Literal(alias)}).rows
        assert {row[0].value for row in rows} == {"https://w3id.org/kg/id/islamic-state"}, alias
    assert parse_binding("a=kgr:jnim")[1].value == "https://w3id.org/kg/id/jnim"
