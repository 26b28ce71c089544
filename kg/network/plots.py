"""Pictures of the measures with matplotlib: rankings, signed networks with their blocs, balance over time.

Each function draws on a new figure and, given ``path``, writes it as PNG (without a
display: the Agg backend). They return the figure so a notebook can show it.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

__all__ = ["plot_diff", "plot_ranking", "plot_signed", "plot_timeline"]

#: Networks larger than this are drawn as their best-connected part, with a note saying so.
MAX_DRAWN = 150
POSITIVE, NEGATIVE, NEUTRAL = "#1a9850", "#d73027", "#999999"


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure, path: str | Path | None):
    figure.tight_layout()
    if path is not None:
        figure.savefig(str(path), dpi=120)
    return figure


def plot_ranking(labels: list[str], values: list[float], *, title: str, xlabel: str, path: str | Path | None = None):
    """A horizontal bar chart, best at the top."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(8, 0.35 * len(labels) + 1.2))
    axes.barh(range(len(labels)), values, color="#4575b4")
    axes.set_yticks(range(len(labels)), labels=labels)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    return _save(figure, path)


def _drawn(graph: nx.Graph) -> tuple[nx.Graph, str]:
    if len(graph) <= MAX_DRAWN:
        return graph, ""
    keep = sorted(graph, key=lambda n: (-graph.degree(n), repr(n)))[:MAX_DRAWN]
    return graph.subgraph(keep), f" ({MAX_DRAWN} best-connected of {len(graph):,} actors)"


def _in_graph_order(graph: nx.Graph, part: set) -> nx.Graph:
    """The subgraph on ``part`` with its nodes in ``graph``'s order.

    ``graph.subgraph(part)`` may iterate the set, whose order follows the hash seed; the
    seeded layout places nodes in iteration order, so the picture would change between runs.
    """
    sub = nx.Graph()
    sub.add_nodes_from(node for node in graph if node in part)
    sub.add_edges_from(graph.edges(list(sub)))
    return sub


def _layout(graph: nx.Graph) -> dict:
    """Spring layouts of each connected part, largest first, packed in rows so that small parts stay close."""
    position: dict = {}
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(repr, c))))
    x = y = row_height = 0.0
    width = max(4.0, 2.2 * len(parts[0]) ** 0.5) if parts else 0
    for part in parts:
        size = 0.6 + 0.5 * len(part) ** 0.5
        if x > 0 and x + size > width:
            x, y, row_height = 0.0, y - row_height - 0.3, 0.0
        local = nx.spring_layout(_in_graph_order(graph, part), seed=7) if len(part) > 1 else {next(iter(part)): (0.0, 0.0)}
        for node, (px, py) in local.items():
            position[node] = (x + size / 2 * (1 + px), y - size / 2 * (1 - py))
        x += size + 0.3
        row_height = max(row_height, size)
    return position


def _draw_signed(axes, graph: nx.Graph, partition: list[set], position: dict, labels: dict, title: str,
                 highlight: set | None = None) -> None:
    bloc_of = {node: index for index, bloc in enumerate(partition) for node in bloc}
    palette = ["#4575b4", "#f46d43", "#66bd63", "#9e0142", "#5e4fa2", "#fdae61", "#3288bd", "#e6f598"]
    colours = [palette[bloc_of[n] % len(palette)] if n in bloc_of and len(partition[bloc_of[n]]) > 1 else "#dddddd"
               for n in graph]
    for sign, colour, style in ((1, POSITIVE, "solid"), (-1, NEGATIVE, "dashed"), (0, NEUTRAL, "dotted")):
        edges = [(u, v) for u, v, s in graph.edges(data="sign") if (s or 0) == sign]
        widths = [3.0 if highlight and ((u, v) in highlight or (v, u) in highlight) else 1.2 for u, v in edges]
        nx.draw_networkx_edges(graph, position, edgelist=edges, edge_color=colour, style=style, width=widths, ax=axes)
    nx.draw_networkx_nodes(graph, position, node_color=colours, node_size=220, edgecolors="#333333", ax=axes)
    nx.draw_networkx_labels(graph, position, labels={n: labels.get(n, str(n)) for n in graph}, font_size=7, ax=axes)
    axes.set_title(title)
    axes.axis("off")


def plot_signed(graph: nx.Graph, partition: list[set], *, labels: dict | None = None, title: str = "Alliance blocs",
                highlight: set | None = None, path: str | Path | None = None):
    """The signed network on a spring layout: nodes coloured by bloc, allies green, enemies dashed red.

    ``highlight`` edges (pairs) are drawn thick, for instance the frustrated ones.
    """
    plt = _pyplot()
    shown, note = _drawn(graph)
    figure, axes = plt.subplots(figsize=(9, 7))
    position = _layout(shown)
    _draw_signed(axes, shown, partition, position, labels or {}, title + note, highlight)
    return _save(figure, path)


def plot_diff(before: nx.Graph, after: nx.Graph, partitions: tuple[list[set], list[set]], *, labels: dict | None = None,
              titles: tuple[str, str] = ("before", "after"), path: str | Path | None = None):
    """The signed network at two dates side by side, on one layout so that actors keep their place."""
    plt = _pyplot()
    union = nx.compose(before, after)
    shown, note = _drawn(union)
    position = _layout(shown)
    figure, axes = plt.subplots(1, 2, figsize=(14, 6))
    for ax, graph, partition, title in zip(axes, (before, after), partitions, titles):
        part = graph.subgraph(n for n in graph if n in shown)
        ax.set_xlim(*_limits(position, 0))
        ax.set_ylim(*_limits(position, 1))
        _draw_signed(ax, part, partition, position, labels or {}, title + note)
    return _save(figure, path)


def _limits(position: dict, axis: int) -> tuple[float, float]:
    values = [p[axis] for p in position.values()] or [0.0]
    return min(values) - 0.2, max(values) + 0.2


def plot_timeline(rows: list[dict], *, path: str | Path | None = None):
    """Balance over time: the triangle balance ratio and the frustration index at each date."""
    plt = _pyplot()
    figure, first = plt.subplots(figsize=(8, 4))
    dates = [row["date"][:4] if row["date"].endswith("-12-31") else row["date"] for row in rows]
    ratio = [row["ratio"] if row["ratio"] is not None else float("nan") for row in rows]
    first.plot(dates, ratio, marker="o", color="#4575b4", label="balanced share of triangles")
    first.set_ylim(-0.05, 1.05)
    first.set_ylabel("balance ratio")
    second = first.twinx()
    second.plot(dates, [row["frustration"] for row in rows], marker="s", color="#d73027", label="frustration index")
    second.set_ylabel("frustration index (ties to flip)")
    second.set_ylim(bottom=0)
    lines = first.get_legend_handles_labels()[0] + second.get_legend_handles_labels()[0]
    first.legend(lines, [line.get_label() for line in lines], loc="lower left")
    first.set_title("Structural balance over time")
    return _save(figure, path)
