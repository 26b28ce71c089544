"""Benchmark the projection cache across kg's own writes: cold, warm, and warm after ingest, re-ingest and drop.

Run from the repository root, on a store made by ``bench_network.py --keep DIR`` (it is
copied first; the copy is removed at the end unless ``--keep-copy``)::

    python benchmarks/bench_cache_patch.py --store /tmp/kg-bench/100k/store --work /tmp/kg-patch
    python benchmarks/bench_cache_patch.py --store /tmp/kg-bench/100k/store --work /tmp/kg-patch --verify

Each projection runs in a process of its own (``kg.network.project`` at ``dates``, what
``kg analyze`` reads, and ``full``), timed inside it (opening the store and imports left
out). After each write the first projection patches the cache (:mod:`kg.network.patch`)
and the second is warm again. The writes are a real ``kg ingest`` of one development-set
article, ``kg ingest`` of a changed copy of it (the same document, so its graph is
replaced), and dropping its graph (:meth:`kg.store.Store.drop_graphs`). ``--verify`` also checks, after each patch, that
the cached records equal a full read of the store (a cold read each: slow on large stores).
Every step has wall-clock and CPU seconds and the load average; a write's are those of its
whole process (Python start and imports included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO / "tests" / "devset" / "burkina-jnim-djibo-2025.txt"
DETAILS = ("dates", "full")


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _child(argv: list[str]) -> tuple[float, float, str]:
    """Run a child process; its wall and CPU seconds, and its output."""
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(argv, capture_output=True, text=True, cwd=REPO)
    seconds, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {result.stderr.strip()[-400:]}")
    return seconds, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, result.stdout


def _project(store: Path, detail: str, verify: bool) -> dict:
    _, _, out = _child([sys.executable, __file__, "--project", detail, "--store", str(store), *(["--verify"] if verify else [])])
    return json.loads(out)


def project_here(store_dir: str, detail: str, verify: bool) -> dict:
    """In the child: project once through the cache, timed; with ``verify``, then compare the cache with a full read."""
    from kg.network import cache, project, reading
    from kg.store import LocalStore

    store = LocalStore(store_dir)
    started, cpu = time.perf_counter(), time.process_time()
    graph = project(store, detail=detail)
    out = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "edges": graph.number_of_edges()}
    if verify:
        out["same"] = cache.read(store, detail) == reading.read(store, detail)
    return out


def _drop_here(store_dir: str) -> None:
    from kg.ingest.write import graph_of
    from kg.store import LocalStore

    store = LocalStore(store_dir)
    store.drop_graphs([graph_of(ARTICLE.stem)])
    store.close()


def run(source: Path, work: Path, verify: bool) -> list[dict]:
    from kg.beside import cache_beside

    copy = work / "store"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"copying {source} …", file=sys.stderr)
    shutil.copytree(source, copy)
    shutil.rmtree(cache_beside(str(copy)), ignore_errors=True)
    changed = work / ARTICLE.name
    changed.write_text(ARTICLE.read_text(encoding="utf-8").split("\n\n")[0] + "\n\nThe army fought JNIM near Djibo.\n",
                       encoding="utf-8")
    kg = [sys.executable, "-m", "kg"]
    writes = [("kg ingest (one article)", [*kg, "ingest", str(ARTICLE), "--store", str(copy)]),
              ("kg ingest (changed copy: its graph replaced)", [*kg, "ingest", str(changed), "--store", str(copy)]),
              ("drop its graph", [sys.executable, __file__, "--drop", "--store", str(copy)])]
    rows: list[dict] = []

    def projections(state: str) -> None:
        for detail in DETAILS:
            measured = _project(copy, detail, verify and state.startswith("patched"))
            note = f"{measured['edges']:,} edges" + (f"; same as a full read: {measured['same']}" if "same" in measured else "")
            rows.append({"step": f"project {detail}: {state}", "seconds": measured["seconds"], "cpu": measured["cpu"],
                         "note": note, "load": _load()})
            print(f"  {rows[-1]}", file=sys.stderr)

    projections("cold (store read, cache written)")
    projections("warm")
    for name, argv in writes:
        seconds, cpu, _ = _child(argv)
        rows.append({"step": name, "seconds": seconds, "cpu": cpu, "note": "", "load": _load()})
        print(f"  {rows[-1]}", file=sys.stderr)
        projections(f"patched after {name.split(' (')[0]}")
        projections("warm again")
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| step | wall s | CPU s | load | note |", "|---|---:|---:|---|---|"]
    lines += [f"| {r['step']} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['load']} | {r['note']} |" for r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True, help="the store to copy (it is never written)")
    parser.add_argument("--work", type=Path, help="where the copy goes (emptied first)")
    parser.add_argument("--verify", action="store_true", help="compare each patched cache with a full read")
    parser.add_argument("--keep-copy", action="store_true", help="leave the copy in --work")
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--drop", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.project:
        print(json.dumps(project_here(str(args.store), args.project, args.verify)))
        return 0
    if args.drop:
        _drop_here(str(args.store))
        return 0
    if args.work is None:
        parser.error("--work is required")
    rows = run(args.store, args.work, args.verify)
    print(table(rows))
    if not args.keep_copy:
        shutil.rmtree(args.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
