"""kg serve under bounded load from concurrent clients on 127.0.0.1, with a runaway query among them.

The load generator is ``benchmarks/bench_load.py`` (which prints the bigger table): here 8
and then 16 client threads send a fixed number of named and random valid SPARQL queries to
a real ``kg serve`` process over an on-disk store, and every request must be answered.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_load import HEADER, Server, load_with_runaway, random_query, run_load  # noqa: E402

TIMEOUT = 3.0


@pytest.fixture(scope="module")
def server(sahel_dir, tmp_path_factory):
    store = tmp_path_factory.mktemp("load") / "store"
    shutil.copytree(sahel_dir, store)
    running = Server(store, "--workers", "2", "--timeout", str(TIMEOUT))
    yield running
    running.stop()


def test_random_queries_are_valid_sparql(sahel):
    import random

    rng = random.Random(1)
    for _ in range(200):
        query, _accept = random_query(rng)
        sahel.query(query)  # raises KgError on a syntax error


def test_concurrent_clients_all_get_answers(server):
    load = run_load(server, clients=8, requests=25, seed=11)
    print(f"\n{HEADER}\n{load.row()}")
    assert len(load.latencies) == 200
    assert load.errors == []
    assert 0 < load.percentile(0.5) <= load.percentile(0.99)


def test_runaway_query_is_cut_while_the_others_are_answered(server):
    load, runaway, during = load_with_runaway(server, clients=16, requests=10, seed=12)
    print(f"\n{HEADER}\n{load.row()} runaway: {runaway.status} after {runaway.seconds:.1f} s, {during} answered meanwhile")
    assert runaway.status == 503 and "time limit" in runaway.message
    assert TIMEOUT <= runaway.seconds < TIMEOUT + 5
    assert load.errors == [] and len(load.latencies) == 160
    assert during > 0, "no other request was answered while the runaway query ran"
