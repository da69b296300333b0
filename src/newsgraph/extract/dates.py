"""Publication dates: parse the forms news pages print, inside a sane window.

Pages carry dates in machine form (ISO 8601 in meta tags and JSON-LD) and in
human form in datelines ("10 Jan, 2022 09:03", "January 10, 2022 at 9:03
am", "Published: Mon 10 January 2022"). Both are parsed here into an ISO 8601
string plus its precision. Times are kept as printed (wall-clock time of the
publisher); a UTC offset, when given, is dropped rather than converted,
because converting would move the calendar date away from the one printed.

Any date outside ``1990-01-01 .. now + 1 day`` is rejected: pages are full of
copyright years, birth dates and event dates that are not publication dates,
and no news web page predates 1990.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..resources.lexicons import table

EARLIEST = datetime(1990, 1, 1)

# Month names and abbreviations -> month number.
MONTHS: dict[str, int] = table("common/months")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# "09:03", "9.03 am", "09:03:17", "9:03pm", optionally followed by a zone
# name or offset that is dropped.
_TIME = (
    r"(?:(?:,|\s)\s*(?:at\s+|-\s+|\|\s+)?"
    r"(?P<hour>[0-2]?\d)[:.](?P<minute>[0-5]\d)(?:[:.](?P<second>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)

# ISO 8601 and its relatives: 2022-01-10, 2022-01-10T09:03, 2022/01/10 09:03:00+06:00
_ISO = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)"
    r"(?:[T\s]+(?P<hour>[0-2]\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d))?(?:\.\d+)?)?"
    r"(?!\d)",
)
# "10 Jan, 2022 09:03", "Monday 10 January 2022", "10th of January 2022"
_DAY_MONTH_YEAR = re.compile(
    r"\b" + _DAY + r"(?:\s+of)?[\s\-/]+" + _MONTH + r",?[\s\-/]+" + _YEAR + r"\b" + _TIME,
    re.IGNORECASE,
)
# "January 10, 2022", "Jan. 10 2022 9:03 pm". Text flattened from a page
# glues words at element boundaries ("Local NewsMARCH 4, 2023Updated",
# "June 2, 2024July 9, 2024"): a capitalised month may follow a lower-case
# letter (not a capital: "DISMAY 5" is no date), and a letter may follow the
# year (not a plural: "the 2020s").
_MONTH_DAY_YEAR = re.compile(
    r"(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d|s\b)" + _TIME,
    re.IGNORECASE,
)
# Numeric dates as pages print them: "25.12.2023", "12/25/2023". Sites put
# the day first or the month first ("09.10.2024" is 10 September on some,
# 9 October on others), so a date whose two numbers could both be the month
# is read only when another source of the page settles which reading holds.
NUMERIC_DATE = re.compile(
    r"(?<![\d./])(?P<first>[0-3]?\d)(?P<sep>[./])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/]|\.\d)"
)
# "January 2022"
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date found in a string: ISO value, precision, and where it was."""

    value: str
    precision: str  # "year" | "month" | "day" | "minute" | "second"
    start: int
    end: int


def latest_allowed() -> datetime:
    """The end of the sane window: tomorrow (time zones run ahead of us)."""
    return datetime.now() + timedelta(days=1)


def _build(match: re.Match[str], *, month: int | None = None, day: int | None = None) -> FoundDate | None:
    groups = match.groupdict()
    try:
        year = int(groups["year"])
        month_number = month if month is not None else int(groups["month"])
        if day is None:
            day = int(groups["day"]) if groups.get("day") else None
        hour = int(groups["hour"]) if groups.get("hour") else None
        minute = int(groups["minute"]) if groups.get("minute") else None
        second = int(groups["second"]) if groups.get("second") else None
    except (KeyError, ValueError):
        return None
    ampm = (groups.get("ampm") or "").replace(".", "").lower()
    if hour is not None and ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        moment = datetime(year, month_number, day if day is not None else 1, hour or 0, minute or 0, second or 0)
    except ValueError:
        return None
    if not EARLIEST <= moment <= latest_allowed():
        return None
    if day is None:
        value, precision = f"{year:04d}-{month_number:02d}", "month"
    elif hour is None:
        value, precision = moment.strftime("%Y-%m-%d"), "day"
    elif second is None:
        value, precision = moment.strftime("%Y-%m-%dT%H:%M"), "minute"
    else:
        value, precision = moment.strftime("%Y-%m-%dT%H:%M:%S"), "second"
    return FoundDate(value, precision, match.start(), match.end())


def _written_dates(text: str) -> Iterator[FoundDate]:
    """Every well-formed, in-window ISO or month-name date in ``text`` (overlaps included)."""
    for pattern in (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = None if pattern is _ISO else MONTHS.get(match.group("month").lower().rstrip("."))
            found = _build(match, month=month)
            if found is not None:
                yield found


def find_date(text: str) -> FoundDate | None:
    """The first well-formed, in-window date in ``text``, or ``None``.

    >>> find_date("10 Jan, 2022 09:03").value
    '2022-01-10T09:03'
    >>> find_date("Published: January 10, 2022").precision
    'day'
    """
    candidates = list(_written_dates(text))
    if not candidates:
        for match in _MONTH_YEAR.finditer(text):
            found = _build(match, month=MONTHS.get(match.group("month").lower().rstrip(".")))
            if found is not None:
                return found
        return None
    return min(candidates, key=lambda found: found.start)


def find_dates(text: str, *, known_days: frozenset[str] = frozenset()) -> list[FoundDate]:
    """Every well-formed, in-window day-or-finer date in ``text``, in order, not overlapping.

    A numeric date that reads both ways ("09.10.2024") is kept only when one
    reading is among ``known_days`` (``YYYY-MM-DD`` strings).

    >>> [d.value for d in find_dates("Published May 2, 2024. Updated 3 June 2024")]
    ['2024-05-02', '2024-06-03']
    >>> [d.value for d in find_dates("12.11.2023 | 25/12/2023 | 12/25/2023")]
    ['2023-12-25', '2023-12-25']
    >>> [d.value for d in find_dates("09.10.2024", known_days=frozenset({"2024-09-10"}))]
    ['2024-09-10']
    """
    candidates = list(_written_dates(text))
    for match in NUMERIC_DATE.finditer(text):
        first, second = int(match.group("first")), int(match.group("second"))
        readings = [
            found for found in (_build(match, month=first, day=second), _build(match, month=second, day=first)) if found
        ]
        if len({found.value for found in readings}) > 1:
            readings = [found for found in readings if found.value in known_days]
        if readings:
            candidates.append(readings[0])
    candidates.sort(key=lambda found: (found.start, -found.end))
    kept: list[FoundDate] = []
    for found in candidates:
        if not kept or found.start >= kept[-1].end:
            kept.append(found)
    return kept


def parse_date(value: str | None) -> tuple[str, str] | None:
    """Parse a machine or human date string into ``(iso, precision)``.

    A bare year ("2021") parses with precision "year"; out-of-window dates
    and unparseable strings give ``None``.
    """
    if not value:
        return None
    value = value.strip()
    found = find_date(value)
    if found is not None:
        return found.value, found.precision
    if re.fullmatch(r"(?:19|20)\d\d", value) and EARLIEST.year <= int(value) <= latest_allowed().year:
        return value, "year"
    return None


_LONE_TIME = re.compile(
    r"(?<![\d:.])(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d:])\s*(?P<ampm>[ap]\.?m\.?)?", re.IGNORECASE
)


def find_dateline(text: str) -> FoundDate | None:
    """Like ``find_date``, also taking a time printed before the date.

    Datelines put the time on either side: "Updated 14:05 GMT, Tue 7 March
    2023" as well as "7 March 2023 14:05".
    """
    found = find_date(text)
    if found is None or found.precision != "day":
        return found
    for match in _LONE_TIME.finditer(text):
        if found.start <= match.start() < found.end:
            continue
        hour, minute = int(match.group("hour")), int(match.group("minute"))
        ampm = (match.group("ampm") or "").replace(".", "").lower()
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm == "pm" else 0)
        return FoundDate(
            f"{found.value}T{hour:02d}:{minute:02d}",
            "minute",
            min(found.start, match.start()),
            max(found.end, match.end()),
        )
    return found


# A Unix time in milliseconds has 13 digits for any date in the window; in
# seconds, 9 or 10. Anything past this is milliseconds.
_MILLISECONDS_ABOVE = 10**11
_UNIX_TIME = re.compile(r"\d{9,13}(?:\.\d+)?")


def parse_timestamp(value: object) -> tuple[str, str] | None:
    """A Unix time (int, float or numeric string; seconds or milliseconds) as a UTC ``(iso, "second")``.

    Some CMSs write JSON-LD ``datePublished`` this way. Out-of-window times
    and anything else give ``None``.

    >>> parse_timestamp(1700000000)
    ('2023-11-14T22:13:20', 'second')
    """

    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not _UNIX_TIME.fullmatch(value):
            return None
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        return None
    if seconds >= _MILLISECONDS_ABOVE:
        seconds /= 1000
    try:
        moment = datetime.fromtimestamp(int(seconds), tz=UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None
    if not EARLIEST <= moment <= latest_allowed():
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S"), "second"
