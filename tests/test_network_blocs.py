"""Alliance blocs: allies together, enemies apart, on graphs whose best split is known by hand."""

import random

import networkx as nx
import pytest

from kg.network import bloc_disagreements, blocs, collapse, project, signed_snapshot
from kg.vocab import KGR


def signed_graph(edges):
    return nx.Graph([(u, v, {"sign": s}) for u, v, s in edges])


def as_sets(partition):
    return sorted(sorted(b) for b in partition)


def test_two_camps():
    graph = signed_graph([("aq", "jnim", 1), ("is", "isgs", 1), ("aq", "is", -1), ("jnim", "isgs", -1)])
    assert as_sets(blocs(graph)) == [["aq", "jnim"], ["is", "isgs"]]


def test_a_hostile_tie_inside_a_friendship_chain_splits_it_where_it_costs_least():
    # a1-a2-a3 are allies, b1-b2 allies, x is allied to a1, a2 and b1; the camps are hostile to each other.
    graph = signed_graph([("a1", "a2", 1), ("a2", "a3", 1), ("a1", "a3", 1), ("b1", "b2", 1), ("x", "a1", 1),
                          ("x", "a2", 1), ("x", "b1", 1), ("a1", "b1", -1), ("a2", "b2", -1), ("a3", "b1", -1)])
    partition = blocs(graph)
    assert as_sets(partition) == [["a1", "a2", "a3", "x"], ["b1", "b2"]]
    assert bloc_disagreements(graph, partition) == 1  # only x's tie to b1 crosses


def test_three_mutual_enemies_are_three_blocs():
    graph = signed_graph([("a", "b", -1), ("b", "c", -1), ("a", "c", -1)])
    assert as_sets(blocs(graph)) == [["a"], ["b"], ["c"]]


def test_neutral_ties_do_not_place_actors():
    graph = signed_graph([("a", "b", 1), ("b", "c", 0)])
    assert as_sets(blocs(graph)) == [["a", "b"]]


@pytest.mark.parametrize("seed", range(8))
def test_no_single_move_improves_the_result(seed):
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(25, 0.2, seed=seed)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = 1 if rng.random() < 0.5 else -1
    partition = [set(b) for b in blocs(graph, seed=seed)]
    best = bloc_disagreements(graph, partition)
    start = [set(c) for c in nx.connected_components(graph.edge_subgraph(
        (u, v) for u, v, s in graph.edges(data="sign") if s > 0))]
    assert best <= bloc_disagreements(graph, start)
    for node in [n for b in partition for n in b]:
        home = next(i for i, b in enumerate(partition) if node in b)
        for target in range(len(partition) + 1):
            trial = [set(b) for b in partition] + [set()]
            trial[home].discard(node)
            trial[target].add(node)
            assert bloc_disagreements(graph, [b for b in trial if b]) >= best


def test_the_sahel_blocs_before_and_after_the_war(sahel):
    graph = project(sahel, types=["Actor"])
    jihadists = {KGR[n].value for n in ("al-qaeda", "jnim", "islamic-state", "isgs")}
    ties_2019 = signed_snapshot(graph, "2019-06-01")
    # The JNIM-ISGS alliance across the al-Qaeda-IS rivalry: every split contradicts one tie.
    assert bloc_disagreements(ties_2019, blocs(ties_2019)) == 1
    after = [b for b in blocs(signed_snapshot(graph, "2020-07-01")) if b & jihadists]
    assert as_sets(after) == as_sets([{KGR["al-qaeda"].value, KGR["jnim"].value},
                                      {KGR["islamic-state"].value, KGR["isgs"].value}])
    assert bloc_disagreements(signed_snapshot(graph, "2020-07-01"), after) == 0
    assert len(blocs(collapse(graph))) >= 2
