"""kg.network.project and collapse on the built-in graph and on small stores whose answers are known by hand."""

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import KgError, build, open_store
from kg.network import collapse, find_node, project, signed, undirected
from kg.statements import Derivation, Entity, Evidence, RelationFact, entity_triples, relation_triples, statement_iri
from kg.vocab import KG, KGR, RDF, SKOS

ISGS, JNIM, AQ, IS = (KGR[name].value for name in ("isgs", "jnim", "al-qaeda", "islamic-state"))


def relations_of(graph, u, v):
    return sorted(d["relation"] for a, b, d in graph.edges(data=True) if {a, b} == {u, v})


def test_every_statement_is_one_edge_with_its_provenance(sahel):
    graph = project(sahel)
    assert graph.number_of_edges() == 34
    war = next(d for u, v, d in graph.edges(data=True) if (u, v) == (ISGS, JNIM) and d["relation"] == "atWarWith")
    assert war["sign"] == -1 and war["symmetric"] is True
    assert war["start"] == "2020-05-08" and war["end"] is None and war["point"] is None
    assert war["confidence"] == 0.7
    assert war["claimed_by"] == [KGR["al-naba"].value, IS] and war["independent"] is False
    assert war["sources"] == [KGR["source/mali-coup-2020"].value]
    assert war["evidence"][0]["quote"].startswith("on May 8, 2020, it was reported")
    assert war["statement"] == statement_iri(ox.NamedNode(ISGS), "atWarWith", ox.NamedNode(JNIM)).value
    assert (ISGS, JNIM, f"atWarWith {war['statement']}") in graph.edges(keys=True)
    assert graph.graph["sources"][war["sources"][0]].startswith("Mali Coup Occurs")
    node = graph.nodes[JNIM]
    assert node["label"] == "Jama'at Nusrat al-Islam wal-Muslimin" and node["type"] == "MilitantGroup"
    assert "JNIM" in node["aliases"] and node["iri"] == JNIM


def test_symmetric_relations_appear_once_and_undirected_shows_both_ends(sahel):
    graph = project(sahel, relations=["cooperatesWith"])
    assert list(graph.edges()) == [(ISGS, JNIM)]
    view = undirected(graph)
    assert view.has_edge(JNIM, ISGS)
    assert [(d["subject"], d["object"]) for *_, d in view.edges(data=True)] == [(ISGS, JNIM)]


@pytest.mark.parametrize(("date", "expected"), [
    ("2019-06-01", ["cooperatesWith"]),
    ("2020-06-01", ["atWarWith"]),
    ("2020-05", ["atWarWith", "cooperatesWith"]),  # a month covers the day the war began and the alliance ended
    ("2020-05-08", ["atWarWith", "cooperatesWith"]),
])
def test_as_of_keeps_relations_valid_on_the_date(sahel, date, expected):
    assert relations_of(project(sahel, as_of=date), ISGS, JNIM) == expected


def test_point_in_time_relations_count_from_their_point_on(sahel):
    assert relations_of(project(sahel, as_of="2020-05-27"), IS, AQ) == ["attacked", "rivalOf"]
    assert relations_of(project(sahel, as_of="2020-05-28"), IS, AQ) == ["attacked", "rivalOf", "threatens"]
    assert relations_of(project(sahel, as_of="2030"), IS, AQ) == ["attacked", "rivalOf", "threatens"]


@pytest.mark.parametrize("party", ["Al-Naba", "al naba", KGR["al-naba"].value, "kgr:al-naba"])
def test_excluding_a_party_drops_the_relations_only_it_claims(sahel, party):
    graph = project(sahel, exclude_claims_by=party)
    assert relations_of(graph, ISGS, JNIM) == ["cooperatesWith"]
    assert relations_of(graph, IS, AQ) == ["attacked", "rivalOf", "threatens"]  # claimed by IS, not Al-Naba
    assert graph.number_of_edges() == 34 - 3


def test_min_confidence_keeps_plain_statements(sahel):
    graph = project(sahel, min_confidence=0.75)
    kept = {d["relation"] for *_, d in graph.edges(data=True)}
    assert "negotiatesWith" not in kept and "attacked" in kept  # the Taliban attack is stated plainly
    assert relations_of(graph, IS, AQ) == ["rivalOf", "threatens"]  # attacked 0.4 goes, plain rivalry stays
    assert all(d["confidence"] is None or d["confidence"] >= 0.75 for *_, d in graph.edges(data=True))


def test_types_and_relations_filter_nodes_and_edges(sahel):
    groups = project(sahel, types=["MilitantGroup"])
    assert {d["type"] for _, d in groups.nodes(data=True)} == {"MilitantGroup"}
    actors = project(sahel, types=["Actor"])
    assert not any(d["relation"] == "operatesIn" for *_, d in actors.edges(data=True))
    assert {d["relation"] for *_, d in project(sahel, relations=["leaderOf"]).edges(data=True)} == {"leaderOf"}
    query = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c . ?c rdfs:subClassOf+ kg:Actor }"
    actors = int(sahel.query(query).rows[0][0].value)
    assert len(project(sahel, types=["Actor"], isolates=True)) == actors > len(project(sahel, types=["Actor"]))


@pytest.mark.parametrize(("options", "message"), [
    ({"as_of": "2020-02-30"}, "not a date"),
    ({"relations": ["friendOf"]}, "unknown relation friendOf"),
    ({"types": ["Planet"]}, "unknown actor or place type"),
    ({"exclude_claims_by": "Nobody at all"}, "no actor"),
    ({"detail": "some"}, "detail must be one of"),
])
def test_bad_filters_are_one_clear_error(sahel, options, message):
    with pytest.raises(KgError, match=message):
        project(sahel, **options)


def _actor(name: str, kind: str = "MilitantGroup") -> list:
    return entity_triples(Entity(KGR[name], kind, name.upper()))


def _store(*graphs):
    store = open_store("memory:")
    store.replace_graphs({KGR[f"graph/test-{i}"]: triples for i, triples in enumerate(graphs)})
    return store


def test_corroborated_relation_merges_derivations_and_drops_only_the_claimed_one():
    a, b, claimant = KGR["a"], KGR["b"], KGR["c"]
    fact = lambda derivation: RelationFact(a, "cooperatesWith", b, derivation)  # noqa: E731
    claimed = Derivation(KGR["source/one"], start="2019", confidence=0.9, claimed_by=[claimant], evidence=Evidence("one"))
    plain = Derivation(KGR["source/two"], start="2018-03", end="2020", confidence=0.4, evidence=Evidence("two"))
    store = _store(_actor("a") + _actor("b") + _actor("c", "MediaOutlet"), relation_triples(fact(claimed)),
                   relation_triples(fact(plain)))
    both = project(store)
    (data,) = [d for *_, d in both.edges(data=True)]
    assert data["confidence"] == 0.9 and data["start"] == "2018-03" and data["end"] == "2020"
    assert data["claimed_by"] == [claimant.value] and data["independent"] is True
    assert sorted(e["quote"] for e in data["evidence"]) == ["one", "two"]
    assert len(data["periods"]) == 2
    (kept,) = [d for *_, d in project(store, exclude_claims_by="C").edges(data=True)]
    assert kept["confidence"] == 0.4 and kept["claimed_by"] == [] and [e["quote"] for e in kept["evidence"]] == ["two"]
    assert project(store, exclude_claims_by="C", min_confidence=0.5).number_of_edges() == 0


def test_direct_triples_without_statement_nodes_still_appear():
    store = _store(_actor("a") + _actor("b") + [ox.Triple(KGR["b"], KG.rivalOf, KGR["a"])])
    graph = project(store, as_of="2020")
    assert list(graph.edges(data="relation")) == [(KGR["a"].value, KGR["b"].value, "rivalOf")]  # symmetric: smaller IRI first
    data = next(iter(graph.edges(data=True)))[2]
    assert data["statement"] is None and data["periods"] == [] and data["evidence"] == []


def test_statement_nodes_named_by_another_tool_are_read():
    node, derivation = ox.NamedNode("urn:x:st1"), ox.NamedNode("urn:x:d1")
    triples = _actor("a") + _actor("b") + [
        ox.Triple(KGR["a"], KG.attacked, KGR["b"]),
        ox.Triple(node, RDF.type, KG.RelationStatement), ox.Triple(node, RDF.subject, KGR["a"]),
        ox.Triple(node, RDF.predicate, KG.attacked), ox.Triple(node, RDF.object, KGR["b"]),
        ox.Triple(node, ox.NamedNode("http://www.w3.org/ns/prov#qualifiedDerivation"), derivation),
        ox.Triple(derivation, KG.pointInTime, ox.Literal("2021-02", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#gYearMonth"))),
        ox.Triple(KGR["a"], SKOS.altLabel, ox.Literal("Alpha")),
    ]
    graph = project(_store(triples))
    (data,) = [d for *_, d in graph.edges(data=True)]
    assert data["statement"] == "urn:x:st1" and data["point"] == "2021-02"
    assert project(_store(triples), as_of="2021-01").number_of_edges() == 0
    assert [d["statement"] for *_, d in project(_store(triples), relations=["attacked"]).edges(data=True)] == ["urn:x:st1"]
    assert find_node(graph, "alpha") == KGR["a"].value


def test_detail_levels_read_less(sahel):
    dates = project(sahel, detail="dates")
    assert all(d["evidence"] == [] and d["sources"] == [] for *_, d in dates.edges(data=True))
    assert any(d["start"] for *_, d in dates.edges(data=True))
    structure = project(sahel, detail="structure")
    assert structure.number_of_edges() == 34 and not any(d["start"] for *_, d in structure.edges(data=True))
    assert project(sahel, detail="structure", as_of="2019").graph["detail"] == "dates"


def test_collapse_gives_one_signed_tie_per_pair(sahel):
    ties = collapse(project(sahel))
    pair = ties.edges[ISGS, JNIM]
    assert pair["mixed"] and pair["sign"] == -1  # the open war outweighs the alliance that ended
    assert pair["relations"] == ["atWarWith", "cooperatesWith"] and pair["weight"] == 2
    assert ties.edges[AQ, IS]["sign"] == -1 and ties.edges[AQ, IS]["weight"] == 3
    assert ties.edges[JNIM, AQ]["sign"] == 1
    assert ties.edges[KGR["iyad-ag-ghaly"].value, JNIM]["sign"] == 0
    assert all(s in (1, -1) for *_, s in signed(ties).edges(data="sign"))


def test_collapse_mixed_pairs_follow_the_latest_relation():
    graph = nx.MultiDiGraph()
    graph.add_edge("a", "b", relation="rivalOf", sign=-1, start="2010", end="2015")
    graph.add_edge("b", "a", relation="cooperatesWith", sign=1, start="2016")
    assert collapse(graph).edges["a", "b"]["sign"] == 1
    graph.add_edge("a", "b", relation="attacked", sign=-1, point="2018")
    assert collapse(graph).edges["a", "b"]["sign"] == -1
    undated = nx.MultiDiGraph([("a", "b", {"sign": 1}), ("a", "b", {"sign": -1})])
    assert collapse(undated).edges["a", "b"]["sign"] == -1  # undecidable: counted hostile


@pytest.mark.server
def test_a_sparql_endpoint_gives_the_same_graph(sahel, oxigraph_server):
    remote = open_store(oxigraph_server)
    build(remote)
    local, far = project(sahel), project(remote)
    assert sorted(local.edges(keys=True, data=True)) == sorted(far.edges(keys=True, data=True))
    assert dict(local.nodes(data=True)) == dict(far.nodes(data=True))
    assert far.graph == local.graph
