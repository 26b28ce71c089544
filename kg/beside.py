"""The files kg keeps beside an on-disk store's directory, and what each is for.

- ``.<name>.kg-lock``: held (``flock``) while a kg process has the store open;
- ``.<name>.kg-staging``: a transactional write may have left staging graphs behind;
- ``.<name>.kg-cache/``: what readers keep of what they read (:mod:`kg.network.cache`),
  valid only while its ``stamp`` file exists. A small write of known graphs first notes
  the subjects it touches in the folder's ``journal`` (:func:`note_write`), so readers
  re-read just those; any other write removes the stamp.

They sit beside the directory, not in it, because the bulk write path swaps the directory
for a copy, and RocksDB's files are RocksDB's.
"""

from __future__ import annotations

import fcntl
import itertools
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError


def in_use(path: str) -> str:
    """The one line for a store another process holds."""
    return f"store {path} is in use by another process (a running kg or oxigraph serve): stop it or use another --store"


def beside(spec: str | Path, suffix: str) -> Path:
    """``.<name>.<suffix>`` in the folder that holds the store directory (the path resolved, so ``--store .`` works)."""
    path = Path(spec).resolve()
    return path.parent / f".{path.name}.{suffix}"


def _sync_folder(folder: Path) -> None:
    """Make a file created or removed in ``folder`` reach the disk (best effort)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError:
        pass


def lock_beside(path: Path) -> int | None:
    """Hold ``.<name>.kg-lock`` beside the store directory while it is open (``flock``, freed on exit or kill).

    RocksDB's own lock is a file inside the directory, and the bulk path closes the store
    and swaps the directory for its copy: in that moment a second kg could open the old
    directory and write into the copy about to be deleted. This lock does not move with
    the directory. Where it cannot be created (a read-only folder) RocksDB's lock is all.
    """
    try:
        handle = os.open(beside(path, "kg-lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise KgError(in_use(str(path))) from None
    return handle


def staging_mark(spec: str) -> Path:
    """``.<name>.kg-staging`` beside the store: a transactional write may have left staging graphs."""
    return beside(spec, "kg-staging")


def durably_create(mark: Path) -> None:
    """Create ``mark`` and make it reach the disk before the write it announces does."""
    try:
        mark.touch()
    except OSError:  # a read-only folder: every open lists the graphs instead (see kg.store.LocalStore._drop_staging)
        return
    _sync_folder(mark.parent)


CACHE_STAMP = "stamp"


def cache_beside(spec: str) -> Path:
    """``.<name>.kg-cache``, beside the store directory: where readers keep what they read (:mod:`kg.network.cache`)."""
    return beside(spec, "kg-cache")


def unstamp(stamp: Path | None) -> None:
    """Remove a cache's stamp (the cache is stale from then on), durably, before a write."""
    if stamp is None:
        return
    try:
        stamp.unlink()
    except (FileNotFoundError, NotADirectoryError):  # no cache folder: nothing to make stale
        return
    except OSError as error:
        raise KgError(f"cannot mark the cache {stamp.parent} stale before writing: {error.strerror}; remove it") from None
    _sync_folder(stamp.parent)  # the removal reaches the disk before the write does


JOURNAL = "journal"
#: A write whose old and new graphs together hold more triples than this makes the cache stale instead.
JOURNAL_TRIPLES = 100_000
#: A journal that would grow past this many bytes makes the cache stale instead (the next read is a full one).
JOURNAL_BYTES = 8 << 20


def touched_by(store: ox.Store, spec: str, graphs: Mapping[ox.NamedNode, Iterable[ox.Triple]],
               limit: int | None = None) -> tuple[Mapping[ox.NamedNode, Iterable[ox.Triple]], set[str] | None]:
    """The subjects whose triples replacing ``graphs`` in the store at ``spec`` may change, and the graphs to write.

    The subjects are those of the old graphs' triples and of the new ones: every triple
    the write adds or removes has one of them as subject. The new triples are gathered
    into lists (a generator can be read once), up to ``limit`` old and new triples
    together (:data:`JOURNAL_TRIPLES` unless given). Past it, or with a blank node as
    subject (a reader cannot name it), the subjects are ``None`` and the rest of the
    triples stay unread. They are ``None`` too, unread, when the store has no cache to
    keep true.
    """
    if not (cache_beside(spec) / CACHE_STAMP).exists():
        return graphs, None
    budget = JOURNAL_TRIPLES if limit is None else limit
    for name in graphs:
        size = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        budget -= int(next(iter(size))["n"].value)
    kept: dict[ox.NamedNode, Iterable[ox.Triple]] = {}
    subjects: set[str] | None = set() if budget >= 0 else None
    for name, triples in graphs.items():
        if subjects is None:
            kept[name] = triples
            continue
        iterator = iter(triples)
        head = list(itertools.islice(iterator, budget + 1))
        budget -= len(head)
        kept[name] = head if budget >= 0 else itertools.chain(head, iterator)
        subjects = _named((t.subject for t in head), subjects) if budget >= 0 else None
    for name in graphs:
        if subjects is None:
            break
        rows = store.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH {name} {{ ?s ?p ?o }} }}")
        subjects = _named((row["s"] for row in rows), subjects)
    return kept, subjects


def _named(terms: Iterable[Any], into: set[str]) -> set[str] | None:
    """``into`` with the IRIs of ``terms``; ``None`` if one is a blank node."""
    for term in terms:
        if not isinstance(term, ox.NamedNode):
            return None
        into.add(term.value)
    return into


def note_write(folder: Path | None, touched: set[str] | None) -> None:
    """Before and after a write: note the subjects it touches in the cache's journal, or make the cache stale.

    Before the write, so that a writer killed mid-write leaves the note (re-reading those
    subjects gives the truth whether the write happened or not); after it, so that a read
    that overlapped the write re-reads them next time. ``None`` (unknown or too many), or
    a journal that cannot be written or would grow too large, removes the stamp instead.
    Without a stamp there is no valid cache to keep true, and nothing is noted.
    """
    if folder is None:
        return
    stamp = folder / CACHE_STAMP
    if touched is None:
        unstamp(stamp)
        return
    if not touched:
        return
    try:
        token = stamp.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError:
        unstamp(stamp)
        return
    try:
        _append(folder / JOURNAL, token, "".join(f"{iri}\n" for iri in sorted(touched)).encode("utf-8"))
    except OSError:
        unstamp(stamp)


def _append(journal: Path, token: bytes, entry: bytes) -> None:
    """Append ``entry`` to the journal of the stamp ``token`` (its first line), durably.

    A journal of another stamp (whose caches are stale anyway) is started afresh.
    """
    handle = os.open(journal, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        started = os.pread(handle, len(token) + 1, 0) != token + b"\n"
        if started:
            os.ftruncate(handle, 0)
            entry = token + b"\n" + entry
        if os.fstat(handle).st_size + len(entry) > JOURNAL_BYTES:
            raise OSError("the journal is full")
        os.write(handle, entry)
        os.fsync(handle)
    finally:
        os.close(handle)
    if started:
        _sync_folder(journal.parent)
