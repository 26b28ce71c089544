"""The ``kg`` command: one verb per analyst task, each a thin layer over the library."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from kg.build import build as build_store
from kg.errors import KgError
from kg.queries import named_queries, run_named_query, run_query, to_csv, to_json, to_table, to_turtle
from kg.sparql import parse_binding
from kg.store import open_store
from kg.validate import validate as validate_store

STORE_HELP = "Store: a directory (default ./kg-store), memory:, or an http(s):// SPARQL endpoint. Env: KG_STORE."


def _console() -> Console:
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def reports_errors(command):
    """Turn every failure into one line on stderr and an exit code; no traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except KgError as error:
            click.echo(f"kg: error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # a bug: still one line, with the detail behind KG_DEBUG
            if os.environ.get("KG_DEBUG"):
                traceback.print_exc()
            click.echo(f"kg: internal error: {type(error).__name__}: {error} (set KG_DEBUG=1 for details)", err=True)
            sys.exit(3)

    return wrapper


@click.group()
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of actors and relations in armed conflict."""


def _register_commands() -> None:
    """Add the commands of every module in ``kg/commands/`` (each lists them in ``commands``).

    Command modules import heavy libraries inside their functions, so that ``kg query``
    starts as fast with them as without.
    """
    import importlib
    import pkgutil

    from kg import commands as package

    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"kg.commands.{module_info.name}")
        for command in module.commands:
            main.add_command(command)


@main.command()
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="Also load this file: Turtle, N-Triples, JSON-LD, N-Quads, TriG or curated-facts TOML. Repeatable.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check before writing.")
@reports_errors
def build(store_spec: str | None, data: tuple[Path, ...], no_validate: bool) -> None:
    """Load the ontology, the built-in Sahel graph and --data files; validate; print counts."""
    console = _console()
    with open_store(store_spec) as store:
        summary = build_store(store, data, check=not no_validate)
        console.print(f"built {store.spec}: {summary.triples} triples in {len(summary.graphs)} named graphs, "
                      f"{summary.statements} relation statements")
    classes = Table("class", "count", title="Instances per class")
    for name, count in summary.classes:
        classes.add_row(name, str(count))
    relations = Table("relation", "count", title="Relations (direct triples)")
    for name, count in summary.relations:
        relations.add_row(name, str(count))
    console.print(classes)
    console.print(relations)
    if summary.validation is not None:
        console.print(summary.validation.summary())


@main.command()
@click.argument("sparql", required=False)
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Read the query from a .rq file.")
@click.option("--name", "name", help="Run a named query (see --list).")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE",
              help="Bind a variable to an RDF term: <iri>, prefix:name, a date (2020-05-08) or a string. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "turtle"]),
              help="Output format (default: table on a terminal, csv in a pipe; turtle for CONSTRUCT).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@reports_errors
def query(sparql: str | None, store_spec: str | None, query_file: Path | None, name: str | None,
          binds: tuple[str, ...], fmt: str | None, list_queries: bool) -> None:
    """Run a SPARQL query (prefixes kg:, kgr:, skos:, prov:… pre-bound) or a named query."""
    console = _console()
    if list_queries:
        for query_ in named_queries().values():
            console.print(f"[bold]{query_.name}[/bold]: {query_.description}", highlight=False)
            for param in query_.params:
                need = " (required)" if param.required else ""
                console.print(f"    --bind {param.name}=…{need}  {param.description}", highlight=False, markup=False)
        return
    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise KgError("give exactly one of: a query string, --file F.rq, --name NAME (or --list)")
    bindings = dict(parse_binding(text) for text in binds)
    with open_store(store_spec) as store:
        if name:
            result = run_named_query(store, name, bindings)
        else:
            if query_file:
                try:
                    sparql = query_file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as error:
                    raise KgError(f"{query_file}: cannot read: {error}") from None
            result = run_query(store, sparql, bindings)
    fmt = fmt or ("turtle" if result.kind == "graph" else "table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        to_table(result, console)
    else:
        writer = {"csv": to_csv, "json": to_json, "turtle": to_turtle}[fmt]
        click.echo(writer(result), nl=fmt == "json")


@main.command()
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@reports_errors
def validate(store_spec: str | None) -> None:
    """Check the store against the SHACL shapes; exit 1 on violations."""
    with open_store(store_spec) as store:
        report = validate_store(store)
    click.echo(report.summary())
    if not report.conforms:
        sys.exit(1)


_register_commands()
