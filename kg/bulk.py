"""The bulk write path of the on-disk store: a copy loaded by a child process, then swapped in.

:meth:`kg.store.LocalStore.bulk_replace_triples` drives it; these are its parts. The
copy's directory sits beside the store (``.<name>.kg-bulk-…``) so that one
``renameat2(RENAME_EXCHANGE)`` can swap the two atomically; copies left by a killed writer
are removed by the next bulk write.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.names import with_name_keys

BATCH = 200_000
#: Above this many quads in the graphs being replaced, removing them from a checkpoint
#: (tens of microseconds a quad) costs more than bulk-copying the rest of the store.
REMOVE_MAX = 300_000
WORK_SUFFIX = ".kg-bulk-"


def graph_size(store: ox.Store, graph: ox.NamedNode) -> int:
    """Quads in ``graph``: whether removing the old graphs from a checkpoint is cheaper than a fresh copy."""
    result = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return int(next(iter(result))["n"].value)


def runs(quads: Iterable[ox.Quad]) -> Iterator[tuple[ox.NamedNode, list[ox.Triple]]]:
    """Quads as runs of triples of one graph each."""
    graph, run = None, []
    for quad in quads:
        if quad.graph_name != graph:
            if run:
                yield graph, run
            graph, run = quad.graph_name, []
        run.append(quad.triple)
    if run:
        yield graph, run


#: The loader process. It reads frames (graph IRI length and data length, the IRI, N-Triples)
#: from stdin, and hands each run of frames of one graph to a single ``bulk_load`` as one
#: stream: Oxigraph then parses and sorts it in large batches of its own and writes a few
#: large files, where a ``bulk_load`` per frame wrote a set of small files each time, whose
#: cost per quad grew with the store (on 9.7 M quads: 91 CPU s and 1.5 GB on disk instead of
#: 122 s and 2.8 GB; the price is the batches' memory, about 2 GB instead of 0.4 GB).
#: ``lenient`` skips re-checking IRIs: the data is pyoxigraph's own serialisation.
LOADER = """
import struct, sys
import pyoxigraph as ox

read = sys.stdin.buffer.read


def frame():
    header = read(8)
    if not header:
        return None
    size, length = struct.unpack("<II", header)
    return read(size), length


class Run:
    \"\"\"Consecutive frames of one graph, read as one file.\"\"\"

    def __init__(self):
        self.ahead, self.ended = frame(), True  # the frame that begins the next run; None at the end

    def start(self):
        if self.ahead is None:
            return None
        (self.graph, self.left), self.ended = self.ahead, False
        return ox.NamedNode(self.graph.decode())

    def read(self, n=-1):
        while not self.left:
            if self.ended:
                return b""
            self.ahead = frame()
            if self.ahead is None or self.ahead[0] != self.graph:
                self.ended = True
                return b""
            self.left = self.ahead[1]
        data = read(self.left if n is None or n < 0 else min(n, self.left))
        if not data:
            raise EOFError("input ended inside a frame")
        self.left -= len(data)
        return data


store, run = ox.Store(sys.argv[1]), Run()
while (graph := run.start()) is not None:
    store.bulk_load(run, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
store.flush()
"""


def load_in_child(work: Path, batches: Iterable[tuple[ox.NamedNode, Sequence[ox.Triple]]], targets: set[ox.NamedNode],
                   on_batch: Callable[[int], None] | None) -> int:
    """Bulk-load the runs (with their name keys) into the store at ``work`` from a child process.

    This process serialises batches of :data:`BATCH` triples to N-Triples and writes them
    to a pipe as frames; the child (:data:`LOADER`) reads the frames of one graph as one
    stream while this process makes the next batch, so the pipe holds this process back
    only when the loader falls behind.
    """
    import struct
    import subprocess
    import sys
    import tempfile

    count = 0
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen([sys.executable, "-c", LOADER, str(work)], stdin=subprocess.PIPE, stderr=errors)

        def send(graph: ox.NamedNode, triples: list[ox.Triple]) -> int:
            iri = graph.value.encode()
            keyed = list(with_name_keys(triples))
            data = ox.serialize(keyed, format=ox.RdfFormat.N_TRIPLES)
            child.stdin.write(struct.pack("<II", len(iri), len(data)) + iri)
            child.stdin.write(data)
            return len(keyed)

        try:
            batch: list[ox.Triple] = []
            current = None
            for graph, triples in batches:
                if graph not in targets:
                    raise ValueError(f"quad for graph {graph} outside the graphs being replaced")
                if graph != current or len(batch) >= BATCH:
                    if batch:
                        count += send(current, batch)
                        batch = []
                        if on_batch is not None:
                            on_batch(count)
                    current = graph
                batch.extend(triples)
            if batch:
                count += send(current, batch)
            child.stdin.close()
        except BrokenPipeError:
            pass
        finally:
            if child.poll() is None and not child.stdin.closed:
                child.kill()
            code = child.wait()
        if code != 0:
            errors.seek(0)
            lines = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"bulk loader failed: {lines[-1] if lines else f'exit code {code}'}")
    return count


def remove_leftovers(path: Path) -> None:
    """Copies left by a bulk write that was killed; the store lock shows none is in use."""
    for leftover in path.parent.glob(f".{path.name}{WORK_SUFFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def exchange(new: Path, path: Path) -> None:
    """Swap two directories atomically (Linux ``renameat2``); else two renames, a moment apart."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        exchanged = libc.renameat2(-100, os.fsencode(new), -100, os.fsencode(path), 2) == 0
    except (OSError, AttributeError):
        exchanged = False
    if not exchanged:
        aside = new.with_name(new.name + "-old")
        os.rename(path, aside)
        os.rename(new, path)
        os.rename(aside, new)
