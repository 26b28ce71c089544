"""GraphML and GEXF files of a projection, for Gephi, Cytoscape and yEd.

Both formats hold only scalar attributes: lists and dicts (``aliases``, ``claimed_by``,
``sources``, ``evidence``, the graph's ``sources`` map) are written as JSON strings and
read back as lists and dicts. ``None`` is left out and comes back as ``None``. GEXF as
networkx writes it has no graph attributes: the titles in ``graph.graph["sources"]``
survive in GraphML only.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

__all__ = ["read_gexf", "read_graphml", "write_gexf", "write_graphml"]

#: Attributes a projection may hold, so a file read back has every one (None where absent).
GRAPH_ATTRIBUTES = ("as_of", "detail", "sources")
NODE_ATTRIBUTES = ("iri", "label", "type", "aliases")
EDGE_ATTRIBUTES = ("relation", "sign", "symmetric", "start", "end", "point", "confidence", "claimed_by",
                   "independent", "sources", "evidence", "statement", "periods")
_JSON_PREFIX = "json:"


def _flat(data: dict) -> dict:
    """Scalars as they are, containers as ``json:`` strings, ``None`` left out."""
    out = {}
    for name, value in data.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, dict, set)):
            value = _JSON_PREFIX + json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
        out[name] = value
    return out


def _unflat(data: dict, expected: tuple[str, ...] = ()) -> dict:
    out = {name: None for name in expected}
    for name, value in data.items():
        if isinstance(value, str) and value.startswith(_JSON_PREFIX):
            value = json.loads(value[len(_JSON_PREFIX):])
        out[name] = value
    return out


def _flattened(graph: nx.Graph) -> nx.Graph:
    """A copy with flat attributes; a multigraph's edge keys go into an ``edge_key`` attribute."""
    flat = graph.__class__()
    flat.graph.update(_flat(graph.graph))
    flat.add_nodes_from((n, _flat(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        flat.add_edges_from((u, v, k, _flat({**d, "edge_key": k if isinstance(k, str) else [k]}))
                            for u, v, k, d in graph.edges(keys=True, data=True))
    else:
        flat.add_edges_from((u, v, _flat(d)) for u, v, d in graph.edges(data=True))
    return flat


def _restored(flat: nx.Graph) -> nx.Graph:
    """The graph :func:`_flattened` was made from: same kind, containers and keys back."""
    edges = [(u, v, _unflat({k: x for k, x in d.items() if k not in ("id", "label", "networkx_key")}))
             for u, v, d in flat.edges(data=True)]
    multi = any("edge_key" in d for *_, d in edges)
    kind = (nx.MultiDiGraph if flat.is_directed() else nx.MultiGraph) if multi else (
        nx.DiGraph if flat.is_directed() else nx.Graph)
    graph = kind()
    attributes = {k: v for k, v in flat.graph.items() if k not in ("node_default", "edge_default", "mode")}
    graph.graph.update(_unflat(attributes, GRAPH_ATTRIBUTES if "sources" in attributes else ()))
    graph.add_nodes_from((n, _unflat(d, NODE_ATTRIBUTES if "iri" in d else ())) for n, d in flat.nodes(data=True))
    for u, v, data in edges:
        if "relation" in data and "evidence" in data:
            data = {**dict.fromkeys(EDGE_ATTRIBUTES), **data}
        if multi:
            key = data.pop("edge_key")
            graph.add_edge(u, v, key=key[0] if isinstance(key, list) else key, **data)
        else:
            graph.add_edge(u, v, **data)
    return graph


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    """Write a projection (or any graph from kg.network) as GraphML.

    >>> import tempfile, os
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="atWarWith s1", relation="atWarWith", claimed_by=["x"])
    >>> path = os.path.join(tempfile.mkdtemp(), "g.graphml"); write_graphml(g, path)
    >>> list(read_graphml(path).edges(keys=True, data="claimed_by"))
    [('a', 'b', 'atWarWith s1', ['x'])]
    """
    nx.write_graphml(_flattened(graph), str(path), named_key_ids=True)


def read_graphml(path: str | Path) -> nx.Graph:
    """Read a file written by :func:`write_graphml` back into the same kind of graph."""
    return _restored(nx.read_graphml(str(path)))


def write_gexf(graph: nx.Graph, path: str | Path) -> None:
    """Write a projection (or any graph from kg.network) as GEXF 1.2, Gephi's own format.

    >>> import tempfile, os
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="k", relation="atWarWith", sign=-1)
    >>> path = os.path.join(tempfile.mkdtemp(), "g.gexf"); write_gexf(g, path)
    >>> list(read_gexf(path).edges(keys=True, data="sign"))
    [('a', 'b', 'k', -1)]
    """
    flat = _flattened(graph)
    for node, data in flat.nodes(data=True):
        # GEXF has its own node label field; keep ours there so Gephi shows names.
        data.setdefault("label", str(node))
    nx.write_gexf(flat, str(path))


def read_gexf(path: str | Path) -> nx.Graph:
    """Read a file written by :func:`write_gexf` back into the same kind of graph."""
    return _restored(nx.read_gexf(str(path)))
