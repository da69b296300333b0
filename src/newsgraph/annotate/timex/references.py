"""Resolvers of references ("now", "recently"), sets ("daily", "every week"),
clock times, holidays and spelled-out years."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...resources.lexicons import pairs, table
from . import lexicon as lx
from .anchor import easter, nth_weekday, weekday_near
from .dates import _DAY_SHIFT, _pod_code
from .durations import _unit_key, duration_value
from .grammar import Context, Resolution, _direction, _month, _norm, _year_for

_REFS = pairs("timex/references")


def _resolve_ref(m: re.Match[str], ctx: Context) -> Resolution | None:
    phrase = _norm(m.group(0))
    if (
        phrase == "current"
        and not re.search(r"(?:\b(?:his|her|its|their|our|my|your)|['’]s)\s+$", ctx.before(m.start(), 12), re.I)
        and not re.match(
            r"\s+(?:\w+\s+)?(?:level|levels|rate|rates|situation|crisis|system|government|president"
            r"|administration|prices?|conditions?|law|laws|policy|policies|regime|season|term|year"
            r"|month|week|quarter|period|state|status|plan|leadership|trend|market|environment|climate"
            r"|members?|owners?|chairman|chief|leaders?)\b",
            ctx.after(m.end(), 40),
            re.I,
        )
    ):
        return None
    if phrase == "future" and re.match(r"\s+(?:of|generations?|prospects?)\b", ctx.after(m.end(), 20), re.I):
        return None
    return "DATE", _REFS[phrase], None


def _resolve_vague_period(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'recent years', 'the coming months', 'the weeks ahead': an unquantified stretch.

    TimeML annotates these as durations of unknown length in the named unit
    (DURATION "PXY"), not as PAST_REF/FUTURE_REF; a quarter has no duration
    letter, so "recent quarters" is counted in months.
    """
    unit = _unit_key(m.group("unit") or m.group("unit2"))
    if unit == "quarter":
        return "DURATION", "PXM", "month"
    return "DURATION", duration_value(None, unit), lx.GRANULARITY.get(unit, unit)


_SET_ADVERBS = pairs("timex/set_adverbs")


def _resolve_set_adverb(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group(0).lower()
    if (
        word != "daily"
        and re.match(r"\s+[a-z]", ctx.after(m.end(), 3))
        and not re.match(
            r"\s+(?:and|or|but|in|on|at|by|for|from|to|since|until|through|over)\b", ctx.after(m.end(), 10)
        )
    ):
        return None  # adjective ("quarterly dividend"), not a frequency
    gran = {"D": "day", "W": "week", "M": "month", "Y": "year", "H": "hour"}[_SET_ADVERBS[word][-1]]
    return "SET", _SET_ADVERBS[word], gran


def _resolve_every(m: re.Match[str], ctx: Context) -> Resolution | None:
    target = _norm(m.group("t"))
    other = m.group("other") is not None
    if target.rstrip(".") in lx.WEEKDAYS:
        return "SET", f"XXXX-WXX-{lx.WEEKDAYS[target.rstrip('.')]}", "day"
    if target.rstrip(".") in lx.MONTHS:
        return "SET", f"XXXX-{lx.MONTHS[target.rstrip('.')]:02d}", "month"
    if target in lx.SEASONS:
        return "SET", f"XXXX-{lx.SEASONS[target]}", "season"
    if target in lx.PART_OF_DAY:
        return "SET", f"XXXX-XX-XXT{lx.PART_OF_DAY[target]}", "part-of-day"
    unit = _unit_key(target)
    return "SET", duration_value(2 if other else 1, unit), lx.GRANULARITY.get(unit, unit)


def _resolve_frequency(m: re.Match[str], ctx: Context) -> Resolution | None:
    unit = _unit_key(m.group("unit"))
    return "SET", duration_value(1, unit), lx.GRANULARITY.get(unit, unit)


def _resolve_plural_weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    wd = lx.WEEKDAYS[m.group("wd").lower()]
    pod = _pod_code(m.group("pod"))
    return "SET", f"XXXX-WXX-{wd}" + (f"T{pod}" if pod else ""), "day"


def _day_of(m: re.Match[str], ctx: Context) -> date | None:
    """The day named next to a clock time ('10 p.m. Wednesday'), else the anchor's."""
    if m.group("wd"):
        if ctx.anchor is None:
            return None
        wd = lx.WEEKDAYS[m.group("wd").lower().rstrip(".")]
        return weekday_near(ctx.anchor.day, wd, _direction(ctx, m))
    if m.group("dw"):
        if ctx.anchor is None:
            return None
        return ctx.anchor.day + timedelta(days=_DAY_SHIFT[m.group("dw").lower()])
    if m.group("mon"):
        month = _month(m.group("mon"))
        day = int(re.findall(r"\d+", m.group("d"))[0])  # the group starts with the day's digits
        year = int(m.group("y")) if m.group("y") else _year_for(ctx, m, month, day)
        if year is None:
            return None
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return ctx.anchor.day if ctx.anchor else None


def _resolve_clock(m: re.Match[str], ctx: Context) -> Resolution | None:
    hour = int(m.group("h"))
    minute = int(m.group("mi") or 0)
    ap = (m.group("ap") or "").lower().replace(".", "").replace(" ", "")
    if ap in ("am", "pm", "") and not 1 <= hour <= 12 and ap:
        return None
    if hour > 24 or minute > 59:
        return None
    if ap == "pm" and hour < 12:
        hour += 12
    elif ap == "am" and hour == 12:
        hour = 0
    pod = _norm(m.group("pod2"))
    if pod in ("afternoon", "evening", "night") and hour < 12:
        hour += 12
    d = _day_of(m, ctx)
    day_part = d.isoformat() if d else "XXXX-XX-XX"
    return "TIME", f"{day_part}T{hour:02d}:{minute:02d}", "minute"


def _resolve_noon(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("n").lower()
    d = _day_of(m, ctx)
    day_part = d.isoformat() if d else "XXXX-XX-XX"
    clock = "24:00" if word == "midnight" else "12:00"
    return "TIME", f"{day_part}T{clock}", "minute"


def _holiday_date(name: str, year: int) -> date | None:
    n = name.lower().replace("’", "'")
    fixed = {
        "christmas": (12, 25),
        "christmas day": (12, 25),
        "christmas eve": (12, 24),
        "new year's day": (1, 1),
        "new year's eve": (12, 31),
        "new year's": (1, 1),
        "independence day": (7, 4),
        "halloween": (10, 31),
        "valentine's day": (2, 14),
        "boxing day": (12, 26),
        "veterans day": (11, 11),
        "may day": (5, 1),
    }
    if n in fixed:
        return date(year, *fixed[n])
    if n in ("thanksgiving", "thanksgiving day"):
        return nth_weekday(year, 11, 4, 4)
    if n == "labor day":
        return nth_weekday(year, 9, 1, 1)
    if n == "memorial day":
        return nth_weekday(year, 5, 1, -1)
    if n in ("easter", "easter sunday"):
        return easter(year)
    if n == "good friday":
        return easter(year) - timedelta(days=2)
    if n == "election day":
        return nth_weekday(year, 11, 1, 1) + timedelta(days=1)
    return None


def _resolve_holiday(m: re.Match[str], ctx: Context) -> Resolution | None:
    name = _norm(m.group("h"))
    rel = _norm(m.group("rel"))
    if m.group("y"):
        year = int(m.group("y"))
    elif ctx.anchor is None:
        return "DATE", None, "day"
    else:
        a = ctx.anchor.day
        this = _holiday_date(name, a.year)
        if this is None:
            return None
        if rel == "last":
            year = a.year if this < a else a.year - 1
        elif rel == "next":
            year = a.year if this > a else a.year + 1
        else:
            direction = _direction(ctx, m, default=0)
            year = a.year
            if direction < 0 and this > a + timedelta(days=1):
                year -= 1
            elif direction > 0 and this < a:
                year += 1
    d = _holiday_date(name, year)
    return ("DATE", d.isoformat(), "day") if d else None


def _resolve_bare_plural(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'for years', 'within weeks': an unquantified stretch of time."""
    unit = _unit_key(m.group("unit"))
    return "DURATION", duration_value(None, unit), lx.GRANULARITY.get(unit, unit)


# "ten" to "nineteen", the words that open a spelled year ("nineteen ninety-six").
_SPELLED_TENS = {word: n for word, n in table("common/number_words_units").items() if n >= 10}


def _resolve_spelled_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'nineteen ninety-six' -> 1996, 'two thousand (and) one' -> 2001."""
    words = _norm(m.group("sy")).replace("-", " ")
    if words.startswith("two thousand"):
        rest = words[len("two thousand") :].replace(" and ", " ").strip()
        n = lx.parse_quantity(rest) if rest else 0.0
        if n is None:
            return None
        year = 2000 + int(n)
    else:
        head, _, rest = words.partition(" ")
        n = lx.parse_quantity(rest)
        if head not in _SPELLED_TENS or n is None or not 10 <= n <= 99:
            return None
        year = _SPELLED_TENS[head] * 100 + int(n)
    mon = m.group("mon")
    if mon:
        return "DATE", f"{year:04d}-{_month(mon):02d}", "month"
    return "DATE", f"{year:04d}", "year"


def _resolve_clock_words(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'4 in the morning', 'nine o'clock in the evening'."""
    h = lx.parse_quantity(m.group("hw"))
    if h is None or not 1 <= h <= 12:
        return None
    hour = int(h) % 12 + (12 if _norm(m.group("pod2")) in ("afternoon", "evening", "night") else 0)
    day = ctx.anchor.day.isoformat() if ctx.anchor else "XXXX-XX-XX"
    return "TIME", f"{day}T{hour:02d}:00", "minute"
