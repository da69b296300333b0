"""The reference time (publication date) and calendar arithmetic on it.

TimeML values are strings at some granularity ("2022-01-09", "2022-W01",
"2022-Q3"); these helpers shift a date by calendar units and format it at
the granularity the expression names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ](\d{1,2}):(\d{2}))?")


@dataclass(frozen=True)
class Anchor:
    """The publication date-time that relative expressions resolve against."""

    day: date
    hour: int | None = None
    minute: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> Anchor | None:
        """Read an ISO 8601 date or date-time; None when absent or unreadable.

        Partial dates ("2022-01") are filled with the first day, which keeps
        year- and month-level resolution right.
        """
        if not value:
            return None
        m = _ISO.match(value)
        if not m:
            return None
        try:
            d = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            return None
        hour = int(m.group(4)) if m.group(4) else None
        minute = int(m.group(5)) if m.group(5) else None
        return cls(d, hour, minute)


def add_months(d: date, months: int) -> date:
    """``d`` moved by whole calendar months, clamping the day to the month's end."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, 28)


def shift(d: date, unit: str, n: int) -> date:
    """``d`` moved by ``n`` calendar units (day, week, month, quarter, year, decade, century)."""
    if unit in ("day", "night"):
        return d + timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + timedelta(weeks=n)
    if unit == "fortnight":
        return d + timedelta(weeks=2 * n)
    if unit == "month":
        return add_months(d, n)
    if unit == "quarter":
        return add_months(d, 3 * n)
    if unit == "year":
        return add_months(d, 12 * n)
    if unit == "decade":
        return add_months(d, 120 * n)
    if unit == "century":
        return add_months(d, 1200 * n)
    raise ValueError(unit)


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def fmt_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def fmt(d: date, unit: str) -> str:
    """``d`` written as a TimeML value at the granularity of ``unit``."""
    if unit in ("day", "night"):
        return d.isoformat()
    if unit in ("week", "fortnight"):
        return fmt_week(d)
    if unit == "weekend":
        return fmt_week(d) + "-WE"
    if unit == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(unit)


def weekday_near(anchor: date, weekday: int, direction: int) -> date:
    """The ``weekday`` (1 = Monday) closest to ``anchor`` in ``direction``.

    direction -1: on or before the anchor; +1: on or after; -2 / +2: strictly
    before / after ("last Friday" / "next Friday"); 0: the nearest either way.
    """
    delta = weekday - anchor.isoweekday()
    if direction == -1:
        return anchor + timedelta(days=delta - 7 if delta > 0 else delta)
    if direction == 1:
        return anchor + timedelta(days=delta + 7 if delta < 0 else delta)
    if direction == -2:
        return anchor + timedelta(days=delta - 7 if delta >= 0 else delta)
    if direction == 2:
        return anchor + timedelta(days=delta + 7 if delta <= 0 else delta)
    back = anchor + timedelta(days=delta - 7 if delta > 0 else delta)
    fwd = anchor + timedelta(days=delta + 7 if delta < 0 else delta)
    return back if (anchor - back) <= (fwd - anchor) else fwd


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` of a month (n = -1: the last one)."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = add_months(date(year, month, 1), 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the letters are the published algorithm's
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def to_datetime(a: Anchor) -> datetime:
    return datetime(a.day.year, a.day.month, a.day.day, a.hour or 0, a.minute or 0)
