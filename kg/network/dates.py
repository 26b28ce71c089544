"""Dates at the precision the source gives, compared the way ``hostile-pairs-as-of.rq`` does.

A source may say ``2020``, ``2020-05`` or ``2020-05-08``. Two dates are compared on their
common prefix, so ``2020-05`` is neither before nor after ``2020-05-08``: it covers it.
"""

from __future__ import annotations

from kg.errors import KgError
from kg.statements import time_literal


def parse_date(value: str, what: str = "date") -> str:
    """Check a date given by a user (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and return it.

    >>> parse_date("2020-05")
    '2020-05'
    """
    text = str(value).strip()
    try:
        time_literal(text)
    except ValueError:
        raise KgError(f"{what} {value!r}: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


def on_or_before(earlier: str, later: str) -> bool:
    """Whether ``earlier`` is not after ``later``, comparing on their common prefix.

    >>> on_or_before("2020-05", "2020-05-08"), on_or_before("2020-05-09", "2020-05-08")
    (True, False)
    """
    size = min(len(earlier), len(later))
    return earlier[:size] <= later[:size]


def valid_on(date: str, start: str | None, end: str | None, point: str | None) -> bool:
    """Whether a relation with these dates holds on ``date``.

    It holds when it had begun (``start``), had not ended (``end``) and, for a relation
    observed at a point in time, had been observed by then: a reported threat counts from
    the day it was reported on. Missing dates do not restrict.

    >>> valid_on("2020-06-01", None, "2020-05-08", None), valid_on("2020-06-01", "2020-05-08", None, None)
    (False, True)
    """
    return (
        (start is None or on_or_before(start, date))
        and (end is None or on_or_before(date, end))
        and (point is None or on_or_before(point, date))
    )


def began(start: str | None, point: str | None) -> str | None:
    """When a relation began to hold: its start, else the point it was observed at."""
    return start or point
