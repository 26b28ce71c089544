"""Explaining connections on the built-in graph: every hop with its relation, dates and evidence."""

import networkx as nx

from kg.network import display_name, explain_paths, find_node, neighbourhood, project, when
from kg.vocab import KGR


def label_path(path):
    return [(hop["relations"][0]["subject"], [r["relation"] for r in hop["relations"]], hop["relations"][0]["object"])
            for hop in path]


def test_a_direct_connection_carries_its_quote_claimants_and_source(sahel):
    graph = project(sahel)
    (path,) = explain_paths(graph, find_node(graph, "JNIM"), find_node(graph, "Malian government"))
    (hop,) = path
    (relation,) = hop["relations"]
    assert relation["relation"] == "negotiatesWith" and relation["point"] == "2020-05"
    assert relation["quotes"] == ["as undermining the jihad in favor of negotiating with the Malian government"]
    assert relation["claimed_by"] == ["Al-Naba", "Islamic State"]
    assert relation["sources"] == ["Mali Coup Occurs Against Backdrop Of Growing Islamist Insurgency"]


def test_every_shortest_path_is_listed_with_all_relations_of_each_hop(sahel):
    graph = project(sahel, types=["Actor"])
    paths = explain_paths(graph, find_node(graph, "JNIM"), find_node(graph, "ISIS"))
    assert all(len(path) == 2 for path in paths)
    middles = sorted(graph.nodes[path[0]["to"]]["label"] for path in paths)
    assert middles == ["Al-Naba", "Government of Mali", "Islamic State in the Greater Sahara", "al-Qaeda"]
    via_isgs = next(p for p in paths if graph.nodes[p[0]["to"]]["label"].startswith("Islamic State in"))
    assert [r["relation"] for r in via_isgs[0]["relations"]] == ["atWarWith", "cooperatesWith"]
    assert all(r["quotes"] for path in paths for hop in path for r in hop["relations"])
    assert len(explain_paths(graph, find_node(graph, "JNIM"), find_node(graph, "ISIS"), limit=2)) == 2


def test_unconnected_actors_have_no_path():
    graph = nx.MultiDiGraph([("a", "b", {"relation": "attacked"}), ("c", "d", {"relation": "attacked"})])
    assert explain_paths(graph, "a", "d") == []


def test_jnim_two_hops_as_of_2019(sahel):
    graph = project(sahel, as_of="2019-06-01", types=["Actor"])
    near = neighbourhood(graph, find_node(graph, "JNIM"), radius=2)
    assert sorted(d["label"] for _, d in near.nodes(data=True)) == [
        "Islamic State", "Islamic State in the Greater Sahara", "Jama'at Nusrat al-Islam wal-Muslimin", "al-Qaeda"]
    assert sorted(d["relation"] for *_, d in near.edges(data=True)) == [
        "affiliateOf", "affiliateOf", "cooperatesWith", "rivalOf"]


def test_names_and_dates_read_well(sahel):
    graph = project(sahel)
    assert display_name(graph, KGR["jnim"].value) == "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)"
    assert display_name(graph, KGR["al-qaeda"].value) == "al-Qaeda"
    assert when({"end": "2020-05-08"}) == "until 2020-05-08" and when({}) == ""
