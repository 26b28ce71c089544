"""The interactive graph page: ``kg viz`` writes it, ``kg serve`` shows it at ``/``, notebooks show it inline.

One self-contained HTML file (vis-network and the viewer's code inlined, nothing loaded
from the network) with colour and shape per actor type, size by PageRank, edge colour by
sign, line style by relation, dashes for claims and low confidence, a legend, filters by
relation and type, an "as of" date slider, search by name, and tooltips built from text.

The page is written here rather than through pyvis: pyvis's pages load vis-network and
Bootstrap from CDNs, put tooltips and headings into the page as HTML, and its
node-by-node building is slow on large graphs. What pyvis would add (an options model)
is a few lines of JSON here.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.errors import KgError
from kg.render.data import MAX_NODES, PHYSICS_LIMIT, Options, graph_data
from kg.render.page import page
from kg.store import Store

__all__ = ["MAX_NODES", "PHYSICS_LIMIT", "GraphPage", "Options", "graph_data", "graph_html", "page", "render", "show",
           "write_html"]


def render(graph: nx.MultiDiGraph, options: Options | None = None) -> str:
    """The page for a projection already in memory (:func:`kg.network.project`)."""
    return page(graph_data(graph, options or Options()))


def graph_html(
    store: Store,
    *,
    focus: str | None = None,
    hops: int = 2,
    as_of: str | None = None,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    max_nodes: int = MAX_NODES,
    title: str = "Actors and relations",
) -> str:
    """The page for the store's graph, filtered as ``kg.network.project`` filters it."""
    from kg.network import project

    if hops < 0 or max_nodes < 1:
        raise KgError("--hops must be 0 or more and --max-nodes at least 1")
    graph = project(store, as_of=as_of, relations=relations, types=types)
    return render(graph, Options(focus=focus, hops=hops, max_nodes=max_nodes, title=title))


def write_html(html_text: str, path: str | Path) -> Path:
    """Write a page atomically enough for a shared folder: to a temporary name, then renamed."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(html_text, encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise KgError(f"{target}: cannot write: {error.strerror or error}") from None
    return target


class GraphPage:
    """A graph page that a notebook shows inline, in a sandboxed iframe (``srcdoc``)."""

    def __init__(self, html_text: str, height: int = 720) -> None:
        self.html = html_text
        self.height = height

    def _repr_html_(self) -> str:
        # The whole page is one attribute value, escaped; the sandbox lets it run its own
        # scripts but gives it no access to the notebook (no same origin).
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #d9e2ec;border-radius:6px" '
                'title="kg graph"></iframe>')

    def save(self, path: str | Path) -> Path:
        return write_html(self.html, path)


def show(store_or_graph: Store | nx.MultiDiGraph, *, height: int = 720, **options) -> GraphPage:
    """The graph page for a store (with ``graph_html``'s options) or a projection, for a notebook cell."""
    if isinstance(store_or_graph, nx.Graph):
        return GraphPage(render(store_or_graph, Options(**options)), height)
    return GraphPage(graph_html(store_or_graph, **options), height)
