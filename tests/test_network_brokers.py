"""Brokers between blocs: betweenness across blocs by hand, and Burt's measures as networkx computes them."""

import networkx as nx
import pytest

from kg.network import bridging_betweenness, brokers, fast
from kg.network.brokers import structural_holes


def test_the_only_go_between_carries_every_cross_bloc_path():
    graph = nx.Graph([("a1", "a2", {"sign": 1}), ("b1", "b2", {"sign": 1}), ("x", "a2", {"sign": 0}),
                      ("x", "b2", {"sign": 0})])
    partition = [{"a1", "a2"}, {"b1", "b2"}]
    scores = bridging_betweenness(graph, partition)
    # Four cross-bloc pairs; x is on all, a2 on the two that start at a1, b2 on the two that end at b1.
    assert scores == {"a1": 0.0, "a2": 0.5, "b1": 0.0, "b2": 0.5, "x": 1.0}
    rows = brokers(graph, partition)
    assert rows[0]["node"] == "x" and rows[0]["bloc"] is None and rows[0]["blocs_reached"] == 2
    assert rows[0]["constraint"] == pytest.approx(nx.constraint(graph, ["x"], weight=None)["x"])


def test_pairs_inside_a_bloc_do_not_count():
    graph = nx.path_graph(["a", "m", "b"])
    assert bridging_betweenness(graph, [{"a", "m", "b"}])["m"] == 0.0
    assert bridging_betweenness(graph, [{"a"}, {"b"}])["m"] == 1.0


def test_shortest_paths_split_evenly():
    # a reaches b through m1 or m2: each carries half.
    graph = nx.Graph([("a", "m1"), ("a", "m2"), ("m1", "b"), ("m2", "b")])
    scores = bridging_betweenness(graph, [{"a"}, {"b"}])
    assert scores["m1"] == scores["m2"] == 0.5


def test_sampling_all_sources_is_exact_and_top_limits_rows():
    graph = nx.barabasi_albert_graph(40, 2, seed=2)
    partition = [set(range(0, 20)), set(range(20, 40))]
    assert bridging_betweenness(graph, partition, k=40) == bridging_betweenness(graph, partition)
    sampled = bridging_betweenness(graph, partition, k=10, seed=1)
    assert sampled != bridging_betweenness(graph, partition) and all(0 <= v <= 1 for v in sampled.values())
    assert len(brokers(graph, partition, top=5)) == 5


def test_sahel_brokers_include_the_government_between_the_two_jihadist_camps(sahel):
    from kg.network import collapse, project

    ties = collapse(project(sahel, types=["Actor"]))
    labels = [ties.nodes[row["node"]]["label"] for row in brokers(ties, top=3)]
    assert "Government of Mali" in labels  # at war with both camps, negotiating with JNIM


@pytest.mark.parametrize("k", [None, 12])
def test_igraph_and_python_agree(monkeypatch, k):
    graph = nx.barabasi_albert_graph(50, 2, seed=5)
    graph.add_edge(60, 61)
    partition = [set(range(0, 10)), set(range(10, 30)), {30}, {31}, {60}, {61, 32}]
    with_igraph = bridging_betweenness(graph, partition, k=k, seed=1)
    monkeypatch.setattr(fast, "available", lambda: False)
    assert bridging_betweenness(graph, partition, k=k, seed=1) == pytest.approx(with_igraph)


@pytest.mark.parametrize("seed", range(4))
def test_burt_measures_match_networkx(seed):
    graph = nx.gnp_random_graph(25, 0.2, seed=seed)
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = 1 + (u * v) % 3
    for weight in (None, "weight"):
        for node in graph:
            # networkx's one-node path follows Burt's definition; its all-nodes sparse path (3.6) differs when weighted.
            constraint = nx.constraint(graph, [node], weight=weight)
            effective = nx.effective_size(graph, [node], weight=weight)
            ours = structural_holes(graph, node, weight=weight)
            if graph.degree(node) == 0:
                assert ours == (None, None)
            else:
                assert ours == pytest.approx((constraint[node], effective[node]))
