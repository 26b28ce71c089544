"""Evidence read later (add_details) and the reader's less common store shapes, against a full projection."""

import networkx as nx
import pyoxigraph as ox
import pytest

from kg import build, open_store
from kg.network import add_details, diff, project, shown_by_diff
from kg.network.projection import _add_new_edges
from kg.statements import statement_iri
from kg.vocab import KG, KGR, PROV, RDF
from tests.test_network_projection import _actor, _store

FILTERS = [{}, {"as_of": "2019-06"}, {"min_confidence": 0.75}, {"exclude_claims_by": ["Islamic State"]}]


def edges(graph):
    return sorted(graph.edges(keys=True, data=True))


@pytest.mark.parametrize("filters", FILTERS)
def test_details_read_later_are_those_of_a_full_projection(sahel, filters):
    full = project(sahel, **filters)
    lean = project(sahel, detail="dates", **filters)
    assert all(not d["evidence"] for *_, d in lean.edges(data=True))
    add_details(sahel, lean, lean.edges(keys=True), min_confidence=filters.get("min_confidence"),
                exclude_claims_by=filters.get("exclude_claims_by"))
    assert edges(lean) == edges(full)
    assert any(d["evidence"] for *_, d in lean.edges(data=True))
    assert lean.graph["sources"] and all(full.graph["sources"][s] == title for s, title in lean.graph["sources"].items())


def test_details_only_for_the_edges_asked(sahel):
    graph = project(sahel, detail="dates")
    (first, *rest) = sorted(graph.edges(keys=True), key=lambda e: e[2])
    add_details(sahel, graph, [first])
    assert graph.edges[first]["evidence"] and not any(graph.edges[e]["evidence"] for e in rest)


def test_diff_with_details_of_the_shown_edges_equals_diff_of_a_full_projection(sahel):
    lean = project(sahel, types=["Actor"], detail="dates")
    shown = shown_by_diff(lean, "2019-06-01", "2020-07-01")
    assert len(shown) < lean.number_of_edges()
    add_details(sahel, lean, shown)
    assert diff(lean, "2019-06-01", "2020-07-01") == diff(project(sahel, types=["Actor"]), "2019-06-01", "2020-07-01")


def test_a_minted_statement_node_without_derivations_is_found():
    a, b = KGR["a"], KGR["b"]
    node = statement_iri(a, "attacked", b)
    store = _store(_actor("a") + _actor("b") + [
        ox.Triple(a, KG.attacked, b), ox.Triple(node, RDF.type, KG.RelationStatement), ox.Triple(node, RDF.subject, a),
        ox.Triple(node, RDF.predicate, KG.attacked), ox.Triple(node, RDF.object, b)])
    (data,) = [d for *_, d in project(store, detail="dates").edges(data=True)]
    assert data["statement"] == node.value and data["periods"] == []


def test_blank_derivation_nodes_keep_their_dates(tmp_path):
    a, b, derivation = KGR["a"], KGR["b"], ox.BlankNode()
    node = statement_iri(a, "attacked", b)
    store = open_store(str(tmp_path / "store"))
    try:
        store.replace_graphs({KGR["graph/test"]: _actor("a") + _actor("b") + [
            ox.Triple(a, KG.attacked, b), ox.Triple(node, RDF.predicate, KG.attacked),
            ox.Triple(node, PROV.qualifiedDerivation, derivation), ox.Triple(derivation, KG.start, ox.Literal("2019")),
            ox.Triple(derivation, KG.claimedBy, KGR["b"])]})
        (data,) = [d for *_, d in project(store).edges(data=True)]
        assert (data["statement"], data["start"], data["claimed_by"]) == (node.value, "2019", [KGR["b"].value])
    finally:
        store.close()


def test_edges_are_inserted_as_networkx_inserts_them(sahel):
    graph = project(sahel)
    edges = [*graph.edges(keys=True, data=True), ("x", "x", "loop", {"relation": "criticizes"}), ("x", "y", "k", {})]
    reference, fast = nx.MultiDiGraph(), nx.MultiDiGraph()
    reference.add_edges_from(edges)
    _add_new_edges(fast, edges)
    assert list(fast.nodes) == list(reference.nodes) and list(fast.edges(keys=True)) == list(reference.edges(keys=True))
    assert fast.adj == reference.adj and fast.pred == reference.pred
    assert fast.has_edge("x", "x", "loop") and fast.in_degree("y") == 1
    assert fast._succ["x"]["y"] is fast._pred["y"]["x"]  # one key dict for both directions, as networkx shares it


@pytest.mark.server
def test_details_from_a_sparql_endpoint(sahel, oxigraph_server):
    remote = open_store(oxigraph_server)
    build(remote)
    lean = project(remote, detail="dates", exclude_claims_by="Islamic State")
    add_details(remote, lean, lean.edges(keys=True), exclude_claims_by="Islamic State")
    assert edges(lean) == edges(project(sahel, exclude_claims_by="Islamic State"))
