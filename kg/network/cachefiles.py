"""The files of a projection cache (:mod:`kg.network.cache`): records as a table of strings and arrays of indexes.

The strings go in JSON, the indexes in numpy arrays loaded with ``allow_pickle=False``;
every index is checked against the table, so a damaged or hostile file is refused
(:class:`Damaged`), never trusted. numpy is imported where used: importing
:mod:`kg.network` should not cost its import.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from kg import ontology
from kg.network.reading import Derivation, Records

if TYPE_CHECKING:
    import numpy as np

    from kg.network.patch import Patch

__all__ = ["Damaged", "Files", "decode", "encode", "encode_patched"]


class Damaged(Exception):
    """The cache files are not what this module writes."""


class Files(NamedTuple):
    """What a cache's files hold: the string table, and the arrays of indexes into it (``-1`` for ``None``)."""

    strings: list[str]
    arrays: dict[str, np.ndarray]


class _Strings:
    """The table of distinct strings the arrays index into (``-1`` stands for ``None``)."""

    def __init__(self) -> None:
        self.index: dict[str | None, int] = {None: -1}

    def add(self, values) -> None:
        """Number the new strings among ``values`` (deduplicated in C first: a column repeats most of its values)."""
        fresh = [value for value in dict.fromkeys(values) if value not in self.index]
        self.index.update(zip(fresh, range(len(self.index) - 1, len(self.index) - 1 + len(fresh))))

    def strings(self) -> list[str]:
        return list(self.index)[1:]

    def array(self, *columns) -> np.ndarray:
        """Columns of strings as one row each of a 2-D array."""
        import numpy as np

        rows = []
        for column in columns:
            self.add(column)
            rows.append(np.fromiter(map(self.index.__getitem__, column), dtype=np.int32, count=len(column)))
        return np.stack(rows) if rows and len(rows[0]) else np.empty((len(columns), 0), dtype=np.int32)

    def pairs(self, lists) -> np.ndarray:
        """Lists of strings as ``(owner row, string)`` pairs, in order; rows without any are left out."""
        import numpy as np

        found = [(row, value) for row, values in enumerate(lists) for value in values]
        self.add(value for _, value in found)
        return np.array([(row, self.index[value]) for row, value in found], dtype=np.int32).reshape(-1, 2).T


def encode(records: Records) -> Files:
    """The records as a string table and arrays of indexes into it."""
    table = _Strings()
    arrays = {**_relations(table, records), **_nodes(table, records)}
    return Files(table.strings(), arrays)


def encode_patched(files: Files, made: Patch) -> Files:
    """The files of patched records, from the files of the records patched and the few rows the patch made.

    Encoding a million rows costs seconds; the kept rows' indexes are moved with numpy
    instead. The string table keeps the strings of removed rows (a full read starts it
    afresh); nodes and titles, far fewer than relations, are encoded again.
    """
    import numpy as np

    table = _Strings()
    table.index.update(zip(files.strings, range(len(files.strings))))
    if len(table.index) != len(files.strings) + 1:  # a string twice: not a table this module wrote
        return encode(made.records)
    old, fresh = files.arrays, _relations(table, made.rows)
    order = np.asarray(made.order, dtype=np.int64)
    arrays = {"relations": np.concatenate([old["relations"], fresh["relations"]], axis=1)[:, order]}
    # Each row's derivations, in the old and new rows' numbering one after the other, in the new order.
    bounds = np.concatenate([old["bounds"], fresh["bounds"][1:] + old["bounds"][-1]])
    starts, lengths = bounds[:-1][order], np.diff(bounds)[order]
    arrays["bounds"] = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    picks = np.repeat(starts - arrays["bounds"][:-1], lengths) + np.arange(arrays["bounds"][-1], dtype=np.int64)
    for name in ("derivations", "confidence", "has_confidence"):
        arrays[name] = np.concatenate([old[name], fresh[name]], axis=-1)[..., picks]
    renumbered = np.full(bounds[-1], -1, dtype=np.int64)
    renumbered[picks] = np.arange(len(picks))
    for name in ("claims", "quotes"):
        pairs = np.concatenate([old[name], fresh[name] + np.array([[old["bounds"][-1]], [0]], dtype=np.int32)], axis=1)
        owners = renumbered[pairs[0]]
        kept = np.flatnonzero(owners >= 0)
        kept = kept[np.argsort(owners[kept], kind="stable")]  # by new owner, each owner's own order kept
        arrays[name] = np.stack([owners[kept], pairs[1][kept]]).astype(np.int32).reshape(2, -1)
    arrays.update(_nodes(table, made.records))
    return Files(table.strings(), arrays)


def _relations(table: _Strings, records: Records) -> dict[str, np.ndarray]:
    import numpy as np

    rows = [d for found in records.derivations for d in found]
    return {
        "relations": table.array(records.subjects, records.names, records.objects, records.statements, records.iris),
        "bounds": np.cumsum([0, *map(len, records.derivations)], dtype=np.int64),
        "derivations": table.array([d.source for d in rows], [d.start for d in rows], [d.end for d in rows],
                                   [d.point for d in rows]),
        "confidence": np.array([math.nan if d.confidence is None else d.confidence for d in rows], dtype=np.float64),
        "has_confidence": np.array([d.confidence is not None for d in rows], dtype=bool),
        "claims": table.pairs(d.claimed_by for d in rows),
        "quotes": table.pairs(d.quotes for d in rows),
    }


def _nodes(table: _Strings, records: Records) -> dict[str, np.ndarray]:
    nodes = list(records.nodes.values())
    return {
        "nodes": table.array([n["iri"] for n in nodes], [n["label"] for n in nodes], [n["type"] for n in nodes]),
        "aliases": table.pairs(n["aliases"] for n in nodes),
        "titles": table.array(list(records.titles), list(records.titles.values())),
    }


#: The 2-D arrays of strings and their number of rows.
_TABLES = {"relations": 5, "derivations": 4, "claims": 2, "quotes": 2, "nodes": 3, "aliases": 2, "titles": 2}


def _arrays(path: Path, strings: int) -> dict[str, np.ndarray]:
    """The arrays of a cache, checked: names, types, shapes, and every index inside the string table."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except Exception as error:  # whatever a damaged or hostile file makes zipfile or numpy raise: never an error here
        raise Damaged(str(error)) from None
    if set(arrays) != {*_TABLES, "bounds", "confidence", "has_confidence"}:
        raise Damaged("arrays")
    for name, rows in _TABLES.items():
        array = arrays[name]
        if array.dtype != np.int32 or array.ndim != 2 or array.shape[0] != rows:
            raise Damaged(name)
        if array.size and (array.min() < -1 or array.max() >= strings):
            raise Damaged(name)
    relations, derivations = arrays["relations"].shape[1], arrays["derivations"].shape[1]
    bounds, confidence, present = arrays["bounds"], arrays["confidence"], arrays["has_confidence"]
    if (bounds.dtype != np.int64 or bounds.shape != (relations + 1,) or bounds[0] != 0 or bounds[-1] != derivations
            or (np.diff(bounds) < 0).any()):
        raise Damaged("bounds")
    if confidence.dtype != np.float64 or present.dtype != bool or not confidence.shape == present.shape == (derivations,):
        raise Damaged("confidence")
    for name, owners in (("claims", derivations), ("quotes", derivations), ("aliases", arrays["nodes"].shape[1])):
        owner = arrays[name][0]
        if owner.size and (owner.min() < 0 or owner.max() >= owners or (np.diff(owner) < 0).any()):
            raise Damaged(name)
    return arrays


def decode(strings_file: Path, arrays_file: Path, detail: str) -> tuple[Records, Files]:
    """The records of a cache's files, and the files as read (for :func:`encode_patched`); :class:`Damaged` if not whole."""
    import numpy as np

    try:
        strings = json.loads(strings_file.read_bytes())
    except (OSError, ValueError) as error:
        raise Damaged(str(error)) from None
    if not isinstance(strings, list) or not all(type(s) is str for s in strings):
        raise Damaged("strings")
    arrays = _arrays(arrays_file, len(strings))
    table = np.array([*strings, None], dtype=object)  # index -1 is None

    def column(array: np.ndarray, required: bool = False) -> list:
        if required and array.size and array.min() < 0:
            raise Damaged("missing value")
        return table[array].tolist()

    subjects, names, objects, iris = (column(arrays["relations"][row], required=True) for row in (0, 1, 2, 4))
    if not set(names) <= ontology.relations().keys():
        raise Damaged("relation")
    if detail == "structure" and arrays["derivations"].size:
        raise Damaged("detail")
    if detail != "full" and (arrays["titles"].size or arrays["quotes"].size):
        raise Damaged("detail")
    iris_of_nodes, labels, types = (column(row) for row in arrays["nodes"])
    if None in iris_of_nodes:
        raise Damaged("node")
    aliases = _lists(arrays["aliases"], len(iris_of_nodes), column)
    nodes = {iri: {"iri": iri, "label": label, "type": kind, "aliases": found or []}
             for iri, label, kind, found in zip(iris_of_nodes, labels, types, aliases)}
    titles = dict(zip(*(column(row, required=True) for row in arrays["titles"])))
    records = Records(subjects, names, objects, column(arrays["relations"][3]), iris, _derivations(arrays, column),
                      nodes, titles)
    return records, Files(strings, arrays)


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


