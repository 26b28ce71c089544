"""Dates at the source's precision, compared on their common prefix (as hostile-pairs-as-of.rq does)."""

import pytest

from kg import KgError
from kg.network.dates import on_or_before, parse_date, valid_on


@pytest.mark.parametrize(("earlier", "later", "expected"), [
    ("2020", "2020-05-08", True), ("2020-05-08", "2020", True),  # a year covers its days, both ways
    ("2020-05", "2020-05-31", True), ("2020-06", "2020-05-31", False),
    ("2019-12-31", "2020", True), ("2021", "2020-12-31", False),
])
def test_common_prefix_comparison(earlier, later, expected):
    assert on_or_before(earlier, later) is expected


def test_validity_on_a_date():
    assert valid_on("2020-05-08", start="2020-05-08", end=None, point=None)
    assert valid_on("2020-05-08", start=None, end="2020-05-08", point=None)  # the last day still counts
    assert not valid_on("2020-05-09", start=None, end="2020-05-08", point=None)
    assert not valid_on("2020-05-27", start=None, end=None, point="2020-05-28")
    assert valid_on("2031", start=None, end=None, point="2020-05-28")  # a reported threat counts from then on
    assert valid_on("1900", start=None, end=None, point=None)


@pytest.mark.parametrize("text", ["2020-13", "2020-02-30", "May 2020", "20", ""])
def test_bad_dates_are_one_clear_error(text):
    with pytest.raises(KgError, match="not a date"):
        parse_date(text, "--as-of")
