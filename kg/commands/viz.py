"""``kg viz``: the graph as one self-contained, offline HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import STORE_HELP, reports_errors


def _names(values: tuple[str, ...]) -> list[str] | None:
    """``--relations a,b --relations c`` and ``--relations a b`` style values as one list."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    return names or None


@click.command()
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("graph.html"), show_default=True,
              help="Where to write the page.")
@click.option("--focus", metavar="ACTOR", help="Draw only this actor's neighbourhood (name, alias or IRI).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(0), help="Size of the --focus neighbourhood.")
@click.option("--as-of", "as_of", metavar="DATE", help="Only relations that hold on this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--relations", multiple=True, metavar="NAME[,NAME…]",
              help="Only these relations (atWarWith, leaderOf…). Repeatable.")
@click.option("--types", multiple=True, metavar="TYPE[,TYPE…]",
              help="Only actors of these types (MilitantGroup, Person…). Repeatable.")
@click.option("--max-nodes", default=5000, show_default=True, type=click.IntRange(1),
              help="Draw at most this many actors (the most central); the page says what it left out.")
@click.option("--title", default="Actors and relations", show_default=True, help="Heading of the page.")
@reports_errors
def viz(store_spec: str | None, output: Path, focus: str | None, hops: int, as_of: str | None, relations: tuple[str, ...],
        types: tuple[str, ...], max_nodes: int, title: str) -> None:
    """Write the graph as an interactive HTML page that works offline (no CDN, nothing fetched)."""
    from kg.render import graph_html, write_html
    from kg.store import open_store

    with open_store(store_spec) as store:
        page = graph_html(store, focus=focus, hops=hops, as_of=as_of, relations=_names(relations), types=_names(types),
                          max_nodes=max_nodes, title=title)
    write_html(page, output)
    click.echo(f"wrote {output} ({len(page.encode('utf-8')) / 1e6:.1f} MB)")


commands = [viz]
