"""Shared fixtures: real stores (in memory, on disk) and a real Oxigraph server process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg import build, open_store

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "mali-coup-2020.txt"


def run_kg(*args: str, store: str | Path | None = None, cwd: Path | None = None, timeout: float = 120):
    """Run the real ``kg`` command line in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_DEBUG")}
    if store is not None:
        env["KG_STORE"] = str(store)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout
    )


@pytest.fixture(scope="session")
def sahel():
    """The built-in graph in an in-memory store, built once for read-only tests."""
    store = open_store("memory:")
    build(store)
    return store


@pytest.fixture(scope="session")
def sahel_dir(tmp_path_factory) -> Path:
    """An on-disk store holding the built-in graph (built through the CLI)."""
    path = tmp_path_factory.mktemp("stores") / "sahel"
    result = run_kg("build", "--store", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def corpus_text() -> str:
    if not CORPUS.exists():
        pytest.skip("../shared/corpus is not beside the repository")
    return CORPUS.read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path):
    """A real ``oxigraph serve`` process on 127.0.0.1 with a union default graph."""
    executable = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = _free_port()
    process = subprocess.Popen(
        [executable, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"oxigraph serve did not start: {process.stderr.read().decode()}") from None
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)
