"""``kg serve``: the store as a SPARQL 1.1 endpoint, with the graph viewer and the named queries."""

from __future__ import annotations

import click

from kg.cli import STORE_HELP, reports_errors


@click.command()
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 opens it to the network).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update from clients that send the token.")
@click.option("--token", envvar="KG_SERVE_TOKEN",
              help="Token update clients send as 'Authorization: Bearer …'. Env: KG_SERVE_TOKEN.")
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=int, help="Most rows (or triples) a query returns.")
@click.option("--workers", default=2, show_default=True, type=int, help="Query worker processes (on-disk stores).")
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Allow browser pages from this origin (or *) to query. Repeatable.")
@reports_errors
def serve(store_spec: str | None, host: str, port: int, allow_update: bool, token: str | None, timeout: float,
          max_rows: int, workers: int, cors: tuple[str, ...]) -> None:
    """Serve the store: SPARQL at /sparql, the graph at /, the named queries at /queries."""
    from kg.server import serve as run_server

    run_server(store_spec, host=host, port=port, allow_update=allow_update, token=token if allow_update else None,
               timeout=timeout, max_rows=max_rows, workers=workers, cors=cors)


commands = [serve]
