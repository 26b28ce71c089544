"""Benchmark ``kg import``: rows/s and triples/s, peak memory, store size, and the named queries after import.

Run from the repository root::

    python benchmarks/bench_import.py                         # synthetic GED at 100k triples, plus the real files
    python benchmarks/bench_import.py --sizes 100k,1M,10M     # 10M: about 490k events
    python benchmarks/bench_import.py --rows 400k --no-queries --no-real   # a UCDP-sized file, the import alone
    python benchmarks/bench_import.py --real-only

Sizes are target triple counts; the synthetic GED file (:mod:`synthetic_ged`) gets the
number of rows that imports to about that many triples (~20.5 a row); ``--rows`` gives the
rows instead. Each measurement
runs in its own process (peak RSS is its own) on an on-disk store holding the built-in
Sahel graph. After each import the named queries run on the store, each beside the same
query in rdflib's in-memory Dataset as a baseline; rdflib is skipped above --rdflib-max
(at 10 M triples it needs many minutes and gigabytes to load). The table goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

TRIPLES_PER_ROW = 20.5
REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
QUERY_VALUES = {"group": "JNIM", "actor": "JNIM", "country": "Mali", "name": "ISIS", "date": "2020-06-30"}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def child_import(spec: dict[str, Any]) -> dict[str, Any]:
    from kg import build, open_store
    from kg.importers import import_file

    store = open_store(spec["store"])
    if spec.get("build"):
        build(store, check=False)
    start, cpu = time.perf_counter(), _cpu()
    rows = triples = 0
    for kind, path, key in spec["files"]:
        report = import_file(store, kind, path, key=key)
        rows += report.rows
        triples += report.triples
    seconds = time.perf_counter() - start
    own, loader = (after - before for after, before in zip(_cpu(), cpu))
    total = store.triple_count()
    store.close()
    return {"seconds": seconds, "rows": rows, "triples": triples, "store_triples": total, "cpu": own, "loader_cpu": loader,
            "loader_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children (the bulk loader runs in one)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def child_queries(spec: dict[str, Any]) -> dict[str, Any]:
    from kg import open_store
    from kg.queries import named_queries, run_named_query
    from kg.sparql import parse_binding

    store = open_store(spec["store"])
    out = {}
    for name, query in named_queries().items():
        bindings = dict(parse_binding(f"{p.name}={QUERY_VALUES[p.name]}") for p in query.params if p.required)
        times, rows = [], 0
        for _ in range(spec["repeats"]):
            start = time.perf_counter()
            rows = len(run_named_query(store, name, bindings).rows)
            times.append(time.perf_counter() - start)
            if times[0] > spec["slow"]:
                break
        out[name] = {"seconds": statistics.median(times), "rows": rows}
    store.close()
    return out


def child_rdflib(spec: dict[str, Any]) -> dict[str, Any]:
    import rdflib

    from kg import open_store
    from kg.queries import named_queries
    from kg.sparql import parse_binding
    from kg.vocab import PREFIXES

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, on_alarm)
    store = open_store(spec["store"])
    start = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    data = "".join(f"{q.subject} {q.predicate} {q.object} {q.graph_name} .\n" for q in store.quads())
    store.close()
    dataset.parse(data=data, format="nquads")
    load = time.perf_counter() - start
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    out = {"_load": {"seconds": load, "rows": len(dataset)}}
    for name, query in named_queries().items():
        bindings = {}
        for p in query.params:
            if p.required:
                key, term = parse_binding(f"{p.name}={QUERY_VALUES[p.name]}")
                bindings[key] = rdflib.Literal(term.value, datatype=None if term.datatype.value.endswith("#string")
                                               else rdflib.URIRef(term.datatype.value))
        start = time.perf_counter()
        signal.alarm(int(spec["query_timeout"]))
        try:
            rows = len(list(dataset.query(prologue + query.text, initBindings=bindings)))
        except TimeoutError:
            out[name] = {"error": f"rdflib: timeout after {spec['query_timeout']:g} s"}
            continue
        except Exception as error:  # rdflib's own failure is a result of the baseline too
            out[name] = {"error": f"rdflib failed: {type(error).__name__}"}
            continue
        finally:
            signal.alarm(0)
        out[name] = {"seconds": time.perf_counter() - start, "rows": rows}
    return out


def _quads(n: int, graph: str):
    import pyoxigraph as ox

    g = ox.NamedNode(graph)
    predicates = [ox.NamedNode(f"https://w3id.org/kg/ontology#p{i}") for i in range(20)]
    for i in range(n):
        yield ox.Quad(ox.NamedNode(f"https://w3id.org/kg/id/event/bench/{i // 20}"), predicates[i % 20], ox.Literal(str(i)), g)


def child_atomic(spec: dict[str, Any]) -> dict[str, Any]:
    """One atomic way to replace a graph of ``n`` quads: staging + ``MOVE`` (transactional) or kg's checkpoint swap."""
    import pyoxigraph as ox

    from kg.store import LocalStore

    target = "https://w3id.org/kg/id/graph/bench"
    if spec["how"] == "move":
        store = ox.Store(spec["store"])
        store.bulk_extend(_quads(spec["n"], "urn:kg:staging:bench"))
        start = time.perf_counter()
        store.update(f"MOVE GRAPH <urn:kg:staging:bench> TO GRAPH <{target}>")
        return {"seconds": time.perf_counter() - start}
    store = LocalStore(spec["store"])
    start = time.perf_counter()
    store.bulk_replace_graphs([ox.NamedNode(target)], _quads(spec["n"], target))
    first = time.perf_counter() - start
    start = time.perf_counter()
    store.bulk_replace_graphs([ox.NamedNode(target)], _quads(1000, target))
    return {"seconds": first, "replace_seconds": time.perf_counter() - start}


CHILDREN = {"import": child_import, "queries": child_queries, "rdflib": child_rdflib, "atomic": child_atomic}


def run_child(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", json.dumps(spec)]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:g} s"}
    if done.returncode != 0:
        return {"error": f"exit code {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    """The 1-minute load average: above the core count, other work slowed the wall times."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench(label: str, files: list[tuple[str, str, str | None]], work: Path, args, table: list[tuple]) -> None:
    store = work / f"store-{label}"
    result = run_child({"kind": "import", "store": str(store), "files": files, "build": True}, args.timeout)
    if "error" in result:
        table.append((label, "import", "", "", "", "", result["error"]))
        return
    rows_s = result["rows"] / result["seconds"]
    triples_s = result["triples"] / result["seconds"]
    table.append((label, "import", f"{result['seconds']:.1f}", f"{result['peak_mb']:.0f}", str(result["rows"]),
                  str(result["triples"]), f"{rows_s:.0f} rows/s, {triples_s:.0f} triples/s; cpu {result['cpu']:.1f} s + loader "
                                          f"process {result['loader_cpu']:.1f} s, {result['loader_peak_mb']:.0f} MB; store "
                                          f"{dir_mb(store):.0f} MB, {result['store_triples']} triples; load {_load()}"))
    _log(f"{label}: {table[-1]}")
    if args.no_queries:
        if not args.keep:
            shutil.rmtree(store, ignore_errors=True)
        return
    queries = run_child({"kind": "queries", "store": str(store), "repeats": args.repeats, "slow": 5.0}, args.timeout)
    baseline = (run_child({"kind": "rdflib", "store": str(store), "query_timeout": args.query_timeout}, args.timeout)
                if result["store_triples"] <= args.rdflib_max else {})
    if baseline and "_load" in baseline:
        table.append((label, "rdflib load", f"{baseline['_load']['seconds']:.1f}", f"{baseline.get('peak_mb', 0):.0f}",
                      str(baseline["_load"]["rows"]), "", "in-memory Dataset, the baseline"))
    for name, timing in queries.items():
        if name in ("peak_mb", "error"):
            continue
        note = ""
        if name in baseline and "seconds" in baseline[name]:
            note = f"rdflib {baseline[name]['seconds']:.3f} s ({baseline[name]['seconds'] / max(timing['seconds'], 1e-6):.1f}x)"
        elif name in baseline:
            note = baseline[name]["error"]
        elif not baseline:
            note = f"rdflib skipped above {args.rdflib_max} triples"
        table.append((label, f"query {name}", f"{timing['seconds']:.3f}", "", str(timing["rows"]), "", note))
    if not args.keep:
        shutil.rmtree(store, ignore_errors=True)


def _number(size: str) -> float:
    """``100k`` → 100,000; ``1M`` → 1,000,000."""
    return float(size[:-1]) * {"k": 1e3, "M": 1e6}[size[-1]] if size[-1] in "kM" else float(size)


def main(argv: list[str] | None = None) -> int:
    from synthetic_ged import write_ged

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k", help="target triple counts, comma-separated (100k,1M,10M)")
    parser.add_argument("--rows", default="", help="synthetic GED files by rows instead of triples, comma-separated (100k,400k)")
    parser.add_argument("--real-only", action="store_true")
    parser.add_argument("--no-real", action="store_true", help="skip the real files")
    parser.add_argument("--no-queries", action="store_true", help="measure the import alone")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=7200.0)
    parser.add_argument("--rdflib-max", type=int, default=1_500_000)
    parser.add_argument("--query-timeout", type=float, default=60.0, help="seconds per rdflib baseline query")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--atomic", type=int, default=0,
                        help="also time replacing a graph of this many quads: staging + MOVE against kg's checkpoint swap")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-import-", dir=args.workdir))
    table: list[tuple] = []
    try:
        if args.atomic:
            move = run_child({"kind": "atomic", "how": "move", "store": str(work / "move"), "n": args.atomic}, args.timeout)
            swap = run_child({"kind": "atomic", "how": "swap", "store": str(work / "swap"), "n": args.atomic}, args.timeout)
            table.append((f"{args.atomic} quads", "staging + MOVE (one transaction)", f"{move.get('seconds', 0):.1f}",
                          f"{move.get('peak_mb', 0):.0f}", "", "", move.get("error", "time of the MOVE alone")))
            table.append((f"{args.atomic} quads", "kg bulk_replace_graphs (checkpoint swap)", f"{swap.get('seconds', 0):.1f}",
                          f"{swap.get('peak_mb', 0):.0f}", "", "", swap.get("error", "load and swap; then replacing it with 1k "
                                                                            f"quads: {swap.get('replace_seconds', 0):.1f} s")))
        if not args.real_only:
            sizes = [(f"{size} rows", int(_number(size))) for size in args.rows.split(",") if size]
            sizes = sizes or [(size, int(_number(size) / TRIPLES_PER_ROW)) for size in args.sizes.split(",")]
            for label, rows in sizes:
                path = work / "ged.csv"
                write_ged(path, rows)
                bench(f"synthetic {label}", [("ucdp", str(path), None)], work, args, table)
                path.unlink()
        if REAL.is_dir() and not args.no_real:
            ucdp = REAL / "ucdp"
            files = [("ucdp", str(ucdp / "ucdp-actor-221.csv"), None)]
            files += [("ucdp", str(p), None) for p in sorted(ucdp.glob("*.csv")) if p.name != "ucdp-actor-221.csv"]
            files.append(("mmp", str(REAL / "mmp" / "Militant-Group-Relationships-clean.csv"),
                          str(REAL / "mmp" / "Militant-Group-Key.csv")))
            bench("real files", files, work, args, table)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    header = ("data", "measure", "seconds", "peak MB", "rows", "triples", "note")
    widths = [max(len(str(r[i])) for r in [header, *table]) for i in range(len(header))]
    for n, row in enumerate([header, *table]):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        spec = json.loads(sys.argv[2])
        result = CHILDREN[spec["kind"]](spec)
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
    else:
        sys.exit(main())
