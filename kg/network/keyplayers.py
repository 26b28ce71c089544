"""Key players: the actors whose removal most fragments the network (Borgatti's KPP-Neg)."""

from __future__ import annotations

import networkx as nx

__all__ = ["fragmentation", "key_players", "removal_fragmentation"]


def _pairs(sizes) -> int:
    return sum(s * (s - 1) for s in sizes)


def fragmentation(graph: nx.Graph) -> float:
    """Borgatti's fragmentation: the share of pairs of nodes that cannot reach each other.

    .. math:: F = 1 - \\frac{\\sum_k s_k (s_k - 1)}{n (n - 1)}

    where :math:`s_k` are the sizes of the connected components and :math:`n` the number
    of nodes. 0 for a connected graph, 1 when no two nodes are connected.

    >>> fragmentation(nx.Graph([(1, 2), (3, 4)]))
    0.6666666666666667

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory* 12(1), 21–34.
    """
    n = len(graph)
    if n < 2:
        return 0.0
    return 1 - _pairs(len(c) for c in nx.connected_components(graph)) / (n * (n - 1))


def removal_fragmentation(graph: nx.Graph) -> dict:
    """The fragmentation left after removing each node on its own, for all nodes in linear time.

    A depth-first search finds, for every node, the sizes of the pieces its component
    breaks into without it (the subtrees that cannot reach above it, and the rest), as in
    Hopcroft and Tarjan's search for articulation points. The fragmentation is then that
    of the other ``n - 1`` nodes.

    >>> removal_fragmentation(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}

    References
    ----------
    .. [1] Hopcroft, J. and Tarjan, R. (1973). Algorithm 447: efficient algorithms for
       graph manipulation. *Communications of the ACM* 16(6), 372–378.
    """
    n = len(graph)
    components = list(nx.connected_components(graph))
    total = _pairs(len(c) for c in components)
    result = {}
    for component in components:
        size = len(component)
        others = total - size * (size - 1)
        for node, pieces in _pieces(graph, component).items():
            pairs = others + _pairs(pieces)
            result[node] = 1 - pairs / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {node: result[node] for node in graph}


def _pieces(graph: nx.Graph, component: set) -> dict:
    """For each node of a connected component, the sizes of the pieces left when it is removed."""
    root = min(component, key=repr)  # not next(iter(...)): a set's order follows the hash seed
    discovered = {root: 0}
    low = {root: 0}
    subtree = {root: 1}
    parent = {root: None}
    cut = {node: [] for node in component}
    stack = [(root, iter(graph[root]))]
    while stack:
        node, neighbours = stack[-1]
        advanced = False
        for other in neighbours:
            if other not in discovered:
                discovered[other] = low[other] = len(discovered)
                subtree[other] = 1
                parent[other] = node
                stack.append((other, iter(graph[other])))
                advanced = True
                break
            if other != parent[node]:
                low[node] = min(low[node], discovered[other])
        if advanced:
            continue
        stack.pop()
        up = parent[node]
        if up is not None:
            subtree[up] += subtree[node]
            low[up] = min(low[up], low[node])
            if low[node] >= discovered[up]:
                cut[up].append(subtree[node])
    size = len(component)
    pieces = {}
    for node in component:
        rest = size - 1 - sum(cut[node])
        pieces[node] = cut[node] + ([rest] if rest > 0 else [])
    return pieces


def key_players(graph: nx.Graph, k: int, *, improve: bool | None = None) -> tuple[list, float]:
    """The set of ``k`` actors whose joint removal leaves the network most fragmented.

    This is Borgatti's KPP-Neg problem: find :math:`S`, :math:`|S| = k`, maximising the
    :func:`fragmentation` of :math:`G - S`. The set is built greedily, each step removing
    the node that fragments the remaining graph most (computed for all nodes at once by
    :func:`removal_fragmentation`); on graphs up to 500 nodes (or with ``improve=True``)
    it is then improved by Borgatti's swaps, exchanging a member for an outsider while that
    raises the fragmentation. Both are heuristics: the exact problem is NP-hard.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected graph of ties.
    k : int
        How many actors to remove.
    improve : bool, optional
        Run the swap improvement (default: on graphs up to 500 nodes).

    Returns
    -------
    (list, float)
        The key players in the order the greedy step chose them, and the fragmentation
        of the graph without them.

    Notes
    -----
    Removing the centre of a star leaves only isolated nodes:

    >>> key_players(nx.star_graph(4), 1)
    ([0], 1.0)

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       *Computational and Mathematical Organization Theory* 12(1), 21–34.
    """
    remaining = nx.Graph(graph)
    chosen: list = []
    for _ in range(min(k, max(len(graph) - 2, 0))):
        scores = removal_fragmentation(remaining)
        best = min(scores, key=lambda n: (-scores[n], -remaining.degree(n), repr(n)))
        chosen.append(best)
        remaining.remove_node(best)
    if improve or (improve is None and len(graph) <= 500):
        chosen = _swap(graph, chosen)
    left = graph.subgraph(set(graph) - set(chosen))
    return chosen, fragmentation(left)


def _swap(graph: nx.Graph, chosen: list) -> list:
    """Borgatti's improvement: exchange members for outsiders while fragmentation rises."""
    current = fragmentation(graph.subgraph(set(graph) - set(chosen)))
    improved = True
    while improved:
        improved = False
        for index in range(len(chosen)):
            for outsider in sorted(set(graph) - set(chosen), key=repr):
                trial = chosen[:index] + [outsider] + chosen[index + 1:]
                value = fragmentation(graph.subgraph(set(graph) - set(trial)))
                if value > current + 1e-12:
                    chosen, current, improved = trial, value, True
                    break
    return chosen
