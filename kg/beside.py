"""The files kg keeps beside an on-disk store's directory, and what each is for.

- ``.<name>.kg-lock``: held (``flock``) while a kg process has the store open;
- ``.<name>.kg-staging``: a transactional write may have left staging graphs behind;
- ``.<name>.kg-cache/``: what readers keep of what they read (:mod:`kg.network.cache`),
  valid only while its ``stamp`` file exists, which every write removes.

They sit beside the directory, not in it, because the bulk write path swaps the directory
for a copy, and RocksDB's files are RocksDB's.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

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
