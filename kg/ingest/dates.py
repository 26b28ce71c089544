"""Time expressions, read against the document's date (stage 4 of ingest).

Input: the text and the document date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None).
Output: :class:`TimeExpression` spans with the time they name at the precision the text
gives: "May 8, 2020" is a day, "in 2019" a year, "last week" the month of the week before
the document, "the past year" the twelve months up to the document, "since November 2015"
an interval open at its end, "the first five months of 2020" 2020-01 to 2020-05.

Times are written as in EDTF (ISO 8601-2): ``2020-05-08``, ``2019-08/2020-08``,
``2015-11/..`` (since), ``../2016-07`` (until).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}

_MONTH = r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)(?![\d,]\d)"
_LEAD = r"(?P<lead>\b(?i:since|from|until|till|by|before|after|in|on|during|between|a|the)\s+(?:late\s+|early\s+|mid-?)?)?"
_PATTERN = re.compile(
    r"(?:"
    r"(?P<first>\b(?:the\s+)?first\s+(?P<n>\w+)\s+months\s+of\s+" + _YEAR.format("fy") + r")"
    r"|(?P<half>\b(?:the\s+)?(?P<which>first|second)\s+half\s+of\s+" + _YEAR.format("hy") + r")"
    r"|(?P<between>\bbetween\s+" + _MONTH.format("bm1") + r"\s+(?:" + _YEAR.format("by1") + r"\s+)?and\s+"
    + _MONTH.format("bm2") + r"\s+" + _YEAR.format("by2") + r")"
    r"|(?P<past>\b(?:in\s+|over\s+|during\s+)?the\s+(?:past|last)\s+(?P<pn>year|twelve months|12 months|month|week|decade))"
    r"|(?P<rel>\b(?:last|this|next)\s+(?:week|month|year))"
    r"|(?:" + _LEAD + r"(?:"
    r"(?P<day>\b" + _MONTH.format("dm") + r"\s+(?P<dd>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+" + _YEAR.format("dy") + r")?)"
    r"|(?P<dayfirst>\b(?P<fd>\d{1,2})\s+" + _MONTH.format("fm") + r"(?:\s+" + _YEAR.format("fy2") + r")?)"
    r"|(?P<month>\b" + _MONTH.format("mm") + r"(?:\s+" + _YEAR.format("my") + r")?)"
    r"|(?P<year>\b" + _YEAR.format("yy") + r")))"
    r"|(?P<weekday>\b(?:on\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)"
    r"|(?P<yesterday>\b(?:yesterday|today)\b)"
    r")"
)


_CORE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sept|Sep|Oct|Nov|Dec|(?:19|20)\d\d|\d{1,2}(?= [A-Z])|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"past|last|this|next|first|second|between|yesterday|today)\b")
_WORD_START = re.compile(r"\b(?=\w)")


@dataclass(frozen=True)
class TimeExpression:
    """A time named in the text: ``value`` in EDTF at the text's precision."""

    start: int
    end: int
    text: str
    value: str

    @property
    def begins(self) -> str | None:
        first = self.value.split("/")[0]
        return None if first == ".." else first

    @property
    def ends(self) -> str | None:
        parts = self.value.split("/")
        last = parts[-1]
        return None if last == ".." else last

    @property
    def is_interval(self) -> bool:
        return "/" in self.value


@dataclass(frozen=True)
class _Anchor:
    year: int
    month: int | None
    day: int | None

    def date(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)


def parse_anchor(value: str | None) -> _Anchor | None:
    """The document date as year, month and day (month and day may be unknown)."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return _Anchor(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _year_of(month: int, anchor: _Anchor | None) -> int | None:
    """A month without a year is the latest such month not after the document's date."""
    if anchor is None:
        return None
    if anchor.month is not None and month > anchor.month:
        return anchor.year - 1
    return anchor.year


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _with_lead(lead: str | None, value: str) -> str:
    word = (lead or "").strip().split(" ")[0].lower()
    if word in ("since", "from", "after"):
        return f"{value}/.."
    if word in ("until", "till", "before", "by"):
        return f"../{value}"
    return value


def find_times(text: str, document_date: str | None) -> list[TimeExpression]:
    """Every time expression in ``text`` that can be read, with its EDTF value.

    >>> [t.value for t in find_times("Since November 2015; on May 8, 2020; in the past year; last week", "2020-08")]
    ['2015-11/..', '2020-05-08', '2019-08/2020-08', '2020-08']
    >>> [t.value for t in find_times("the first five months of 2020, on May 28", "2020-08")]
    ['2020-01/2020-05', '2020-05-28']
    """
    anchor = parse_anchor(document_date)
    found: list[TimeExpression] = []
    covered = -1
    for core in _CORE.finditer(text):
        if core.start() < covered:
            continue
        # The full pattern may begin up to three words before its core word ("since November", "the first five months").
        starts = [m.start() for m in _WORD_START.finditer(text, max(0, core.start() - 30), core.start())][-3:] + [core.start()]
        for start in starts:
            if start < covered:
                continue
            match = _PATTERN.match(text, start)
            if match and match.end() > core.start():
                value = _value(match, anchor)
                if value:
                    begin = match.start()
                    while begin < match.end() and text[begin].isspace():
                        begin += 1
                    found.append(TimeExpression(begin, match.end(), text[begin:match.end()], value))
                    covered = match.end()
                break
    return found


def _value(match: re.Match, anchor: _Anchor | None) -> str | None:  # noqa: C901 - one branch per form
    group = match.group
    if group("first"):
        count = NUMBERS.get(group("n").lower()) or (int(group("n")) if group("n").isdigit() else None)
        if not count or count > 12:
            return None
        year = int(group("fy"))
        return f"{_month_value(year, 1)}/{_month_value(year, count)}"
    if group("half"):
        year = int(group("hy"))
        return f"{year}-01/{year}-06" if group("which") == "first" else f"{year}-07/{year}-12"
    if group("between"):
        year2 = int(group("by2"))
        year1 = int(group("by1")) if group("by1") else year2
        return f"{_month_value(year1, MONTHS[group('bm1').lower()])}/{_month_value(year2, MONTHS[group('bm2').lower()])}"
    if group("past"):
        if anchor is None or anchor.month is None:
            return f"{anchor.year - 1}/{anchor.year}" if anchor else None
        unit = group("pn")
        months = {"year": 12, "twelve months": 12, "12 months": 12, "month": 1, "week": 0, "decade": 120}[unit]
        if months == 0:
            return _month_value(anchor.year, anchor.month)
        year, month = _shift_month(anchor.year, anchor.month, -months)
        return f"{_month_value(year, month)}/{_month_value(anchor.year, anchor.month)}"
    if group("rel"):
        return _relative(group("rel").lower().split(), anchor)
    if group("day"):
        month, day = MONTHS[group("dm").lower()], int(group("dd"))
        year = int(group("dy")) if group("dy") else _year_of(month, anchor)
        return _day(year, month, day, group("lead"))
    if group("dayfirst"):
        month, day = MONTHS[group("fm").lower()], int(group("fd"))
        year = int(group("fy2")) if group("fy2") else _year_of(month, anchor)
        return _day(year, month, day, group("lead"))
    if group("month"):
        name = group("mm")
        if name == "May" and not group("my") and not group("lead"):
            return None  # "may" the verb at a sentence start
        month = MONTHS[name.lower().rstrip(".")]
        year = int(group("my")) if group("my") else _year_of(month, anchor)
        if year is None or (not group("my") and not group("lead")):
            return None
        return _with_lead(group("lead"), _month_value(year, month))
    if group("year"):
        return _with_lead(group("lead"), group("yy"))
    if group("weekday"):
        return _weekday(group("wd").lower(), anchor)
    if group("yesterday"):
        if anchor is None or anchor.day is None:
            return _month_value(anchor.year, anchor.month) if anchor and anchor.month else None
        delta = 1 if group("yesterday").lower() == "yesterday" else 0
        return (anchor.date() - datetime.timedelta(days=delta)).isoformat()
    return None


def _day(year: int | None, month: int, day: int, lead: str | None) -> str | None:
    if year is None:
        return None
    try:
        return _with_lead(lead, datetime.date(year, month, day).isoformat())
    except ValueError:
        return None


def _relative(words: list[str], anchor: _Anchor | None) -> str | None:
    if anchor is None:
        return None
    which, unit = words
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "year":
        return str(anchor.year + step)
    if anchor.month is None:
        return str(anchor.year)
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, step)
        return _month_value(year, month)
    if anchor.day is None:
        return _month_value(anchor.year, anchor.month)
    moved = anchor.date() + datetime.timedelta(days=7 * step)
    return _month_value(moved.year, moved.month)


def _weekday(name: str, anchor: _Anchor | None) -> str | None:
    """The latest such weekday on or before the document's day; the month if only the month is known."""
    if anchor is None or anchor.month is None:
        return None
    if anchor.day is None:
        return _month_value(anchor.year, anchor.month)
    date = anchor.date()
    back = (date.weekday() - WEEKDAYS.index(name)) % 7
    return (date - datetime.timedelta(days=back)).isoformat()


def month_of(value: str) -> str:
    """The month (or year) part of a time, for a time carried over from a sentence before."""
    first = value.split("/")[0]
    if first == "..":
        first = value.split("/")[-1]
    return first[:7]
