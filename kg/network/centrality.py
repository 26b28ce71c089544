"""Who is central: degree, betweenness (sampled on large graphs), PageRank and eigenvector centrality.

The measures run on an undirected graph of ties (:func:`kg.network.collapse`), whatever
their sign: a rival is as much a contact as an ally when asking who is in the middle.
"""

from __future__ import annotations

import random

import networkx as nx

from kg.network import fast

__all__ = ["betweenness", "centrality", "sample_size"]

#: Above this many nodes betweenness is estimated from sampled sources by default.
EXACT_NODE_LIMIT = 3000
#: Sources sampled by default on large graphs.
DEFAULT_SAMPLES = 300


def sample_size(graph: nx.Graph, k: int | None = None) -> int | None:
    """How many sources to sample for betweenness: ``k`` if given (0 means exact), else a default by size.

    >>> sample_size(nx.path_graph(10)) is None, sample_size(nx.path_graph(10), 4)
    (True, 4)
    """
    if k is None:
        k = DEFAULT_SAMPLES if len(graph) > EXACT_NODE_LIMIT else 0
    return None if k == 0 or k >= len(graph) else k


def _sorted(nodes) -> list:
    """The nodes in their natural order (by ``repr`` when they do not compare): a sample drawn from it is the same on every run.

    >>> _sorted({"b", "a"}), _sorted([2, "a", 1])
    (['a', 'b'], ['a', 1, 2])
    """
    try:
        return sorted(nodes)
    except TypeError:
        return sorted(nodes, key=repr)


def betweenness(graph: nx.Graph, k: int | None = None, seed: int = 0) -> dict:
    """Freeman's betweenness: the share of shortest paths between other actors that run through a node.

    .. math:: c_B(v) = \\frac{2}{(n-1)(n-2)} \\sum_{s < t;\\; s, t \\ne v} \\frac{\\sigma(s, t \\mid v)}{\\sigma(s, t)}

    Exact (Brandes 2001) up to ``EXACT_NODE_LIMIT`` nodes; above it, or when ``k`` is
    given, estimated from ``k`` source nodes drawn at random (Brandes and Pich 2007): the
    dependencies summed from the sample are scaled by :math:`n / k`. The sample is drawn
    with ``seed`` from the nodes in sorted order, so the same graph gives the same estimate
    on every run, whatever order its nodes were added in. The exact values
    equal :func:`networkx.betweenness_centrality`; the counting runs on igraph when it
    is installed (about 60 times faster), on networkx otherwise.

    Parameters
    ----------
    graph : networkx.Graph
    k : int, optional
        Sources to sample; 0 forces the exact computation.
    seed : int
        Random seed of the sample.

    Returns
    -------
    dict
        Node to normalised betweenness.

    Notes
    -----
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       *Sociometry* 40(1), 35–41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
       Mathematical Sociology* 25(2), 163–177.
    .. [3] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
       *International Journal of Bifurcation and Chaos* 17(7), 2303–2318.
    """
    n = len(graph)
    if n < 3:
        return dict.fromkeys(graph, 0.0)
    samples = sample_size(graph, k)
    sources = None if samples is None else random.Random(seed).sample(_sorted(graph), samples)
    dependencies = pair_dependencies(graph, sources)
    scale = (1 if sources is None else n / len(sources)) / ((n - 1) * (n - 2))
    return {node: value * scale for node, value in dependencies.items()}


def pair_dependencies(graph: nx.Graph, sources: list | None = None) -> dict:
    """For each node, the summed share of shortest s-t paths through it, over ordered pairs with s in ``sources``.

    Runs on igraph when it is installed, on networkx otherwise, with the same result.
    """
    if fast.available():
        return fast.pair_dependencies(graph, sources)
    if sources is None:
        values = nx.betweenness_centrality(graph, normalized=False)
    else:
        values = nx.betweenness_centrality_subset(graph, sources, list(graph), normalized=False)
    # networkx counts each ordered pair of an undirected graph as one half.
    return {node: 2 * value for node, value in values.items()}


def _eigenvector(graph: nx.Graph) -> dict:
    """Eigenvector centrality inside the largest connected component; 0 elsewhere (it is undefined across components)."""
    scores = dict.fromkeys(graph, 0.0)
    if graph.number_of_edges() == 0:
        return scores
    component = max(nx.connected_components(graph), key=len)
    if len(component) <= 2:
        scores.update(dict.fromkeys(component, 1 / len(component) ** 0.5))
        return scores
    scores.update(_leading_eigenvector(graph, [node for node in graph if node in component]))
    return scores


def _leading_eigenvector(graph: nx.Graph, nodes: list) -> dict:
    """What :func:`networkx.eigenvector_centrality_numpy` gives on ``nodes``, the same on every run.

    networkx lets ARPACK start from a random vector and takes the nodes in the order of the
    graph it is given (a subgraph of a small node set iterates that set, whose order follows
    the hash seed): either moves the last digits. Here the nodes keep the order of ``graph``
    and the iteration starts from the all-ones vector, which is never orthogonal to the
    positive leading eigenvector of a connected graph.
    """
    import numpy as np
    import scipy as sp

    matrix = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, dtype=float)
    _, vectors = sp.sparse.linalg.eigs(matrix.T, k=1, which="LR", maxiter=1000, tol=0, v0=np.ones(len(nodes)))
    largest = vectors.flatten().real
    norm = np.sign(largest.sum()) * sp.linalg.norm(largest)
    return dict(zip(nodes, (largest / norm).tolist()))


def centrality(graph: nx.Graph, *, k: int | None = None, seed: int = 0) -> dict[str, dict]:
    """Four centrality rankings of the same actors, for comparison side by side.

    - ``degree``: the share of other actors a node has a tie with, :math:`d(v)/(n-1)`;
    - ``betweenness``: see :func:`betweenness` (sampled on large graphs);
    - ``pagerank``: the stationary probability of a random walk along ties that restarts
      anywhere with probability 0.15 (Brin and Page 1998);
    - ``eigenvector``: a node is central when its neighbours are, :math:`x_v = \\lambda^{-1}
      \\sum_{u \\sim v} x_u` (Bonacich 1972), computed inside the largest connected
      component (0 outside it, where it is undefined).

    Parameters
    ----------
    graph : networkx.Graph
        Undirected graph of ties (edge attributes are ignored).
    k : int, optional
        Betweenness sources to sample (0 = exact; default: exact up to ``EXACT_NODE_LIMIT`` nodes).
    seed : int
        Random seed of the betweenness sample.

    Returns
    -------
    dict
        Measure name to a dict of node to score.

    Notes
    -----
    >>> scores = centrality(nx.star_graph(3))
    >>> max(scores["betweenness"], key=scores["betweenness"].get), round(scores["degree"][0], 2)
    (0, 1.0)

    References
    ----------
    .. [1] Freeman, L. C. (1978). Centrality in social networks: conceptual
       clarification. *Social Networks* 1(3), 215–239.
    .. [2] Bonacich, P. (1972). Factoring and weighting approaches to status scores and
       clique identification. *Journal of Mathematical Sociology* 2(1), 113–120.
    .. [3] Brin, S. and Page, L. (1998). The anatomy of a large-scale hypertextual web
       search engine. *Computer Networks and ISDN Systems* 30, 107–117.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return {
        "degree": nx.degree_centrality(simple) if len(simple) > 1 else dict.fromkeys(simple, 0.0),
        "betweenness": betweenness(simple, k=k, seed=seed),
        "pagerank": nx.pagerank(simple) if len(simple) else {},
        "eigenvector": _eigenvector(simple),
    }
