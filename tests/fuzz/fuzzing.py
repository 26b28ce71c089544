"""What every fuzz target checks: the command ends in success or in one clear error, on time, store unchanged.

Most inputs run in-process through click's ``CliRunner`` (the real ``kg`` command
group, ``catch_exceptions=False`` so that anything escaping ``reports_errors`` fails the
test); a few targets also run the real command in a subprocess. An on-disk store is
compared quad by quad before and after every failed run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner
from hypothesis import settings

from kg.cli import main

COUNTS: Counter[str] = Counter()
SCALE = int(os.environ.get("KG_FUZZ_SCALE", "1"))


def examples(n: int) -> settings:
    """``n`` inputs in CI, ``n * KG_FUZZ_SCALE`` in the long run."""
    return settings(max_examples=n * SCALE)


class Hang(BaseException):
    """A run took longer than its limit (a BaseException, so ``reports_errors`` cannot swallow it)."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the main thread after ``seconds``: a hang fails the test instead of stalling CI."""

    def on_alarm(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def store_digest(path: Path) -> str:
    """A digest of every quad in the store directory (Oxigraph dumps in key order, so equal stores dump alike)."""
    import pyoxigraph as ox

    from kg.store import open_store

    with open_store(str(path)) as store:
        dump = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    return f"{hashlib.sha256(dump).hexdigest()}:{len(dump.splitlines())}"


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def check_outcome(exit_code: int, stdout: str, stderr: str) -> Outcome:
    """Success, or exactly one ``kg: error:`` line (details after it indented) and exit 1 or 2; never a traceback."""
    assert "Traceback" not in stderr and "Traceback" not in stdout, stderr[-2000:]
    assert "internal error" not in stderr, stderr[-2000:]
    if exit_code == 0:
        return Outcome(exit_code, stdout, stderr)
    assert exit_code in (1, 2), (exit_code, stderr[-2000:])
    lines = stderr.splitlines()
    errors = [n for n, line in enumerate(lines) if line.startswith("kg: error: ")]
    assert len(errors) == 1, stderr[-2000:]
    assert all(line.startswith("  ") for line in lines[errors[0] + 1:]), stderr[-2000:]
    return Outcome(exit_code, stdout, stderr)


def run_cli(args: list[str], *, store: Path | None = None, timeout: float = 60, target: str | None = None) -> Outcome:
    """Run ``kg ARGS`` in-process; check the outcome, and that a failure left ``store`` as it was."""
    if target:
        COUNTS[target] += 1
    before = store_digest(store) if store is not None else None
    runner = CliRunner()
    with time_limit(timeout):
        result = runner.invoke(main, args, catch_exceptions=False, env={"KG_STORE": None, "KG_DEBUG": None})
    outcome = check_outcome(result.exit_code, result.stdout, result.stderr)
    if store is not None and outcome.exit_code != 0:
        assert store_digest(store) == before, f"the store changed on a failed run: {outcome.stderr[-500:]}"
    return outcome


@contextmanager
def store_copy(template: Path):
    """A fresh copy of a store directory for one input, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    try:
        target = folder / "store"
        shutil.copytree(template, target)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def scratch():
    """A temporary folder for one input's files."""
    folder = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
