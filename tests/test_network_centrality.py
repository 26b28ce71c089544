"""Centrality rankings on graphs whose values are known by hand."""

import importlib

import networkx as nx
import pytest

from kg.network import betweenness, centrality, fast
from kg.network.centrality import DEFAULT_SAMPLES, sample_size

centrality_module = importlib.import_module("kg.network.centrality")  # kg.network.centrality is also the function


def test_the_centre_of_a_star():
    scores = centrality(nx.star_graph(4))
    assert scores["degree"][0] == 1.0 and scores["degree"][1] == 0.25
    assert scores["betweenness"][0] == 1.0 and scores["betweenness"][3] == 0.0
    assert max(scores["pagerank"], key=scores["pagerank"].get) == 0
    assert sum(scores["pagerank"].values()) == pytest.approx(1.0)
    assert max(scores["eigenvector"], key=scores["eigenvector"].get) == 0


def test_path_betweenness_by_hand():
    # On a-b-c-d, b lies on a-c and a-d: 2 of the 3 pairs without it.
    assert betweenness(nx.path_graph(["a", "b", "c", "d"])) == {"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0}


def test_eigenvector_is_zero_outside_the_largest_component():
    graph = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (10, 11)])
    scores = centrality(graph)["eigenvector"]
    assert scores[10] == scores[11] == 0.0 and scores[3] > scores[1] > 0


def test_large_graphs_are_sampled_and_k_is_respected(monkeypatch):
    graph = nx.barabasi_albert_graph(60, 2, seed=1)
    assert sample_size(graph) is None and sample_size(graph, 10) == 10 and sample_size(graph, 0) is None
    monkeypatch.setattr(centrality_module, "EXACT_NODE_LIMIT", 50)
    assert sample_size(graph) is None  # the default sample would not be smaller than the graph
    monkeypatch.setattr(centrality_module, "DEFAULT_SAMPLES", 20)
    assert sample_size(graph) == 20 and DEFAULT_SAMPLES > 20
    sampled = betweenness(graph, k=30, seed=3)
    exact = betweenness(graph, k=0)
    assert sampled != exact and max(exact, key=exact.get) == max(sampled, key=sampled.get)
    assert sum(sampled.values()) == pytest.approx(sum(exact.values()), rel=0.25)


@pytest.mark.parametrize("k", [None, 25])
def test_igraph_and_networkx_give_the_same_betweenness(monkeypatch, k):
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(80, 2, seed=4), lambda n: f"actor-{n}")
    exact = nx.betweenness_centrality(graph)
    with_igraph = betweenness(graph, k=k, seed=2)
    monkeypatch.setattr(fast, "available", lambda: False)
    without = betweenness(graph, k=k, seed=2)
    assert with_igraph == pytest.approx(without)
    if k is None:
        assert with_igraph == pytest.approx(exact)


def test_sahel_centrality_ranks_the_hubs(sahel):
    from kg.network import collapse, project

    ties = collapse(project(sahel, types=["Actor"]))
    scores = centrality(ties)
    top = sorted(ties, key=lambda n: -scores["degree"][n])[0]
    assert ties.nodes[top]["label"] == "Jama'at Nusrat al-Islam wal-Muslimin"  # six distinct partners
    assert ties.degree(top) == 6
