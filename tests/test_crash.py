"""kg killed mid-write: the store reopens, validates, and holds each source whole or not at all.

Each run copies a built store, starts ``kg ingest`` (six articles, one atomic write) or ``kg
import ucdp`` (a synthetic GED file, the bulk path) in its own process group, and sends SIGKILL
after a seeded random delay. The delays are stratified over the length of an uninterrupted run,
so the kills fall in start-up, extraction or conversion, the write, and after it; more kills are
stratified over the write phase itself (from the moment the write-ahead log grows, or the bulk
path's working copy appears, to the end of the run), and one lands right after the bulk path
swaps the store's directory. The reopened store must equal, quad for quad, either the store
before the command or the store after an uninterrupted run (each of which passes ``kg
validate``), so no source can be half there. ``KG_CRASH_RUNS`` (default 3 per command) and
``KG_CRASH_SEED`` (default 7) set the number of kills and the seed; the seed is printed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import open_store
from tests.conftest import REPO, run_kg

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic_ged import write_ged  # noqa: E402

DEVSET = Path(__file__).parent / "devset"
ARTICLES = [DEVSET / f"{name}.txt" for name in (
    "afghanistan-kabul-airport-2021", "lake-chad-shekau-2021", "mozambique-mocimboa-2021",
    "somalia-hotel-siege-2022", "syria-idlib-hts-2020", "yemen-aqap-abyan-2022")]
RUNS = int(os.environ.get("KG_CRASH_RUNS", "3"))
SEED = int(os.environ.get("KG_CRASH_SEED", "7"))
GED_ROWS = int(os.environ.get("KG_CRASH_GED_ROWS", "1500"))


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_DEBUG")}


def _start(*args: str) -> subprocess.Popen:
    """A real ``kg`` process in its own process group, so a kill reaches anything it started."""
    return subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=_env(), start_new_session=True)


def _run_and_kill(args: list[str], delay: float, trigger: Callable[[], bool] | None = None) -> int | None:
    """Run ``kg args``; SIGKILL it ``delay`` seconds after it starts (or after ``trigger()`` first holds).

    Returns the exit code if it finished first, else None (killed).
    """
    process = _start(*args)
    try:
        while trigger is not None and process.poll() is None and not trigger():
            time.sleep(0.002)
        return process.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return None
    finally:
        process.stderr.close()


def _wal_grows(store: Path) -> Callable[[], bool]:
    """True once a write-ahead log file that was not there at the start holds data: the write has begun."""
    old = {p.name for p in store.glob("*.log")}

    def grown() -> bool:
        return any(p.name not in old and p.stat().st_size > 4096 for p in store.glob("*.log") if p.exists())

    return grown


def _bulk_copy_exists(store: Path) -> Callable[[], bool]:
    """True once the bulk path's working copy beside the store exists: the load has begun."""
    return lambda: any(store.parent.glob(f".{store.name}.kg-bulk-*"))


def _swapped(store: Path) -> Callable[[], bool]:
    """True once the store's directory is another one: the bulk path's swap has happened."""
    inode = store.stat().st_ino
    return lambda: store.stat().st_ino != inode


def _graphs(path: Path) -> dict[str, frozenset[str]]:
    """Reopen the store as kg does (dropping any staging graph) and read each named graph."""
    graphs: dict[str, set[str]] = {}
    with open_store(str(path)) as store:
        for quad in store.quads():
            graphs.setdefault(quad.graph_name.value, set()).add(f"{quad.subject} {quad.predicate} {quad.object}")
    return {name: frozenset(quads) for name, quads in graphs.items()}


@dataclass
class Reference:
    """The store before a command and after an uninterrupted run; how long the run and its write phase took."""

    before: dict[str, frozenset[str]]
    after: dict[str, frozenset[str]]
    seconds: float
    write_seconds: float


def _reference(base: Path, work: Path, args: list[str], write_begins: Callable[[Path], Callable[[], bool]]) -> Reference:
    store = work / "reference"
    shutil.copytree(base, store)
    began = write_begins(store)
    process = _start(*args, "--store", str(store))
    started = time.perf_counter()
    writing = None
    while process.poll() is None:
        if writing is None and began():
            writing = time.perf_counter()
        time.sleep(0.002)
    ended = time.perf_counter()
    error = process.stderr.read().decode()
    process.stderr.close()
    assert process.returncode == 0, error
    assert writing is not None, "the write phase was never seen"
    assert run_kg("validate", "--store", str(store)).returncode == 0
    return Reference(_graphs(base), _graphs(store), ended - started, ended - writing)


def _delays(seconds: float, runs: int, rng: random.Random) -> list[float]:
    """One kill time in each of ``runs`` equal slices of 5 %–105 % of an uninterrupted run."""
    width = 1.0 / runs
    return [seconds * (0.05 + width * (i + rng.random())) for i in range(runs)]


Plan = list[tuple[str, float, Callable[[Path], Callable[[], bool]] | None]]


def _kill_runs(base: Path, work: Path, args: list[str], reference: Reference, plan: Plan, validate: bool) -> list[str]:
    """Kill ``kg args`` as ``plan`` says (phase, delay, trigger); check every reopened store; return what each run saw."""
    seen = []
    new = set(reference.after) - set(reference.before)
    for number, (phase, delay, trigger) in enumerate(plan):
        store = work / f"killed-{number}"
        shutil.copytree(base, store)
        code = _run_and_kill([*args, "--store", str(store)], delay, trigger(store) if trigger else None)
        graphs = _graphs(store)
        state = "before" if graphs == reference.before else "after" if graphs == reference.after else None
        partial = {g: f"{len(graphs[g])} of {len(reference.after[g])} quads, {len(graphs[g] - reference.after[g])} unknown"
                   for g in new if graphs.get(g) not in (None, reference.after[g])}
        where = f"seed {SEED}: kill {phase} +{delay:.3f} s"
        assert state is not None, f"{where} left the store in neither state; partial graphs: {partial}"
        if validate:
            result = run_kg("validate", "--store", str(store))
            assert result.returncode == 0, f"{where}: {result.stdout}{result.stderr}"
        assert code in (None, 0), where
        seen.append(f"{phase} +{delay:.3f}s: {'finished first' if code == 0 else 'killed'}, store {state}")
        shutil.rmtree(store)
    return seen


@pytest.fixture(scope="module")
def rng() -> random.Random:
    print(f"\ncrash runs: seed {SEED} (KG_CRASH_SEED), {RUNS} timed kills per command (KG_CRASH_RUNS)")
    return random.Random(SEED)


@pytest.fixture(scope="module")
def ged(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ged") / "synthetic-ged.csv"
    write_ged(path, GED_ROWS, seed=SEED)
    return path


@pytest.fixture(scope="module")
def import_reference(sahel_dir, ged, tmp_path_factory) -> Reference:
    return _reference(sahel_dir, tmp_path_factory.mktemp("import-reference"), ["import", "ucdp", str(ged)], _bulk_copy_exists)


def test_killed_ingest_leaves_every_article_whole_or_absent(sahel_dir, tmp_path, rng):
    args = ["ingest", *map(str, ARTICLES)]
    reference = _reference(sahel_dir, tmp_path, args, _wal_grows)
    assert len(set(reference.after) - set(reference.before)) == len(ARTICLES)
    plan: Plan = [("at", delay, None) for delay in _delays(reference.seconds, RUNS, rng)]
    writes = max(2, RUNS // 2 + 1)
    plan += [("in the write", delay, _wal_grows) for delay in _delays(reference.write_seconds, writes, rng)]
    seen = _kill_runs(sahel_dir, tmp_path, args, reference, plan, validate=True)
    print("ingest:", "; ".join(seen))
    assert any("killed, store before" in run for run in seen)


def test_killed_import_leaves_the_dataset_whole_or_absent(sahel_dir, tmp_path, rng, ged, import_reference):
    args = ["import", "ucdp", str(ged)]
    plan: Plan = [("at", delay, None) for delay in _delays(import_reference.seconds, RUNS, rng)]
    loads = _delays(import_reference.write_seconds, max(2, RUNS // 2 + 1), rng)
    plan += [("in the bulk write", delay, _bulk_copy_exists) for delay in loads]
    plan += [("right after the swap", 0.0, _swapped)]
    # The states before and after pass kg validate (checked once); every killed store equals one of them.
    seen = _kill_runs(sahel_dir, tmp_path, args, import_reference, plan, validate=False)
    print("import:", "; ".join(seen))
    leftovers = sorted(p.name for p in tmp_path.glob(".killed-*.kg-bulk-*"))
    print("import: copies left beside killed stores (removed by the next bulk write):", len(leftovers))
    store = tmp_path / "killed-0"
    shutil.copytree(sahel_dir, store)
    (tmp_path / ".killed-0.kg-bulk-leftover").mkdir()
    assert run_kg(*args, "--store", str(store)).returncode == 0
    assert _graphs(store) == import_reference.after
    assert not list(tmp_path.glob(".killed-0.kg-bulk-*"))


def _holds_lock(process: subprocess.Popen, store: Path, timeout: float = 60) -> None:
    """Wait until ``process`` has the store open (its lock file among its open files)."""
    lock = str((store / "LOCK").resolve())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first writer ended before it was seen holding the store"
        for fd in Path(f"/proc/{process.pid}/fd").iterdir():
            try:
                if os.readlink(fd) == lock:
                    return
            except OSError:
                continue
        time.sleep(0.02)
    raise AssertionError("the first writer never opened the store")


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to see which process holds the store")
def test_second_writer_is_refused_and_nothing_is_corrupted(sahel_dir, tmp_path, ged, import_reference):
    store = tmp_path / "shared"
    shutil.copytree(sahel_dir, store)
    first = _start("import", "ucdp", str(ged), "--store", str(store))
    try:
        _holds_lock(first, store)
        # Frozen where it stands, still holding the store, so the others surely meet it at work.
        os.killpg(first.pid, signal.SIGSTOP)
        try:
            for second in (["ingest", str(ARTICLES[0])], ["build"], ["import", "ucdp", str(ged)]):
                result = run_kg(*second, "--store", str(store))
                assert result.returncode == 2, result.stderr
                assert "is in use by another process" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        finally:
            os.killpg(first.pid, signal.SIGCONT)
        assert first.wait(timeout=120) == 0, first.stderr.read().decode()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        first.stderr.close()
    assert _graphs(store) == import_reference.after


def test_store_stays_locked_while_the_bulk_path_swaps_it(tmp_path, monkeypatch):
    """The bulk write closes the store to swap its directory; no other kg may open it in that moment.

    A kill cannot be timed into a window of microseconds, so the swap itself is wrapped: a
    second kg process tries the store at the very moment before the directories change.
    """
    import pyoxigraph as ox

    import kg.bulk

    path = tmp_path / "store"
    graph = ox.NamedNode("https://w3id.org/kg/id/graph/test")
    quad = ox.Quad(ox.NamedNode("https://w3id.org/kg/id/a"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                   ox.Literal("a"), graph)
    probes = []
    swap = kg.bulk.exchange

    def probed_swap(new: Path, target: Path) -> None:
        probes.append(run_kg("query", "--store", str(target), "ASK { ?s ?p ?o }"))
        swap(new, target)

    monkeypatch.setattr(kg.bulk, "exchange", probed_swap)
    with open_store(str(path)) as store:
        assert store.bulk_replace_graphs([graph], [quad]) == 1
        assert len(list(store.quads())) == 1
    assert probes and probes[0].returncode == 2 and "is in use" in probes[0].stderr, probes[0].stdout
