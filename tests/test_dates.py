"""Relative dates resolve against the article date and keep their precision."""

import datetime as dt

import pytest

from claimgraph.model.dates import DateExpressionError, resolve

SEED_DATE = dt.date(2024, 10, 24)  # a Thursday


@pytest.mark.parametrize(
    "expression, earliest, latest, precision, key",
    [
        ("yesterday", "2024-10-23", "2024-10-23", "day", "2024-10-23"),
        ("today", "2024-10-24", "2024-10-24", "day", "2024-10-24"),
        ("on Wednesday", "2024-10-23", "2024-10-23", "day", "2024-10-23"),
        ("Thursday", "2024-10-24", "2024-10-24", "day", "2024-10-24"),
        ("on Monday", "2024-10-21", "2024-10-21", "day", "2024-10-21"),
        ("last week", "2024-10-14", "2024-10-20", "week", "2024-W42"),
        ("this week", "2024-10-21", "2024-10-27", "week", "2024-W43"),
        ("last month", "2024-09-01", "2024-09-30", "month", "2024-09"),
        ("by December", "2024-12-01", "2024-12-31", "month", "2024-12"),
        ("by March", "2025-03-01", "2025-03-31", "month", "2025-03"),
        ("in May", "2024-05-01", "2024-05-31", "month", "2024-05"),
        ("two days ago", "2024-10-22", "2024-10-22", "day", "2024-10-22"),
        ("a week ago", "2024-10-14", "2024-10-20", "week", "2024-W42"),
        ("October 30", "2023-10-30", "2023-10-30", "day", "2023-10-30"),
        ("on 12 October", "2024-10-12", "2024-10-12", "day", "2024-10-12"),
        ("2024-10-23", "2024-10-23", "2024-10-23", "day", "2024-10-23"),
        ("2024-W42", "2024-10-14", "2024-10-20", "week", "2024-W42"),
        ("2024-12", "2024-12-01", "2024-12-31", "month", "2024-12"),
        ("2024", "2024-01-01", "2024-12-31", "year", "2024"),
    ],
)
def test_expressions_resolve_with_their_precision(expression, earliest, latest, precision, key):
    interval = resolve(expression, SEED_DATE)
    assert interval.earliest == dt.date.fromisoformat(earliest)
    assert interval.latest == dt.date.fromisoformat(latest)
    assert interval.precision == precision
    assert interval.key == key


@pytest.mark.parametrize("expression", ["previously", "not stated", "earlier"])
def test_unstated_dates_are_open_intervals_ending_on_the_article_date(expression):
    interval = resolve(expression, SEED_DATE)
    assert (interval.earliest, interval.latest, interval.precision) == (None, SEED_DATE, None)
    assert interval.label == "on or before 2024-10-24"


def test_on_or_before_an_explicit_day():
    interval = resolve("on or before 2024-10-23", SEED_DATE)
    assert (interval.earliest, interval.latest, interval.key) == (None, dt.date(2024, 10, 23), "on-or-before-2024-10-23")


def test_month_day_after_the_article_date_is_last_year():
    assert resolve("October 30", dt.date(2024, 11, 12)).latest == dt.date(2024, 10, 30)


def test_week_label_spells_out_the_days():
    assert resolve("last week", SEED_DATE).label == "2024-W42 (2024-10-14 to 2024-10-20)"


@pytest.mark.parametrize("expression", ["soon", "the other day", "2024-13-01", "2024-02-30", "fortnight ago"])
def test_unresolvable_expressions_say_what_is_accepted(expression):
    with pytest.raises(DateExpressionError) as error:
        resolve(expression, SEED_DATE)
    assert repr(expression.lower()) in str(error.value) or "not a valid date" in str(error.value)
