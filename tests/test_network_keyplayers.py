"""Key players: fragmentation by hand, and the linear-time removal scores against removing each node."""

import networkx as nx
import pytest

from kg.network import fragmentation, key_players, removal_fragmentation


def test_fragmentation_by_hand():
    assert fragmentation(nx.complete_graph(4)) == 0.0
    assert fragmentation(nx.empty_graph(4)) == 1.0
    # Two pairs: 4 of the 12 ordered pairs can reach each other.
    assert fragmentation(nx.Graph([(1, 2), (3, 4)])) == pytest.approx(1 - 4 / 12)


@pytest.mark.parametrize("seed", range(6))
def test_removal_scores_match_removing_each_node(seed):
    graph = nx.gnp_random_graph(30, 0.08, seed=seed)
    graph.add_edges_from([(0, 40), (40, 41), (41, 42)])
    fast = removal_fragmentation(graph)
    for node in graph:
        slow = fragmentation(graph.subgraph(set(graph) - {node}))
        assert fast[node] == pytest.approx(slow), node


def test_the_bridge_between_two_cliques_is_the_key_player():
    graph = nx.barbell_graph(5, 1)  # two K5 joined through node 5
    chosen, left = key_players(graph, 1)
    assert chosen == [5] and key_players(graph, 1, improve=True)[0] == [5]
    assert left == pytest.approx(fragmentation(graph.subgraph(set(graph) - {5})))


def test_two_hubs_joined_by_a_courier():
    # Removing both hubs leaves nobody connected; removing the courier only splits the network in two.
    graph = nx.Graph()
    for hub, leaves in (("h1", "abcd"), ("h2", "efgh")):
        graph.add_edges_from((hub, leaf) for leaf in leaves)
    graph.add_edges_from([("h1", "c0"), ("c0", "h2")])
    chosen, left = key_players(graph, 2)
    assert set(chosen) == {"h1", "h2"} and left == 1.0
    assert removal_fragmentation(graph)["c0"] == pytest.approx(1 - 40 / 90)
