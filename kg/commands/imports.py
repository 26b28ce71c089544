"""``kg import ucdp|acled|mmp FILE`` and ``kg actors merge|split``: datasets in, resolution fixed."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli import STORE_HELP, reports_errors
from kg.errors import terminal_text

_SHOWN = 20


def _err(message: str) -> None:
    click.echo(message, err=True)


def _progress():
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


def _print_report(report, verbose: bool) -> None:
    from kg.queries import compact

    rate = report.rows / report.seconds if report.seconds else 0
    click.echo(f"imported {report.path.name} ({report.dataset}): {report.imported} of {report.rows} rows, "
               f"{report.triples} triples in {report.seconds:.1f} s ({rate:.0f} rows/s) into graph {compact(report.graph)}")
    for note in report.notes[: None if verbose else _SHOWN]:
        click.echo(f"  note: {note}")
    resolution = report.resolution
    click.echo(f"actors: {len(resolution.merged)} names resolved to known actors, {len(resolution.created)} created, "
               f"{len(resolution.ambiguous)} ambiguous")
    for name, (label, method) in resolution.merged.items():
        if name != label:
            click.echo(f"  merged: {name!r} → {terminal_text(label)} ({method})")
    created = list(resolution.created)
    shown = created if verbose else created[:_SHOWN]
    if shown:
        more = f" … and {len(created) - len(shown)} more (-v lists all)" if len(shown) < len(created) else ""
        click.echo("  created: " + "; ".join(map(terminal_text, shown)) + more)
    for name, candidates in resolution.ambiguous.items():
        click.echo(f"  ambiguous: {name!r} could be {terminal_text(', '.join(candidates))}: given an actor of its own "
                   "(settle it with kg actors merge)")
    if report.bad:
        _err(f"kg: {len(report.bad)} bad rows skipped in {report.path}:")
        for line, message in report.bad[: None if verbose else _SHOWN]:
            _err(f"  line {line}: {message}")
        if not verbose and len(report.bad) > _SHOWN:
            _err(f"  … and {len(report.bad) - _SHOWN} more (-v lists all)")


@click.command("import")
@click.argument("dataset", type=click.Choice(["ucdp", "acled", "mmp"]))
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--key", type=click.Path(path_type=Path), help="MMP: the group key file (Militant-Group-Key.csv).")
@click.option("--strict", is_flag=True, help="Refuse the whole file if any row is bad (default: report and skip bad rows).")
@click.option("-v", "--verbose", is_flag=True, help="List every created actor and bad row.")
@reports_errors
def import_(dataset: str, files: tuple[Path, ...], store_spec: str | None, key: Path | None, strict: bool,
            verbose: bool) -> None:
    """Import conflict-dataset FILES: UCDP (GED events, Actor Dataset, BRD, ACD), ACLED exports or MMP relationships.

    Each file becomes a source in its own named graph (importing it again replaces it);
    names resolve against the actors in the store and each other. The write is atomic.
    """
    from kg.importers import import_file
    from kg.store import open_store

    with open_store(store_spec) as store, _progress() as progress:
        for path in files:
            task = progress.add_task(path.name, total=max(path.stat().st_size, 1) if path.is_file() else 1)
            report = import_file(store, dataset, path, key=key, strict=strict,
                                 progress=lambda done, size, task=task: progress.update(task, completed=done, total=size))
            progress.remove_task(task)
            _print_report(report, verbose)


@click.group()
def actors() -> None:
    """Fix entity resolution: merge two actors, or split names off one; both are recorded in the store."""


@actors.command()
@click.argument("merged")
@click.argument("kept")
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--note", help="Why: kept in the store with the decision.")
@reports_errors
def merge(merged: str, kept: str, store_spec: str | None, note: str | None) -> None:
    """Fold actor MERGED into actor KEPT (names, aliases or IRIs): imported data is rewritten, later imports follow."""
    from kg.importers.actors import merge as merge_actors
    from kg.queries import compact
    from kg.store import open_store

    with open_store(store_spec) as store:
        result = merge_actors(store, merged, kept, note)
    click.echo(f"merged {merged!r} into {kept!r}: {len(result.graphs)} graphs rewritten"
               + (f", {result.dropped} nodes of relations between the two dropped" if result.dropped else "")
               + f"; recorded as {compact(result.record)}")


@actors.command()
@click.argument("actor")
@click.argument("names", nargs=-1, required=True)
@click.option("--into", help="Give the names to this existing actor (default: a new actor of the same type).")
@click.option("--label", help="Label of the new actor (default: the first name).")
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--note", help="Why: kept in the store with the decision.")
@reports_errors
def split(actor: str, names: tuple[str, ...], into: str | None, label: str | None, store_spec: str | None,
          note: str | None) -> None:
    """Give NAMES of ACTOR to another actor: every later import resolves them there."""
    from kg.importers.actors import split as split_actor
    from kg.queries import compact
    from kg.store import open_store

    with open_store(store_spec) as store:
        result = split_actor(store, actor, names, into, label, note)
    click.echo(f"split {', '.join(map(repr, names))} off {actor!r}; recorded as {compact(result.record)}")
    if result.reimport:
        click.echo("imported files that used these names (import them again to apply the split):")
        for title in result.reimport:
            click.echo(f"  {terminal_text(title)}")


commands = [import_, actors]
