"""What every dataset importer needs: streamed CSV rows with line numbers, dates at their
true precision, numbers, and the report of bad rows.

Real dataset files carry byte-order marks, Windows line ends, a trailing comma on every
line, trailing spaces in names, fields with line breaks inside quotes and dates written
three ways. :func:`read_rows` absorbs the first four, :func:`parse_date` the last, and
everything else a row can get wrong becomes a :class:`BadRow` naming its line and field.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

csv.field_size_limit(sys.maxsize)


class BadRow(Exception):
    """A row that cannot be imported; ``field`` names the column at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Row:
    """One record of a CSV file: its values by column and the line it starts on (1 is the header)."""

    line: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        """The value of a column, stripped of surrounding spaces; empty if the column is missing."""
        return (self.values.get(name) or "").strip()

    def first(self, *names: str) -> str:
        """The value of the first of ``names`` the file has (``best`` or ``best_est``)."""
        for name in names:
            if name in self.values:
                return self.get(name)
        return ""

    def need(self, name: str) -> str:
        value = self.get(name)
        if not value:
            raise BadRow(f"empty {name}", name)
        return value


class _Counting(io.RawIOBase):
    """A binary file that counts the bytes read, for the progress bar."""

    def __init__(self, raw) -> None:
        self._raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        self.done += count or 0
        return count

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass
class CsvFile:
    """An open CSV file: its header, its rows as a stream, and how far reading has got."""

    path: Path
    header: list[str]
    rows: Iterator[Row]
    size: int
    _counter: _Counting = field(repr=False)
    note: Callable[[], str] | None = None

    @property
    def done(self) -> int:
        return self._counter.done


def open_csv(path: Path, what: str, required: Sequence[str], repair: Callable | None = None) -> CsvFile:
    """Open ``path`` as a CSV file of the kind ``what`` whose header has every ``required`` column.

    The header's names are stripped of spaces and a byte-order mark; empty column names
    (a trailing comma) are ignored, as are extra empty values at the end of a row. A file
    whose header lacks a required column is not of this kind: :class:`KgError`, one line.
    ``repair`` may recognise a known kind of damage from the header and return the
    header, rows and a note of its own (see :mod:`kg.importers.repair`).
    """
    if not path.is_file():
        raise KgError(f"{path}: no such file")
    try:
        raw = path.open("rb")
    except OSError as error:
        raise KgError(f"{path}: cannot read: {error}") from None
    counter = _Counting(raw)
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig", errors="strict", newline="")
    try:
        first = text.readline()
    except UnicodeDecodeError as error:
        text.close()
        raise KgError(f"{path}: not a {what} file: not UTF-8 text ({error.reason} at byte {error.start})") from None
    header = [name.strip() for name in next(csv.reader([first]), [])]
    if repair is not None:
        repaired = repair(first, text, required)
        if repaired is not None:
            header, rows, note = repaired
            return CsvFile(path, header, _decoded(path, rows), path.stat().st_size, counter, note)
    missing = [name for name in required if name not in header]
    if missing:
        text.close()
        shown = ", ".join(missing[:4]) + (" …" if len(missing) > 4 else "")
        raise KgError(f"{path}: not a {what} file: its header lacks {shown}")
    return CsvFile(path, header, _records(path, header, text), path.stat().st_size, counter)


def _decoded(path: Path, rows: Iterator[Row]) -> Iterator[Row]:
    """``rows`` of a repaired file, where a byte that is not UTF-8 ends the import in one line naming the file."""
    line = 1
    try:
        for row in rows:
            line = row.line
            yield row
    except UnicodeDecodeError as error:
        raise KgError(f"{path}: after line {line}: not UTF-8 text ({error.reason})") from None


def _records(path: Path, header: list[str], text) -> Iterator[Row]:
    """Rows as dicts; a row with more values than columns is an error unless the extras are empty."""
    width, named = len(header), all(header)
    reader = csv.reader(text)
    line = 2
    try:
        for values in reader:
            start, line = line, reader.line_num + 2
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if len(values) > width and any(v.strip() for v in values[width:]):
                yield Row(start, {"": f"{len(values)} values for {width} columns"})
                continue
            yield Row(start, dict(zip(header, values)) if named else {name: value for name, value in zip(header, values) if name})
    except UnicodeDecodeError as error:
        raise KgError(f"{path}: line {line}: not UTF-8 text ({error.reason})") from None
    except csv.Error as error:
        raise KgError(f"{path}: line {line}: {error}") from None
    finally:
        text.close()


def check_width(row: Row) -> None:
    """Raise :class:`BadRow` for a row :func:`_records` found too wide."""
    if "" in row.values:
        raise BadRow(row.values[""])


# ---------------------------------------------------------------- values

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1)}
_WORDS = re.compile(r"^(\d{1,2}) ([A-Za-z]+)\.? (\d{4})$")


@functools.lru_cache(maxsize=65536)
def parse_date(text: str, century_pivot: int = 30) -> str:
    """A date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, at the precision the text gives.

    Unknown parts written ``00`` lower the precision; US-style ``M/D/YY`` and
    ``MM/DD/YYYY`` (with or without a time) and ACLED's ``8 May 2020`` are read too.
    Two-digit years below ``century_pivot`` are 20xx, the rest 19xx.

    >>> parse_date("2005-00-00"), parse_date("2014-02-00"), parse_date("2/18/10"), parse_date("10/06/2023 00:00:00")
    ('2005', '2014-02', '2010-02-18', '2023-10-06')
    >>> parse_date("08 May 2020"), parse_date("2020-05-08 00:00:00.000")
    ('2020-05-08', '2020-05-08')
    """
    import datetime

    value = text.strip()
    year = month = day = 0
    if match := _ISO.match(value):
        year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    elif match := _US.match(value):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        if len(match[3]) == 2:
            year += 2000 if year < century_pivot else 1900
    elif (match := _WORDS.match(value)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    else:
        raise ValueError(f"{text!r} is not a date")
    if month == 0:
        if day:
            raise ValueError(f"{text!r} has a day but no month")
        return f"{year:04d}"
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month {month} does not exist")
    if day == 0:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"{text!r}: day {day} does not exist in {year:04d}-{month:02d}") from None


def _given(row: Row, names: tuple[str, ...], required: bool) -> tuple[str, str | None]:
    """The first of ``names`` the row has, and its value (``None`` when empty and not required)."""
    name = next((n for n in names if n in row.values), names[0])
    value = row.get(name)
    if not value and required:
        raise BadRow(f"empty {name}", name)
    return name, value or None


def date_field(row: Row, *names: str, required: bool = True) -> str | None:
    """The date in the first of ``names`` the row has, or :class:`BadRow` naming the field."""
    name, value = _given(row, names, required)
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as error:
        raise BadRow(f"{name}: {error}", name) from None


def int_field(row: Row, *names: str, required: bool = True, minimum: int | None = 0) -> int | None:
    """A whole number from the first of ``names`` the row has ("12", "12.0")."""
    name, value = _given(row, names, required)
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadRow(f"{name}: {value!r} is not a number", name) from None
    if number != number or number in (float("inf"), float("-inf")):  # "nan", "inf", "1e400"
        raise BadRow(f"{name}: {value!r} is not a whole number", name)
    if number != int(number) or (minimum is not None and number < minimum):
        raise BadRow(f"{name}: {value!r} is not a whole number ≥ {minimum}", name)
    return int(number)


def float_field(row: Row, name: str, low: float, high: float) -> float | None:
    value = row.get(name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise BadRow(f"{name}: {value!r} is not a number", name) from None
    if not low <= number <= high:
        raise BadRow(f"{name}: {value} is outside {low:g}…{high:g}", name)
    return number


def split_names(names: str, ids: str = "") -> list[tuple[str, str]]:
    """A side that lists several actors (``"AQIM, JNIM"`` with ids ``"539, 6716"``) as (name, id) pairs.

    Commas inside parentheses do not split (``"Military faction (forces of Honasan, Abenina
    & Zumel)"``); a name whose pieces outnumber its ids is kept whole when there is one id.
    Ids are kept only for a single name: UCDP's id lists do not follow the order of the names.

    >>> split_names("AQIM, JNIM", "539, 6716")
    [('AQIM', ''), ('JNIM', '')]
    >>> split_names("Peace and Justice, Military Junta", "549")
    [('Peace and Justice, Military Junta', '549')]
    """
    pieces, depth, current = [], 0, ""
    for char in names:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    pieces.append(current)
    pieces = [p.strip() for p in pieces if p.strip()]
    id_list = [i.strip() for i in ids.split(",") if i.strip()]
    if len(id_list) == 1 and len(pieces) > 1:
        return [(names.strip(), id_list[0])]
    if id_list and len(id_list) != len(pieces):
        raise BadRow(f"{len(pieces)} names but {len(id_list)} ids in {names!r}")
    if len(pieces) > 1:
        # BRD and ACD list several ids in another order than the names ("AQIM, MUJAO" with
        # "1161, 539"): a name is paired with no id rather than with the wrong one.
        return [(p, "") for p in pieces]
    return [(p, id_list[0] if id_list else "") for p in pieces]


def decimal(value: float) -> str:
    """A coordinate as xsd:decimal text: ``16.0`` is ``16``, ``-3.863050`` is ``-3.86305``."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


@functools.lru_cache(maxsize=65536)
def slug(text: str) -> str:
    """A lower-case, hyphenated IRI segment for a name.

    >>> slug("Jama'at Nusrat al-Islam (JNIM)"), slug("Côte d'Ivoire")
    ('jamaat-nusrat-al-islam-jnim', 'cote-divoire')
    """
    import unicodedata

    value = unicodedata.normalize("NFKD", text)
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    value = re.sub(r"[\u2018\u2019'`]", "", value)
    value = re.sub(r"[^a-z0-9]+", "-", value).strip("-")
    return value[:80] or "unnamed"
