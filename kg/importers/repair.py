"""Undo one known kind of damage: a CSV file that went through a spreadsheet set to ';'.

The spreadsheet read each line of the comma-separated file as cells split at ';', copied
the first cell into a second column and saved the sheet with ';' between cells, quoting
every cell. A line whose text held no ';' comes back whole, twice: ``"X";"X";;;…``. Its
original text ``X`` is recovered exactly. A line that held a ';' was cut into cells whose
leading quotes the spreadsheet ate: it cannot be recovered exactly, and is reported as a
bad row rather than guessed at. Records that spanned several lines (line breaks inside
quotes) are put back together from their recovered lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from kg.importers.common import Row

_DAMAGED = "damaged by a spreadsheet round-trip (its text was split at ';'): cannot be recovered exactly"


def _wrapped(line: str) -> str | None:
    """The original text of a wrapped line (``"X";"X";;;``), or ``None`` if it is not one."""
    cells = [c for c in next(csv.reader([line.rstrip("\r\n")], delimiter=";"), []) if c]
    if len(cells) == 2 and cells[0] == cells[1]:
        return cells[0]
    return None


def spreadsheet_semicolons(first: str, text, required: Sequence[str]):
    """Recognise the damage from the header line: ``(header, rows, note)`` or ``None``.

    ``note()`` tells, once the rows are read, what was recovered.
    """
    original = _wrapped(first)
    if original is None:
        return None
    header = [name.strip() for name in next(csv.reader([original]), [])]
    if not all(name in header for name in required):
        return None
    stats = {"recovered": 0, "damaged": 0}
    note = ("repaired a spreadsheet round-trip (each line wrapped in a ';'-separated cell and copied): "
            "{recovered} rows recovered exactly, {damaged} lines damaged beyond exact recovery")
    return header, _unwrapped(header, text, stats), lambda: note.format(**stats)


def _unwrapped(header: list[str], text, stats: dict[str, int]) -> Iterator[Row]:
    width = len(header)
    pending: list[str] = []
    start = 0
    try:
        for number, line in enumerate(text, start=2):
            if not line.strip().strip(";"):
                continue
            original = _wrapped(line)
            if original is None:
                stats["damaged"] += 1
                if pending:
                    yield Row(start, {"": f"continues on line {number}, which is {_DAMAGED}"})
                    pending = []
                yield Row(number, {"": _DAMAGED})
                continue
            if not pending:
                start = number
            pending.append(original)
            record = "\n".join(pending)
            if record.count('"') % 2:
                continue
            pending = []
            values = next(csv.reader(io.StringIO(record)), [])
            if len(values) > width and any(v.strip() for v in values[width:]) or len(values) < width - 1:
                stats["damaged"] += 1
                yield Row(start, {"": f"{len(values)} values for {width} columns after unwrapping"})
                continue
            stats["recovered"] += 1
            yield Row(start, {name: value for name, value in zip(header, values) if name})
        if pending:
            yield Row(start, {"": "the file ends inside a quoted value"})
    finally:
        text.close()
