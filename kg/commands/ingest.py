"""``kg extract``, ``kg ingest`` and ``kg eval``: news text into the graph, and how well that works."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from kg.cli import STORE_HELP, reports_errors
from kg.errors import KgError, terminal_text

DATE_HELP = "The document's date (YYYY, YYYY-MM or YYYY-MM-DD) that relative dates are read against; " \
            "default: \"published\" in NAME.meta.json beside the file."
PARSE_HELP = ("Also read relations off a dependency parse (spaCy; pip install 'kg[parse]'), where the rules found none; "
              "slower, see the README's 'Parsing (optional)'.")

LEARNED_HELP = ("Also add the relations the learned model scores above its threshold where the rules found none "
                "(default); --no-learned: the rules (and --parse) alone. See the README's 'The learned stage'.")


def _check_parse(parse: bool) -> None:
    if parse:
        from kg.ingest.parsed import check_available

        check_available()


def _note(message: str) -> None:
    click.echo(f"kg: note: {message}", err=True)


def _names_for_extract(store_spec: str | None):
    """The store's names for ``kg extract``, which must not create a store where there is none."""
    from kg.ingest.pipeline import known_names
    from kg.store import open_store, resolve_spec

    spec = resolve_spec(store_spec)
    if spec != "memory:" and "://" not in spec and not Path(spec).is_dir():
        if store_spec or os.environ.get("KG_STORE"):
            raise KgError(f"store {spec}: no such store (run kg build first, or leave out --store)")
        _note(f"no store at {spec}: only the names the text itself defines are known (run kg build first)")
        return known_names(None)
    with open_store(spec) as store:
        return known_names(store)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--date", "date", help=DATE_HELP)
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP + " Its labels and aliases are the known names.")
@click.option("--parse", is_flag=True, help=PARSE_HELP)
@click.option("--learned/--no-learned", default=True, help=LEARNED_HELP)
@reports_errors
def extract(file: Path, date: str | None, store_spec: str | None, parse: bool, learned: bool) -> None:
    """Print what a news article says (actors, relations, events) as JSON; write nothing."""
    _check_parse(parse)
    from kg.ingest.pipeline import extract as run
    from kg.ingest.pipeline import to_json
    from kg.ingest.read import read_document

    document = read_document(file, date=date)
    known = _names_for_extract(store_spec)
    extraction = run(document, known, parse, learned)
    for note in document.notes:
        _note(f"{file}: {note}")
    if document.date is None:
        _note(f"{file}: no date (--date or NAME.meta.json): relative dates are not resolved")
    for item in extraction.ambiguous:
        _note(f"{file}: '{item.text}' at {item.start}-{item.end} {item.reason}: not merged ({', '.join(item.candidates)})")
    click.echo(json.dumps(to_json(extraction), ensure_ascii=False, indent=2))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP)
@click.option("--date", "date", help="One date for every file (default: each file's NAME.meta.json).")
@click.option("--validate/--no-validate", "validate", default=True, show_default=True,
              help="Check the new graphs (with the context they need) against the SHACL shapes before writing; "
                   "an invalid batch is refused, exit 1, store unchanged. --no-validate skips the check "
                   "(ingest is about 5 times faster; kg validate can check the store later).")
@click.option("--skip-bad", is_flag=True, help="Skip files that cannot be read instead of stopping (they are listed).")
@click.option("--parse", is_flag=True, help=PARSE_HELP)
@click.option("--learned/--no-learned", default=True, help=LEARNED_HELP)
@reports_errors
def ingest(files: tuple[Path, ...], store_spec: str | None, date: str | None, validate: bool, skip_bad: bool,
           parse: bool, learned: bool) -> None:
    """Extract news articles into the store: one named graph per article, with provenance.

    An unchanged article is left as it is; a changed one replaces its graph. All articles
    of one call are written at once: if any fails, nothing is written.
    """
    _check_parse(parse)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from kg.ingest.write import ingest as run
    from kg.store import open_store

    console = Console(stderr=True)
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with open_store(store_spec) as store, Progress(*columns, console=console, transient=True,
                                                   disable=not console.is_terminal or len(files) < 2) as progress:
        task = progress.add_task("ingesting", total=len(files))
        report = run(store, files, date=date, validate=validate, skip_bad=skip_bad,
                     progress=lambda _name: progress.advance(task), parse=parse, learned=learned)
        spec = store.spec
    for note in report.notes:
        _note(note)
    click.echo(f"ingested {len(report.written)} document(s) into {spec}: {report.statements} relations, "
               f"{report.events} events and figures, {report.triples} triples"
               + (f"; {len(report.unchanged)} unchanged" if report.unchanged else "")
               + (f"; {len(report.skipped)} skipped" if report.skipped else ""))


@click.command(name="eval")
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--store", "store_spec", help="Use this store's names as known names (default: none, the text alone).")
@click.option("--details", is_flag=True, help="Also list the missed and the wrong relations of each article.")
@click.option("--parse", is_flag=True, help=PARSE_HELP)
@click.option("--learned/--no-learned", default=True, help=LEARNED_HELP)
@reports_errors
def evaluate(gold_dir: Path, store_spec: str | None, details: bool, parse: bool, learned: bool) -> None:
    """Score extraction against gold annotations (NAME.gold.json files; format in the README)."""
    _check_parse(parse)
    from kg.ingest.evaluate import gold_files, score_article
    from kg.ingest.pipeline import known_names
    from kg.store import open_store

    if store_spec:
        with open_store(store_spec) as store:
            known = known_names(store)
    else:
        known = known_names(None)
    rows = []
    for path in gold_files(gold_dir):
        rows.append(score_article(path, known, parse, learned))
    header = "| article | entities P | R | F1 | relations P | R | F1 | correct/found/gold | dates agree |"
    click.echo(header)
    click.echo("|" + "---|" * (header.count("|") - 1))
    total_entities = total_relations = None
    agree = [0, 0]
    for row in rows:
        click.echo(_row(row.name, row.entities, row.relations, row.dates_agree))
        total_entities = row.entities if total_entities is None else total_entities + row.entities
        total_relations = row.relations if total_relations is None else total_relations + row.relations
        agree = [agree[0] + row.dates_agree[0], agree[1] + row.dates_agree[1]]
    click.echo(_row("**all**", total_entities, total_relations, tuple(agree)))
    if details:
        for row in rows:
            click.echo(f"\n{terminal_text(row.name)}")
            for triple in row.missed:
                click.echo(f"  missed: {terminal_text(' '.join(triple))}")
            for triple in row.wrong:
                click.echo(f"  wrong:  {terminal_text(' '.join(triple))}")
    sys.stdout.flush()


def _row(name: str, entities, relations, dates: tuple[int, int]) -> str:
    return (f"| {name} | {entities.precision:.2f} | {entities.recall:.2f} | {entities.f1:.2f} | {relations.precision:.2f} | "
            f"{relations.recall:.2f} | {relations.f1:.2f} | {relations.correct}/{relations.predicted}/{relations.gold} | "
            f"{dates[0]}/{dates[1]} |")


commands = [extract, ingest, evaluate]
