"""What a projection read, kept beside an on-disk store so the next projection need not read it again.

Reading a large store is slow because pyoxigraph turns every stored IRI back into a
string (microseconds each, millions of them), while analysts project the same store
again and again, between small writes. So :func:`read` keeps the
:class:`kg.network.reading.Records` of each detail level in ``.<name>.kg-cache/`` beside
the store directory and uses them while they are still true. Only the records are kept
(strings and integer indexes), never networkx objects, and only for an on-disk store this
process has open; a ``memory:`` store or a SPARQL endpoint is read as before.

When a cache is true:

- **A small write through kg is re-read, not the store.** :class:`kg.store.LocalStore`
  notes the subjects a write of a few known graphs touches in the folder's ``journal``
  before it writes (:func:`kg.beside.note_write`). A read finds the notes made since its
  cache was saved and re-reads just those subjects (:mod:`kg.network.patch`), then saves
  the patched records. The result is what reading the whole store gives, or the store
  is read.
- **Every other write through kg makes it stale first.** The cache records the token of
  the stamp file in the cache folder; ``update``, the bulk swap, a write too large to
  note, or a journal that cannot be written remove that file. A writer killed mid-write
  has already noted or removed.
- **A write that bypassed kg** (a pyoxigraph program opening the directory) is caught by
  counting the rows of every triple pattern the reader read: counting reads index
  entries without turning them into strings, so it costs a fraction of a read. Counts
  catch any added or removed triple of those patterns, not one replaced by another, and
  not one made between a cache's save and a kg write that it then patches: the counts
  are taken again after a patch, so they check from then on.
- **The files are safe to load from anyone:** JSON for the strings and metadata, numpy
  arrays loaded with ``allow_pickle=False`` for the indexes, every index checked against
  the string table, each journal line parsed as an IRI. A damaged, foreign or hostile
  file makes the cache stale; it is rebuilt, never an error. Files are written to
  temporary names and renamed, the metadata last, so a half-written cache is never read.

A projection with a ``relations`` filter uses the cache of the whole store, filtered,
when there is one; it does not build one from its partial read.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg import ontology
from kg.beside import CACHE_STAMP, cache_beside
from kg.errors import KgError
from kg.network import patch, reading
from kg.network.cachefiles import Damaged, Files, decode, encode, encode_patched
from kg.network.reading import Records
from kg.sparql import csv_rows
from kg.store import LocalStore, Store

__all__ = ["cache_path", "count_rows", "read"]

#: Bumped whenever what the files hold, or what Records mean, changes: older caches are then stale.
FORMAT = 2


class _Kept(NamedTuple):
    """A cache: its records, the pattern counts of the store it was read from, and where in the journal it stands.

    ``minted``: the read took the minted statement nodes as all there are (see
    :func:`kg.network.reading.statement_count`); only such records are patched.
    """

    records: Records
    counts: list
    minted: bool
    journal: int
    files: Files | None = None


def cache_path(store: Store) -> Path | None:
    """The cache folder of an on-disk store (``.<name>.kg-cache`` beside it); ``None`` for other stores."""
    if isinstance(store, LocalStore) and store.spec != "memory:":
        return cache_beside(store.spec)
    return None


def read(store: Store, detail: str = "full", relations: set[str] | None = None, *, cache: bool = True) -> Records:
    """:func:`kg.network.reading.read`, from the cache beside the store while it is true (see the module notes).

    ``cache=False`` reads the store and leaves the cache alone.
    """
    folder = cache_path(store) if cache else None
    if folder is None or detail not in reading.DETAILS:
        return reading.read(store, detail, relations)
    token = _stamp(folder)
    if token is None:
        return reading.read(store, detail, relations)
    wanted = reading.patterns(detail)
    with ThreadPoolExecutor(reading.THREADS) as pool:
        counts = [pool.submit(count_rows, store.oxigraph, pattern) for pattern in wanted]
        found = _load(folder, detail, token)  # while the store counts
        noted = patch.noted(folder, token, found.journal if found is not None else 0)

        def counted() -> list:
            return [[_text(pattern), count.result()] for pattern, count in zip(wanted, counts)]

        if found is not None and noted is not None and not noted[0] and found.counts == counted():
            return _only(found.records, relations)
        if found is not None and noted is not None and noted[0] and found.minted:
            statements = _count_statements(pool, store, detail)
            made = patch.patch(store, found.records, detail, noted[0])
            # A read now would take the minted statement nodes too if the count still matches them.
            if made is not None and (statements is None or statements.result() == _statements(made.records)):
                files = encode_patched(found.files, made) if found.files is not None else None
                _save(folder, detail, token, _Kept(made.records, counted(), True, noted[1], files))
                return _only(made.records, relations)
        if noted is None:  # a journal not of this cache's making: start afresh under a new stamp
            with contextlib.suppress(OSError):
                (folder / CACHE_STAMP).unlink()
        records, minted = reading.read_noting_minted(store, detail, relations)
        if relations is None and noted is not None:
            _save(folder, detail, token, _Kept(records, counted(), minted, noted[1]))
        return records


def _statements(records: Records) -> int:
    return sum(st is not None for st in records.statements)


def _count_statements(pool: ThreadPoolExecutor, store: LocalStore, detail: str) -> Future[int] | None:
    """The store's statement nodes, counted as a read counts them, where the detail reads them."""
    if detail == "structure":
        return None
    query = reading.statement_count(relation.iri.value for relation in ontology.relations().values())
    return pool.submit(lambda: int(csv_rows(store.oxigraph, query)[0][0]))


def _text(pattern: tuple[ox.NamedNode, ox.NamedNode | None]) -> str:
    predicate, obj = pattern
    return f"{predicate} {obj or '?o'}"


def count_rows(oxigraph: ox.Store, pattern: tuple[ox.NamedNode, ox.NamedNode | None]) -> int:
    """Rows of one ``(predicate, object or None)`` pattern in the union of the graphs, read without making strings.

    The answer goes out as CSV because pyoxigraph writes it without holding Python's lock,
    so the counts run on other threads while Python loads the cache.
    """
    return int(csv_rows(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {_text(pattern)} }}")[0][0])


def _stamp(folder: Path) -> str | None:
    """The token of the cache folder's stamp, made now if a write removed it; ``None`` where no cache can be kept."""
    stamp = folder / CACHE_STAMP
    try:
        return _token(stamp.read_text(encoding="ascii"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, Damaged):
        with contextlib.suppress(OSError):
            stamp.unlink()  # removing a stamp only ever makes caches stale
    try:
        folder.mkdir(exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=".stamp.", suffix=".part", dir=folder)
        os.close(handle)
        try:
            Path(name).write_text(secrets.token_hex(16), encoding="ascii")
            os.chmod(name, 0o644)
            # A link fails where a stamp already is: two makers never overwrite each other's token.
            with contextlib.suppress(FileExistsError):
                os.link(name, stamp)
        finally:
            Path(name).unlink(missing_ok=True)
        return _token(stamp.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, Damaged):
        return None


def _token(text: str) -> str:
    if len(text) != 32 or not all(c in "0123456789abcdef" for c in text):
        raise Damaged("stamp")
    return text


def _meta_file(folder: Path, detail: str) -> Path:
    return folder / f"{detail}.json"


def _load(folder: Path, detail: str, token: str) -> _Kept | None:
    """The cache at ``detail`` if it was made under this stamp and is whole."""
    try:
        meta = json.loads(_meta_file(folder, detail).read_bytes())
        if not (isinstance(meta, dict) and meta.get("format") == FORMAT and meta.get("detail") == detail
                and meta.get("stamp") == token and isinstance(meta.get("counts"), list)
                and isinstance(meta.get("data"), str) and meta["data"].isalnum()
                and type(meta.get("journal")) is int and meta["journal"] >= 0 and type(meta.get("minted")) is bool):
            return None
        records, files = decode(folder / f"{meta['data']}.strings.json", folder / f"{meta['data']}.npz", detail)
        return _Kept(records, meta["counts"], meta["minted"], meta["journal"], files)
    except (OSError, ValueError, Damaged):
        return None


def _save(folder: Path, detail: str, token: str, kept: _Kept) -> None:
    """Write the records' files, then the metadata naming them; a cache that cannot be written is simply not kept."""
    import numpy as np

    from kg.export.output import atomic_paths  # here: kg.export imports kg.network

    name = f"{detail}{secrets.token_hex(8)}"
    try:
        strings, arrays = kept.files or encode(kept.records)
        paths = (folder / f"{name}.strings.json", folder / f"{name}.npz", _meta_file(folder, detail))
        with atomic_paths(*paths) as (text, numbers, meta):
            text.write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")
            with numbers.open("wb") as handle:
                np.savez(handle, **arrays)
            meta.write_text(json.dumps({"format": FORMAT, "detail": detail, "stamp": token, "counts": kept.counts,
                                        "minted": kept.minted, "journal": kept.journal, "data": name}),
                            encoding="utf-8")
    except (OSError, KgError):
        return
    for old in folder.glob(f"{detail}*.*"):
        if old.name not in (f"{name}.strings.json", f"{name}.npz", f"{detail}.json"):
            old.unlink(missing_ok=True)
    for left in folder.glob(".*.part"):  # temporary files of a writer killed mid-write, an hour ago or more
        with contextlib.suppress(OSError):
            if time.time() - left.stat().st_mtime > 3600:
                left.unlink()


def _only(records: Records, relations: set[str] | None) -> Records:
    """The records of these relations only, as :func:`kg.network.reading.read` gives them for a filter."""
    if relations is None:
        return records
    rows = [row for row, name in enumerate(records.names) if name in relations]
    columns = [[values[row] for row in rows] for values in records[:6]]
    return Records(*columns, records.nodes, records.titles)
