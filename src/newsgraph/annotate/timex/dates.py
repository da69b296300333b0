"""Resolvers of calendar dates: absolute and underspecified dates, months, years,
decades, centuries, weekdays, days, parts of day, seasons and relative units."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ...resources.lexicons import table
from . import lexicon as lx
from .anchor import add_months, fmt, fmt_week, quarter_of, shift, weekday_near
from .grammar import (
    _REL_SHIFT,
    Context,
    Resolution,
    _direction,
    _month,
    _norm,
    _pos_half,
    _year_for,
)


def _resolve_calendar_date(m: re.Match[str], ctx: Context) -> Resolution | None:
    month = _month(m.group("mon"))
    day = int(re.findall(r"\d+", m.group("d"))[0])  # the group starts with the day's digits
    y = m.group("y")
    if y:
        year: int | None = int(y)
    else:
        year = _year_for(ctx, m, month, day)
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"XXXX-{month:02d}-{day:02d}"
    return "DATE", value, "day"


_PREP_BEFORE_MONTH = re.compile(
    r"(?:\b(?:in|since|until|till|by|of|from|through|during|before|after|between|and|or|to"
    r"|last|this|next|early|late|mid|end|beginning|around|on|for|each|every)\s*-?|^|[(,;])\s*$",
    re.I,
)


def _resolve_month(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("mon")
    month = _month(word)
    rel, y, ry, pos = m.group("rel"), m.group("y"), m.group("ry"), m.group("pos")
    if not (rel or y or ry or pos):
        # A bare month name doubles as a person's name or a verb; take it
        # only after a preposition-like word.
        if word.endswith(".") or (len(word) <= 4 and word.lower() not in ("june", "july", "may")):
            return None
        if not _PREP_BEFORE_MONTH.search(ctx.before(m.start(), 20)):
            return None
    if y:
        return "DATE", _pos_half(pos, f"{int(y):04d}-{month:02d}"), "month"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{month:02d}", "month"
    a = ctx.anchor.day
    if ry:
        year = a.year + _REL_SHIFT[_norm(ry)]
    elif rel:
        r = _norm(rel)
        if _REL_SHIFT[r] < 0:
            year = a.year if month < a.month else a.year - 1
        elif _REL_SHIFT[r] > 0:
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
    else:
        year = _year_for(ctx, m, month, None) or a.year
    return "DATE", f"{year:04d}-{month:02d}", "month"


_COUNTED_AFTER_NUMBER = re.compile(
    r"\s*(?:%|percent|per\s*cent|(?:more|other|extra|additional|new)?\s*(?:people|persons|men|women|children|troops"
    r"|soldiers|police|officers|protesters|demonstrators|workers|students|residents|refugees|migrants|cases|deaths"
    r"|votes|units|homes|houses|jobs|dollars|euros|pounds|tonnes|tons|km|kilometers|kilometres|miles|meters|metres"
    r"|feet|acres|barrels|shares|employees|members|delegates|voters|patients|prisoners|detainees|civilians"
    r"|casualties|victims|hectares|rounds|vehicles|cars|flights|points|calories|words|pages)\b)",
    re.I,
)


def _resolve_year(m: re.Match[str], ctx: Context) -> Resolution | None:
    if _COUNTED_AFTER_NUMBER.match(ctx.after(m.end(), 30)):
        return None  # "some 2000 people": a count, not a year
    before = ctx.before(m.start(), 10)
    if before.endswith(("$", "#", "€", "£")) or re.search(
        r"\b(?:No\.|number|Route|Highway|Flight|Resolution|Article|Room|Apt\.|Suite)\s*$", before, re.I
    ):
        return None
    return "DATE", _pos_half(m.group("pos"), m.group("y")), "year"


def _resolve_iso_date(m: re.Match[str], ctx: Context) -> Resolution | None:
    try:
        d = date(int(m.group("y")), int(m.group("mo")), int(m.group("d")))
    except ValueError:
        return None
    return "DATE", d.isoformat(), "day"


_DECADE_WORDS = table("timex/decade_words")


def _resolve_decade(m: re.Match[str], ctx: Context) -> Resolution | None:
    if m.group("full"):
        digits = m.group("full")
        return "DATE", digits[:3], "decade"
    d = int(m.group("short")) if m.group("short") else _DECADE_WORDS[m.group("word").lower()]
    century = 19
    if ctx.anchor is not None and 2000 + d * 10 <= ctx.anchor.day.year:
        century = 20
    return "DATE", f"{century}{d}", "decade"


def _resolve_century(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("n").lower().replace("-", " ")
    digits = re.match(r"\d+", word)
    if digits:
        n = int(digits.group())
    elif word in lx.ORDINALS:
        n = lx.ORDINALS[word]
    elif word == "twentieth":
        n = 20
    elif word in ("twenty first", "twentyfirst"):
        n = 21
    elif word == "nineteenth":
        n = 19
    else:
        return None
    return "DATE", f"{n - 1:02d}", "century"


def _pod_code(word: str | None) -> str | None:
    return lx.PART_OF_DAY.get(_norm(word)) if word else None


def _day_value(d: date, pod: str | None) -> Resolution:
    if pod:
        return "TIME", f"{d.isoformat()}T{pod}", "part-of-day"
    return "DATE", d.isoformat(), "day"


_NAME_AFTER_WEEKDAY = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Tribune|Independent|Star|Sport"
    r"|School|Bloody|Service|Edition|Magazine|Review)\b"
)


def _resolve_weekday(m: re.Match[str], ctx: Context) -> Resolution | None:
    if _NAME_AFTER_WEEKDAY.match(ctx.after(m.end(), 15)):
        return None
    wd = lx.WEEKDAYS[m.group("wd").lower().rstrip(".")]
    pod = _pod_code(m.group("pod"))
    if ctx.anchor is None:
        return ("TIME" if pod else "DATE"), None, "part-of-day" if pod else "day"
    rel = _norm(m.group("rel"))
    if rel in ("last", "this past", "the previous", "the past"):
        direction = -2
    elif rel in ("next", "this coming", "the following", "the next"):
        direction = 2
    elif rel == "this":
        direction = _direction(ctx, m, default=1)
    else:
        direction = _direction(ctx, m, default=-1)
    return _day_value(weekday_near(ctx.anchor.day, wd, direction), pod)


_DAY_SHIFT = table("timex/day_shifts")


def _resolve_dayword(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("w").lower()
    pod = _pod_code(m.group("pod")) or ("NI" if word == "tonight" else None)
    if ctx.anchor is None:
        return ("TIME" if pod else "DATE"), None, "part-of-day" if pod else "day"
    n = _DAY_SHIFT[word]
    if m.group("dbl"):
        n *= 2
    return _day_value(ctx.anchor.day + timedelta(days=n), pod)


def _resolve_pod_rel(m: re.Match[str], ctx: Context) -> Resolution | None:
    rel = _norm(m.group("rel"))
    pod = _pod_code(m.group("pod"))
    if ctx.anchor is None:
        return "TIME", None, "part-of-day"
    n = {"this": 0, "last": -1, "the next": 1, "the following": 1, "the previous": -1}[rel]
    if rel == "last" and pod != "NI":
        return None  # "last morning" is not a day reference
    return _day_value(ctx.anchor.day + timedelta(days=n), pod)


def _season_of(d: date) -> tuple[int, int]:
    """(season-year, index) with spring = 0 ... winter = 3 (Jan/Feb: last year's winter)."""
    if d.month in (1, 2):
        return d.year - 1, 3
    return d.year, (d.month - 3) // 3


_SEASON_CODES = ["SP", "SU", "FA", "WI"]


def _resolve_season(m: re.Match[str], ctx: Context) -> Resolution | None:
    word = m.group("season").lower()
    idx = _SEASON_CODES.index(lx.SEASONS[word])
    rel, y, pos = _norm(m.group("rel")), m.group("y"), m.group("pos")
    if word == "fall" and not (rel or y or pos or m.group("the")):
        if not re.search(r"\b(?:in|during|since|until|by)\s*$", ctx.before(m.start(), 12), re.I):
            return None
    if y:
        return "DATE", f"{int(y):04d}-{_SEASON_CODES[idx]}", "season"
    if ctx.anchor is None:
        return "DATE", None, "season"
    ay, ai = _season_of(ctx.anchor.day)
    shift_n = _REL_SHIFT.get(rel, 0) if rel else 0
    if shift_n < 0:
        year = ay if idx < ai else ay - 1
    elif shift_n > 0:
        year = ay if idx > ai else ay + 1
    else:
        year = ctx.anchor.day.year
        if m.group("the") is None and not rel:
            direction = _direction(ctx, m, default=0)
            if direction < 0 and (ay, idx) > (ay, ai):
                year = ay - 1
    return "DATE", f"{year:04d}-{_SEASON_CODES[idx]}", "season"


def _latest_quarter(a: date) -> tuple[int, int]:
    """The last completed quarter: what earnings news means by 'the quarter'."""
    d = add_months(date(a.year, a.month, 1), -3)
    return d.year, quarter_of(d)


def _resolve_relative(m: re.Match[str], ctx: Context) -> Resolution | None:
    rel = _norm(m.group("rel"))
    unit = _norm(m.group("unit")).replace("fiscal ", "").replace("calendar ", "")
    if unit == "day" and rel in ("this", "current", "present"):
        return None
    if ctx.anchor is None:
        return "DATE", None, lx.GRANULARITY.get(unit, unit)
    n = _REL_SHIFT[rel]
    a = ctx.anchor.day
    if unit == "weekend":
        if n == 0:
            n = -1 if a.isoweekday() < 6 and _direction(ctx, m) < 0 else 0
        sat = weekday_near(a, 6, 1 if n >= 0 else -2)
        if n > 0 and a.isoweekday() >= 6:
            sat += timedelta(weeks=1)
        return "DATE", fmt_week(sat) + "-WE", "week"
    value = fmt(shift(a, unit, n), unit)
    value = _pos_half(m.group("pos"), value)
    return "DATE", value, lx.GRANULARITY[unit]


def _resolve_the_unit(m: re.Match[str], ctx: Context) -> Resolution | None:
    """'the year', 'the quarter', 'the weekend', 'the year-earlier period' and kin."""
    unit = _norm(m.group("unit"))
    cur = _norm(m.group("cur")) or ("this" if _norm(m.group(0)).startswith("this") else "")
    earlier = bool(m.group("earlier") or m.group("earlier2") or m.group("lastyears"))
    y = m.group("y")
    if unit == "period" and not (cur or earlier or y):
        return None  # "the period" alone is rarely a calendar reference
    if unit == "year" and cur in ("comparable", "same", "corresponding") and not earlier:
        return None
    if unit == "year" and y:
        return None
    if unit == "month":
        if not (m.group("pos") or cur in ("current", "this")):
            return None  # "the month" alone is usually anaphoric
        if ctx.anchor is None:
            return "DATE", None, "month"
        return "DATE", fmt(ctx.anchor.day, "month"), "month"
    if ctx.anchor is None and not y:
        return "DATE", None, lx.GRANULARITY.get(unit, "quarter")
    if unit in ("quarter", "period"):
        if ctx.anchor is None:
            return "DATE", f"{int(y):04d}-QX", "quarter"
        a = ctx.anchor.day
        yr, q = (a.year, quarter_of(a)) if cur in ("current", "this") else _latest_quarter(a)
        if y:
            yr = int(y)
            if cur not in ("current", "this"):
                ctx.quarter_refs[m.span()] = ("year", yr)
        elif earlier:
            yr -= 1
            ctx.quarter_refs[m.span()] = ("shift", -1)
        elif cur not in ("current", "this"):
            ctx.quarter_refs[m.span()] = ("shift", 0)
        return "DATE", f"{yr:04d}-Q{q}", "quarter"
    if ctx.anchor is None:
        # "the 2024 weekend": a unit relative to a year nobody anchored.
        return "DATE", None, lx.GRANULARITY.get(unit, "day")
    a = ctx.anchor.day
    if unit == "weekend":
        direction = _direction(ctx, m)
        sat = weekday_near(a, 6, 1 if direction > 0 else -1)
        return "DATE", fmt_week(sat) + "-WE", "week"
    if (
        unit == "year"
        and cur in ("", "fiscal")
        and not (earlier or m.group("pos"))
        and _PERIOD_END.match(ctx.after(m.end(), 12))
    ):
        # "the (fiscal) year ended March 31": a twelve-month span closing on
        # that day, not the calendar year of publication.
        return "DURATION", "P1Y", "year"
    year = a.year - 1 if earlier else a.year
    return "DATE", _pos_half(m.group("pos"), f"{year:04d}"), "year"


def _quarters_between(earlier: tuple[int, int], later: tuple[int, int]) -> int:
    """How many quarters ``later`` (year, quarter) lies after ``earlier``."""
    return (later[0] - earlier[0]) * 4 + later[1] - earlier[1]


_PERIOD_END = re.compile(r"\s+(?:ended|ending|that\s+ended|which\s+ended)\b", re.I)


def _resolve_quarter(m: re.Match[str], ctx: Context) -> Resolution | None:
    q = lx.ORDINALS[m.group("ord").lower()]
    if q > 4:
        return None
    det = _norm(m.group("det"))
    y = m.group("y") or m.group("y2") or m.group("dy")
    if y:
        year: int | None = int(y)
    elif ctx.anchor is None:
        return "DATE", f"XXXX-Q{q}", "quarter"
    else:
        a = ctx.anchor.day
        ry = _norm(m.group("ry"))
        if ry:
            year = a.year + _REL_SHIFT[ry]
        elif det.startswith(("last year", "the year-", "the comparable", "a year")):
            year = a.year - 1
        elif det.startswith("next year"):
            year = a.year + 1
        elif det.startswith("this year"):
            year = a.year
        else:
            year = a.year
            if q > quarter_of(a) and _direction(ctx, m, default=-1) < 0:
                year -= 1
    if (
        year is not None
        and ctx.anchor is not None
        and 0 <= _quarters_between((year, q), _latest_quarter(ctx.anchor.day)) < 4
        and not det.startswith(("the year-", "the comparable", "a year", "last year"))
    ):
        # Only a quarter reported within the last year can be the one the
        # story is about; a forecast ("the fourth quarter of 1990") or a
        # historical one is no reference point.
        ctx.quarters_named[m.span()] = (year, q)
    return "DATE", f"{year:04d}-Q{q}", "quarter"


def _resolve_year_end(m: re.Match[str], ctx: Context) -> Resolution | None:
    if ctx.anchor is None:
        return "DATE", None, "year"
    return "DATE", f"{ctx.anchor.day.year:04d}", "year"
