"""Explain a connection: shortest paths between two actors, each hop with its relations, dates and evidence."""

from __future__ import annotations

from itertools import islice

import networkx as nx

__all__ = ["display_name", "explain_paths", "neighbourhood", "relation_row", "when"]


def _label(graph: nx.Graph, node) -> str:
    return graph.nodes[node].get("label") or str(node) if node in graph else str(node)


def display_name(graph: nx.Graph, node) -> str:
    """An actor's label, with its acronym when an alias spells the label's initials.

    >>> g = nx.Graph(); g.add_node("isgs", label="Islamic State in the Greater Sahara", aliases=["EIGS", "ISGS"])
    >>> display_name(g, "isgs")
    'Islamic State in the Greater Sahara (ISGS)'
    """
    data = graph.nodes[node] if node in graph else {}
    label = data.get("label") or str(node)
    initials = "".join(word[0] for word in label.replace("-", " ").replace("'", "").split() if word[0].isupper())
    for alias in data.get("aliases") or ():
        if alias == initials and alias != label and len(alias) >= 2 and alias.isalpha():
            return f"{label} ({alias})"
    return label


def when(row: dict) -> str:
    """A relation's dates in a few characters.

    >>> when({"start": "2019-08", "end": "2020-08"}), when({"start": "2020-05-08"}), when({"point": "2020-05"})
    ('2019-08 – 2020-08', 'from 2020-05-08', 'on 2020-05')
    """
    start, end, point = row.get("start"), row.get("end"), row.get("point")
    parts = []
    if start and end:
        parts.append(f"{start} – {end}")
    elif start or end:
        parts.append(f"from {start}" if start else f"until {end}")
    if point:
        parts.append(f"on {point}")
    return ", ".join(parts)


def relation_row(graph: nx.MultiDiGraph, subject, obj, data: dict) -> dict:
    """One relation of a projection as a flat, readable record (labels instead of IRIs).

    >>> g = nx.MultiDiGraph(sources={"s1": "A report"})
    >>> g.add_node("a", label="A"); g.add_node("b", label="B")
    >>> _ = g.add_edge("a", "b", relation="atWarWith", symmetric=True, start="2020-05",
    ...                evidence=[{"quote": "at war", "source": "s1"}], sources=["s1"])
    >>> row = relation_row(g, "a", "b", g.edges["a", "b", 0]); row["subject"], row["arrow"], row["quotes"]
    ('A', '—', ['at war'])
    """
    titles = graph.graph.get("sources") or {}
    return {
        "subject": _label(graph, subject),
        "relation": data.get("relation"),
        "arrow": "—" if data.get("symmetric") else "→",
        "object": _label(graph, obj),
        "sign": data.get("sign"),
        "start": data.get("start"),
        "end": data.get("end"),
        "point": data.get("point"),
        "confidence": data.get("confidence"),
        "claimed_by": [_label(graph, c) for c in data.get("claimed_by") or ()],
        "sources": [titles.get(s, s) for s in data.get("sources") or ()],
        "quotes": [e["quote"] for e in data.get("evidence") or ()],
        "subject_iri": subject,
        "object_iri": obj,
        "statement": data.get("statement"),
    }


def _ties(graph: nx.MultiDiGraph) -> nx.Graph:
    ties = nx.Graph()
    ties.add_nodes_from(graph)
    ties.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return ties


def explain_paths(graph: nx.MultiDiGraph, source, target, *, limit: int = 5) -> list[list[dict]]:
    """The shortest chains of relations linking two actors, each hop with what supports it.

    Paths are found in the undirected view (a relation links its two ends whatever its
    direction) with :func:`networkx.all_shortest_paths`. Every hop lists all relations
    between its two ends, as :func:`relation_row` records with their dates, claimants,
    sources and quotes, so an analyst can read why two actors are connected.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A projection (:func:`kg.network.project`).
    source, target : node
        The two actors (see :func:`kg.network.find_node` to look them up by name).
    limit : int
        At most this many paths, in a stable order.

    Returns
    -------
    list of list of dict
        Each path is a list of hops ``{"from", "to", "relations"}``; an empty list when
        the actors are not connected.

    Notes
    -----
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("jnim", "aq", relation="affiliateOf"); _ = g.add_edge("aq", "is", relation="rivalOf")
    >>> [[hop["from"] + " " + hop["relations"][0]["relation"] + " " + hop["to"] for hop in path]
    ...  for path in explain_paths(g, "jnim", "is")]
    [['jnim affiliateOf aq', 'aq rivalOf is']]

    References
    ----------
    .. [1] Dijkstra, E. W. (1959). A note on two problems in connexion with graphs.
       *Numerische Mathematik* 1, 269–271 (breadth-first search for unweighted graphs).
    """
    ties = _ties(graph)
    try:
        paths = sorted(islice(nx.all_shortest_paths(ties, source, target), 1000), key=lambda p: [repr(n) for n in p])
    except nx.NetworkXNoPath:
        return []
    explained = []
    for path in paths[:limit]:
        hops = []
        for a, b in zip(path, path[1:]):
            relations = [relation_row(graph, a, b, d) for d in graph.get_edge_data(a, b, default={}).values()]
            relations += [relation_row(graph, b, a, d) for d in graph.get_edge_data(b, a, default={}).values()]
            hops.append({"from": a, "to": b, "relations": sorted(relations, key=lambda r: (r["relation"], r["statement"] or ""))})
        explained.append(hops)
    return explained


def neighbourhood(graph: nx.MultiDiGraph, node, radius: int = 2) -> nx.MultiDiGraph:
    """The actors within ``radius`` hops of ``node`` (in either direction) and every relation among them.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(neighbourhood(g, "a", 2))
    ['a', 'b', 'c']
    """
    near = nx.single_source_shortest_path_length(_ties(graph), node, cutoff=radius)
    return graph.subgraph(near).copy()
