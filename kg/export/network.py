"""Network exports: the projection of :func:`kg.network.project` as GraphML, GEXF or CSV.

GraphML and GEXF go through :mod:`kg.network`'s writers (lists and dicts as ``json:``
strings, so Gephi and networkx read every attribute). CSV is for pandas and spreadsheets:
an edge list (one row per relation statement: ``source``, ``target``, then the
projection's edge attributes) and a node list (``id``, then the node attributes); lists
and dicts are JSON text in their cell, a missing value is an empty cell.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.network import project, write_gexf, write_graphml
from kg.store import Store

NETWORK_FORMATS = ("graphml", "gexf", "csv")


def csv_paths(output: Path) -> tuple[Path, Path]:
    """The edge and node files of a CSV export to ``output``: ``<stem>-edges.csv`` and ``<stem>-nodes.csv`` beside it."""
    stem = output.name[: -len(".csv")] if output.name.lower().endswith(".csv") else output.name
    return output.with_name(f"{stem}-edges.csv"), output.with_name(f"{stem}-nodes.csv")


def network(store: Store, *, as_of: str | None = None, sources: set[str] | None = None) -> nx.MultiDiGraph:
    """The projection to export: relations valid on ``as_of``; with ``sources``, only those they report."""
    graph = project(store, as_of=as_of)
    if sources is not None:
        dropped = [(u, v, k) for u, v, k, found in graph.edges(keys=True, data="sources")
                   if not sources.intersection(found or ())]
        graph.remove_edges_from(dropped)
        graph.remove_nodes_from([node for node in list(graph) if graph.degree(node) == 0])
    return graph


def _cell(value) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    return value


def _columns(rows: Iterable[dict]) -> list[str]:
    """Every attribute name, in the order they first appear (the projection's own order)."""
    return list(dict.fromkeys(name for row in rows for name in row))


def _write_csv(path: Path, first: list[str], rows: list[tuple[list, dict]]) -> None:
    columns = [c for c in _columns(data for _, data in rows) if c not in first]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(first + columns)
        for keys, data in rows:
            writer.writerow([*keys, *(_cell(data.get(c)) for c in columns)])


def write_network(graph: nx.MultiDiGraph, fmt: str, paths: list[Path]) -> None:
    """Write ``graph`` as ``fmt`` to ``paths`` (one path; two, edges then nodes, for CSV)."""
    try:
        if fmt == "graphml":
            write_graphml(graph, paths[0])
        elif fmt == "gexf":
            write_gexf(graph, paths[0])
        else:
            _write_csv(paths[0], ["source", "target"], [([u, v], d) for u, v, d in graph.edges(data=True)])
            _write_csv(paths[1], ["id"], [([n], d) for n, d in graph.nodes(data=True)])
    except OSError as error:
        raise KgError(f"{paths[0]}: cannot write: {error.strerror or error}") from None
