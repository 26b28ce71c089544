"""Brokers: actors that bridge alliance blocs, by betweenness across blocs and Burt's constraint."""

from __future__ import annotations

import math
import random
from collections import deque

import networkx as nx

from kg.network import fast
from kg.network.blocs import blocs as find_blocs
from kg.network.centrality import sample_size

__all__ = ["bridging_betweenness", "brokers", "structural_holes"]


def bridging_betweenness(graph: nx.Graph, partition: list[set], *, k: int | None = None, seed: int = 0) -> dict:
    """The share of shortest paths between actors of *different* blocs that pass through each node.

    Freeman's betweenness restricted to pairs that the partition puts in different
    blocs (Brandes's accumulation with targets limited to other blocs):

    .. math:: b(v) = \\frac{1}{|P|} \\sum_{(s, t) \\in P,\\; v \\ne s, t} \\frac{\\sigma(s, t \\mid v)}{\\sigma(s, t)},
              \\qquad P = \\{(s, t) : s, t \\text{ in different blocs, connected}\\}

    so 0.5 means that half the routes between rival camps go through ``v``. Paths may
    run through any tie and any node, blocked or not; only their ends must be placed in
    blocs. With ``k`` (or on graphs above ``centrality.EXACT_NODE_LIMIT`` nodes) only
    ``k`` sampled sources are used, which estimates the same share. The counting runs on
    igraph when it is installed, in Python otherwise, with the same result.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected graph of ties (signs are not used for paths).
    partition : list of set
        The blocs, as :func:`kg.network.blocs.blocs` returns them.
    k : int, optional
        Sources to sample (0 = all).
    seed : int
        Random seed of the sample.

    Returns
    -------
    dict
        Node to share, for every node of ``graph``.

    Notes
    -----
    >>> g = nx.Graph([("a1", "a2"), ("a2", "x"), ("x", "b1")])
    >>> bridging_betweenness(g, [{"a1", "a2"}, {"b1"}])
    {'a1': 0.0, 'a2': 0.5, 'x': 1.0, 'b1': 0.0}

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    .. [2] Brandes, U. (2008). On variants of shortest-path betweenness centrality and
       their generic computation. *Social Networks* 30(2), 136–145.
    """
    bloc_of = {node: index for index, bloc in enumerate(partition) for node in bloc if node in graph}
    sources = sorted(bloc_of, key=repr)
    samples = sample_size(graph, k)
    if samples is not None and samples < len(sources):
        sources = random.Random(seed).sample(sources, samples)
    if fast.available():
        score, pairs = fast.cross_dependencies(graph, sources, bloc_of)
    else:
        score, pairs = dict.fromkeys(graph, 0.0), 0
        for source in sources:
            pairs += _accumulate(graph, source, bloc_of, score)
    if pairs:
        for node in score:
            score[node] /= pairs
    return score


def _accumulate(graph: nx.Graph, source, bloc_of: dict, score: dict) -> int:
    """One Brandes pass from ``source``, counting only targets in other blocs; returns their number."""
    home = bloc_of[source]
    sigma = {source: 1}
    distance = {source: 0}
    predecessors: dict = {source: []}
    order = []
    queue = deque([source])
    while queue:
        v = queue.popleft()
        order.append(v)
        for w in graph[v]:
            if w not in distance:
                distance[w] = distance[v] + 1
                sigma[w] = 0
                predecessors[w] = []
                queue.append(w)
            if distance[w] == distance[v] + 1:
                sigma[w] += sigma[v]
                predecessors[w].append(v)
    delta = dict.fromkeys(order, 0.0)
    targets = 0
    for w in reversed(order):
        is_target = w in bloc_of and bloc_of[w] != home
        targets += is_target
        for v in predecessors[w]:
            delta[v] += sigma[v] / sigma[w] * (is_target + delta[w])
        if w != source:
            score[w] += delta[w]
    return targets


def structural_holes(graph: nx.Graph, node, weight: str | None = None) -> tuple[float | None, float | None]:
    r"""Burt's constraint and effective size of one node of an undirected graph (``None`` for an isolate).

    The same values as :func:`networkx.constraint` and :func:`networkx.effective_size`,
    computed by walking the two-step neighbourhood once instead of once per neighbour,
    which matters for hubs with thousands of ties:

    .. math:: c_i = \sum_{j} \Big(p_{ij} + \sum_{q} p_{iq} p_{qj}\Big)^2, \qquad
              e_i = \sum_{j} \Big(1 - \sum_{q} p_{iq} m_{jq}\Big)

    with :math:`p_{ij}` the share of i's tie strength that goes to j and :math:`m_{jq}`
    j's tie to q relative to j's strongest tie.

    >>> round(structural_holes(nx.star_graph(3), 0)[0], 3), structural_holes(nx.star_graph(3), 0)[1]
    (0.333, 3.0)

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition.*
       Harvard University Press.
    """
    neighbours = {other: data for other, data in graph[node].items() if other != node}
    if not neighbours:
        return None, None

    def tie(a, data) -> float:
        return data.get(weight, 1) if weight else 1

    def strength(n) -> float:
        return sum(tie(n, d) for other, d in graph[n].items() if other != n)

    total = strength(node)
    share = {j: tie(node, d) / total for j, d in neighbours.items()}
    indirect = dict.fromkeys(neighbours, 0.0)
    redundancy = dict.fromkeys(neighbours, 0.0)
    strongest = {j: max(tie(j, d) for other, d in graph[j].items() if other != j) for j in neighbours}
    for q, p_iq in share.items():
        q_strength = strength(q)
        for j, data in graph[q].items():
            if j in share and j != q:
                indirect[j] += p_iq * tie(q, data) / q_strength
                redundancy[j] += p_iq * tie(q, data) / strongest[j]
    constraint = sum((share[j] + indirect[j]) ** 2 for j in neighbours)
    effective = sum(1 - redundancy[j] for j in neighbours)
    return constraint, effective


def brokers(graph: nx.Graph, partition: list[set] | None = None, *, top: int | None = None,
            k: int | None = None, seed: int = 0, weight: str | None = "weight") -> list[dict]:
    """Rank actors as brokers between blocs: who sits on the routes between camps, with few redundant ties.

    Each row has the node, its ``bloc`` (index into ``partition``, ``None`` when it has no
    signed tie), ``bridging`` (:func:`bridging_betweenness`), ``blocs_reached`` (how many
    other blocs its neighbours belong to), and Burt's ``constraint`` and ``effective_size``
    (:func:`structural_holes`). Constraint
    measures how much a node's ties lead to one another,

    .. math:: c_i = \\sum_{j \\ne i} \\Big(p_{ij} + \\sum_{q \\ne i, j} p_{iq} p_{qj}\\Big)^2,

    with :math:`p_{ij}` the share of i's tie strength that goes to j: a broker spans a
    structural hole, so low constraint and high bridging betweenness go together.

    Parameters
    ----------
    graph : networkx.Graph
        A collapsed graph (:func:`kg.network.collapse`): ties of any sign, ``sign`` for blocs.
    partition : list of set, optional
        The blocs (default: :func:`kg.network.blocs.blocs` of ``graph``).
    top : int, optional
        Keep the best ``top`` rows; Burt's measures are computed for those only, which
        matters on large graphs where they cost the square of a node's degree.
    k : int, optional
        Sources sampled for bridging betweenness (see :func:`bridging_betweenness`).
    seed : int
        Random seed of the sample.
    weight : str, optional
        Edge attribute used as tie strength in Burt's measures.

    Returns
    -------
    list of dict
        Rows sorted by bridging betweenness, then by lower constraint.

    Notes
    -----
    Two camps whose only contact runs through ``x``, an actor of neither:

    >>> g = nx.Graph([("a1", "a2", {"sign": 1}), ("b1", "b2", {"sign": 1}),
    ...               ("x", "a2", {"sign": 0}), ("x", "b2", {"sign": 0})])
    >>> [(row["node"], row["bridging"]) for row in brokers(g, top=3)]
    [('x', 1.0), ('a2', 0.5), ('b2', 0.5)]

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition.*
       Harvard University Press.
    .. [2] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    .. [3] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal
       approach to brokerage in transaction networks. *Sociological Methodology* 19, 89–126.
    """
    partition = find_blocs(graph) if partition is None else partition
    bloc_of = {node: index for index, bloc in enumerate(partition) for node in bloc}
    bridging = bridging_betweenness(graph, partition, k=k, seed=seed)
    ranked = sorted(graph, key=lambda n: (-bridging[n], repr(n)))
    chosen = ranked[:top] if top is not None else ranked
    strength = weight if weight and any(weight in d for *_, d in graph.edges(data=True)) else None
    rows = []
    for node in chosen:
        constraint, effective = structural_holes(graph, node, weight=strength)
        reached = {bloc_of[other] for other in graph[node] if other in bloc_of} - {bloc_of.get(node)}
        rows.append({
            "node": node,
            "bloc": bloc_of.get(node),
            "bridging": bridging[node],
            "blocs_reached": len(reached),
            "constraint": constraint,
            "effective_size": effective,
        })
    return sorted(rows, key=lambda r: (-r["bridging"], r["constraint"] if r["constraint"] is not None else math.inf,
                                       repr(r["node"])))
