"""Conflict datasets into the graph: ``kg import ucdp|acled|mmp FILE``.

One module per dataset family turns rows into kg's data model through
:mod:`kg.statements`: :mod:`~kg.importers.ucdp` (GED events) and
:mod:`~kg.importers.ucdp_tables` (Actor Dataset, battle deaths, armed-conflict years),
:mod:`~kg.importers.acled` and :mod:`~kg.importers.mmp`. :mod:`~kg.importers.common` reads
the files, :mod:`~kg.importers.resolve` resolves names to actors across sources,
:mod:`~kg.importers.pipeline` streams the result into the store in one atomic write, and
:mod:`~kg.importers.actors` records analysts' merges and splits.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from kg.errors import KgError
from kg.importers.common import open_csv
from kg.importers.pipeline import Converter, ImportReport, run_import
from kg.store import Store

__all__ = ["FORMATS", "ImportReport", "import_file"]


def _converters() -> dict[str, tuple[str, list[type[Converter]]]]:
    from kg.importers.acled import AcledDyadicConverter, AcledMonadicConverter
    from kg.importers.mmp import MmpConverter
    from kg.importers.ucdp import GedConverter
    from kg.importers.ucdp_tables import AcdConverter, ActorConverter, BrdConverter

    return {
        "ucdp": ("UCDP GED, Actor Dataset, BRD or ACD CSV", [GedConverter, ActorConverter, BrdConverter, AcdConverter]),
        "acled": ("ACLED CSV export (dyadic or monadic)", [AcledDyadicConverter, AcledMonadicConverter]),
        "mmp": ("Mapping Militant Organizations relationships CSV", [MmpConverter]),
    }


FORMATS = ("ucdp", "acled", "mmp")


def _header(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            line = handle.readline()
    except (OSError, UnicodeDecodeError):
        return []
    return [name.strip() for name in next(csv.reader([line]), [])]


def _choose(kind: str, path: Path) -> type[Converter]:
    """The converter whose required columns the file's header has (or, repaired, would have)."""
    what, candidates = _converters()[kind]
    header = set(_header(path))
    for converter in candidates:
        if set(converter.required) <= header and not (set(getattr(converter, "absent", ())) & header):
            return converter
    for converter in candidates:
        if converter.repair is not None:
            return converter
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    raise KgError(f"{path}: not a {what} file: its header has none of the expected column sets")


def import_file(store: Store, kind: str, path: str | Path, *, key: str | Path | None = None, strict: bool = False,
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import one dataset file into ``store``; see :mod:`kg.importers.pipeline` for where it goes.

    ``kind`` is ``ucdp``, ``acled`` or ``mmp``; which table of the family the file is
    comes from its header. ``key`` is the MMP group key file. With ``strict`` any bad row
    refuses the whole import. Raises :class:`KgError` (store unchanged) for a file that is
    not of the kind, or when nothing could be imported.
    """
    if kind not in FORMATS:
        raise KgError(f"unknown dataset {kind!r}; known: {', '.join(FORMATS)}")
    path = Path(path)
    converter = _choose(kind, path)
    if key is not None and kind != "mmp":
        raise KgError("--key is for MMP imports (the Militant-Group-Key.csv file)")
    extra = {"key": Path(key)} if key is not None else {}
    what = _converters()[kind][0]
    csv_file = open_csv(path, what, converter.required, converter.repair)
    return run_import(store, converter, csv_file, strict=strict, progress=progress, extra=extra)
