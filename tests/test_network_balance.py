"""Structural balance on signed graphs whose answers are known by hand, and the exact solver against brute force."""

import itertools
import random

import networkx as nx
import pytest

from kg.network import balance as balance_module
from kg.network import frustration, imbalance_by_actor, signed_triangles, triangle_balance


def signed_graph(edges):
    return nx.Graph([(u, v, {"sign": s}) for u, v, s in edges])


def brute_force(graph: nx.Graph) -> int:
    nodes = list(graph)
    best = graph.number_of_edges()
    for bits in itertools.product((0, 1), repeat=len(nodes) - 1):
        side = dict(zip(nodes, (0, *bits)))
        best = min(best, sum((side[u] == side[v]) != (s > 0) for u, v, s in graph.edges(data="sign")))
    return best


def random_signed(seed: int, nodes: int, p: float) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(nodes, p, seed=seed)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = rng.choice((1, -1))
    return graph


def test_the_four_kinds_of_triangle():
    cases = {(1, 1, 1): True, (1, -1, -1): True, (1, 1, -1): False, (-1, -1, -1): False}
    for signs, balanced in cases.items():
        graph = signed_graph([("a", "b", signs[0]), ("b", "c", signs[1]), ("a", "c", signs[2])])
        counts = triangle_balance(graph)
        assert counts["balanced"] == int(balanced) and counts["unbalanced"] == int(not balanced)
        assert counts["all_negative"] == int(signs == (-1, -1, -1))


def test_triangles_ignore_neutral_ties_and_count_each_once():
    graph = nx.complete_graph(4)
    nx.set_edge_attributes(graph, 1, "sign")
    graph.edges[0, 1]["sign"] = 0
    assert len(list(signed_triangles(graph))) == 2
    assert triangle_balance(graph) == {"triangles": 2, "balanced": 2, "unbalanced": 0, "all_negative": 0, "ratio": 1.0}
    assert triangle_balance(nx.Graph())["ratio"] is None


def test_a_balanced_graph_splits_into_its_two_camps():
    graph = signed_graph([("aq", "jnim", 1), ("is", "isgs", 1), ("aq", "is", -1), ("jnim", "isgs", -1),
                          ("aq", "isgs", -1)])
    result = frustration(graph)
    assert (result.index, result.exact, result.frustrated) == (0, True, [])
    assert sorted(map(sorted, result.sides)) == [["aq", "jnim"], ["is", "isgs"]]


def test_cooperation_across_a_rivalry_costs_one_edge():
    # 2019 in the Sahel: JNIM and ISGS cooperate while their parents are rivals.
    graph = signed_graph([("jnim", "aq", 1), ("isgs", "is", 1), ("jnim", "isgs", 1), ("aq", "is", -1)])
    result = frustration(graph)
    assert result.index == 1 and result.exact and result.lower_bound == 1
    assert triangle_balance(graph)["triangles"] == 0  # imbalance that no triangle shows


@pytest.mark.parametrize("seed", range(12))
def test_exact_solver_matches_brute_force(seed):
    graph = random_signed(seed, nodes=9, p=0.45)
    result = frustration(graph, exact=True)
    assert result.exact and result.index == brute_force(graph)
    assert len(result.frustrated) == result.index


@pytest.mark.parametrize("seed", range(6))
def test_local_search_is_an_upper_bound_and_says_so(seed):
    graph = random_signed(seed, nodes=10, p=0.5)
    approximate = frustration(graph, exact=False, restarts=10, seed=seed)
    assert not approximate.exact and "upper bound" in approximate.method
    assert approximate.index >= brute_force(graph)
    assert approximate.index <= brute_force(graph) + 2


def test_large_graphs_switch_to_the_approximation(monkeypatch):
    monkeypatch.setattr(balance_module, "EXACT_EDGE_LIMIT", 5)
    result = frustration(random_signed(1, nodes=8, p=0.6))
    assert not result.exact and result.method.startswith("upper bound")


def test_the_actor_in_most_unbalanced_triangles_comes_first():
    # x is friends with two enemies of each other, twice over; y and z are in one bad triangle each.
    graph = signed_graph([("x", "a", 1), ("x", "b", 1), ("a", "b", -1), ("x", "c", 1), ("x", "d", 1), ("c", "d", -1)])
    rows = imbalance_by_actor(graph)
    assert rows[0]["node"] == "x" and rows[0]["unbalanced_triangles"] == 2
    assert {r["node"]: r["unbalanced_triangles"] for r in rows[1:]} == {"a": 1, "b": 1, "c": 1, "d": 1}
    assert frustration(graph).index == 2


def test_a_hard_graph_stops_at_the_node_limit_says_so_and_repeats():
    graph = random_signed(2, nodes=25, p=0.3)
    first = frustration(graph, exact=True, node_limit=1, time_limit=600)
    again = frustration(graph, exact=True, node_limit=1, time_limit=600)
    assert not first.exact and "limit of 1 branch-and-bound node " in first.method
    assert (again.index, again.frustrated, again.lower_bound) == (first.index, first.frustrated, first.lower_bound)
    assert first.lower_bound <= first.index
