"""Load on ``kg serve``: 8, 16 and 32 concurrent clients sending named and random SPARQL queries.

Run from the repository root::

    python benchmarks/bench_load.py                          # the built-in graph, 2 workers
    python benchmarks/bench_load.py --requests 100 --clients 8 16 32 --workers 4 --store ./big-store

The server is a real process (``python -m kg serve``) on 127.0.0.1 over an on-disk copy
of the store. Each client thread sends ``--requests`` requests, one at a time: half go to
``/named/<name>`` with values, half are random valid SPARQL queries (SELECT, ASK,
CONSTRUCT; GET and POST) built from the ontology's classes and relations. The run is
bounded and stops by itself; any answer other than a 200 with a readable body is an
error, and errors make the script exit non-zero. Then a runaway query (a three-way cross
product) is sent while the same load runs: it must be cut by ``--timeout`` with a 503
while every other request is still answered. Columns: clients, requests, errors, p50 and
p99 latency, requests per second, and CPU seconds of the server and its workers (the
machine may be shared: the load average is printed too).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from kg import build, named_queries, open_store
from kg.ontology import relations

VALUES = {"group": ["JNIM", "ISGS", "Islamic State", "al-Qaeda"], "country": ["Mali", "Burkina Faso", "Niger"],
          "actor": ["JNIM", "ISGS", "Government of Mali", "France"], "date": ["2019-06-01", "2020-06-01", "2020-09"],
          "name": ["ISIS", "JNIM", "Kouffa"], "by": ["Al-Naba", "Islamic State"], "place": ["Mali", "Burkina Faso"],
          "kind": ["MilitantGroup", "Person", "Government"]}
CLASSES = ("MilitantGroup", "Person", "Government", "StateArmedForce", "IntergovernmentalOrganization", "MediaOutlet",
           "Country", "City", "Coup", "Attack", "SourceDocument", "RelationStatement", "Derivation")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON = "application/sparql-results+json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``python -m kg serve`` on 127.0.0.1 in its own process, stopped by :meth:`stop`."""

    def __init__(self, store: Path, *args: str) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_SERVE_TOKEN")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", self.url.rsplit(":", 1)[1], *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/sparql", params={"query": "ASK {}"}, timeout=2).raise_for_status()
                return
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.process.kill()
                    raise RuntimeError(f"kg serve did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.1)

    def cpu_seconds(self) -> float:
        """User + system CPU of the server and its query workers so far, from ``/proc`` (0 where there is none)."""
        return _cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.process.stderr.close()


def _cpu_seconds(pid: int) -> float:
    """CPU of a process, of its children that ended (killed workers), and of the running ones."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # A child belongs to the thread that started it: the server starts workers from several.
        children = [c for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except OSError:
        return 0.0
    own = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


def random_query(rng: random.Random) -> tuple[str, str]:
    """A random valid query over the kg vocabulary and the ``Accept`` header its answer needs."""
    relation = rng.choice(sorted(relations()))
    kind = rng.choice(CLASSES)
    limit = rng.randrange(1, 200)
    templates = [
        (f"SELECT ?x ?name WHERE {{ ?x a kg:{kind} ; skos:prefLabel ?name }} ORDER BY ?name LIMIT {limit}", JSON),
        (f"SELECT ?a ?b WHERE {{ ?a kg:{relation} ?b }} LIMIT {limit}", JSON),
        (f"ASK {{ ?a kg:{relation} ?b }}", JSON),
        (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ ?x a kg:{kind} ; ?p ?o }} GROUP BY ?p ORDER BY DESC(?n) LIMIT {limit}", JSON),
        (f"""SELECT ?st ?start ?quote WHERE {{ ?st rdf:predicate kg:{relation} ; prov:qualifiedDerivation ?d .
              OPTIONAL {{ ?d kg:start ?start }} OPTIONAL {{ ?d kg:evidence/oa:exact ?quote }} }} LIMIT {limit}""", JSON),
        (f"CONSTRUCT {{ ?x skos:prefLabel ?name }} WHERE {{ ?x a kg:{kind} ; skos:prefLabel ?name }} LIMIT {limit}",
         "text/turtle"),
        (f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a kg:{kind} }}", "text/csv"),
    ]
    return rng.choice(templates)


def named_request(rng: random.Random) -> tuple[str, dict[str, str]]:
    """A random named query and values for its parameters (every required one, some optional ones)."""
    query = rng.choice(sorted(named_queries().values(), key=lambda q: q.name))
    params = {p.name: rng.choice(VALUES[p.name]) for p in query.params
              if p.name in VALUES and (p.required or rng.random() < 0.5)}
    return query.name, params


def _answered(response: httpx.Response, accept: str) -> bool:
    if response.status_code != 200:
        return False
    if accept == JSON:
        body = response.json()
        return "results" in body or "boolean" in body
    if accept == "text/turtle":  # a CONSTRUCT may rightly find nothing: an empty document
        return response.headers.get("content-type", "").startswith("text/turtle")
    return response.text.startswith("n")


@dataclass
class Load:
    """What a bounded run saw: one latency per request, the errors, and its wall and CPU time."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0
    answered_at: list[float] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    def row(self) -> str:
        rate = len(self.latencies) / self.seconds if self.seconds else 0.0
        return (f"| {self.clients:>7} | {len(self.latencies):>8} | {len(self.errors):>6} | {self.percentile(0.5) * 1000:>7.1f} "
                f"| {self.percentile(0.99) * 1000:>7.1f} | {rate:>7.1f} | {self.seconds:>6.1f} | {self.cpu:>10.1f} |")


HEADER = ("| clients | requests | errors | p50 ms  | p99 ms  | req/s   | wall s | server CPU s |\n"
          "|---------|----------|--------|---------|---------|---------|--------|--------------|")


def run_load(server: Server, clients: int, requests: int, seed: int) -> Load:
    """``clients`` threads, each sending ``requests`` requests one at a time; returns when all are answered."""
    load = Load(clients)
    lock = threading.Lock()
    cpu_before = server.cpu_seconds()

    def client(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        with httpx.Client(base_url=server.url, timeout=120) as http:
            for _ in range(requests):
                started = time.perf_counter()
                try:
                    if rng.random() < 0.5:
                        name, params = named_request(rng)
                        response, accept = http.get(f"/named/{name}", params=params, headers={"Accept": JSON}), JSON
                    else:
                        query, accept = random_query(rng)
                        if rng.random() < 0.5:
                            response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
                        else:
                            response = http.post("/sparql", content=query.encode("utf-8"),
                                                 headers={"Accept": accept, "Content-Type": "application/sparql-query"})
                    ok, detail = _answered(response, accept), f"{response.status_code} {response.text[:120]}"
                except (httpx.HTTPError, ValueError) as error:
                    ok, detail = False, f"{type(error).__name__}: {error}"
                finished = time.perf_counter()
                with lock:
                    load.latencies.append(finished - started)
                    load.answered_at.append(finished)
                    if not ok:
                        load.errors.append(detail)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.perf_counter() - started
    load.cpu = server.cpu_seconds() - cpu_before
    return load


@dataclass
class Runaway:
    status: int
    seconds: float
    message: str
    started: float
    ended: float


def send_runaway(server: Server, outcome: list[Runaway]) -> threading.Thread:
    """Send the cross-product query in a thread of its own; its outcome lands in ``outcome``."""

    def send() -> None:
        started = time.perf_counter()
        response = httpx.get(f"{server.url}/sparql", params={"query": RUNAWAY}, headers={"Accept": JSON}, timeout=120)
        ended = time.perf_counter()
        outcome.append(Runaway(response.status_code, ended - started, response.text[:200], started, ended))

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def load_with_runaway(server: Server, clients: int, requests: int, seed: int) -> tuple[Load, Runaway, int]:
    """The load with a runaway query sent first; also how many requests were answered while it ran."""
    outcome: list[Runaway] = []
    thread = send_runaway(server, outcome)
    time.sleep(0.3)  # let it reach a worker
    load = run_load(server, clients, requests, seed)
    thread.join()
    runaway = outcome[0]
    during = sum(1 for at in load.answered_at if runaway.started < at < runaway.ended)
    return load, runaway, during


def sahel_store(folder: Path) -> Path:
    path = folder / "store"
    with open_store(str(path)) as store:
        build(store)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="Copy this store directory (default: the built-in graph).")
    parser.add_argument("--clients", type=int, nargs="+", default=[8, 16, 32])
    parser.add_argument("--requests", type=int, default=50, help="Requests per client.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0, help="The server's --timeout, which cuts the runaway query.")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kg-load-"))
    try:
        store = folder / "store"
        if args.store:
            shutil.copytree(args.store, store)
        else:
            sahel_store(folder)
        server = Server(store, "--workers", str(args.workers), "--timeout", str(args.timeout))
        errors: set[str] = set()
        failed = False
        try:
            print(f"kg serve, {args.workers} workers, --timeout {args.timeout:g} s; {args.requests} requests per client; "
                  f"seed {args.seed}; load average before {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
            print(HEADER)
            for clients in args.clients:
                load = run_load(server, clients, args.requests, args.seed)
                print(load.row(), flush=True)
                errors.update(load.errors)
            print("\nwith a runaway query (cross product) sent first:")
            print(HEADER)
            for clients in args.clients:
                load, runaway, during = load_with_runaway(server, clients, args.requests, args.seed)
                print(load.row(), f"runaway: {runaway.status} after {runaway.seconds:.1f} s; "
                      f"{during} requests answered while it ran", flush=True)
                errors.update(load.errors)
                failed |= runaway.status != 503 or during == 0
            print(f"load average after: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
            for message in sorted(errors):
                print("error:", message)
            failed |= bool(errors)
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
