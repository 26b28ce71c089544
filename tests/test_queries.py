"""Named queries answer the analyst questions on the Sahel graph; bound values stay values."""

import json

import pyoxigraph as ox
import pytest

from kg import KgError, named_queries, run_named_query, run_query
from kg.queries import to_csv, to_json, to_turtle
from kg.sparql import bind_values, parse_binding, query_form


def named(store, query_name, **values):
    bindings = dict(parse_binding(f"{k}={v}") for k, v in values.items())
    return run_named_query(store, query_name, bindings).records()


def column(records, name):
    return sorted({r[name].value for r in records if name in r})


def test_the_named_queries_are_shipped():
    assert {"leaders", "spokespersons", "groups-in-country", "relations-of", "hostile-pairs-as-of",
            "claims-by-source"} <= set(named_queries())
    for query in named_queries().values():
        assert query.description, query.name


@pytest.mark.parametrize("group", ["JNIM", "jnim", "Jamaat Nusrat al-Islam wal Muslimeen", "kgr:jnim",
                                   "JAMA’AT NUSRAT AL ISLAM WAL-MUSLIMEEN",
                                   "<https://w3id.org/kg/id/jnim>"])
def test_leaders_of_jnim(sahel, group):
    records = named(sahel, "leaders", group=group)
    assert column(records, "leaderName") == ["Amadou Kouffa", "Iyad Ag Ghaly"]
    assert all("JNIM’s leadership" in r["quote"].value for r in records)


def test_leaders_of_the_malian_government_has_the_role(sahel):
    records = named(sahel, "leaders", group="Government of Mali")
    assert [(r["leaderName"].value, r["role"].value, r["end"].value) for r in records] == [
        ("Ibrahim Boubacar Keita", "President", "2020-08")]


def test_spokespersons(sahel):
    records = named(sahel, "spokespersons")
    assert [(r["spokespersonName"].value, r["groupName"].value) for r in records] == [
        ("Abu Hamza al-Qurashi", "Islamic State")]
    assert named(sahel, "spokespersons", group="ISIS") == records
    assert named(sahel, "spokespersons", group="JNIM") == []


def test_groups_in_country(sahel):
    assert column(named(sahel, "groups-in-country", country="Mali"), "groupName") == [
        "Islamic State", "Islamic State in the Greater Sahara", "Jama'at Nusrat al-Islam wal-Muslimin", "al-Qaeda"]
    assert column(named(sahel, "groups-in-country", country="Niger"), "groupName") == [
        "Islamic State in the Greater Sahara", "Jama'at Nusrat al-Islam wal-Muslimin"]
    assert column(named(sahel, "groups-in-country", country="Afghanistan"), "groupName") == ["Taliban"]


def test_relations_of_jnim_with_sources_and_quotes(sahel):
    records = named(sahel, "relations-of", actor="JNIM")
    relations = {(r["direction"].value, r["relation"].value, r["otherName"].value) for r in records}
    assert ("—", "cooperates with", "Islamic State in the Greater Sahara") in relations
    assert ("—", "at war with", "Islamic State in the Greater Sahara") in relations
    assert ("→", "affiliate of", "al-Qaeda") in relations
    assert ("←", "leader of", "Iyad Ag Ghaly") in relations
    assert ("←", "criticizes", "Al-Naba") in relations
    assert all(r["source"].value.startswith("Mali Coup") and r["quote"].value for r in records)
    war = next(r for r in records if r["relation"].value == "at war with")
    assert war["claimedBy"].value in ("Al-Naba, Islamic State", "Islamic State, Al-Naba")


def test_hostile_pairs_as_of_a_date(sahel):
    def pairs(date):
        return {(r["aName"].value, r["relation"].value, r["bName"].value)
                for r in named(sahel, "hostile-pairs-as-of", date=date)}

    before, after = pairs("2019-06-01"), pairs("2020-07-01")
    war = ("Islamic State in the Greater Sahara", "at war with", "Jama'at Nusrat al-Islam wal-Muslimin")
    assert war not in before and war in after
    assert ("al-Qaeda", "rival of", "Islamic State") in before
    assert ("Islamic State", "threatens", "al-Qaeda") in after
    assert ("Malian Armed Forces", "ousted", "Ibrahim Boubacar Keita") not in after
    assert ("Malian Armed Forces", "ousted", "Ibrahim Boubacar Keita") in pairs("2020-09-01")
    assert all(r[2] != "cooperates with" for r in after)


def test_claims_by_source(sahel):
    records = named(sahel, "claims-by-source", by="Al-Naba")
    claims = {(r["subjectName"].value, r["relation"].value, r["objectName"].value) for r in records}
    assert claims == {
        ("Islamic State in the Greater Sahara", "at war with", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("al-Qaeda", "at war with", "Islamic State in the Greater Sahara"),
        ("Government of Mali", "negotiates with", "Jama'at Nusrat al-Islam wal-Muslimin"),
    }
    assert all(r["independentlyReported"].value == "false" for r in records)
    everyone = column(named(sahel, "claims-by-source"), "claimantName")
    assert everyone == ["Abu Hamza al-Qurashi", "Al-Naba", "Islamic State"]


def test_other_named_queries(sahel):
    assert column(named(sahel, "whois", name="daesh"), "label") == ["Islamic State"]
    assert column(named(sahel, "whois", name="Amadou Koufa"), "label") == ["Amadou Kouffa"]
    assert named(sahel, "whois", name="nobody by this name") == []
    assert {r["aName"].value for r in named(sahel, "hostile-pairs-as-of", date="2020-07-01", actor="JNIM")} == {
        "Al-Naba", "Islamic State in the Greater Sahara"}
    assert column(named(sahel, "actors", kind="Person"), "name") == [
        "Abu Hamza al-Qurashi", "Amadou Kouffa", "Ibrahim Boubacar Keita", "Iyad Ag Ghaly"]
    coup = [r for r in named(sahel, "events", actor="Keita") if r["type"].value == "Coup"]
    assert coup and coup[0]["agents"].value == "Malian Armed Forces"
    killed = [r for r in named(sahel, "figures", place="Mali") if r.get("count", ox.Literal("")).value == "456"]
    assert killed[0]["qualifier"].value == "more than"
    assert named(sahel, "sources")[0]["statements"].value == "34"


def test_actors_of_a_kind_include_its_subclasses(sahel):
    def kinds(kind):
        return {(r["name"].value, r["type"].value) for r in named(sahel, "actors", kind=kind, limit="10000")}

    everyone = kinds("Actor")
    assert everyone == {(r["name"].value, r["type"].value) for r in named(sahel, "actors", limit="10000")}
    organisations = kinds("Organization")
    assert ("al-Qaeda", "MilitantGroup") in organisations and ("Government of Mali", "Government") in organisations
    assert organisations == {row for row in everyone if row[1] != "Person"}
    assert kinds("kg:MilitantGroup") == kinds("MilitantGroup") == {row for row in everyone if row[1] == "MilitantGroup"}
    for wrong in ("Nope", "Country", "<https://example.org/#Person>"):
        with pytest.raises(KgError, match="is not a kind of Actor; known: Actor, Government"):
            named(sahel, "actors", kind=wrong)


def test_named_query_argument_errors(sahel):
    with pytest.raises(KgError, match="unknown named query"):
        run_named_query(sahel, "leaderz")
    with pytest.raises(KgError, match="needs --bind group"):
        run_named_query(sahel, "leaders")
    with pytest.raises(KgError, match="takes group"):
        run_named_query(sahel, "leaders", {"grp": ox.Literal("JNIM")})


@pytest.mark.parametrize("payload", [
    'JNIM" } } DROP ALL #',
    "JNIM') || true || ('",
    "x\" . ?leader kg:leaderOf ?anything . FILTER(\"",
    "JNIM\\\" } UNION { ?a ?b ?c",
    "}\n} ; DELETE WHERE { ?s ?p ?o }",
])
def test_injection_through_bind_changes_no_meaning(sahel, payload):
    name, value = parse_binding(f"group={payload}")
    assert isinstance(value, ox.Literal) and value.value == payload
    assert run_named_query(sahel, "leaders", {name: value}).rows == []
    assert sahel.triple_count() > 1000


def test_bind_values_places_values_inside_the_where_clause():
    query = 'SELECT (CONCAT("{", ?a) AS ?x) # a { in a comment\nWHERE { ?a ?b ?c }'
    bound = bind_values(query, {"a": ox.Literal('"}')})
    assert bound.endswith('WHERE { VALUES ?a { "\\"}" } ?a ?b ?c }')
    several = bind_values("SELECT * WHERE { ?a ?b ?c }", {"a": [ox.NamedNode("http://x"), ox.NamedNode("http://y")], "b": []})
    assert several == "SELECT * WHERE { VALUES ?a { <http://x> <http://y> } VALUES ?b {  } ?a ?b ?c }"
    assert bind_values("CONSTRUCT { ?a ?b ?c } WHERE { ?a ?b ?c }", {"a": ox.NamedNode("http://x")}).startswith(
        "CONSTRUCT { ?a ?b ?c } WHERE { VALUES")
    with pytest.raises(KgError):
        bind_values("DESCRIBE <http://x>", {"a": ox.Literal("1")})
    with pytest.raises(KgError):
        parse_binding("no-equals-sign")


def test_query_forms_and_formats(sahel):
    assert query_form("PREFIX x: <http://x#> # SELECT\nINSERT DATA { }") == "UPDATE"
    with pytest.raises(KgError, match="read-only"):
        run_query(sahel, "DELETE WHERE { ?s ?p ?o }")
    select = run_query(sahel, "SELECT ?n WHERE { kgr:jnim skos:prefLabel ?n }")
    assert json.loads(to_json(select)) == {
        "head": {"vars": ["n"]},
        "results": {"bindings": [{"n": {"type": "literal", "value": "Jama'at Nusrat al-Islam wal-Muslimin"}}]}}
    assert to_csv(select) == "n\r\nJama'at Nusrat al-Islam wal-Muslimin\r\n"
    assert json.loads(to_json(run_query(sahel, "ASK { kgr:jnim a kg:MilitantGroup }"))) == {"head": {}, "boolean": True}
    graph = run_query(sahel, "CONSTRUCT { kgr:jnim skos:prefLabel ?n } WHERE { kgr:jnim skos:prefLabel ?n }")
    assert "skos:prefLabel" in to_turtle(graph)
    with pytest.raises(KgError):
        to_csv(graph)


PAGED = {"actors": {}, "events": {}, "sources": {}, "claims-by-source": {}, "figures": {}, "spokespersons": {},
         "groups-in-country": {"country": "Mali"}, "hostile-pairs-as-of": {"date": "2020-06-30"},
         "relations-of": {"actor": "JNIM"}}


def _page(store, query_name, **values):
    from kg.queries import run_named_page

    bindings = dict(parse_binding(f"{k}={v}") for k, v in values.items())
    result, page = run_named_page(store, query_name, bindings)
    return [tuple(map(str, row)) for row in result.rows], page


@pytest.mark.parametrize("query_name", sorted(PAGED))
def test_pages_together_hold_the_whole_listing_once(sahel, query_name):
    whole, page = _page(sahel, query_name, **PAGED[query_name], limit=10000)
    assert whole and page is not None and not page.more
    seen, offset = [], 0
    while True:
        rows, page = _page(sahel, query_name, **PAGED[query_name], limit=1, offset=offset)
        assert page.count == 1 and page.offset == offset
        seen += rows
        if not page.more:
            break
        offset += 1
    assert offset > 0 or query_name in ("sources", "spokespersons"), "the Sahel graph has one source and one spokesperson"
    assert sorted(seen) == sorted(whole)
    assert _page(sahel, query_name, **PAGED[query_name], offset=offset + 1)[0] == []


def test_a_page_is_sorted_and_the_default_page_is_100(sahel):
    records = named(sahel, "actors")
    _, page = _page(sahel, "actors")
    assert (page.limit, page.offset, page.more) == (100, 0, False) and len(records) == page.count == 18
    order = [(r["type"].value, r["name"].value) for r in records]
    assert order == sorted(order)


def test_a_filter_value_chooses_the_page_that_starts_from_it(sahel):
    from kg.queries import named_queries

    assert dict(named_queries()["events"].page_patterns)["actor"].startswith("{ ?e kg:agent ?actor }")
    assert all("" in dict(q.page_patterns) for q in named_queries().values() if q.page_key), "each paged query has a default"
    assert {q.name for q in named_queries().values() if q.page_key} == set(PAGED)
    rows, page = _page(sahel, "hostile-pairs-as-of", date="2020-06-30", actor="JNIM", limit=1)
    assert page.count == 1 and page.more
    assert "jnim" in " ".join(rows[0][-2:])


@pytest.mark.parametrize("value", ["0", "-1", "ten", "10001", "2020-05"])
def test_paging_values_are_checked(sahel, value):
    with pytest.raises(KgError, match="limit: expected a whole number"):
        named(sahel, "actors", limit=value)
    with pytest.raises(KgError, match="takes group, not 'limit'"):
        named(sahel, "leaders", group="JNIM", limit="5")


def test_kg_query_pages_and_says_when_more_rows_remain(sahel_dir):
    from tests.conftest import run_kg

    done = run_kg("query", "--name", "actors", "--limit", "5", "--format", "csv", store=sahel_dir)
    assert done.returncode == 0 and len(done.stdout.strip().splitlines()) == 6
    assert done.stderr.strip() == ("kg: more rows: this page holds results 1–5; the next page is --offset 5 "
                                   "(--limit sets the page size)")
    last = run_kg("query", "--name", "actors", "--limit", "5", "--offset", "15", "--format", "csv", store=sahel_dir)
    assert last.returncode == 0 and len(last.stdout.strip().splitlines()) == 4 and last.stderr == ""
    adhoc = run_kg("query", "SELECT * WHERE { ?s ?p ?o }", "--limit", "5", store=sahel_dir)
    assert adhoc.returncode == 2 and adhoc.stderr.count("\n") == 1 and "write LIMIT and OFFSET" in adhoc.stderr
