"""Benchmark ``kg serve``: throughput of the named queries from 8 concurrent clients on 127.0.0.1.

Run from the repository root::

    python benchmarks/bench_serve.py                       # the built-in graph, 2 workers
    python benchmarks/bench_serve.py --store ./big-store --requests 100 --workers 4

The server runs as a real process (``python -m kg serve``) on a copy of the store (the
built-in Sahel graph unless ``--store`` is given). Each of the 8 client threads sends
``--requests`` requests per named query, one at a time, to ``/named/<query>`` with the
values below (JSON results); the run is bounded and stops by itself. Every response must
be a 200: any error is counted and makes the script exit non-zero. Columns: requests,
errors, requests per second over the query's wall time, and latency percentiles.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from kg import build, named_queries, open_store

CLIENTS = 8
VALUES = {"group": "JNIM", "country": "Mali", "actor": "JNIM", "date": "2020-06-01", "name": "ISIS", "by": "Al-Naba",
          "place": "Mali", "kind": "MilitantGroup"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(store: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
                                "--workers", str(workers)], stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2).raise_for_status()
            return process, url
        except httpx.HTTPError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"kg serve did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.1)


def run_query(url: str, name: str, params: dict, requests: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(timeout=60) as http:
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    response = http.get(f"{url}/named/{name}", params=params,
                                        headers={"Accept": "application/sparql-results+json"})
                    ok = response.status_code == 200 and "results" in response.json()
                    detail = f"{response.status_code} {response.text[:100]}"
                except httpx.HTTPError as error:
                    ok, detail = False, str(error)
                with lock:
                    latencies.append(time.perf_counter() - started)
                    if not ok:
                        errors.append(detail)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(latencies), "errors": errors, "rate": len(latencies) / wall,
            "p50": statistics.median(ordered) * 1000, "p95": ordered[int(0.95 * (len(ordered) - 1))] * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="an on-disk store to copy and serve (default: the built-in graph)")
    parser.add_argument("--requests", type=int, default=50, help="requests per client per named query")
    parser.add_argument("--workers", type=int, default=2, help="kg serve --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        if args.store:
            shutil.copytree(args.store, store)
        else:
            with open_store(str(store)) as target:
                build(target)
        process, url = start(store, args.workers)
        rows, failed = [], False
        try:
            for query in named_queries().values():
                if any(p.required and p.name not in VALUES for p in query.params):
                    print(f"skipped {query.name}: no value for its required parameters", file=sys.stderr)
                    continue
                params = {p.name: VALUES[p.name] for p in query.params if p.required}
                print(f"… {query.name}", file=sys.stderr, flush=True)
                result = run_query(url, query.name, params, args.requests)
                rows.append((query.name, result))
                failed |= bool(result["errors"])
        finally:
            process.terminate()
            process.wait(timeout=20)
    print(f"{CLIENTS} clients, {args.requests} requests each per query, {args.workers} workers, store "
          f"{args.store or 'built-in Sahel graph'}")
    print(f"{'named query':<22} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7}")
    for name, result in rows:
        print(f"{name:<22} {result['requests']:>8} {len(result['errors']):>6} {result['rate']:>8.0f} "
              f"{result['p50']:>7.1f} {result['p95']:>7.1f}")
    total = sum(r["requests"] for _, r in rows)
    print(f"{'all':<22} {total:>8} {sum(len(r['errors']) for _, r in rows):>6}")
    for name, result in rows:
        for error in result["errors"][:3]:
            print(f"error in {name}: {error}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
