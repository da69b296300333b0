"""Resolvers of durations ("three years") and offsets ("two weeks ago")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from . import lexicon as lx
from .anchor import add_months, fmt, quarter_of, shift, to_datetime
from .dates import _latest_quarter
from .grammar import Context, Resolution, _norm


def _unit_key(word: str) -> str:
    w = word.lower()
    if w in ("centuries", "century"):
        return "century"
    if w in ("millennia", "millennium"):
        return "millennium"
    return w[:-1] if w.endswith("s") and w[:-1] in lx.UNITS else w


def duration_value(quantity: float | None, unit: str) -> str:
    """TimeML duration for a quantity of a unit: 3 day -> 'P3D', 2.5 year -> 'P2Y6M'."""
    if unit == "decade":
        unit, quantity = "year", None if quantity is None else quantity * 10
    elif unit == "century":
        unit, quantity = "year", None if quantity is None else quantity * 100
    elif unit == "fortnight":
        unit, quantity = "week", None if quantity is None else quantity * 2
    elif unit == "weekend":
        unit, quantity = "day", None if quantity is None else quantity * 2
    letter, is_time = lx.UNITS[unit]
    prefix = "PT" if is_time else "P"
    if quantity is None:
        return f"{prefix}X{letter}"
    whole = int(quantity)
    frac = quantity - whole
    if frac == 0:
        return f"{prefix}{whole}{letter}"
    smaller = {
        "year": ("M", 12, False),
        "day": ("H", 24, True),
        "hour": ("M", 60, True),
        "minute": ("S", 60, True),
        "week": ("D", 7, False),
        "month": ("D", 30, False),
    }
    if unit in smaller:
        sub, factor, sub_time = smaller[unit]
        part = round(frac * factor)
        if whole == 0:
            return f"{'PT' if sub_time else 'P'}{part}{sub}"
        if is_time or not sub_time:
            return f"{prefix}{whole}{letter}{part}{sub}"
        return f"P{whole}{letter}T{part}{sub}"
    return f"{prefix}{quantity:g}{letter}"


def _resolve_duration(m: re.Match[str], ctx: Context) -> Resolution | None:
    unit = _unit_key(m.group("unit"))
    if unit == "night" and not m.group("q"):
        return None
    quantity = lx.parse_quantity(m.group("q"))
    plural = m.group("unit").lower().endswith(("s", "ia"))
    qword = _norm(m.group("q"))
    if qword in ("a", "an", "one") and plural:
        return None
    if re.fullmatch(r"\d{4}", qword) and not plural:
        return None  # "the 1988 quarter" names a year, it is no quantity
    if _norm(m.group(0)).endswith("-old"):
        return None  # ages ("a 44-year-old man") are not annotated as times
    if qword in ("a", "an") and re.search(
        r"(?:\d|\bonce|\btwice|\btimes|\bmillion|\bbillion|\bpercent|%)\s*$",
        ctx.before(m.start(), 25),
        re.I,
    ):
        return "SET", duration_value(1, unit), lx.GRANULARITY.get(unit, unit)
    return "DURATION", duration_value(quantity, unit), lx.GRANULARITY.get(unit, unit)


def _resolve_offset(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'two weeks ago', 'a year earlier', 'three days from now'."""
    unit = _unit_key(m.group("unit"))
    quantity = lx.parse_quantity(m.group("q"))
    direction = _norm(m.group("dir"))
    sign = 1 if direction in ("later", "from now", "hence") else -1
    if quantity is None:
        return "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", None
    if ctx.anchor is None:
        return "DATE", None, lx.GRANULARITY.get(unit, unit)
    a = ctx.anchor
    n = round(quantity) * sign
    if unit in ("hour", "minute", "second"):
        minutes = {"hour": 60, "minute": 1, "second": 0}[unit] * n
        t = to_datetime(a) + timedelta(minutes=minutes)
        if unit == "hour":
            return "TIME", t.strftime("%Y-%m-%dT%H"), "hour"
        return "TIME", t.strftime("%Y-%m-%dT%H:%M"), "minute"
    if unit == "quarter" or (
        unit == "year"
        and abs(n) == 1
        and re.search(r"\bquarter\b", ctx.text[max(0, m.start() - 400) : m.end() + 100], re.I)
    ):
        # Earnings news: "a year ago" compares with the same quarter last year.
        y, q = _latest_quarter(a.day)
        if unit == "year":
            ctx.quarter_refs[m.span()] = ("shift", n)
        if unit == "quarter":
            d = add_months(date(y, 3 * q - 2, 1), 3 * (n + 1))
            return "DATE", f"{d.year:04d}-Q{quarter_of(d)}", "quarter"
        return "DATE", f"{y + n:04d}-Q{q}", "quarter"
    if unit in ("decade", "century", "millennium"):
        years = {"decade": 10, "century": 100, "millennium": 1000}[unit] * n
        return "DATE", f"{a.day.year + years:04d}", "year"
    value = fmt(shift(a.day, unit, n), unit)
    return "DATE", value, lx.GRANULARITY.get(unit, unit)
