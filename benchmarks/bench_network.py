"""Benchmark kg.network: projection from the store and every measure, on synthetic conflict graphs.

Run from the repository root::

    python benchmarks/bench_network.py                     # 10k and 100k statements (about 10 minutes)
    python benchmarks/bench_network.py --sizes 1M          # one million statements (long; not in the default run)
    python benchmarks/bench_network.py --sizes 10k --no-cli --json out.json
    python benchmarks/bench_network.py --sizes 100k --no-cli --memory   # also from an in-memory store
    python benchmarks/bench_network.py --sizes 1M --keep /tmp/kg-bench  # generate once, reuse the store next time
    python benchmarks/bench_network.py --sizes 1M --keep /tmp/kg-bench --projection-only  # cold and warm projections

The synthetic graph is minted through ``kg.statements`` (as every way into kg does):
actors of every ontology class in realistic proportions, with heavy-tailed activity (a
few hubs, many actors with one or two relations); militant groups and their allies
belong to latent camps, so positive relations run mostly inside a camp and hostile ones
across it, as alliance systems do. Relations respect the ontology's domains (leaders
are persons, presence is in places), carry dates at day, month or year precision, and
one to three derivations, each from its own source in its own named graph, some with a
confidence and some as a party's claim. The quads are bulk-loaded into a temporary
on-disk Oxigraph store.

The projections run first, each in a process of its own (so the peak memory is its own):
cold (the store is read and the cache beside it written, :mod:`kg.network.cache`) and warm
(from that cache), at each detail level. The count check is what a warm projection asks
of the store to know its cache is still true.

Each size runs in its own subprocess (so the peak memory is its own); each ``kg analyze``
subcommand runs as the real CLI in a subprocess against the store. Every step has its
wall-clock and CPU seconds (the machine may be shared: CPU seconds are the steadier
figure, and the load average is printed). Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.beside import cache_beside
from kg.network.cache import count_rows
from kg.network.reading import patterns
from kg.ontology import relations
from kg.statements import Derivation, Entity, Evidence, RelationFact, Source, entity_triples, relation_triples, source_triples
from kg.vocab import KGR

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
ACTOR_MIX = (("MilitantGroup", 0.46), ("Person", 0.30), ("MediaOutlet", 0.06), ("NonGovernmentalOrganization", 0.06),
             ("GovernmentAgency", 0.05), ("IntergovernmentalOrganization", 0.02), ("ResearchOrganization", 0.02),
             ("Government", 0.015), ("StateArmedForce", 0.015))
#: How often each relation is drawn (conflict data is mostly attacks, presence and cooperation).
PREDICATE_WEIGHTS = {"attacked": 16, "operatesIn": 14, "cooperatesWith": 12, "atWarWith": 7, "rivalOf": 5,
                     "affiliateOf": 6, "memberOf": 7, "criticizes": 6, "leaderOf": 5, "threatens": 5,
                     "negotiatesWith": 3, "spokespersonOf": 2, "publishedBy": 2, "declaredWarOn": 2,
                     "splinterOf": 2, "mergedInto": 1, "ousted": 1}
#: Which actors each relation takes at each end, by the ontology's domains and ranges.
ENDS = {"leaderOf": ("Person", "Organization"), "spokespersonOf": ("Person", "Organization"),
        "publishedBy": ("MediaOutlet", "Actor"), "operatesIn": ("Actor", "Place"), "memberOf": ("Actor", "Organization"),
        "affiliateOf": ("Organization", "Organization"), "splinterOf": ("Organization", "Organization"),
        "mergedInto": ("Organization", "Organization")}
CAMP_LOYALTY = 0.85
DETAILS = (("structure", "relations, labels, types"), ("dates", "also dates, confidence, claims; what kg analyze reads"),
           ("full", "also sources and quotes"))
ANALYZE = (("centrality", ()), ("blocs", ()), ("balance", ()), ("brokers", ()), ("keyplayers", ()),
           ("path", ("@hub0", "@hub1")), ("diff", ("--from", "2015-01-01", "--to", "2020-01-01")))


class Urn:
    """Weighted draws of actor indices: heavy-tailed activity makes a few hubs."""

    def __init__(self, members: list[int], weights: list[float]) -> None:
        self.members = members
        self.cumulative = list(itertools.accumulate(weights))

    def draw(self, rng: random.Random) -> int:
        return self.members[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _category(kind: str) -> tuple[str, ...]:
    if kind in ("Country", "Region", "City"):
        return ("Place",)
    if kind == "Person":
        return ("Person", "Actor")
    return ("Organization", "Actor", *(("MediaOutlet",) if kind == "MediaOutlet" else ()))


def _date(rng: random.Random, year: int) -> str:
    roll = rng.random()
    if roll < 0.2:
        return str(year)
    if roll < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _times(rng: random.Random) -> dict:
    year = min(2024, 1995 + int(30 * rng.random() ** 0.6))
    roll = rng.random()
    if roll < 0.15:
        return {}
    if roll < 0.45:
        return {"point": _date(rng, year)}
    if roll < 0.75:
        return {"start": _date(rng, year)}
    return {"start": _date(rng, year), "end": _date(rng, min(2024, year + rng.randint(1, 6)))}


def generate(statements: int, out: Path, seed: int = 7) -> dict:
    """Write a synthetic graph of about ``statements`` relation statements as N-Quads; return its shape."""
    rng = random.Random(seed)
    n_actors = max(200, statements // 5)
    kinds = [k for k, _ in ACTOR_MIX]
    places = ["Country"] * 60 + ["Region"] * 15 + ["City"] * max(50, statements // 500)
    types = places + rng.choices(kinds, weights=[w for _, w in ACTOR_MIX], k=n_actors)
    camps = max(4, n_actors // 400)
    camp = [rng.randrange(camps) for _ in types]
    activity = [rng.paretovariate(1.3) for _ in types]
    pools: dict[tuple, list[int]] = {}
    for index, kind in enumerate(types):
        for category in _category(kind):
            pools.setdefault((category, None), []).append(index)
            pools.setdefault((category, camp[index]), []).append(index)
    urns = {key: Urn(members, [activity[i] for i in members]) for key, members in pools.items()}
    graph_entities = KGR["graph/synthetic/entities"]
    n_sources = max(10, statements // 8)
    sources = [KGR[f"source/synthetic-{i}"] for i in range(n_sources)]
    predicates = list(PREDICATE_WEIGHTS)
    weights = [PREDICATE_WEIGHTS[p] for p in predicates]
    meaning = relations()
    quads = 0
    with out.open("w", encoding="utf-8") as handle:
        def write(triples, graph: ox.NamedNode) -> None:
            nonlocal quads
            handle.write("".join(f"{t.subject} {t.predicate} {t.object} {graph} .\n" for t in triples))
            quads += len(triples)

        for index, kind in enumerate(types):
            label = f"{kind} {index}"
            write(entity_triples(Entity(KGR[f"actor-{index}"], kind, label, aliases=[f"A{index}"])), graph_entities)
        for i, source in enumerate(sources):
            write(source_triples(Source(source, f"Synthetic report {i}", "news article", issued="2024")), source)
        made = 0
        while made < statements:
            predicate = rng.choices(predicates, weights)[0]
            sign = meaning[predicate].sign
            left, right = ENDS.get(predicate, ("Actor", "Actor"))
            subject = urns[left, None].draw(rng)
            loyal = rng.random() < CAMP_LOYALTY
            if sign > 0 and loyal and (right, camp[subject]) in urns:
                obj = urns[right, camp[subject]].draw(rng)
            else:
                obj = urns[right, None].draw(rng)
                if sign < 0 and loyal and camp[obj] == camp[subject]:
                    obj = urns[right, None].draw(rng)
            if obj == subject:
                continue
            times = _times(rng)
            for _ in range(rng.choices((1, 2, 3), (70, 20, 10))[0]):
                source = sources[rng.randrange(n_sources)]
                claimed = [KGR[f"actor-{urns['MediaOutlet', None].draw(rng)}"]] if rng.random() < 0.08 else []
                derivation = Derivation(
                    source=source, confidence=round(rng.uniform(0.3, 0.95), 2) if rng.random() < 0.4 else None,
                    claimed_by=claimed, evidence=Evidence(f"synthetic quote {made}", 0, 17), **times)
                write(relation_triples(RelationFact(KGR[f"actor-{subject}"], predicate, KGR[f"actor-{obj}"], derivation)),
                      source)
            made += 1
    hubs = sorted(range(len(types)), key=lambda i: -activity[i] if types[i] not in ("Country", "Region", "City") else 0)
    return {"actors": n_actors, "places": len(places), "sources": n_sources, "quads": quads,
            "hubs": [f"A{hubs[0]}", f"A{hubs[1]}"]}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _timed(results: list, name: str, call: Callable, note: Callable | None = None):
    started, cpu = time.perf_counter(), time.process_time()
    value = call()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    results.append({"step": name, "seconds": round(seconds, 2), "cpu": round(cpu, 2), "note": note(value) if note else ""})
    print(f"  {name}: {seconds:.2f} s ({cpu:.2f} s CPU, load {_load()})", file=sys.stderr)
    return value


def _prepare(size: str, workdir: Path, results: list, memory: bool) -> dict:
    """Generate and bulk-load the store into ``workdir``, or reuse the one a previous run left there."""
    store_dir, shape_file = workdir / "store", workdir / "shape.json"
    if shape_file.exists() and store_dir.exists() and not memory:
        print(f"  reusing {store_dir}", file=sys.stderr)
        return json.loads(shape_file.read_text())
    nquads = workdir / "graph.nq"
    shape = _timed(results, "generate (kg.statements → N-Quads)", lambda: generate(SIZES[size], nquads),
                   lambda s: f"{s['quads']:,} quads")
    _timed(results, "bulk load (Oxigraph, on disk)",
           lambda: ox.Store(str(store_dir)).bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    if memory:
        from kg import network
        from kg.store import LocalStore

        in_memory = LocalStore(None)
        _timed(results, "bulk load (Oxigraph, in memory)",
               lambda: in_memory.oxigraph.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS))
        _timed(results, "project (all relations, in-memory store)", lambda: network.project(in_memory),
               lambda g: f"{g.number_of_edges():,} edges")
        in_memory.close()
    nquads.unlink()
    shape_file.write_text(json.dumps(shape))
    return shape


def run_one(size: str, workdir: Path, cli: bool, memory: bool = False, projection_only: bool = False) -> dict:
    """Generate, load, project and measure one size; returns the timings."""
    from kg import network
    from kg.network.centrality import sample_size
    from kg.store import LocalStore

    statements = SIZES[size]
    results: list[dict] = []
    shape = _prepare(size, workdir, results, memory)
    store_dir = workdir / "store"
    shutil.rmtree(cache_beside(str(store_dir)), ignore_errors=True)  # a kept store's cache: the first run must be cold
    for detail, what in DETAILS:
        for state in ("cold", "warm"):
            results.append(_projection(store_dir, detail, what, state))
    store = LocalStore(str(store_dir))
    for detail, _ in DETAILS:
        wanted = patterns(detail)
        _timed(results, f"count check of the {detail} cache (COUNT of each of its {len(wanted)} patterns, one by one)",
               lambda wanted=wanted: sum(count_rows(store.oxigraph, pattern) for pattern in wanted),
               lambda rows: f"{rows:,} rows counted")
    if projection_only:
        store.close()
        return {"size": size, "statements": statements, **shape, "peak_mb": round(_peak_mb()), "steps": results, "load": _load()}
    graph = network.project(store, detail="dates")
    _timed(results, "project (as of 2020-01-01, actors only; from the dates cache)",
           lambda: network.project(store, as_of="2020-01-01", types=["Actor"]),
           lambda g: f"{g.number_of_edges():,} edges")
    hubs = [network.find_node(graph, name) for name in shape["hubs"]]
    hops = {(u, v) for path in network.explain_paths(graph, *hubs) for hop in path for u, v in [(hop["from"], hop["to"])]}
    shown = [(u, v, k) for a, b in hops for u, v in ((a, b), (b, a)) for k in graph.get_edge_data(u, v, default={})]
    _timed(results, "add_details (sources and quotes of the paths' hops)", lambda: network.add_details(store, graph, shown),
           lambda _: f"{len(shown)} edges")
    store.close()
    actors = graph.subgraph([n for n, t in graph.nodes(data="type") if t not in ("Country", "Region", "City")])
    ties = _timed(results, "collapse", lambda: network.collapse(actors), lambda g: f"{g.number_of_edges():,} ties")
    signed = network.signed(ties)
    samples = sample_size(ties)
    _timed(results, "centrality (degree, betweenness, PageRank, eigenvector)", lambda: network.centrality(ties),
           lambda _: f"betweenness sampled k={samples}" if samples else "exact")
    partition = _timed(results, "blocs", lambda: network.blocs(signed),
                       lambda p: f"{sum(len(b) > 1 for b in p):,} blocs of 2+")
    _timed(results, "triangle balance", lambda: network.triangle_balance(signed), lambda b: f"{b['triangles']:,} triangles")
    _timed(results, "frustration index", lambda: network.frustration(signed),
           lambda f: f"{f.index:,} ({'exact' if f.exact else 'upper bound'})")
    _timed(results, "brokers (top 20)", lambda: network.brokers(ties, partition, top=20))
    _timed(results, "key players (k=5)", lambda: network.key_players(ties, 5), lambda r: f"fragmentation {r[1]:.3f}")
    _timed(results, "explain paths (two hubs)", lambda: network.explain_paths(graph, *hubs), lambda p: f"{len(p)} paths")
    _timed(results, "diff 2015-01-01 → 2020-01-01", lambda: network.diff(actors, "2015-01-01", "2020-01-01"),
           lambda d: f"{len(d['changes']):,} changes, {len(d['turned']):,} turned")
    _timed(results, "timeline 2016–2020 (5 years)", lambda: network.timeline(actors, network.year_ends("2016", "2020")))
    out = {"size": size, "statements": statements, **shape, "peak_mb": round(_peak_mb()), "steps": results, "load": _load()}
    if cli:
        out["cli"] = [_run_cli(store_dir, command, args, shape["hubs"]) for command, args in ANALYZE]
    return out


def _projection(store_dir: Path, detail: str, what: str, state: str) -> dict:
    """One projection in a process of its own, so that its peak memory is its own."""
    result = subprocess.run([sys.executable, __file__, "--project", detail, "--workdir", str(store_dir)],
                            stdout=subprocess.PIPE, text=True, check=True)
    measured = json.loads(result.stdout)
    print(f"  project {detail} ({state}): {measured['seconds']:.2f} s ({measured['cpu']:.2f} s CPU, "
          f"{measured['peak_mb']:,} MB, load {_load()})", file=sys.stderr)
    folder = cache_beside(str(store_dir))
    size = sum(path.stat().st_size for path in folder.glob(f"{detail}*"))
    how = "store read, cache written" if state == "cold" else f"from the cache ({size / 1e6:,.0f} MB on disk)"
    return {"step": f"project (detail={detail}: {what}) {state}: {how}", "seconds": measured["seconds"],
            "cpu": measured["cpu"], "note": f"{measured['edges']:,} edges; peak {measured['peak_mb']:,} MB"}


def _project_here(store_dir: Path, detail: str) -> dict:
    from kg import network
    from kg.store import LocalStore

    store = LocalStore(str(store_dir))
    started, cpu = time.perf_counter(), time.process_time()
    graph = network.project(store, detail=detail)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": round(seconds, 2), "cpu": round(cpu, 2), "peak_mb": round(_peak_mb()), "edges": graph.number_of_edges()}


def _run_cli(store_dir: Path, command: str, args: tuple[str, ...], hubs: list[str]) -> dict:
    argv = [hubs[0] if a == "@hub0" else hubs[1] if a == "@hub1" else a for a in args]
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run([sys.executable, "-m", "kg", "analyze", command, *argv, "--store", str(store_dir),
                             "--format", "json"], capture_output=True, text=True)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  kg analyze {command}: {seconds:.1f} s ({cpu:.1f} s CPU, exit {result.returncode}, load {_load()})",
          file=sys.stderr)
    notes = ""
    if result.returncode == 0:
        notes = "; ".join(note[:110] + ("…" if len(note) > 110 else "") for note in json.loads(result.stdout).get("notes", []))
    else:
        notes = result.stderr.strip()[-200:]
    return {"command": f"kg analyze {command}", "seconds": round(seconds, 1), "cpu": round(cpu, 1), "exit": result.returncode,
            "note": notes}


def table(runs: list[dict]) -> str:
    lines = ["| size | statements | quads | step | wall s | CPU s | note |", "|---|---:|---:|---|---:|---:|---|"]
    for run in runs:
        for step in run["steps"]:
            lines.append(f"| {run['size']} | {run['statements']:,} | {run['quads']:,} | {step['step']} | "
                         f"{step['seconds']:.2f} | {step['cpu']:.2f} | {step['note']} |")
        for cli in run.get("cli", []):
            lines.append(f"| {run['size']} | {run['statements']:,} | {run['quads']:,} | `{cli['command']}` (whole CLI) | "
                         f"{cli['seconds']:.1f} | {cli['cpu']:.1f} | "
                         f"{'exit ' + str(cli['exit']) + ': ' if cli['exit'] else ''}{cli['note']} |")
        lines.append(f"| {run['size']} | | | peak memory of the measuring process | {run['peak_mb']:,} MB | | "
                     f"load average at the end: {run['load']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k, 1M (default 10k,100k)")
    parser.add_argument("--no-cli", action="store_true", help="skip timing the kg analyze subcommands")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--memory", action="store_true", help="also load into an in-memory store and project from it")
    parser.add_argument("--keep", type=Path, help="keep each size's store under this directory and reuse it next time")
    parser.add_argument("--projection-only", action="store_true", help="time the projections and count checks only")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.project:
        print(json.dumps(_project_here(options.workdir, options.project)))
        return 0
    if options.one:
        print(json.dumps(run_one(options.one, options.workdir, not options.no_cli, options.memory, options.projection_only)))
        return 0
    runs = []
    for size in options.sizes.split(","):
        if size not in SIZES:
            parser.error(f"unknown size {size!r}; use {', '.join(SIZES)}")
        print(f"{size} statements:", file=sys.stderr)
        with contextlib.ExitStack() as stack:
            if options.keep:
                workdir = options.keep / size
                workdir.mkdir(parents=True, exist_ok=True)
            else:
                workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-bench-network-")))
            command = [sys.executable, __file__, "--one", size, "--workdir", str(workdir),
                       *(["--no-cli"] if options.no_cli or options.projection_only else []),
                       *(["--memory"] if options.memory else []), *(["--projection-only"] if options.projection_only else [])]
            result = subprocess.run(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
            if result.returncode != 0:
                print(f"{size}: failed (exit {result.returncode})", file=sys.stderr)
                return 1
            runs.append(json.loads(result.stdout))
    print(table(runs))
    if options.json:
        options.json.write_text(json.dumps(runs, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
