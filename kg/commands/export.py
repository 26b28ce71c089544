"""``kg export``: the store as RDF (N-Quads, TriG, JSON-LD, Turtle) or as a network (GraphML, GEXF, CSV)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import STORE_HELP, reports_errors

# Also in kg.export, which is imported only when the command runs (it pulls in networkx).
_RDF_FORMATS = ("turtle", "nquads", "trig", "jsonld")
_FORMATS = (*_RDF_FORMATS, "graphml", "gexf", "csv")


@click.command()
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--format", "fmt", metavar="|".join(_FORMATS),
              help="Output format (default: from the -o extension: .ttl .nq .trig .jsonld .graphml .gexf .csv).")
@click.option("-o", "--output", metavar="FILE", type=click.Path(path_type=Path),
              help="File to write (csv: FILE-edges.csv and FILE-nodes.csv beside it). Written whole or not at all.")
@click.option("--graph", metavar="SOURCE",
              help="Only this named graph: its IRI, its source's IRI or title, or its last part (mali-coup-2020).")
@click.option("--as-of", "as_of", metavar="DATE",
              help="Network formats: only relations that hold on this date (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--include-builtin", is_flag=True,
              help="RDF formats: also the ontology and the built-in Sahel graph (left out by default: kg build loads them).")
@reports_errors
def export(store_spec: str | None, fmt: str | None, output: Path | None, graph: str | None, as_of: str | None,
           include_builtin: bool) -> None:
    """Export the store (or one source's graph) for other tools; `kg build --data FILE` reads RDF exports back."""
    from kg.errors import KgError
    from kg.export import export as export_store
    from kg.export import format_for
    from kg.store import open_store

    # Checked here rather than by click, whose usage errors take three lines.
    if output is None:
        raise KgError("give the file to write with -o FILE")
    if fmt is not None and fmt not in _FORMATS:
        raise KgError(f"--format {fmt}: unknown; use one of {', '.join(_FORMATS)}")
    fmt = format_for(output, fmt)
    with open_store(store_spec) as store:
        done = export_store(store, output, fmt, graph=graph, as_of=as_of, include_builtin=include_builtin)
    files = ", ".join(str(path) for path in done.files)
    if fmt in _RDF_FORMATS:
        note = "" if done.graphs else " (the store holds only the built-in graphs: --include-builtin exports them)"
        click.echo(f"wrote {files}: {done.statements} statements from {len(done.graphs)} named graphs{note}")
    else:
        click.echo(f"wrote {files}: {done.nodes} actors, {done.edges} relations")


commands = [export]
