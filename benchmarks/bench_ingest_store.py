"""Benchmark ``kg ingest`` of one article into a large on-disk store, stage by stage, before and after.

Run from the repository root (the stores are those ``benchmarks/synthetic_store.py`` makes)::

    python benchmarks/bench_ingest_store.py /tmp/kgperf/100k/store /tmp/kgperf/1M/store

Each store is copied to a temporary folder first (the original is never written). On the
copy, each stage that reads the store is timed as it was (the join queries kept below as
``before_*``) and as it is now; then the whole ingest runs end to end, once with the old
stages put back and once as it is, the article's graph dropped in between. Wall and CPU
seconds (CPU of all the process's threads) are printed with the load average: on a shared
machine the wall clock counts others' work too. Later runs find more of the store in the
page cache, so each stage runs once untimed before it is timed old then new.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

import kg.ingest.write
from kg.ingest.known import build_known
from kg.ingest.pipeline import extract, known_names
from kg.ingest.read import read_document
from kg.ingest.write import TEXT_GRAPHS, defined_outside_text, document_triples, graph_of, ingest, stored_hashes
from kg.names import Gazetteer
from kg.ontology import relations
from kg.store import open_store

#: The module (``kg.build`` as an attribute of ``kg`` is the function of that name).
BUILD = importlib.import_module("kg.build")
ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "devset" / "sudan-rsf-el-fasher-2024.txt"


def before_known_names(store=None):
    """``known_names`` as it was: one join for the gazetteer, a bound ``?p`` for the ties, rows as terms."""
    result = store.query("""SELECT ?x ?name ?pref ?class WHERE {
                              ?x skos:prefLabel|skos:altLabel ?name ; skos:prefLabel ?pref ; a ?class .
                              FILTER(STRSTARTS(STR(?class), STR(kg:))) }""")
    known = build_known(Gazetteer((x, n.value, p.value, c.value.rsplit("#", 1)[-1]) for x, n, p, c in result.rows))
    result = store.query("""SELECT ?a ?b WHERE { VALUES ?p { kg:affiliateOf kg:splinterOf kg:memberOf kg:leaderOf
                              kg:spokespersonOf kg:publishedBy } ?a ?p ?b }""")
    for a, b in result.rows:
        known.neighbours.setdefault(a.value, set()).add(b.value)
        known.neighbours.setdefault(b.value, set()).add(a.value)
    return known


def before_defined_outside_text(store) -> set[str]:
    result = store.query(
        """SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x skos:prefLabel ?label } FILTER(!STRSTARTS(STR(?g), ?prefix)) }""",
        {"prefix": ox.Literal(TEXT_GRAPHS)})
    return {row[0].value for row in result.rows}


def before_context_triples(store, graphs, batch: int = 400) -> Iterator[ox.Triple]:
    """``context_triples`` as it was: types and labels asked for with the predicate a bound variable."""
    nodes = sorted({term for triples in graphs.values() for t in triples for term in (t.subject, t.object)
                    if isinstance(term, ox.NamedNode)}, key=lambda n: n.value)
    symmetric = {r.iri for r in relations().values() if r.symmetric}
    reverses = sorted({f"({t.object} {t.predicate} {t.subject})" for triples in graphs.values() for t in triples
                       if t.predicate in symmetric and isinstance(t.object, ox.NamedNode)})
    kept = "FILTER(?g NOT IN ({}))".format(", ".join(str(name) for name in graphs))
    for start in range(0, len(nodes), batch):
        values = " ".join(str(node) for node in nodes[start:start + batch])
        result = store.query(f"""SELECT ?s ?p ?o WHERE {{
              VALUES ?s {{ {values} }} VALUES ?p {{ rdf:type skos:prefLabel }} GRAPH ?g {{ ?s ?p ?o }} {kept} }}""")
        yield from (ox.Triple(*row) for row in result.rows)
    for start in range(0, len(reverses), batch):
        values = " ".join(reverses[start:start + batch])
        result = store.query(f"""SELECT ?s ?p ?o WHERE {{ VALUES (?s ?p ?o) {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {kept} }}""")
        yield from (ox.Triple(*row) for row in result.rows)


def timed(work: Callable[[], object]) -> tuple[object, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bench(original: Path) -> list[tuple[str, str, float, float]]:
    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        print(f"copying {original} ...", file=sys.stderr, flush=True)
        copy = Path(folder) / "store"
        shutil.copytree(original, copy)
        store = open_store(str(copy))
        document = read_document(ARTICLE)
        name = ARTICLE.stem

        def stage(label: str, before: Callable[[], object], after: Callable[[], object]) -> tuple[object, object]:
            after()  # warm-up: the first read of a cold store pays for the disk, whichever version does it
            old, wall_old, cpu_old = timed(before)
            new, wall_new, cpu_new = timed(after)
            rows.extend([(label, "before", wall_old, cpu_old), (label, "after", wall_new, cpu_new)])
            print(f"{label}: {wall_old:.2f}s -> {wall_new:.2f}s", file=sys.stderr, flush=True)
            return old, new

        old_known, known = stage("known_names", lambda: before_known_names(store), lambda: known_names(store))
        assert old_known.names == known.names and old_known.neighbours == known.neighbours, "known names differ"
        stage("stored_hashes", lambda: stored_hashes(store), lambda: stored_hashes(store))
        old_defined, defined = stage("defined_outside_text", lambda: before_defined_outside_text(store),
                                     lambda: defined_outside_text(store))
        assert old_defined == defined, "defined actors differ"
        extraction, wall, cpu = timed(lambda: extract(document, known))
        rows.append(("extract", "same", wall, cpu))
        graphs = {graph_of(name): document_triples(extraction, name, defined)}
        old_context, context = stage("context_triples", lambda: set(before_context_triples(store, graphs)),
                                     lambda: set(BUILD.context_triples(store, graphs)))
        assert old_context == context, "context differs"

        now = (kg.ingest.write.known_names, kg.ingest.write.defined_outside_text, BUILD.context_triples)
        kg.ingest.write.known_names, kg.ingest.write.defined_outside_text, BUILD.context_triples = (
            before_known_names, before_defined_outside_text, before_context_triples)
        try:
            _, wall, cpu = timed(lambda: ingest(store, [ARTICLE]))
        finally:
            kg.ingest.write.known_names, kg.ingest.write.defined_outside_text, BUILD.context_triples = now
        rows.append(("ingest, end to end", "before", wall, cpu))
        store.drop_graphs([graph_of(name)])
        report, wall, cpu = timed(lambda: ingest(store, [ARTICLE]))
        assert report.written == [str(ARTICLE)]
        rows.append(("ingest, end to end", "after", wall, cpu))
        store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path, help="on-disk stores to copy and ingest into")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| store | stage | version | wall s | CPU s |")
    print("|---|---|---|---:|---:|")
    for original in args.stores:
        for label, version, wall, cpu in bench(original):
            print(f"| {original.parent.name} | {label} | {version} | {wall:.2f} | {cpu:.2f} |", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
