"""The ``kg`` command: one verb per analyst task, each a thin layer over the library."""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from kg.build import build as build_store
from kg.errors import KgError, excerpt, printable
from kg.queries import named_queries, run_named_page, run_query, to_csv, to_json, to_table, to_turtle
from kg.sparql import parse_binding, parse_term
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
            click.echo(f"kg: error: {printable(str(error))}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)
        except Exception as error:  # a bug: still one line, with the detail behind KG_DEBUG
            if os.environ.get("KG_DEBUG"):
                traceback.print_exc()
            detail = printable(excerpt(str(error)))
            click.echo(f"kg: internal error: {type(error).__name__}: {detail} (set KG_DEBUG=1 for details)", err=True)
            sys.exit(3)

    return wrapper


_SHOW_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


class _OneLineErrors(click.Group):
    """The ``kg`` group: a usage error (unknown option, bad value) is one ``kg: error:`` line too.

    Click's own report is three lines (usage, hint, error); it is kept for ``--help``.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _SHOW_HELP as error:  # "kg" or "kg analyze" alone: the help is the answer
            error.show()
            sys.exit(error.exit_code)
        except click.ClickException as error:
            context = getattr(error, "ctx", None)
            hint = f" (see {context.command_path} --help)" if context is not None else ""
            click.echo(f"kg: error: {printable(error.format_message())}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("kg: interrupted", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_OneLineErrors)
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
@click.option("--limit", type=click.IntRange(1), help="Named queries that list the whole graph: rows per page (default 100).")
@click.option("--offset", type=click.IntRange(0), help="Named queries that list the whole graph: rows to skip.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), metavar="SECONDS",
              help="Stop a query that runs longer than this (default: no limit; Ctrl-C stops it too).")
@reports_errors
def query(sparql: str | None, store_spec: str | None, query_file: Path | None, name: str | None,
          binds: tuple[str, ...], fmt: str | None, list_queries: bool, limit: int | None, offset: int | None,
          timeout: float | None) -> None:
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
    paging = {key: value for key, value in (("limit", limit), ("offset", offset)) if value is not None}
    if paging and not name:
        raise KgError("--limit and --offset page the named queries; in your own query write LIMIT and OFFSET")
    bindings.update(parse_term(key, str(value)) for key, value in paging.items())
    page = None
    if query_file:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KgError(f"{query_file}: cannot read: {error}") from None
    with open_store(store_spec) as store:
        if name:
            result, page = _stoppable(lambda: run_named_page(store, name, bindings), timeout)
        else:
            result = _stoppable(lambda: run_query(store, sparql, bindings), timeout)
    fmt = fmt or ("turtle" if result.kind == "graph" else "table" if sys.stdout.isatty() else "csv")
    if fmt == "table":
        to_table(result, console)
    else:
        writer = {"csv": to_csv, "json": to_json, "turtle": to_turtle}[fmt]
        click.echo(writer(result), nl=fmt == "json")
    if page is not None and page.more:
        click.echo(f"kg: more rows: this page holds results {page.offset + 1}–{page.offset + page.count}; "
                   f"the next page is --offset {page.offset + page.limit} (--limit sets the page size)", err=True)


def _stoppable(work: Callable[[], Any], timeout: float | None) -> Any:
    """Run ``work`` (a query) on a thread, so that Ctrl-C and ``timeout`` can stop it.

    Oxigraph evaluates a query without holding Python's lock and cannot be told to stop: in
    the main thread, Ctrl-C would wait for the whole query. A query writes nothing, so on
    Ctrl-C or at the time limit the process ends at once; the store's locks end with it.
    """
    outcome: dict = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed to the main thread, which reports it
            outcome["error"] = error

    thread = threading.Thread(target=target, name="kg-query", daemon=True)
    deadline = None if timeout is None else time.monotonic() + timeout
    thread.start()
    try:
        while thread.is_alive():
            left = 0.2 if deadline is None else deadline - time.monotonic()
            if left <= 0:
                _leave(f"kg: error: the query ran longer than --timeout {timeout:g} s and was stopped", 2)
            thread.join(min(left, 0.2))
    except KeyboardInterrupt:
        _leave("kg: interrupted", 130)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _leave(message: str, code: int) -> None:
    """End the process now, without waiting for a query still running on another thread."""
    click.echo(message, err=True)
    sys.stdout.flush()
    os._exit(code)


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
