"""Structural balance of a signed graph: triangles, the frustration index, and who causes imbalance.

The graphs here are undirected with an edge attribute ``sign`` of +1 or -1 (edges with
another sign are ignored), as :func:`kg.network.collapse` and :func:`kg.network.signed`
give them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

__all__ = [
    "Frustration",
    "frustration",
    "imbalance_by_actor",
    "signed_triangles",
    "triangle_balance",
]

#: Above this many signed edges, :func:`frustration` approximates instead of solving exactly.
EXACT_EDGE_LIMIT = 2000
#: Branch-and-bound nodes the exact solver may explore: a limit of work, so a hard graph
#: gives the same answer on a busy machine as on an idle one (a time limit would not).
NODE_LIMIT = 200


def _signed_adjacency(graph: nx.Graph) -> dict:
    adjacency: dict = {node: {} for node in graph}
    for u, v, sign in graph.edges(data="sign"):
        if sign in (1, -1) and u != v:
            adjacency[u][v] = sign
            adjacency[v][u] = sign
    return {node: nbrs for node, nbrs in adjacency.items() if nbrs}


def signed_triangles(graph: nx.Graph) -> Iterator[tuple[tuple, tuple[int, int, int]]]:
    """Every triangle of signed edges once, as ``((u, v, w), (sign_uv, sign_vw, sign_uw))``.

    >>> g = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1})])
    >>> list(signed_triangles(g))
    [(('a', 'b', 'c'), (1, -1, -1))]
    """
    adjacency = _signed_adjacency(graph)
    order = {node: index for index, node in enumerate(adjacency)}
    for u, neighbours in adjacency.items():
        later = [v for v in neighbours if order[v] > order[u]]
        for v in later:
            # A set's order follows the hash seed: list the common neighbours in node order.
            for w in sorted(adjacency[v].keys() & neighbours.keys(), key=order.__getitem__):
                if order[w] > order[v]:
                    yield (u, v, w), (neighbours[v], adjacency[v][w], neighbours[w])


def triangle_balance(graph: nx.Graph) -> dict:
    """Count balanced and unbalanced triangles of a signed graph.

    A triangle is *balanced* when the product of its three signs is positive: all
    friends, or two enemies sharing a friend (Heider 1946; Cartwright and Harary 1956).
    It is unbalanced with one negative edge ("the friend of my friend is my enemy") or
    three ("the enemy of my enemy is my enemy", which Davis's weaker clustering notion
    of balance still allows). The balance ratio is

    .. math:: B = \\frac{T_{+}}{T_{+} + T_{-}}

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, with ``sign`` +1 or -1 on the edges that count.

    Returns
    -------
    dict
        ``triangles``, ``balanced``, ``unbalanced``, ``all_negative`` (unbalanced with
        three negative edges) and ``ratio`` (``None`` without triangles).

    Notes
    -----
    >>> g = nx.Graph([("a", "b", {"sign": -1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1}),
    ...               ("c", "d", {"sign": 1}), ("a", "d", {"sign": -1})])
    >>> triangle_balance(g)
    {'triangles': 2, 'balanced': 1, 'unbalanced': 1, 'all_negative': 1, 'ratio': 0.5}

    References
    ----------
    .. [1] Heider, F. (1946). Attitudes and cognitive organization. *Journal of
       Psychology* 21, 107–112.
    .. [2] Cartwright, D. and Harary, F. (1956). Structural balance: a generalization of
       Heider's theory. *Psychological Review* 63(5), 277–293.
    .. [3] Davis, J. A. (1967). Clustering and structural balance in graphs. *Human
       Relations* 20(2), 181–187.
    """
    balanced = unbalanced = all_negative = 0
    for _, signs in signed_triangles(graph):
        product = signs[0] * signs[1] * signs[2]
        if product > 0:
            balanced += 1
        else:
            unbalanced += 1
            all_negative += signs == (-1, -1, -1)
    total = balanced + unbalanced
    return {
        "triangles": total,
        "balanced": balanced,
        "unbalanced": unbalanced,
        "all_negative": all_negative,
        "ratio": balanced / total if total else None,
    }


@dataclass
class Frustration:
    """The result of :func:`frustration`.

    ``index`` is the number of edges whose sign disagrees with the two-way split
    ``sides``; ``exact`` says whether it is proven minimal, else ``lower_bound`` (when
    known) brackets the minimum. ``method`` says how it was found.
    """

    index: int
    exact: bool
    method: str
    sides: tuple[set, set]
    frustrated: list[tuple] = field(default_factory=list)
    lower_bound: int | None = None


def _cost(adjacency: dict, side: dict) -> int:
    return sum(
        1 for u, nbrs in adjacency.items() for v, sign in nbrs.items()
        if repr(u) < repr(v) and (side[u] == side[v]) != (sign > 0)
    )


def _exact(adjacency: dict, time_limit: float, node_limit: int) -> tuple[dict, str, int]:
    """Solve the 0/1 program of Aref, Mason and Wilson (2018) with HiGHS (scipy.optimize.milp).

    x_i is the side of node i; f_ij = 1 when edge ij is frustrated:
    positive edge: f_ij >= x_i - x_j and f_ij >= x_j - x_i;
    negative edge: f_ij >= x_i + x_j - 1 and f_ij >= 1 - x_i - x_j.
    Returns the sides, what ended the search (``"optimal"``, ``"node limit"`` or
    ``"time limit"``) and the solver's lower bound.
    """
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_array

    nodes = list(adjacency)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(u, v, s) for u, nbrs in adjacency.items() for v, s in nbrs.items() if index[u] < index[v]]
    n, m = len(nodes), len(edges)
    matrix = lil_array((2 * m, n + m))
    lower = np.empty(2 * m)
    for row, (u, v, sign) in enumerate(edges):
        i, j, f = index[u], index[v], n + row
        if sign > 0:  # f - x_i + x_j >= 0 ; f + x_i - x_j >= 0
            entries = ((-1, 1, 0), (1, -1, 0))
        else:  # f - x_i - x_j >= -1 ; f + x_i + x_j >= 1
            entries = ((-1, -1, -1), (1, 1, 1))
        for offset, (ci, cj, bound) in enumerate(entries):
            matrix[2 * row + offset, f] = 1
            matrix[2 * row + offset, i] += ci
            matrix[2 * row + offset, j] += cj
            lower[2 * row + offset] = bound
    cost = np.concatenate([np.zeros(n), np.ones(m)])
    upper_x = np.ones(n + m)
    upper_x[0] = 0  # the split's mirror image has the same cost: fix one node's side
    result = milp(cost, constraints=LinearConstraint(matrix.tocsr(), lower, np.inf), integrality=np.ones(n + m),
                  bounds=Bounds(np.zeros(n + m), upper_x), options={"time_limit": time_limit, "node_limit": node_limit})
    # HiGHS reports its node limit as "solution limit reached" (scipy's status 4, not 1).
    stopped = "optimal" if result.status == 0 else "time limit" if "time limit" in result.message.lower() else "node limit"
    if result.x is None:
        raise TimeoutError(stopped)
    side = {node: int(round(result.x[index[node]])) for node in nodes}
    bound = result.get("mip_dual_bound")
    lower_bound = int(np.ceil(bound - 1e-6)) if bound is not None else 0
    return side, stopped, lower_bound


def _local_search(adjacency: dict, restarts: int, seed: int) -> dict:
    """Best of several greedy descents, each from a split that satisfies a random spanning forest.

    Each descent flips single nodes to the other side while that lowers the number of
    frustrated edges. The result is an upper bound on the frustration index.
    """
    rng = random.Random(seed)
    nodes = list(adjacency)
    best, best_cost = None, None
    for _ in range(max(1, restarts)):
        side: dict = {}
        for root in rng.sample(nodes, len(nodes)):
            if root in side:
                continue
            side[root] = 0
            queue = [root]
            while queue:
                u = queue.pop(rng.randrange(len(queue)))
                for v, sign in adjacency[u].items():
                    if v not in side:
                        side[v] = side[u] if sign > 0 else 1 - side[u]
                        queue.append(v)
        improved = True
        while improved:
            improved = False
            for u in nodes:
                bad = sum(1 for v, s in adjacency[u].items() if (side[u] == side[v]) != (s > 0))
                if 2 * bad > len(adjacency[u]):
                    side[u] = 1 - side[u]
                    improved = True
        cost = _cost(adjacency, side)
        if best_cost is None or cost < best_cost:
            best, best_cost = dict(side), cost
    return best


def _limit(stopped: str, time_limit: float, node_limit: int) -> str:
    if stopped == "time limit":
        return f"time limit of {time_limit:g} s (binary program, HiGHS; cut by time, so it may differ between runs)"
    return f"limit of {node_limit:,} branch-and-bound node{'s' if node_limit != 1 else ''} (binary program, HiGHS)"


def frustration(graph: nx.Graph, *, exact: bool | None = None, time_limit: float = 60.0, node_limit: int = NODE_LIMIT,
                restarts: int | None = None, seed: int = 0) -> Frustration:
    """The frustration index: the fewest edges whose removal (or sign change) makes the graph balanced.

    By the structure theorem of Cartwright and Harary (1956), a signed graph is balanced
    exactly when its nodes split in two sides with every positive edge inside a side and
    every negative edge across. The frustration index is

    .. math:: L(G) = \\min_{S \\subseteq V} \\; |\\{uv \\in E^{+} : u, v \\text{ on different sides}\\}|
                  + |\\{uv \\in E^{-} : u, v \\text{ on the same side}\\}|

    Computing it is NP-hard. Up to ``EXACT_EDGE_LIMIT`` signed edges (or with
    ``exact=True``) it is solved exactly as the binary linear program of Aref, Mason and
    Wilson (2018) with the HiGHS solver in SciPy; if the solver stops at ``node_limit``
    branch-and-bound nodes the best split found is returned with ``exact=False`` and the
    solver's lower bound. That limit counts work, so the answer repeats from run to run;
    ``time_limit`` is a safety net for very hard graphs, and an answer it cut short may
    differ with the machine's load (``method`` says which limit stopped the solver).
    Above the limit (or with ``exact=False``) a local search gives an upper bound: from
    ``restarts`` splits that satisfy random spanning forests, single nodes change side
    while that lowers the count.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected, with ``sign`` +1 or -1 on the edges that count.
    exact : bool, optional
        Force the exact program (``True``) or the approximation (``False``).
    time_limit : float
        Seconds the exact solver may take at most.
    node_limit : int
        Branch-and-bound nodes the exact solver may explore.
    restarts : int, optional
        Starts of the approximation (default 20, or 5 above 20 000 signed edges).
    seed : int
        Random seed of the approximation.

    Returns
    -------
    Frustration
        The index, whether it is exact, the method, the two sides and the frustrated edges.

    Notes
    -----
    A triangle of three enemies cannot be split in two: one edge must go.

    >>> g = nx.Graph([("a", "b", {"sign": -1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1}),
    ...               ("c", "d", {"sign": 1})])
    >>> result = frustration(g)
    >>> result.index, result.exact
    (1, True)

    References
    ----------
    .. [1] Cartwright, D. and Harary, F. (1956). Structural balance: a generalization of
       Heider's theory. *Psychological Review* 63(5), 277–293.
    .. [2] Harary, F. (1959). On the measurement of structural balance. *Behavioral
       Science* 4(4), 316–323.
    .. [3] Aref, S., Mason, A. J. and Wilson, M. C. (2018). Computing the line index of
       balance using integer programming optimisation. In *Optimization Problems in
       Graph Theory*, Springer, 65–84.
    """
    adjacency = _signed_adjacency(graph)
    edge_count = sum(len(nbrs) for nbrs in adjacency.values()) // 2
    if not adjacency:
        return Frustration(0, True, "no signed edges", (set(), set()), [], 0)
    use_exact = exact if exact is not None else edge_count <= EXACT_EDGE_LIMIT
    restarts = restarts if restarts is not None else 20 if edge_count <= 20_000 else 5
    lower_bound = None
    if use_exact:
        try:
            side, stopped, lower_bound = _exact(adjacency, time_limit, node_limit)
            proven = stopped == "optimal"
            limit = _limit(stopped, time_limit, node_limit)
            method = "exact (binary program, HiGHS)" if proven else f"best found before the {limit}"
        except TimeoutError as error:
            side, proven = _local_search(adjacency, restarts, seed), False
            method = (f"upper bound (local search, {restarts} restarts; the exact solver found nothing before the "
                      f"{_limit(str(error), time_limit, node_limit)})")
    else:
        side, proven = _local_search(adjacency, restarts, seed), False
        method = f"upper bound (local search, {restarts} restarts)"
    frustrated = sorted(
        (u, v) for u, nbrs in adjacency.items() for v, s in nbrs.items()
        if repr(u) < repr(v) and (side[u] == side[v]) != (s > 0)
    )
    if proven:
        lower_bound = len(frustrated)
    sides = ({n for n, s in side.items() if s == 0}, {n for n, s in side.items() if s == 1})
    return Frustration(len(frustrated), proven, method, sides, frustrated, lower_bound)


def imbalance_by_actor(graph: nx.Graph, result: Frustration | None = None) -> list[dict]:
    """The actors whose relations create most imbalance, worst first.

    For each node: ``unbalanced_triangles`` it sits in, and ``frustrated_edges`` it has in
    the split of ``result`` (computed with :func:`frustration` when not given): the
    relations that contradict the best two-camp reading of the graph.

    >>> g = nx.Graph([("a", "b", {"sign": -1}), ("b", "c", {"sign": -1}), ("a", "c", {"sign": -1}),
    ...               ("c", "d", {"sign": 1}), ("a", "d", {"sign": 1})])
    >>> imbalance_by_actor(g)[0]["node"]
    'a'
    """
    result = result or frustration(graph)
    triangles: dict = {}
    for nodes, signs in signed_triangles(graph):
        if signs[0] * signs[1] * signs[2] < 0:
            for node in nodes:
                triangles[node] = triangles.get(node, 0) + 1
    frustrated: dict = {}
    for u, v in result.frustrated:
        frustrated[u] = frustrated.get(u, 0) + 1
        frustrated[v] = frustrated.get(v, 0) + 1
    rows = [
        {"node": node, "unbalanced_triangles": triangles.get(node, 0), "frustrated_edges": frustrated.get(node, 0)}
        for node in triangles.keys() | frustrated.keys()
    ]
    return sorted(rows, key=lambda r: (-r["unbalanced_triangles"], -r["frustrated_edges"], str(r["node"])))
