"""Resolve date expressions ('yesterday', 'last week', 'by December') against an article's date.

A resolved date keeps its precision: it is an interval (a day, an ISO week, a month, a year),
or an open interval that only has a last day ('previously', 'not stated'). Queries ask "had
this been said by D?" by comparing the interval's latest day with D.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..errors import shown

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

SYNTAX_HELP = (
    "use yesterday, today, on <weekday>, last week, this week, last month, N days ago, "
    "by <month>, in <month>, <month> <day>, YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY, "
    "'on or before YYYY-MM-DD', or 'not stated'"
)


class DateExpressionError(ValueError):
    """The expression is not in the supported syntax."""


@dataclass(frozen=True)
class Interval:
    """A period with its precision: 'day', 'week', 'month', 'year', or None when open-ended."""

    earliest: dt.date | None
    latest: dt.date
    precision: str | None

    @property
    def key(self) -> str:
        """Stable identifier, used to mint the interval's IRI."""
        if self.precision is None:
            return f"on-or-before-{self.latest.isoformat()}"
        assert self.earliest is not None
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "week":
            year, week, _ = self.earliest.isocalendar()
            return f"{year}-W{week:02d}"
        if self.precision == "month":
            return self.earliest.strftime("%Y-%m")
        return f"{self.earliest.year}"

    @property
    def label(self) -> str:
        if self.precision is None:
            return f"on or before {self.latest.isoformat()}"
        if self.precision == "week":
            return f"{self.key} ({self.earliest.isoformat()} to {self.latest.isoformat()})"
        return self.key


def day(date: dt.date) -> Interval:
    return Interval(date, date, "day")


def week_of(date: dt.date) -> Interval:
    monday = date - dt.timedelta(days=date.weekday())
    return Interval(monday, monday + dt.timedelta(days=6), "week")


def month_of(year: int, month: int) -> Interval:
    last = calendar.monthrange(year, month)[1]
    return Interval(dt.date(year, month, 1), dt.date(year, month, last), "month")


def resolve(expression: str, reference: dt.date) -> Interval:
    """Resolve `expression` against `reference` (the article's publication date)."""
    if not isinstance(expression, str) or len(expression) > 100:
        raise DateExpressionError(f"{shown(expression)} is not a date expression; {SYNTAX_HELP}")
    text = " ".join(expression.lower().replace(",", " ").split())
    text = text.removeprefix("on ").strip() if not text.startswith("on or before") else text
    try:
        return _resolve(text, reference)
    except DateExpressionError:
        raise
    except (ValueError, OverflowError) as exc:
        raise DateExpressionError(f"{shown(expression)} is not a valid date ({exc})") from None


def _resolve(text: str, ref: dt.date) -> Interval:
    if text in ("today", "this day"):
        return day(ref)
    if text == "yesterday":
        return day(ref - dt.timedelta(days=1))
    if text in ("not stated", "previously", "earlier", "recently"):
        return Interval(None, ref, None)
    if text in WEEKDAYS:
        back = (ref.weekday() - WEEKDAYS[text]) % 7
        return day(ref - dt.timedelta(days=back))
    if text == "last week":
        return week_of(ref - dt.timedelta(days=7))
    if text == "this week":
        return week_of(ref)
    if text == "last month":
        first = ref.replace(day=1) - dt.timedelta(days=1)
        return month_of(first.year, first.month)
    if text == "this month":
        return month_of(ref.year, ref.month)
    if m := re.fullmatch(r"(\w+) (day|days|week|weeks) ago", text):
        count = _count(m.group(1))
        if m.group(2).startswith("day"):
            return day(ref - dt.timedelta(days=count))
        return week_of(ref - dt.timedelta(weeks=count))
    if m := re.fullmatch(r"on or before (\d{4}-\d{2}-\d{2})", text):
        return Interval(None, dt.date.fromisoformat(m.group(1)), None)
    if m := re.fullmatch(r"(by|in|next|last)? ?([a-z]+)(?: (\d{4}))?", text):
        if m.group(2) in MONTHS:
            return _month(m.group(1), MONTHS[m.group(2)], m.group(3), ref)
    if m := re.fullmatch(r"([a-z]+) (\d{1,2})(?: (\d{4}))?", text):
        if m.group(1) in MONTHS:
            return _month_day(MONTHS[m.group(1)], int(m.group(2)), m.group(3), ref)
    if m := re.fullmatch(r"(\d{1,2}) ([a-z]+)(?: (\d{4}))?", text):
        if m.group(2) in MONTHS:
            return _month_day(MONTHS[m.group(2)], int(m.group(1)), m.group(3), ref)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return day(dt.date.fromisoformat(text))
    if m := re.fullmatch(r"(\d{4})-w(\d{2})", text):
        return week_of(dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return month_of(int(m.group(1)), int(m.group(2)))
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    raise DateExpressionError(f"cannot resolve date expression {text!r}; {SYNTAX_HELP}")


def _count(word: str) -> int:
    if word.isdigit():
        return int(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    raise DateExpressionError(f"cannot read {word!r} as a number of days or weeks")


def _month(direction: str | None, month: int, year: str | None, ref: dt.date) -> Interval:
    """'by December' and 'next March' look forward; 'in May' and 'last May' look back."""
    if year:
        return month_of(int(year), month)
    if direction in ("by", "next"):
        return month_of(ref.year if month >= ref.month else ref.year + 1, month)
    return month_of(ref.year if month <= ref.month else ref.year - 1, month)


def _month_day(month: int, day_of_month: int, year: str | None, ref: dt.date) -> Interval:
    """'October 30' in a November article is last October 30, not next year's."""
    if year:
        return day(dt.date(int(year), month, day_of_month))
    candidate = dt.date(ref.year, month, day_of_month)
    return day(candidate if candidate <= ref else candidate.replace(year=ref.year - 1))
