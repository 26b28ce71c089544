"""``kg analyze``: network measures of the graph, one subcommand per analyst question.

Each subcommand projects the store (:func:`kg.network.project`, with the filters given),
runs one family of measures from :mod:`kg.network` and prints a table or JSON. Values
from the data are printed as text, never as markup. Heavy libraries load inside the
commands, so that ``kg query`` starts as fast with this module as without it.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from kg.cli import STORE_HELP, reports_errors
from kg.errors import KgError, terminal_text

DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD"


def _console():
    from rich.console import Console

    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160, highlight=False)


def _split(values: tuple[str, ...] | str | None) -> list[str] | None:
    if not values:
        return None
    values = (values,) if isinstance(values, str) else values
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def graph_options(function):
    """The options every subcommand shares: store, time, filters, output."""
    options = [
        click.option("--store", "store_spec", envvar="KG_STORE", help=STORE_HELP),
        click.option("--as-of", "as_of", metavar="DATE", help=f"Only relations that hold on this date ({DATE_HELP})."),
        click.option("--from", "start", metavar="DATE", help="With --to: a period (relations that held in it; per year for "
                     "blocs and balance; the two dates compared for diff)."),
        click.option("--to", "end", metavar="DATE", help="End of the period (see --from)."),
        click.option("--relations", multiple=True, metavar="NAMES",
                     help="Only these relations, comma-separated (cooperatesWith,atWarWith…). Default: all."),
        click.option("--types", multiple=True, metavar="CLASSES", default=("Actor",), show_default=True,
                     help="Only nodes of these classes and their subclasses (MilitantGroup, Person, Place…)."),
        click.option("--min-confidence", type=float, metavar="X", help="Drop reports with a lower confidence (0–1)."),
        click.option("--exclude-claims-by", multiple=True, metavar="ACTOR",
                     help="Drop reports that are this party's claims (name, alias or IRI). Repeatable."),
        click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True),
        click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), help="Also draw a picture to this PNG file."),
        click.option("--no-cache", "no_cache", is_flag=True,
                     help="Read the store itself, not what an earlier analysis kept beside it (.NAME.kg-cache)."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


class Analysis:
    """The projection a subcommand works on, with the notes its output must carry."""

    def __init__(self, options: dict, *, detail: str, window: str) -> None:
        from kg.network import during, project
        from kg.network.dates import parse_date
        from kg.store import open_store

        self.options = options
        as_of, start, end = options["as_of"], options["start"], options["end"]
        if as_of and (start or end):
            raise KgError("give either --as-of or --from/--to, not both")
        if bool(start) != bool(end):
            raise KgError("--from and --to go together")
        if window == "compare" and not start:
            raise KgError("kg analyze diff needs --from DATE and --to DATE")
        confidence = options["min_confidence"]
        if confidence is not None and not 0 <= confidence <= 1:
            raise KgError(f"--min-confidence {confidence}: must be between 0 and 1")
        self.start = parse_date(start, "--from") if start else None
        self.end = parse_date(end, "--to") if end else None
        if detail == "structure" and start:
            detail = "dates"  # a period is a filter on dates (the other filters switch it in project itself)
        with open_store(options["store_spec"]) as store:
            self.graph = project(
                store, as_of=parse_date(as_of, "--as-of") if as_of else None, relations=_split(options["relations"]),
                types=_split(options["types"]), min_confidence=confidence,
                exclude_claims_by=_split(options["exclude_claims_by"]), detail=detail, cache=not options["no_cache"])
        self.notes: list[str] = []
        if window == "during" and start:
            self.graph = during(self.graph, self.start, self.end)
            self.notes.append(f"relations that held at some time from {self.start} to {self.end}")
        elif as_of:
            self.notes.append(f"relations that hold on {as_of}")

    def add_details(self, edges: Iterable[tuple]) -> None:
        """Read the sources and quotes of these edges only (the graph was projected without them)."""
        from kg.network import add_details
        from kg.store import open_store

        with open_store(self.options["store_spec"]) as store:
            add_details(store, self.graph, edges, min_confidence=self.options["min_confidence"],
                        exclude_claims_by=_split(self.options["exclude_claims_by"]))

    @functools.cached_property
    def ties(self):
        from kg.network import collapse

        return collapse(self.graph)

    @functools.cached_property
    def signed(self):
        from kg.network import signed

        return signed(self.ties)

    def name(self, node) -> str:
        from kg.network import display_name

        return display_name(self.graph, node)

    def emit(self, payload: dict, render) -> None:
        """Print JSON, or the table ``render`` draws, with the notes after it."""
        payload = {"notes": self.notes, **payload}
        if self.options["fmt"] == "json":
            click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=sorted))
            return
        console = _console()
        if self.graph.number_of_edges() == 0:
            console.print("no relations match the filters")
        else:
            render(console)
        for note in self.notes:
            console.print(f"note: {terminal_text(note)}", markup=False)


def _table(*columns: str, title: str | None = None):
    from rich.table import Table

    table = Table(title=title, header_style="bold", title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _row(table, *cells) -> None:
    from rich.text import Text

    table.add_row(*(Text("" if c is None else terminal_text(str(c))) for c in cells))


def _number(value: float | None, digits: int = 3) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@click.group()
def analyze() -> None:
    """Network analysis: centrality, alliance blocs, structural balance, brokers, key players, paths, change."""


@analyze.command()
@graph_options
@click.option("--by", type=click.Choice(["degree", "betweenness", "pagerank", "eigenvector"]), default="betweenness",
              show_default=True, help="Rank by this measure.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Rows to show.")
@click.option("--samples", type=click.IntRange(min=0), help="Betweenness sources to sample (0 = exact; default: "
              "exact up to 3000 actors, else 300).")
@reports_errors
def centrality(by: str, top: int, samples: int | None, **options) -> None:
    """Who is central: degree, betweenness, PageRank and eigenvector centrality, side by side."""
    import networkx as nx

    from kg.network import centrality as measure
    from kg.network.centrality import sample_size

    analysis = Analysis(options, detail="structure", window="during")  # neither sign nor dates matter here
    ties = analysis.ties
    k = sample_size(ties, samples)
    scores = measure(ties, k=samples)
    if k:
        analysis.notes.append(f"betweenness estimated from {k} sampled sources of {len(ties):,} actors "
                              "(--samples 0 for the exact value)")
    if ties.number_of_edges():
        giant = max(nx.connected_components(ties), key=len)
        if len(giant) < len(ties):
            analysis.notes.append(f"eigenvector centrality within the largest connected part ({len(giant):,} of "
                                  f"{len(ties):,} actors; 0 outside it)")
    ranked = sorted(ties, key=lambda n: (-scores[by][n], analysis.name(n), n))[:top]
    rows = [{"actor": analysis.name(n), "iri": n, "type": ties.nodes[n].get("type"), "ties": ties.degree(n),
             **{m: scores[m][n] for m in scores}} for n in ranked]

    def render(console) -> None:
        table = _table("#", "actor", "type", "ties", "degree", "betweenness", "pagerank", "eigenvector",
                       title=f"Centrality, by {by}")
        for index, row in enumerate(rows, 1):
            _row(table, index, row["actor"], row["type"], row["ties"], *(_number(row[m]) for m in scores))
        console.print(table)

    analysis.emit({"by": by, "actors": len(ties), "rows": rows}, render)
    if options["plot"] and rows:
        from kg.network.plots import plot_ranking

        plot_ranking([r["actor"] for r in rows], [r[by] for r in rows], title=f"Centrality ({by})", xlabel=by,
                     path=options["plot"])


@analyze.command()
@graph_options
@click.option("--min-size", type=click.IntRange(min=1), default=2, show_default=True, help="Smallest bloc to list.")
@reports_errors
def blocs(min_size: int, **options) -> None:
    """Alliance blocs: allies inside, enemies across (per year with --from/--to)."""
    from kg.network import bloc_disagreements
    from kg.network import blocs as find_blocs

    analysis = Analysis(options, detail="dates", window="timeline")
    if analysis.start:
        return _timeline(analysis, "blocs")
    ties = analysis.signed
    partition = find_blocs(ties)
    listed = [b for b in partition if len(b) >= min_size]
    bloc_of = {node: index for index, bloc in enumerate(listed) for node in bloc}
    counts = [{"allied_ties": 0, "hostile_inside": 0, "hostile_across": 0} for _ in listed]
    for u, v, sign in ties.edges(data="sign"):
        a, b = bloc_of.get(u), bloc_of.get(v)
        if a is not None and a == b:
            counts[a]["allied_ties" if sign > 0 else "hostile_inside"] += 1
        elif sign < 0:
            for side in {a, b} - {None}:
                counts[side]["hostile_across"] += 1
    rows = [{"bloc": index, "size": len(bloc), "members": sorted(analysis.name(n) for n in bloc), "iris": sorted(bloc),
             **counts[index - 1]} for index, bloc in enumerate(listed, 1)]
    alone = sorted(analysis.name(n) for b in partition if len(b) < min_size for n in b)
    errors = bloc_disagreements(ties, partition)
    analysis.notes.append(f"{errors} of {ties.number_of_edges()} signed ties disagree with these blocs "
                          "(hostile inside a bloc or allied across); found by local search (Doreian and Mrvar 1996)")
    if alone:
        analysis.notes.append(f"{len(alone)} actors with signed ties are in no bloc of {min_size}+: "
                              + ", ".join(alone[:12]) + (" …" if len(alone) > 12 else ""))

    def render(console) -> None:
        table = _table("bloc", "size", "members", "allied ties", "hostile inside", "hostile across", title="Alliance blocs")
        for row in rows:
            _row(table, row["bloc"], row["size"], "; ".join(row["members"]), row["allied_ties"], row["hostile_inside"],
                 row["hostile_across"])
        console.print(table)

    analysis.emit({"blocs": rows, "alone": alone, "disagreements": errors}, render)
    if options["plot"]:
        from kg.network.plots import plot_signed

        labels = {n: analysis.graph.nodes[n].get("label", n) for n in ties}
        plot_signed(ties, partition, labels=labels, title="Alliance blocs", path=options["plot"])


def _timeline(analysis: Analysis, focus: str) -> None:
    """Balance and blocs at the end of each year from --from to --to."""
    from kg.network import timeline, year_ends

    rows = timeline(analysis.graph, year_ends(analysis.start, analysis.end))
    for row in rows:
        row["blocs"] = [sorted(analysis.name(n) for n in bloc) for bloc in row["blocs"]]
        row.pop("method")
    analysis.notes.append("each row is the graph as of 31 December of the year")

    def render(console) -> None:
        if focus == "blocs":
            table = _table("as of", "blocs (2+ actors)", title="Alliance blocs per year")
            for row in rows:
                _row(table, row["date"], " | ".join("; ".join(b) for b in row["blocs"]) or "none")
        else:
            table = _table("as of", "actors", "allied", "hostile", "triangles", "balanced", "unbalanced", "ratio",
                           "frustration", title="Structural balance per year")
            for row in rows:
                _row(table, row["date"], row["actors"], row["positive"], row["negative"], row["triangles"],
                     row["balanced"], row["unbalanced"], _number(row["ratio"], 2),
                     f"{row['frustration']}{'' if row['exact'] else ' (upper bound)'}")
        console.print(table)

    analysis.emit({"timeline": rows}, render)
    if analysis.options["plot"]:
        from kg.network.plots import plot_timeline

        plot_timeline(rows, path=analysis.options["plot"])


@analyze.command()
@graph_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Actors and triangles to list.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds the exact frustration solver may take at most (a safety net: the node limit repeats).")
@click.option("--node-limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Branch-and-bound nodes the exact frustration solver may explore (default 200).")
@reports_errors
def balance(top: int, time_limit: float, node_limit: int | None, **options) -> None:
    """Structural balance: unbalanced triangles, frustration index, who creates imbalance (per year with --from/--to)."""
    from kg.network import frustration, imbalance_by_actor, signed_triangles, triangle_balance

    analysis = Analysis(options, detail="dates", window="timeline")
    if analysis.start:
        return _timeline(analysis, "balance")
    ties = analysis.signed
    counts = triangle_balance(ties)
    result = frustration(ties, time_limit=time_limit, **({"node_limit": node_limit} if node_limit else {}))
    actors = [{"actor": analysis.name(r["node"]), "iri": r["node"], "unbalanced_triangles": r["unbalanced_triangles"],
               "frustrated_ties": r["frustrated_edges"]} for r in imbalance_by_actor(ties, result)[:top]]
    triangles = []
    for nodes, signs in signed_triangles(ties):
        if signs[0] * signs[1] * signs[2] < 0:
            a, b, c = (analysis.name(n) for n in nodes)
            triangles.append({"actors": [a, b, c], "signs": list(signs)})
            if len(triangles) >= top:
                break
    frustrated = [{"a": analysis.name(u), "b": analysis.name(v), "sign": ties.edges[u, v]["sign"],
                   "relations": ties.edges[u, v]["relations"]} for u, v in result.frustrated]
    summary = {**counts, "signed_ties": ties.number_of_edges(), "frustration": result.index, "exact": result.exact,
               "lower_bound": result.lower_bound, "method": result.method}
    analysis.notes.append(f"frustration index: {result.method}")

    def render(console) -> None:
        ratio = "–" if counts["ratio"] is None else f"{counts['ratio']:.2f}"
        index = f"{result.index}" if result.exact else f"≤ {result.index} (at least {result.lower_bound or 0})"
        table = _table("measure", "value", title="Structural balance")
        for name, value in (("signed ties", summary["signed_ties"]), ("triangles", counts["triangles"]),
                            ("balanced", counts["balanced"]), ("unbalanced", counts["unbalanced"]),
                            ("  of which all hostile", counts["all_negative"]), ("balance ratio", ratio),
                            ("frustration index", index)):
            _row(table, name, value)
        console.print(table)
        if frustrated:
            table = _table("actor", "actor", "tie", "relations", title="Ties that contradict the best two-camp split")
            for row in frustrated[:top]:
                _row(table, row["a"], row["b"], "allied" if row["sign"] > 0 else "hostile", ", ".join(row["relations"]))
            console.print(table)
        if actors:
            table = _table("actor", "unbalanced triangles", "frustrated ties", title="Who creates imbalance")
            for row in actors:
                _row(table, row["actor"], row["unbalanced_triangles"], row["frustrated_ties"])
            console.print(table)

    analysis.emit({"summary": summary, "frustrated": frustrated, "actors": actors, "unbalanced_triangles": triangles},
                  render)
    if options["plot"]:
        from kg.network import blocs as find_blocs
        from kg.network.plots import plot_signed

        labels = {n: analysis.graph.nodes[n].get("label", n) for n in ties}
        plot_signed(ties, find_blocs(ties), labels=labels, highlight=set(result.frustrated),
                    title="Signed ties (thick: frustrated)", path=options["plot"])


@analyze.command()
@graph_options
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows to show.")
@click.option("--samples", type=click.IntRange(min=0), help="Sources to sample for betweenness across blocs (0 = all).")
@reports_errors
def brokers(top: int, samples: int | None, **options) -> None:
    """Brokers: who sits on the routes between blocs (betweenness across blocs, Burt's constraint)."""
    from kg.network import blocs as find_blocs
    from kg.network import brokers as rank
    from kg.network.centrality import sample_size

    analysis = Analysis(options, detail="dates", window="during")
    ties = analysis.ties
    partition = find_blocs(ties)
    aligned = sum(len(b) for b in partition)
    k = sample_size(ties, samples)
    if k and k < aligned:
        analysis.notes.append(f"betweenness across blocs estimated from {k} sampled sources of {aligned:,} actors in blocs "
                              "(--samples 0 for the exact value)")
    names = {index: _bloc_name(analysis, bloc) for index, bloc in enumerate(partition) if len(bloc) > 1}
    rows = []
    for row in rank(ties, partition, top=top, k=samples):
        node = row.pop("node")
        rows.append({"actor": analysis.name(node), "iri": node, **row, "bloc_members": names.get(row["bloc"])})

    def render(console) -> None:
        table = _table("#", "actor", "bloc", "across blocs", "blocs reached", "constraint", "effective size",
                       title="Brokers between blocs")
        for index, row in enumerate(rows, 1):
            _row(table, index, row["actor"], row["bloc_members"] or "–", _number(row["bridging"]), row["blocs_reached"],
                 _number(row["constraint"]), _number(row["effective_size"], 1))
        console.print(table)

    analysis.notes.append("across blocs: share of shortest paths between actors of different blocs that pass through "
                          "the actor; constraint (Burt 1992): low means ties to otherwise unconnected actors")
    analysis.emit({"brokers": rows}, render)
    if options["plot"] and rows:
        from kg.network.plots import plot_ranking

        plot_ranking([r["actor"] for r in rows], [r["bridging"] for r in rows], title="Brokers between blocs",
                     xlabel="share of cross-bloc shortest paths", path=options["plot"])


def _bloc_name(analysis: Analysis, bloc: set) -> str:
    """A bloc named by its best-connected members."""
    members = sorted(bloc, key=lambda n: (-analysis.ties.degree(n), analysis.name(n), n))
    names = [analysis.graph.nodes[n].get("label", n) for n in members[:2]]
    return " + ".join(names) + (f" (+{len(bloc) - 2})" if len(bloc) > 2 else "")


@analyze.command()
@graph_options
@click.option("-k", "k", type=click.IntRange(min=1), default=3, show_default=True, help="How many actors to remove.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Single actors to rank.")
@reports_errors
def keyplayers(k: int, top: int, **options) -> None:
    """Key players: the actors whose removal most fragments the network (Borgatti 2006)."""
    from kg.network import fragmentation, key_players, removal_fragmentation

    analysis = Analysis(options, detail="structure", window="during")  # connectivity only
    ties = analysis.ties
    before = fragmentation(ties)
    chosen, after = key_players(ties, k)
    steps = []
    for index, node in enumerate(chosen, 1):
        left = ties.subgraph(set(ties) - set(chosen[:index]))
        steps.append({"actor": analysis.name(node), "iri": node, "type": ties.nodes[node].get("type"),
                      "fragmentation": fragmentation(left)})
    single = removal_fragmentation(ties)
    alone = [{"actor": analysis.name(n), "iri": n, "fragmentation": single[n]}
             for n in sorted(single, key=lambda n: (-single[n], analysis.name(n), n))[:top]]
    analysis.notes.append(f"fragmentation (share of actor pairs that cannot reach each other) is {before:.3f} with "
                          "everyone; the set is greedy, improved by swaps on graphs up to 500 actors")

    def render(console) -> None:
        table = _table("remove", "actor", "type", "fragmentation after", title=f"Key players (set of {len(chosen)})")
        for index, row in enumerate(steps, 1):
            _row(table, f"{index}", row["actor"], row["type"], _number(row["fragmentation"]))
        console.print(table)
        table = _table("actor", "fragmentation if removed alone", title="Each actor on its own")
        for row in alone:
            _row(table, row["actor"], _number(row["fragmentation"]))
        console.print(table)

    analysis.emit({"before": before, "after": after, "set": steps, "alone": alone}, render)
    if options["plot"] and alone:
        from kg.network.plots import plot_ranking

        plot_ranking([r["actor"] for r in alone], [r["fragmentation"] for r in alone], xlabel="fragmentation",
                     title="Fragmentation when each actor is removed alone", path=options["plot"])


@analyze.command()
@click.argument("source")
@click.argument("target")
@graph_options
@click.option("--max-paths", type=click.IntRange(min=1), default=5, show_default=True, help="Shortest paths to show.")
@reports_errors
def path(source: str, target: str, max_paths: int, **options) -> None:
    """Explain a connection: the shortest chains of relations between two actors, with the evidence for each hop."""
    from kg.network import explain_paths, find_node, when

    analysis = Analysis(options, detail="dates", window="during")
    try:
        a, b = find_node(analysis.graph, source), find_node(analysis.graph, target)
    except KgError as error:
        raise KgError(f"{error} (or filtered out: see --types, --relations, --as-of)") from None
    hops = {(hop["from"], hop["to"]) for hops in explain_paths(analysis.graph, a, b, limit=max_paths) for hop in hops}
    analysis.add_details((u, v, key) for x, y in hops for u, v in ((x, y), (y, x))
                         for key in analysis.graph.get_edge_data(u, v, default={}))
    paths = explain_paths(analysis.graph, a, b, limit=max_paths)
    if not paths:
        analysis.notes.append(f"{analysis.name(a)} and {analysis.name(b)} are not connected")

    def render(console) -> None:
        for number, hops in enumerate(paths, 1):
            table = _table("hop", "from", "relation", "to", "when", "confidence", "claimed by", "quote", "source",
                           title=f"Path {number}: {len(hops)} hop{'s' if len(hops) != 1 else ''}")
            for index, hop in enumerate(hops, 1):
                for relation in hop["relations"]:
                    _row(table, index, relation["subject"], f"{relation['arrow']} {relation['relation']}",
                         relation["object"], when(relation), _number(relation["confidence"], 2),
                         ", ".join(relation["claimed_by"]), " | ".join(relation["quotes"]), "; ".join(relation["sources"]))
            console.print(table)

    analysis.emit({"source": a, "target": b, "paths": paths}, render)
    if options["plot"] and paths:
        from kg.network.plots import plot_signed

        nodes = {hop[end] for hops in paths for hop in hops for end in ("from", "to")}
        shown = analysis.ties.subgraph(nodes)
        labels = {n: analysis.graph.nodes[n].get("label", n) for n in shown}
        plot_signed(shown, [], labels=labels, title=f"{labels[a]} to {labels[b]}", path=options["plot"])


@analyze.command()
@graph_options
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="Changed relations to list.")
@reports_errors
def diff(top: int, **options) -> None:
    """What changed between --from and --to: pairs that turned, relations begun and ended, blocs, balance."""
    from kg.network import diff as compare
    from kg.network.change import shown_by_diff

    analysis = Analysis(options, detail="dates", window="compare")
    analysis.add_details(shown_by_diff(analysis.graph, analysis.start, analysis.end))
    result = compare(analysis.graph, analysis.start, analysis.end)
    for turn in result["turned"]:
        turn["a"], turn["b"] = analysis.name(turn["a_iri"]), analysis.name(turn["b_iri"])
    moved = result["blocs"]["moved"]
    for key in ("before", "after"):
        result["blocs"][key] = [sorted(analysis.name(n) for n in bloc) for bloc in result["blocs"][key] if len(bloc) > 1]
    changes = result["changes"]
    if len(changes) > top:
        analysis.notes.append(f"{len(changes) - top:,} more changed relations not listed (--top, or --format json for all)")
    if len(moved) > top:
        analysis.notes.append(f"{len(moved) - top:,} more actors whose bloc changed not listed")

    def render(console) -> None:
        sign = {1: "allied", -1: "hostile"}
        counts = {kind: sum(row["change"] == kind for row in changes) for kind in ("began", "ended", "began and ended")}
        console.print(f"From {result['from']} to {result['to']}: {_count(len(result['turned']), 'pair')} turned, "
                      f"{_count(counts['began'], 'relation')} began, {counts['ended']} ended, "
                      f"{counts['began and ended']} began and ended.", markup=False)
        table = _table("pair", f"on {result['from']}", f"on {result['to']}", title="Pairs that turned")
        for turn in result["turned"][:top]:
            _row(table, f"{turn['a']} — {turn['b']}", _relations(sign[turn["before"]], turn["relations_before"]),
                 _relations(sign[turn["after"]], turn["relations_after"]))
        console.print(table if result["turned"] else "no pair turned between allied and hostile")
        table = _table("date", "change", "subject", "relation", "object", "quote",
                       title=f"Relations that began or ended between {result['from']} and {result['to']}")
        for row in changes[:top]:
            _row(table, row["date"] or "", row["change"], row["subject"], row["relation"], row["object"],
                 " | ".join(row["quotes"]))
        console.print(table)
        if moved:
            table = _table("actor", f"bloc-mates on {result['from']}", f"bloc-mates on {result['to']}",
                           title="Actors whose bloc changed")
            for row in moved[:top]:
                _row(table, row["actor"], "; ".join(row["before"]) or "–", "; ".join(row["after"]) or "–")
            console.print(table)
        table = _table("balance", result["from"], result["to"], title="Structural balance")
        then, now = result["balance"]["before"], result["balance"]["after"]
        for name, key in (("triangles", "triangles"), ("unbalanced", "unbalanced"), ("frustration index", "frustration")):
            _row(table, name, then[key], now[key])
        console.print(table)

    analysis.emit(result, render)
    if options["plot"]:
        from kg.network import blocs as find_blocs
        from kg.network import signed_snapshot
        from kg.network.plots import plot_diff

        before, after = signed_snapshot(analysis.graph, result["from"]), signed_snapshot(analysis.graph, result["to"])
        labels = {n: analysis.graph.nodes[n].get("label", n) for n in analysis.graph}
        plot_diff(before, after, (find_blocs(before), find_blocs(after)), labels=labels,
                  titles=(f"as of {result['from']}", f"as of {result['to']}"), path=options["plot"])


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _relations(kind: str, rows: list[dict]) -> str:
    from kg.network import when

    return kind + ": " + "; ".join(f"{r['relation']} ({when(r)})" if when(r) else r["relation"] for r in rows)


commands = [analyze]
