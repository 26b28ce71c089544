"""From a projection to what the page draws: nodes, edges, legend, dates, and a note on what was left out.

The page gets plain data (JSON), never markup: labels, aliases, quotes and titles stay
text here and are shown with ``textContent`` by the page's code.

Large graphs are made drawable in three steps: ``focus`` keeps the neighbourhood of one
actor; ``max_nodes`` keeps the most central actors (PageRank on the undirected graph of
ties) and ``max_edges`` the relations between the most central pairs; above
``PHYSICS_LIMIT`` nodes the layout is computed here (igraph's grid Fruchterman–Reingold,
about a second for 20 000 nodes) and the browser's physics stays off.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kg import ontology
from kg.network import find_node, neighbourhood
from kg.render.style import LOW_CONFIDENCE, SIGN_COLOURS, edge_style, node_style, type_label

#: Above this many drawn nodes the layout is computed in Python and physics is off.
PHYSICS_LIMIT = 300
#: Default cap on drawn nodes: the page stays responsive at this size.
MAX_NODES = 5000


@dataclass(frozen=True)
class Options:
    """What to draw: a neighbourhood (``focus``, ``hops``) and the caps."""

    focus: str | None = None
    hops: int = 2
    max_nodes: int = MAX_NODES
    max_edges: int | None = None
    title: str = "Actors and relations"


def _ranking(graph: nx.MultiDiGraph) -> dict:
    """PageRank over the ties between actors, whatever their direction or sign (degree if it does not converge)."""
    ties = nx.Graph()
    ties.add_nodes_from(graph)
    ties.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    if ties.number_of_edges() == 0:
        return dict.fromkeys(ties, 1.0 / max(len(ties), 1))
    try:
        return nx.pagerank(ties)
    except nx.PowerIterationFailedConvergence:
        return {n: (d + 1) / (2 * ties.number_of_edges() + len(ties)) for n, d in ties.degree()}


def _layout(nodes: list, edges: list[tuple[int, int]]) -> list[tuple[float, float]]:
    """Positions in screen units, about 90 px between neighbours, from igraph's Fruchterman–Reingold on a grid."""
    import igraph

    layout = igraph.Graph(n=len(nodes), edges=edges).layout_fruchterman_reingold(niter=500, grid="auto")
    xs, ys = zip(*layout.coords) if len(nodes) else ((), ())
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in layout.coords) / len(nodes)) or 1.0
    scale = 45 * math.sqrt(len(nodes)) / spread
    return [(round((x - cx) * scale, 1), round((y - cy) * scale, 1)) for x, y in layout.coords]


def _dates(periods: list[dict]) -> list[list[str | None]]:
    return [[p.get("start"), p.get("end"), p.get("point")] for p in periods]


def graph_data(graph: nx.MultiDiGraph, options: Options | None = None) -> dict:
    """The page's data for a projection (see :func:`kg.network.project`)."""
    options = options or Options()
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    focus = None
    if options.focus:
        focus = find_node(graph, options.focus)
        graph = neighbourhood(graph, focus, options.hops)
    rank = _ranking(graph)
    order = sorted(graph, key=lambda n: (-rank[n], graph.nodes[n].get("label") or n))
    kept = order[: options.max_nodes]
    if focus is not None and focus not in kept:
        kept = [focus, *kept[:-1]]
    index = {node: i for i, node in enumerate(kept)}
    edges = [(u, v, d) for u, v, d in graph.edges(data=True) if u in index and v in index]
    max_edges = options.max_edges if options.max_edges is not None else 4 * options.max_nodes
    if len(edges) > max_edges:
        edges.sort(key=lambda e: -min(rank[e[0]], rank[e[1]]))
        edges = edges[:max_edges]
    shown_nodes, shown_edges = len(kept), len(edges)
    physics = shown_nodes <= PHYSICS_LIMIT
    positions = None if physics else _layout(kept, [(index[u], index[v]) for u, v, _ in edges])

    labels = {n: graph.nodes[n].get("label") or n.rsplit("/", 1)[-1] for n in graph}
    sources = sorted({s for _, _, d in edges for s in d.get("sources") or ()}
                     | {e.get("source") for _, _, d in edges for e in d.get("evidence") or () if e.get("source")})
    source_index = {s: i for i, s in enumerate(sources)}
    titles = graph.graph.get("sources") or {}
    types = Counter(graph.nodes[n].get("type") for n in kept)
    type_order = sorted(types, key=lambda t: (-types[t], type_label(t)))
    type_index = {t: i for i, t in enumerate(type_order)}
    relation_counts = Counter(d["relation"] for _, _, d in edges)
    relation_order = [name for name in ontology.relations() if name in relation_counts]
    relation_order += sorted(set(relation_counts) - set(relation_order))
    relation_index = {name: i for i, name in enumerate(relation_order)}
    top = max(rank.values(), default=1.0) or 1.0

    nodes_out = []
    for i, node in enumerate(kept):
        data = graph.nodes[node]
        item = {"id": i, "label": labels[node], "iri": node, "type": type_index[data.get("type")],
                "aliases": list(data.get("aliases") or ()), "value": round(math.sqrt(rank[node] / top), 4)}
        if positions is not None:
            item["x"], item["y"] = positions[i]
        nodes_out.append(item)

    edges_out = []
    for number, (u, v, data) in enumerate(edges):
        confidence = data.get("confidence")
        claim = not data.get("independent", True)
        edges_out.append({
            "id": number, "from": index[u], "to": index[v], "rel": relation_index[data["relation"]],
            "dashed": claim or (confidence is not None and confidence < LOW_CONFIDENCE),
            "claim": claim, "confidence": confidence,
            "start": data.get("start"), "end": data.get("end"), "point": data.get("point"),
            "periods": _dates(data.get("periods") or []),
            "claimedBy": [labels.get(c) or c.rsplit("/", 1)[-1] for c in data.get("claimed_by") or ()],
            "sources": [source_index[s] for s in data.get("sources") or ()],
            "evidence": [[e["quote"], source_index.get(e.get("source"))] for e in data.get("evidence") or ()],
        })

    relations = ontology.relations()
    relation_legend = []
    for name in relation_order:
        known = relations.get(name)
        sign = known.sign if known else 0
        style = edge_style(name)
        relation_legend.append({
            "name": name, "label": known.label if known else name, "sign": sign,
            "symmetric": bool(known and known.symmetric), "colour": SIGN_COLOURS.get(sign, SIGN_COLOURS[0]),
            "marker": style.marker, "width": style.width, "count": relation_counts[name],
        })
    type_legend = [
        {"name": t or "", "label": type_label(t), "colour": node_style(t).colour, "shape": node_style(t).shape,
         "count": types[t]}
        for t in type_order
    ]
    dates = sorted({d for e in edges_out for period in e["periods"] for d in period if d})
    return {
        "title": options.title,
        "as_of": graph.graph.get("as_of"),
        "focus": {"label": labels[focus], "hops": options.hops, "id": index.get(focus)} if focus else None,
        "physics": physics,
        "nodes": nodes_out,
        "edges": edges_out,
        "relations": relation_legend,
        "types": type_legend,
        "sources": [{"iri": s, "title": titles.get(s) or s} for s in sources],
        "dates": dates,
        "signs": {str(k): v for k, v in SIGN_COLOURS.items()},
        "low_confidence": LOW_CONFIDENCE,
        "counts": {"nodes": total_nodes, "edges": total_edges, "shown_nodes": shown_nodes, "shown_edges": shown_edges},
        "note": _note(total_nodes, total_edges, len(graph), graph.number_of_edges(), shown_nodes, shown_edges, focus),
    }


def _note(total_nodes: int, total_edges: int, scope_nodes: int, scope_edges: int, shown_nodes: int, shown_edges: int,
          focus: str | None) -> str | None:
    """Say plainly what the page leaves out, and how to see it."""
    parts = []
    if focus is not None:
        parts.append(f"Neighbourhood of one actor: {scope_nodes:,} of {total_nodes:,} actors, "
                     f"{scope_edges:,} of {total_edges:,} relations.")
    if shown_nodes < scope_nodes or shown_edges < scope_edges:
        parts.append(f"Drawn: the {shown_nodes:,} most central of {scope_nodes:,} actors and {shown_edges:,} of "
                     f"{scope_edges:,} relations; {scope_nodes - shown_nodes:,} actors and {scope_edges - shown_edges:,} "
                     "relations are left out. Use kg viz --focus ACTOR --hops N (or --max-nodes) to see them.")
    return " ".join(parts) or None
