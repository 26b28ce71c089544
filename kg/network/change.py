"""Change over time: the graph as of a date, what changed between two dates, balance and blocs per year."""

from __future__ import annotations

import heapq

import networkx as nx

from kg.errors import KgError
from kg.network.balance import frustration, triangle_balance
from kg.network.blocs import blocs
from kg.network.dates import on_or_before, parse_date, valid_on
from kg.network.paths import relation_row
from kg.network.projection import collapse, signed

__all__ = ["as_of", "diff", "during", "holds_on", "shown_by_diff", "signed_snapshot", "timeline", "year_ends"]


def holds_on(data: dict, date: str) -> bool:
    """Whether a projected relation holds on ``date``: some derivation's dates allow it.

    Uses the ``periods`` a projection records per derivation (the edge's own ``start``,
    ``end`` and ``point`` otherwise); see :func:`kg.network.dates.valid_on`.

    >>> holds_on({"periods": [{"start": "2019-08", "end": "2020-08", "point": None}]}, "2020-05")
    True
    """
    periods = data.get("periods")
    if periods:
        return any(valid_on(date, p.get("start"), p.get("end"), p.get("point")) for p in periods)
    return valid_on(date, data.get("start"), data.get("end"), data.get("point"))


def as_of(graph: nx.MultiDiGraph, date: str) -> nx.MultiDiGraph:
    """The relations of a projection that hold on ``date``, with the actors they link.

    The same rule as ``project(store, as_of=date)``, applied to a graph already in
    memory: a relation counts when it had begun, had not ended, and (when observed at a
    point in time) had been observed by then, dates compared on their common prefix.
    Actors that were isolated in ``graph`` stay. The result is a read-only view of
    ``graph`` (no copy: a large projection can be looked at on many dates).

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("isgs", "jnim", relation="cooperatesWith", end="2020-05-08")
    >>> _ = g.add_edge("isgs", "jnim", relation="atWarWith", start="2020-05-08")
    >>> [d["relation"] for *_, d in as_of(g, "2020-06").edges(data=True)]
    ['atWarWith']
    """
    date = parse_date(date, "as of")
    return _view(graph, lambda data: holds_on(data, date))


def during(graph: nx.MultiDiGraph, start: str, end: str) -> nx.MultiDiGraph:
    """The relations of a projection that held at some time between two dates (inclusive).

    A relation counts when one of its derivations had begun by ``end``, had not ended
    before ``start``, and (when observed at a point in time) had been observed by ``end``.
    Like :func:`as_of`, a read-only view.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", relation="cooperatesWith", start="2015", end="2016-03")
    >>> _ = g.add_edge("a", "c", relation="atWarWith", point="2021-01-05")
    >>> [v for _, v in during(g, "2016", "2020").edges()]
    ['b']
    """
    start, end = parse_date(start, "from"), parse_date(end, "to")
    if not on_or_before(start, end):
        raise KgError(f"--from {start} is after --to {end}")

    def overlaps(period: dict) -> bool:
        begun = period.get("start") or period.get("point")
        return (begun is None or on_or_before(begun, end)) and (not period.get("end") or on_or_before(start, period["end"]))

    return _view(graph, lambda data: any(overlaps(p) for p in data.get("periods") or [data]))


def _view(graph: nx.MultiDiGraph, keep) -> nx.MultiDiGraph:
    """A read-only view of the relations ``keep`` accepts, their actors, and the actors that had no relation."""
    edges = {(u, v, key) for u, v, key, data in graph.edges(keys=True, data=True) if keep(data)}
    nodes = {n for u, v, _ in edges for n in (u, v)} | {n for n in graph if graph.degree(n) == 0}
    return nx.subgraph_view(graph, filter_node=nodes.__contains__, filter_edge=lambda u, v, key: (u, v, key) in edges)


def signed_snapshot(graph: nx.MultiDiGraph, date: str | None = None) -> nx.Graph:
    """The signed ties (collapsed, sign +1 or -1) of a projection, as of ``date`` when given."""
    return signed(collapse(as_of(graph, date) if date else graph))


def _begins(data: dict) -> list[str]:
    periods = data.get("periods") or [data]
    return [p.get("start") or p.get("point") for p in periods if p.get("start") or p.get("point")]


def _ends(data: dict) -> list[str]:
    return [p["end"] for p in data.get("periods") or [data] if p.get("end")]


def _change(data: dict, start: str, end: str) -> tuple[str, str | None, str | None] | None:
    """How a relation changed between two dates: began, ended, or began and ended within them."""
    before, after = holds_on(data, start), holds_on(data, end)
    if before == after and before:
        return None
    within = [b for b in _begins(data) if not on_or_before(b, start) and on_or_before(b, end)]
    finished = [e for e in _ends(data) if on_or_before(start, e) and not on_or_before(end, e)]
    if after and not before:
        return "began", min(within) if within else None, None
    if before and not after:
        return "ended", None, max(finished) if finished else None
    if within and finished:
        return "began and ended", min(within), max(finished)
    return None


def _moves(graph: nx.Graph, before: list[set], after: list[set]) -> list[dict]:
    """Actors placed at both dates whose bloc is not the same group of actors, with a few of their bloc-mates."""
    bloc_before = {node: frozenset(bloc) for bloc in before for node in bloc}
    bloc_after = {node: frozenset(bloc) for bloc in after for node in bloc}
    label = {node: graph.nodes[node].get("label", node) for node in bloc_before.keys() | bloc_after.keys()}

    def mates(bloc: frozenset, node, shown: int = 4) -> list[str]:
        names = heapq.nsmallest(shown, (label[m] for m in bloc if m != node))
        return names + ([f"{len(bloc) - 1 - shown:,} more"] if len(bloc) - 1 > shown else [])

    rows = [{"actor": label[node], "iri": node, "before": mates(bloc_before[node], node), "after": mates(bloc_after[node], node),
             "size_before": len(bloc_before[node]), "size_after": len(bloc_after[node])}
            for node in bloc_before.keys() & bloc_after.keys() if bloc_before[node] != bloc_after[node]]
    return sorted(rows, key=lambda r: (r["actor"], r["iri"]))


def diff(graph: nx.MultiDiGraph, start: str, end: str) -> dict:
    """What changed between two dates: relations begun and ended, pairs that turned, blocs and balance.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection over all time (no ``as_of``), with dated relations.
    start, end : str
        The two dates (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``start`` first.

    Returns
    -------
    dict
        ``changes`` holds :func:`relation_row` records with a ``change`` ("began",
        "ended", "began and ended") and its ``date``; ``turned`` lists pairs whose net
        sign (see :func:`kg.network.collapse`) differs between the dates, with the
        relations behind each as of each date; ``blocs`` the alliance blocs (see
        :func:`kg.network.blocs.blocs`) at each date and the actors whose bloc is not the
        same group at both (``moved``, with up to four bloc-mates named); ``balance``
        the triangle balance and frustration index at each date.

    Notes
    -----
    A relation began between the dates when it held on ``end`` but not on ``start``; it
    ended when it held on ``start`` but not on ``end``, with the rule of :func:`as_of`.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("isgs", "jnim", relation="cooperatesWith", sign=1, end="2020-05-08")
    >>> _ = g.add_edge("isgs", "jnim", relation="atWarWith", sign=-1, start="2020-05-08")
    >>> changes = diff(g, "2019-06-01", "2020-07-01")
    >>> [(r["relation"], r["change"], r["date"]) for r in changes["changes"]]
    [('cooperatesWith', 'ended', '2020-05-08'), ('atWarWith', 'began', '2020-05-08')]
    >>> [(t["before"], t["after"]) for t in changes["turned"]]
    [(1, -1)]
    """
    start, end = parse_date(start, "from"), parse_date(end, "to")
    if not on_or_before(start, end):
        raise KgError(f"--from {start} is after --to {end}")
    changes = []
    for u, v, data in graph.edges(data=True):
        found = _change(data, start, end)
        if found:
            kind, began, ended = found
            changes.append({**relation_row(graph, u, v, data), "change": kind, "date": ended or began,
                            "began": began, "ended": ended})
    changes.sort(key=lambda r: (r["date"] or "", r["change"] != "ended", r["subject"], r["relation"], r["object"]))
    then, now = as_of(graph, start), as_of(graph, end)
    before, after = signed(collapse(then)), signed(collapse(now))
    turned = []
    for u, v, data in after.edges(data=True):
        if before.has_edge(u, v) and before.edges[u, v]["sign"] != data["sign"]:
            turned.append({"a": graph.nodes[u].get("label", u), "b": graph.nodes[v].get("label", v),
                           "before": before.edges[u, v]["sign"], "after": data["sign"],
                           "relations_before": _between(then, u, v), "relations_after": _between(now, u, v),
                           "a_iri": u, "b_iri": v})
    turned.sort(key=lambda t: (t["a"], t["b"]))
    blocs_before, blocs_after = blocs(before), blocs(after)
    moved = _moves(graph, blocs_before, blocs_after)
    return {
        "from": start,
        "to": end,
        "changes": changes,
        "turned": turned,
        "blocs": {"before": blocs_before, "after": blocs_after, "moved": moved},
        "balance": {"before": _balance(before), "after": _balance(after)},
    }


def shown_by_diff(graph: nx.MultiDiGraph, start: str, end: str) -> list[tuple]:
    """The edges whose details :func:`diff` can show: those that changed, and those of pairs with both signs.

    A pair can only turn if it has relations of both signs, so this covers every relation
    :func:`diff` lists, and :func:`kg.network.add_details` need read no more than these.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", relation="cooperatesWith", sign=1, end="2020")
    >>> _ = g.add_edge("c", "d", relation="memberOf", sign=0)
    >>> shown_by_diff(g, "2019", "2021")
    [('a', 'b', 0)]
    """
    start, end = parse_date(start, "from"), parse_date(end, "to")
    signs: dict[frozenset, set[int]] = {}
    for u, v, sign in graph.edges(data="sign"):
        signs.setdefault(frozenset((u, v)), set()).add(sign)
    mixed = {pair for pair, found in signs.items() if {1, -1} <= found}
    return [(u, v, key) for u, v, key, data in graph.edges(keys=True, data=True)
            if frozenset((u, v)) in mixed or _change(data, start, end)]


def _between(graph: nx.MultiDiGraph, u, v) -> list[dict]:
    """The signed relations between two actors, both directions, as :func:`relation_row` records."""
    rows = [relation_row(graph, a, b, d) for a, b in ((u, v), (v, u))
            for d in graph.get_edge_data(a, b, default={}).values() if d.get("sign")]
    return sorted(rows, key=lambda r: (r["relation"], r["subject"]))


def _balance(ties: nx.Graph) -> dict:
    result = frustration(ties)
    return {**triangle_balance(ties), "frustration": result.index, "exact": result.exact, "method": result.method}


def year_ends(start: str, end: str) -> list[str]:
    """The last day of each year from ``start`` to ``end``, the dates :func:`timeline` looks at.

    >>> year_ends("2019-06", "2020")
    ['2019-12-31', '2020-12-31']
    """
    first, last = int(parse_date(start, "from")[:4]), int(parse_date(end, "to")[:4])
    return [f"{year}-12-31" for year in range(first, last + 1)]


def timeline(graph: nx.MultiDiGraph, dates: list[str]) -> list[dict]:
    """Balance and blocs of a projection on each date: how a conflict system evolves.

    For each date: the number of actors with signed ties, positive and negative ties,
    triangle balance (:func:`kg.network.balance.triangle_balance`), the frustration
    index (:func:`kg.network.balance.frustration`, with whether it is exact) and the
    blocs (:func:`kg.network.blocs.blocs`) of two or more actors, by node.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("isgs", "jnim", relation="cooperatesWith", sign=1, end="2020-05-08")
    >>> _ = g.add_edge("isgs", "jnim", relation="atWarWith", sign=-1, start="2020-05-08")
    >>> [(row["date"], row["positive"], row["negative"]) for row in timeline(g, ["2019-12-31", "2020-12-31"])]
    [('2019-12-31', 1, 0), ('2020-12-31', 0, 1)]
    """
    rows = []
    for date in dates:
        ties = signed_snapshot(graph, date)
        signs = [s for *_, s in ties.edges(data="sign")]
        rows.append({
            "date": date,
            "actors": ties.number_of_nodes(),
            "positive": signs.count(1),
            "negative": signs.count(-1),
            **_balance(ties),
            "blocs": [sorted(b, key=repr) for b in blocs(ties) if len(b) > 1],
        })
    return rows
