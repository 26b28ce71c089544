"""What a projection read, kept beside an on-disk store so the next projection need not read it again.

Reading a large store is slow because pyoxigraph turns every stored IRI back into a
string (microseconds each, millions of them), while analysts project the same unchanged
store again and again. So :func:`read` keeps the :class:`kg.network.reading.Records` of
each detail level in ``.<name>.kg-cache/`` beside the store directory and uses them while
they are still true. Only the records are kept (strings and integer indexes), never
networkx objects, and only for an on-disk store this process has open; a ``memory:``
store or a SPARQL endpoint is read as before.

When a cache is true:

- **Every write through kg makes it stale first.** The cache records the token of the
  stamp file in the cache folder, and :class:`kg.store.LocalStore` removes that file
  before and after every write (``update``, ``replace_graphs`` and the bulk swap, which
  the other write paths go through). A writer killed mid-write has already removed it.
- **A write that bypassed kg** (a pyoxigraph program opening the directory) is caught by
  counting the rows of every triple pattern the reader read: counting reads index
  entries without turning them into strings, so it costs a fraction of a read. Counts
  catch any added or removed triple of those patterns, not one replaced by another.
- **The files are safe to load from anyone:** JSON for the strings and metadata, numpy
  arrays loaded with ``allow_pickle=False`` for the indexes, every index checked against
  the string table. A damaged, foreign or hostile file makes the cache stale; it is
  rebuilt, never an error. Files are written to temporary names and renamed, the
  metadata last, so a half-written cache is never read.

A projection with a ``relations`` filter uses the cache of the whole store, filtered,
when there is one; it does not build one from its partial read.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import os
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from kg import ontology
from kg.beside import CACHE_STAMP, cache_beside
from kg.network import reading
from kg.network.reading import Derivation, Records
from kg.store import LocalStore, Store

__all__ = ["cache_path", "count_rows", "read"]

#: Bumped whenever what the files hold, or what Records mean, changes: older caches are then stale.
FORMAT = 1


class _Damaged(Exception):
    """The cache files are not what this module writes."""


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
        counted = [[_text(pattern), count.result()] for pattern, count in zip(wanted, counts)]
        if found is not None and found[0] == counted:
            return _only(found[1], relations)
        records = reading.read(store, detail, relations)
        if relations is None:
            _save(folder, detail, token, counted, records)
        return records


def _text(pattern: tuple[ox.NamedNode, ox.NamedNode | None]) -> str:
    predicate, obj = pattern
    return f"{predicate} {obj or '?o'}"


def count_rows(oxigraph: ox.Store, pattern: tuple[ox.NamedNode, ox.NamedNode | None]) -> int:
    """Rows of one ``(predicate, object or None)`` pattern in the union of the graphs, read without making strings.

    The answer goes out as CSV because pyoxigraph writes it without holding Python's lock,
    so the counts run on other threads while Python loads the cache.
    """
    return int(reading.local_rows(oxigraph, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {_text(pattern)} }}", False, list)[0][0])


def _stamp(folder: Path) -> str | None:
    """The token of the cache folder's stamp, made now if a write removed it; ``None`` where no cache can be kept."""
    stamp = folder / CACHE_STAMP
    try:
        return _token(stamp.read_text(encoding="ascii"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError, _Damaged):
        with contextlib.suppress(OSError):
            stamp.unlink()  # removing a stamp only ever makes caches stale
    try:
        folder.mkdir(exist_ok=True)
        with _written(folder, "stamp") as temporary:
            temporary.write_text(secrets.token_hex(16), encoding="ascii")
            # A link fails where a stamp already is: two makers never overwrite each other's token.
            with contextlib.suppress(FileExistsError):
                os.link(temporary, stamp)
        return _token(stamp.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError, _Damaged):
        return None


def _token(text: str) -> str:
    if len(text) != 32 or not all(c in "0123456789abcdef" for c in text):
        raise _Damaged("stamp")
    return text


@contextlib.contextmanager
def _written(folder: Path, what: str) -> Iterator[Path]:
    """A temporary file in ``folder``, removed afterwards whatever happens (rename it to keep it)."""
    handle, name = tempfile.mkstemp(prefix=f".{what}-", dir=folder)
    os.fchmod(handle, 0o644)
    os.close(handle)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _meta_file(folder: Path, detail: str) -> Path:
    return folder / f"{detail}.json"


def _load(folder: Path, detail: str, token: str) -> tuple[list, Records] | None:
    """The pattern counts and records of the cache at ``detail`` if it was made under this stamp and is whole."""
    try:
        meta = json.loads(_meta_file(folder, detail).read_bytes())
        if not (isinstance(meta, dict) and meta.get("format") == FORMAT and meta.get("detail") == detail
                and meta.get("stamp") == token and isinstance(meta.get("counts"), list)
                and isinstance(meta.get("data"), str) and meta["data"].isalnum()):
            return None
        return meta["counts"], _decode(folder / f"{meta['data']}.strings.json", folder / f"{meta['data']}.npz", detail)
    except (OSError, ValueError, _Damaged):
        return None


def _save(folder: Path, detail: str, token: str, counts: list, records: Records) -> None:
    """Write the records' files, then the metadata naming them; a cache that cannot be written is simply not kept."""
    name = f"{detail}{secrets.token_hex(8)}"
    try:
        strings, arrays = _encode(records)
        with _written(folder, "strings") as text, _written(folder, "arrays") as numbers, _written(folder, "meta") as meta:
            text.write_text(json.dumps(strings, ensure_ascii=False), encoding="utf-8")
            with numbers.open("wb") as handle:
                np.savez(handle, **arrays)
            meta.write_text(json.dumps({"format": FORMAT, "detail": detail, "stamp": token, "counts": counts,
                                        "data": name}), encoding="utf-8")
            text.rename(folder / f"{name}.strings.json")
            numbers.rename(folder / f"{name}.npz")
            meta.rename(_meta_file(folder, detail))
    except OSError:
        return
    for old in folder.glob(f"{detail}*.*"):
        if old.name not in (f"{name}.strings.json", f"{name}.npz", f"{detail}.json"):
            old.unlink(missing_ok=True)
    for left in folder.glob(".*-*"):  # temporary files of a writer killed mid-write, an hour ago or more
        with contextlib.suppress(OSError):
            if time.time() - left.stat().st_mtime > 3600:
                left.unlink()


class _Strings:
    """The table of distinct strings the arrays index into (``-1`` stands for ``None``)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def of(self, value: str | None) -> int:
        if value is None:
            return -1
        return self.index.setdefault(value, len(self.index))

    def array(self, *columns) -> np.ndarray:
        """Columns of strings as one row each of a 2-D array."""
        rows = [np.fromiter(map(self.of, column), dtype=np.int32, count=len(column)) for column in columns]
        return np.stack(rows) if rows and len(rows[0]) else np.empty((len(columns), 0), dtype=np.int32)

    def pairs(self, lists) -> np.ndarray:
        """Lists of strings as ``(owner row, string)`` pairs, in order; rows without any are left out."""
        found = [(row, self.of(value)) for row, values in enumerate(lists) for value in values]
        return np.array(found, dtype=np.int32).reshape(-1, 2).T


def _encode(records: Records) -> tuple[list[str], dict[str, np.ndarray]]:
    table = _Strings()
    rows = [d for found in records.derivations for d in found]
    nodes = list(records.nodes.values())
    arrays = {
        "relations": table.array(records.subjects, records.names, records.objects, records.statements, records.iris),
        "bounds": np.cumsum([0, *map(len, records.derivations)], dtype=np.int64),
        "derivations": table.array([d.source for d in rows], [d.start for d in rows], [d.end for d in rows],
                                   [d.point for d in rows]),
        "confidence": np.array([math.nan if d.confidence is None else d.confidence for d in rows], dtype=np.float64),
        "has_confidence": np.array([d.confidence is not None for d in rows], dtype=bool),
        "claims": table.pairs(d.claimed_by for d in rows),
        "quotes": table.pairs(d.quotes for d in rows),
        "nodes": table.array([n["iri"] for n in nodes], [n["label"] for n in nodes], [n["type"] for n in nodes]),
        "aliases": table.pairs(n["aliases"] for n in nodes),
        "titles": table.array(list(records.titles), list(records.titles.values())),
    }
    return list(table.index), arrays


#: The 2-D arrays of strings and their number of rows.
_TABLES = {"relations": 5, "derivations": 4, "claims": 2, "quotes": 2, "nodes": 3, "aliases": 2, "titles": 2}


def _arrays(path: Path, strings: int) -> dict[str, np.ndarray]:
    """The arrays of a cache, checked: names, types, shapes, and every index inside the string table."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except Exception as error:  # whatever a damaged or hostile file makes zipfile or numpy raise: never an error here
        raise _Damaged(str(error)) from None
    if set(arrays) != {*_TABLES, "bounds", "confidence", "has_confidence"}:
        raise _Damaged("arrays")
    for name, rows in _TABLES.items():
        array = arrays[name]
        if array.dtype != np.int32 or array.ndim != 2 or array.shape[0] != rows:
            raise _Damaged(name)
        if array.size and (array.min() < -1 or array.max() >= strings):
            raise _Damaged(name)
    relations, derivations = arrays["relations"].shape[1], arrays["derivations"].shape[1]
    bounds, confidence, present = arrays["bounds"], arrays["confidence"], arrays["has_confidence"]
    if (bounds.dtype != np.int64 or bounds.shape != (relations + 1,) or bounds[0] != 0 or bounds[-1] != derivations
            or (np.diff(bounds) < 0).any()):
        raise _Damaged("bounds")
    if confidence.dtype != np.float64 or present.dtype != bool or not confidence.shape == present.shape == (derivations,):
        raise _Damaged("confidence")
    for name, owners in (("claims", derivations), ("quotes", derivations), ("aliases", arrays["nodes"].shape[1])):
        owner = arrays[name][0]
        if owner.size and (owner.min() < 0 or owner.max() >= owners or (np.diff(owner) < 0).any()):
            raise _Damaged(name)
    return arrays


def _decode(strings_file: Path, arrays_file: Path, detail: str) -> Records:
    try:
        strings = json.loads(strings_file.read_bytes())
    except (OSError, ValueError) as error:
        raise _Damaged(str(error)) from None
    if not isinstance(strings, list) or not all(type(s) is str for s in strings):
        raise _Damaged("strings")
    arrays = _arrays(arrays_file, len(strings))
    table = np.array([*strings, None], dtype=object)  # index -1 is None

    def column(array: np.ndarray, required: bool = False) -> list:
        if required and array.size and array.min() < 0:
            raise _Damaged("missing value")
        return table[array].tolist()

    subjects, names, objects, iris = (column(arrays["relations"][row], required=True) for row in (0, 1, 2, 4))
    if not set(names) <= ontology.relations().keys():
        raise _Damaged("relation")
    if detail == "structure" and arrays["derivations"].size:
        raise _Damaged("detail")
    if detail != "full" and (arrays["titles"].size or arrays["quotes"].size):
        raise _Damaged("detail")
    iris_of_nodes, labels, types = (column(row) for row in arrays["nodes"])
    if None in iris_of_nodes:
        raise _Damaged("node")
    aliases = _lists(arrays["aliases"], len(iris_of_nodes), column)
    nodes = {iri: {"iri": iri, "label": label, "type": kind, "aliases": found or []}
             for iri, label, kind, found in zip(iris_of_nodes, labels, types, aliases)}
    titles = dict(zip(*(column(row, required=True) for row in arrays["titles"])))
    return Records(subjects, names, objects, column(arrays["relations"][3]), iris, _derivations(arrays, column),
                   nodes, titles)


def _lists(pairs: np.ndarray, rows: int, column: Callable[..., list]) -> list:
    """``(owner row, string)`` pairs as one list of strings per row, in their order (``()`` for none)."""
    lists: list = [()] * rows
    for row, value in zip(pairs[0].tolist(), column(pairs[1], required=True)):
        if lists[row]:
            lists[row].append(value)
        else:
            lists[row] = [value]
    return lists


def _derivations(arrays: dict[str, np.ndarray], column: Callable[..., list]) -> list:
    rows = arrays["derivations"].shape[1]
    confidences = [value if present else None
                   for value, present in zip(arrays["confidence"].tolist(), arrays["has_confidence"].tolist())]
    columns = zip(*(column(row) for row in arrays["derivations"]), confidences,
                  _lists(arrays["claims"], rows, column), _lists(arrays["quotes"], rows, column))
    # tuple.__new__ makes each named tuple in C, without the keyword-argument constructor (a million calls).
    flat = list(map(functools.partial(tuple.__new__, Derivation), columns))
    bounds = arrays["bounds"].tolist()
    return [flat[start:end] if end > start else () for start, end in zip(bounds, bounds[1:])]


def _only(records: Records, relations: set[str] | None) -> Records:
    """The records of these relations only, as :func:`kg.network.reading.read` gives them for a filter."""
    if relations is None:
        return records
    rows = [row for row, name in enumerate(records.names) if name in relations]
    columns = [[values[row] for row in rows] for values in records[:6]]
    return Records(*columns, records.nodes, records.titles)
