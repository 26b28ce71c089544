"""Benchmark kg's store on synthetic conflict graphs: loading, reopening, disk size, named queries.

Run from the repository root::

    python benchmarks/bench_store.py                      # 100k and 1M triples
    python benchmarks/bench_store.py --sizes 100k --json results.json
    python benchmarks/bench_store.py --sizes 10M          # large; not part of the default run

The synthetic graph is minted through ``kg.statements`` (the same functions every way
into kg uses) and written as N-Quads together with the ontology and the built-in Sahel
graph. Every measurement runs in its own subprocess, so its peak RSS is its own.
Progress goes to stderr, the table to stdout. The generator is :mod:`synthetic_store` (its
entities and preferential-attachment urns: :mod:`synthetic_world`).

Generating and loading 10M triples takes many minutes: ``--workdir DIR --reuse`` keeps the
N-Quads file and store of each size in DIR and, on the next run, times the queries on them
without generating again::

    python benchmarks/bench_store.py --sizes 1M,10M --workdir /tmp/kg-bench --reuse
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_store import generate  # noqa: E402

from kg.queries import named_queries, run_named_query  # noqa: E402
from kg.sparql import parse_binding  # noqa: E402
from kg.store import LocalStore, open_store  # noqa: E402
from kg.vocab import PREFIXES  # noqa: E402


def peak_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def query_bindings(name: str, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings for a named query's required parameters, read as ``kg query --bind`` reads them."""
    bound = {}
    for param in named_queries()[name].params:
        if param.required:
            key, term = parse_binding(f"{param.name}={values[param.name]}")
            bound[key] = term
    return bound


class Clock:
    """Wall seconds, and CPU seconds of every thread of this process, since it was made."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> dict[str, float]:
        return {"seconds": time.perf_counter() - self.wall, "cpu": time.process_time() - self.cpu}


def _timed(run: Callable[[], int], repeats: int, slow: float) -> dict[str, Any]:
    """Median wall and CPU time of up to ``repeats`` runs (one if the first takes over ``slow`` s), and the rows."""
    clocks: list[dict[str, float]] = []
    rows = 0
    for _ in range(repeats):
        clock = Clock()
        rows = run()
        clocks.append(clock.read())
        if clocks[0]["seconds"] > slow:
            break
    return {
        "seconds": statistics.median(c["seconds"] for c in clocks),
        "cpu": statistics.median(c["cpu"] for c in clocks),
        "runs": len(clocks),
        "rows": rows,
    }


def child_generate(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    info = generate(Path(spec["path"]), spec["target"], spec["seed"])
    return {**clock.read(), "info": asdict(info)}


def child_bulk_load(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    store = ox.Store(spec["store"])
    store.bulk_load(path=spec["nq"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    timing = clock.read()
    return {**timing, "rows": len(store)}


def child_reopen(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    store = open_store(spec["store"])
    timing = clock.read()
    rows = store.triple_count()
    store.close()
    return {**timing, "rows": rows}


def child_replace(spec: dict[str, Any]) -> dict[str, Any]:
    clock = Clock()
    graphs: dict[ox.NamedNode, list[ox.Triple]] = {}
    for quad in ox.parse(path=spec["nq"], format=ox.RdfFormat.N_QUADS):
        graphs.setdefault(quad.graph_name, []).append(quad.triple)
    parsed = clock.read()["seconds"]
    store = LocalStore(spec["store"])
    clock = Clock()
    store.replace_graphs(graphs)
    store.close()
    return {**clock.read(), "parse_seconds": parsed, "rows": sum(map(len, graphs.values()))}


def child_query(spec: dict[str, Any]) -> dict[str, Any]:
    store = open_store(spec["store"])
    bindings = query_bindings(spec["query"], spec["values"])

    def run() -> int:
        result = run_named_query(store, spec["query"], bindings)
        return len(result.rows) if result.kind == "select" else len(result.triples)

    timing = _timed(run, spec["repeats"], spec["slow"])
    store.close()
    return timing


def child_rdflib(spec: dict[str, Any]) -> dict[str, Any]:
    """rdflib in memory: load the N-Quads, then every named query (each under an alarm)."""
    import rdflib

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, on_alarm)
    clock = Clock()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(spec["nq"], format="nquads")
    load = {**clock.read(), "peak_mb": peak_mb(), "rows": len(dataset)}
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    queries: dict[str, dict[str, Any]] = {}
    for name, query in named_queries().items():
        bindings = {k: _to_rdflib(v) for k, v in query_bindings(name, spec["values"]).items()}

        def run(text: str = prologue + query.text, bindings: dict = bindings) -> int:
            return len(list(dataset.query(text, initBindings=bindings)))

        signal.alarm(int(spec["timeout"]))
        try:
            queries[name] = _timed(run, spec["repeats"], spec["slow"])
        except TimeoutError:
            queries[name] = {"error": f"timeout after {spec['timeout']:g} s"}
        except Exception as error:  # rdflib's own failures are a result too
            queries[name] = {"error": f"rdflib failed: {type(error).__name__}: {str(error)[:60]}"}
        finally:
            signal.alarm(0)
        _log(f"  rdflib {name}: {queries[name]}")
    return {"load": load, "queries": queries}


def _to_rdflib(term: ox.NamedNode | ox.Literal) -> Any:
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value.endswith("#string"):
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


CHILDREN: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "baseline": lambda spec: {"seconds": 0.0},
    "generate": child_generate,
    "bulk_load": child_bulk_load,
    "reopen": child_reopen,
    "replace": child_replace,
    "query": child_query,
    "rdflib": child_rdflib,
}


def child_main(raw: str) -> None:
    spec = json.loads(raw)
    result = CHILDREN[spec["kind"]](spec)
    result.setdefault("peak_mb", peak_mb())
    print(json.dumps(result))


# ---------------------------------------------------------------- driver

_STARTED = time.perf_counter()


def _log(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    size: str
    measure: str
    seconds: float | None = None
    peak_mb: float | None = None
    rows: int | None = None
    note: str = ""
    cpu: float | None = None

    def remark(self) -> str:
        """The note, after the CPU time when it is known (it shows when other load slowed a wall time)."""
        cpu = "" if self.cpu is None else f"cpu {_seconds(self.cpu)} s"
        return "; ".join(part for part in (cpu, self.note) if part)


def _seconds(value: float) -> str:
    return f"{value:.4f}" if value < 1 else f"{value:.2f}"


def run_child(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; a timeout or crash comes back as ``error``."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:g} s"}
    if done.returncode != 0:
        return {"error": f"exit code {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def size_label(n: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if n >= scale and n % scale == 0:
            return f"{n // scale}{unit}"
    return str(n)


def parse_size(text: str) -> int:
    """``100000``, ``100k``, ``1M`` or ``1_000_000``."""
    text = text.strip().lower().replace("_", "")
    scales = {"k": 1_000, "m": 1_000_000}
    return int(float(text[:-1]) * scales[text[-1]]) if text[-1] in scales else int(text)


def parse_sizes(text: str) -> list[int]:
    return [parse_size(part) for part in text.split(",")]


def bench_size(target: int, work: Path, args: argparse.Namespace) -> tuple[list[Row], dict[str, Any]]:
    """Every measurement for one size; returns table rows and the dataset description."""
    label = size_label(target)
    rows: list[Row] = []

    def add(measure: str, result: dict[str, Any], note: str = "") -> Row:
        note = result.get("error") or note
        row = Row(label, measure, result.get("seconds"), result.get("peak_mb"), result.get("rows"), note, result.get("cpu"))
        rows.append(row)
        seconds = "-" if row.seconds is None else f"{row.seconds:.3f}"
        _log(f"{label} {measure}: {seconds} s, {row.rows} rows, {row.peak_mb or 0:.0f} MB {row.remark()}")
        return row

    nq = work / f"synthetic-{label}.nq"
    store = work / f"store-{label}"
    described = work / f"synthetic-{label}.json"
    if args.reuse and store.is_dir() and described.is_file():
        _log(f"{label}: reusing {store}")
        info = json.loads(described.read_text(encoding="utf-8"))
        rows.append(Row(label, "store (reused)", rows=info["triples"], note=f"{dir_mb(store):.1f} MB on disk"))
        _time_queries(store, info["bindings"], args, add)
        return rows, info
    _log(f"{label}: generating {nq}")
    generated = run_child({"kind": "generate", "path": str(nq), "target": target, "seed": args.seed}, args.timeout)
    if "error" in generated:
        add("generate N-Quads", generated)
        return rows, {}
    info = generated["info"]
    described.write_text(json.dumps(info), encoding="utf-8")
    add("generate N-Quads", {**generated, "rows": info["triples"]}, f"{nq.stat().st_size / 1e6:.0f} MB file")
    values = info["bindings"]

    bulk = run_child({"kind": "bulk_load", "nq": str(nq), "store": str(store)}, args.timeout)
    add("pyoxigraph bulk_load (on disk)", bulk)
    if "error" in bulk:
        return rows, info
    rows.append(Row(label, "store size on disk", note=f"{dir_mb(store):.1f} MB"))
    add("reopen (kg open_store)", run_child({"kind": "reopen", "store": str(store)}, args.timeout), "incl. staging-graph scan")

    if target <= args.replace_max:
        fresh = work / f"store-{label}-replace"
        result = run_child({"kind": "replace", "nq": str(nq), "store": str(fresh)}, args.timeout)
        note = "" if "error" in result else (
            f"all graphs held in memory; N-Quads parse {result['parse_seconds']:.1f} s not incl.; disk {dir_mb(fresh):.1f} MB"
        )
        add("kg LocalStore.replace_graphs", result, note)
        shutil.rmtree(fresh, ignore_errors=True)
    else:
        note = f"skipped above {size_label(args.replace_max)}: holds every graph in memory"
        rows.append(Row(label, "kg LocalStore.replace_graphs", note=note))

    oxigraph, oxigraph_rows = _time_queries(store, values, args, add)

    if target <= args.rdflib_max:
        spec = {"kind": "rdflib", "nq": str(nq), "values": values, "repeats": args.repeats, "slow": args.slow,
                "timeout": args.query_timeout}
        result = run_child(spec, args.timeout)
        if "error" in result:
            add("rdflib load (in memory)", result)
        else:
            add("rdflib Dataset.parse (in memory)", result["load"])
            for name, timing in result["queries"].items():
                note = _rdflib_note(timing, oxigraph.get(name), oxigraph_rows.get(name), args.repeats,
                                    named_queries()[name].page_key is not None)
                seconds, cpu = timing.get("seconds"), timing.get("cpu")
                rows.append(Row(label, f"rdflib {name}", seconds, rows=timing.get("rows"), note=note, cpu=cpu))
    else:
        print(f"note: rdflib baseline skipped at {label} (in memory it takes minutes; --rdflib-max)", file=sys.stderr)
        rows.append(Row(label, "rdflib baseline", note=f"skipped above {size_label(args.rdflib_max)}: takes minutes in memory"))
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)
        nq.unlink(missing_ok=True)
    return rows, info


def _time_queries(store: Path, values: dict[str, str], args: argparse.Namespace,
                  add: Callable[..., Row]) -> tuple[dict[str, float], dict[str, int]]:
    """Time every named query on ``store``, each in its own process, adding a table row for each with ``add``."""
    oxigraph: dict[str, float] = {}
    oxigraph_rows: dict[str, int] = {}
    for name in named_queries():
        spec = {"kind": "query", "store": str(store), "query": name, "values": values, "repeats": args.repeats, "slow": args.slow}
        result = run_child(spec, args.query_timeout)
        runs = result.get("runs", 0)
        note = f"{_bound(name, values)}{'; 1 run (slow)' if runs == 1 < args.repeats else ''}"
        row = add(f"query {name}", result, note)
        if row.seconds is not None and row.rows is not None:
            oxigraph[name], oxigraph_rows[name] = row.seconds, row.rows
    return oxigraph, oxigraph_rows


def _rdflib_note(timing: dict[str, Any], seconds: float | None, rows: int | None, repeats: int, paged: bool) -> str:
    """The rdflib/oxigraph time ratio, and whether the answers differ in size.

    rdflib runs a paged query's text as it is, without the page step: it lists everything,
    where kg answers with the first page.
    """
    if "error" in timing:
        return timing["error"]
    notes = []
    if seconds is not None:
        notes.append(f"{timing['seconds'] / max(seconds, 1e-6):.1f}x oxigraph")
    if paged:
        notes.append("rdflib: the whole listing, kg: its first page")
    elif rows is not None and rows != timing["rows"]:
        notes.append(f"ROWS DIFFER (oxigraph {rows})")
    if timing["runs"] == 1 < repeats:
        notes.append("1 run (slow)")
    return "; ".join(notes)


def _bound(name: str, values: dict[str, str]) -> str:
    params = [p.name for p in named_queries()[name].params if p.required]
    return ", ".join(f"{p}={values[p]}" for p in params)


def _load() -> str:
    """The 1, 5 and 15 minute load averages: above the core count, other work slowed the wall times."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def format_table(rows: list[Row]) -> str:
    header = ("size", "measure", "seconds", "peak MB", "rows", "note")
    cells = [header] + [
        (
            r.size,
            r.measure,
            "" if r.seconds is None else _seconds(r.seconds),
            "" if r.peak_mb is None else f"{r.peak_mb:.0f}",
            "" if r.rows is None else str(r.rows),
            r.remark(),
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    right = {2, 3, 4}
    lines = []
    for n, cell in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cell, widths))).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[100_000, 1_000_000], help="target triple counts (100k,1M,10M)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="runs per query; the median is reported")
    parser.add_argument("--slow", type=float, default=20.0, help="a query whose first run takes longer is run once")
    parser.add_argument("--query-timeout", type=float, default=300.0, help="seconds per query process")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per load process")
    parser.add_argument("--replace-max", type=parse_size, default=100_000, help="largest size for replace_graphs")
    parser.add_argument("--rdflib-max", type=parse_size, default=100_000, help="largest size for the rdflib baseline")
    parser.add_argument("--workdir", type=Path, help="where data and stores go (default: a new temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the N-Quads files and stores")
    parser.add_argument("--reuse", action="store_true", help="reuse the data and store of each size kept in --workdir")
    args = parser.parse_args(argv)

    if args.reuse and args.workdir is None:
        parser.error("--reuse needs --workdir")
    args.keep = args.keep or args.reuse
    work = args.workdir if args.reuse else Path(tempfile.mkdtemp(prefix="kg-bench-", dir=args.workdir))
    work.mkdir(parents=True, exist_ok=True)
    _log(f"working in {work}")
    baseline = run_child({"kind": "baseline"}, 120)
    rows = [
        Row("-", "python + kg imports (RSS baseline)", None, baseline.get("peak_mb"), None, "subtract from peak MB"),
        Row("-", "load average at start", note=_load()),
    ]
    datasets = {}
    try:
        for target in args.sizes:
            size_rows, info = bench_size(target, work, args)
            rows += size_rows
            datasets[size_label(target)] = info
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows.append(Row("-", "load average at end", note=_load()))
    print(format_table(rows))
    if args.json:
        machine = {"cpus": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": ox.__version__,
                   "platform": platform.platform()}
        report = {"machine": machine, "args": {k: str(v) for k, v in vars(args).items()}, "datasets": datasets,
                  "results": [asdict(r) for r in rows]}
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        _log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child_main(sys.argv[2])
    else:
        sys.exit(main())
