"""Time expressions against the document's date, at the text's precision."""

import pytest

from kg.ingest.dates import find_times, month_of


def values(text, date):
    return [t.value for t in find_times(text, date)]


@pytest.mark.parametrize("text, date, expected", [
    ("on May 8, 2020", "2020-08", "2020-05-08"),
    ("On 8 May 2020", None, "2020-05-08"),
    ("last week", "2020-08", "2020-08"),
    ("last week", "2021-06-03", "2021-05"),
    ("last month", "2021-01-15", "2020-12"),
    ("in 2019", "2020-08", "2019"),
    ("in the past year", "2020-08", "2019-08/2020-08"),
    ("since November 2015", "2020-08", "2015-11/.."),
    ("until July 2016", None, "../2016-07"),
    ("the first five months of 2020", "2020-08", "2020-01/2020-05"),
    ("the first half of 2022", None, "2022-01/2022-06"),
    ("between December 2019 and March 2020", None, "2019-12/2020-03"),
    ("On May 28, ISIS", "2020-08", "2020-05-28"),
    ("in December", "2021-06-07", "2020-12"),
    ("on Wednesday", "2022-08-21", "2022-08-17"),
    ("on Sunday", "2022-08-21", "2022-08-21"),
    ("on Sunday", "2022-08", "2022-08"),
])
def test_forms(text, date, expected):
    assert values(text, date) == [expected]


def test_relative_dates_need_the_document_date():
    assert values("last week, on Tuesday", None) == []


def test_may_the_verb_is_not_a_month():
    assert values("May they return.", "2020-08") == []
    assert values("in May", "2020-08") == ["2020-05"]


def test_years_inside_numbers_are_not_years():
    assert values("more than 2,000 people and 1,400 attacks", "2022-08") == []


def test_spans_cover_the_expression():
    text = "Mali has been under a state of emergency since November 2015, officials said."
    (found,) = find_times(text, "2020-08")
    assert text[found.start:found.end] == "since November 2015"
    assert found.begins == "2015-11" and found.ends is None and found.is_interval


def test_month_of_carries_a_time_to_the_next_sentence():
    assert month_of("2020-05-08") == "2020-05"
    assert month_of("../2016-07") == "2016-07"


def test_a_time_inside_a_prepositional_relative_clause_dates_only_that_clause():
    from tests.ingest_helpers import run

    extraction = run("The Treasury Department sanctioned the gang leader Jimmy Cherizier in 2020 for the La "
                     "Saline massacre, in which at least 71 people were killed in 2018, and the UN Security Council added "
                     "him to its sanctions list in 2022.", date="2025-05-02")
    added = [f for f in extraction.relations if "sanctions list" in f.trigger]
    assert [(f.object.label, f.date) for f in added] == [("Jimmy Cherizier", "2022")]
