"""The temporal grammar: regex rules, each with a resolver to a TimeML value.

This is the HeidelTime approach: a rule's pattern finds the extent of an
expression, its resolver turns the matched words into a TIMEX3 type, value and
granularity, reading the anchor (publication date) for relative expressions
and the sentence's tense for underspecified ones ("Friday", "in March").
A resolver may return None to reject a match the pattern over-generates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from ..resources.lexicons import pairs, table
from . import lexicon as lx
from .anchor import (
    Anchor,
    add_months,
    easter,
    fmt,
    fmt_week,
    nth_weekday,
    quarter_of,
    shift,
    to_datetime,
    weekday_near,
)

# (type, value, granularity)
Resolution = tuple[str, str | None, str | None]

_FUTURE = re.compile(
    r"\b(?:will|won't|wo\s*n't|shall|going\s+to|plans?\s+to|planned\s+(?:for|to)|planning\s+to|scheduled|slated"
    r"|as\s+(?:soon|early)\s+as|would\s+be\s+\w+ing"
    r"|expected\s+to|expects?\s+to|is\s+due|are\s+due|due\s+to\s+(?:be|start|begin|meet|vote|visit)"
    r"|is\s+to|are\s+to|set\s+to|intends?\s+to|to\s+be\s+held)\b|'ll\b",
    re.I,
)
# How far around an expression a tense cue may sit: about a clause.
_CLAUSE = 90
_PAST = re.compile(
    r"\b(?:was|were|had|did|ago|last|yesterday|earlier|\w{3,}ed)\b", re.I
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n")


@dataclass
class Context:
    """What resolvers may read besides the match: the text, anchor, tense."""

    text: str
    anchor: Anchor | None
    _tense: dict[tuple[int, int], str | None] = field(default_factory=dict)
    # Earnings news names a quarter once ("the fiscal first quarter") and then
    # refers back to it ("the quarter", "a year earlier", "the 1988 period").
    # Resolvers note explicit quarters and such back-references by span, so
    # the extractor can re-anchor the latter on the story's quarter.
    quarters_named: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    quarter_refs: dict[tuple[int, int], tuple[str, int]] = field(default_factory=dict)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the sentence around a span (bounded, so cost stays linear)."""
        lo = max(0, start - 300)
        s = lo
        for m in _SENTENCE_END.finditer(self.text, lo, start):
            s = m.end()
        m = _SENTENCE_END.search(self.text, end, min(len(self.text), end + 300))
        e = m.start() + 1 if m else min(len(self.text), end + 300)
        return s, e

    def tense(self, start: int, end: int) -> str | None:
        """'future', 'past' or None for the sentence around a span (cheap cues)."""
        s, e = self.sentence(start, end)
        s, e = max(s, start - _CLAUSE), min(e, end + _CLAUSE)
        if (s, e) in self._tense:
            return self._tense[(s, e)]
        segment = self.text[s:e]
        if _FUTURE.search(segment):
            value: str | None = "future"
        elif _PAST.search(segment):
            value = "past"
        else:
            value = None
        self._tense[(s, e)] = value
        return value

    def before(self, start: int, n: int = 30) -> str:
        return self.text[max(0, start - n) : start]

    def after(self, end: int, n: int = 30) -> str:
        return self.text[end : end + n]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], Context], Resolution | None]
    priority: int = 5  # lower wins between candidates of equal length


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’-])(?:" + pattern + r")(?![\w])", re.I)


# ---- shared fragments --------------------------------------------------------

YEAR = r"(?:1[6-9]\d\d|20\d\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
POSITION = (
    r"(?:early|late|earlier|later|mid-?|the\s+(?:end|beginning|start|middle|rest|remainder|close|turn)\s+of"
    r"|(?:the\s+)?(?:first|second|latter|last)\s+half\s+of)"
)
REL_WORD = (
    r"(?:this\s+past|this\s+coming|last|past|previous|preceding|prior|this|current|present"
    r"|next|coming|following|upcoming)"
)
_REL_SHIFT = table("timex/relative_shifts")


def _norm(s: str | None) -> str:
    return " ".join((s or "").lower().split())


def _month(word: str) -> int:
    return lx.MONTHS[word.lower().rstrip(".")]


def _pos_half(position: str | None, value: str) -> str:
    """'the first half of 1989' -> '1989-H1' (other positions keep the value)."""
    p = _norm(position)
    if "half" in p and re.fullmatch(r"\d{4}", value):
        return value + ("-H1" if "first" in p else "-H2")
    return value


_LOCAL_PAST = re.compile(
    r"\b(?:said|told|announced|reported|\w{3,}ed|was|were|had|did|met|won|lost|made|took|came|went|gave|held|left"
    r"|began|spoke|wrote|sent|signed|struck|fell|rose|hit|quit|shot|killed|died|arrived|fled|broke|sold|bought)"
    r"(?:\s+\w+){0,2}\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)


def _direction(ctx: Context, m: re.Match[str], default: int = -1) -> int:
    """-1 for the past, +1 for the future, from the verb next to the expression or the clause."""
    local = ctx.before(m.start(), 40)
    if _LOCAL_PAST.search(local) and not _FUTURE.search(local):
        return -1  # "said Friday that it will ...": the day goes with "said"
    tense = ctx.tense(m.start(), m.end())
    if tense == "future":
        return 1
    if tense == "past":
        return -1
    return default


def _year_for(ctx: Context, m: re.Match[str], month: int, day: int | None) -> int | None:
    """The year of a month (and day) the text gives without one.

    News mostly looks back: the latest occurrence on or before the anchor,
    unless the next one is much nearer (a deadline in three weeks) or the
    clause is in the future tense (HeidelTime's news strategy, tuned).
    """
    if ctx.anchor is None:
        return None
    a = ctx.anchor.day
    if day is None:
        past_year = a.year if month <= a.month else a.year - 1
        future_year = a.year if month >= a.month else a.year + 1
        if past_year == future_year:
            return a.year
        past_dist = (a.year - past_year) * 12 + a.month - month
        future_dist = (future_year - a.year) * 12 + month - a.month
        ratio = 2.0
    else:
        try:
            this = date(a.year, month, day)
            past_year = a.year if this <= a else a.year - 1
            future_year = a.year if this >= a else a.year + 1
            if past_year == future_year:
                return a.year
            past_dist = (a - date(past_year, month, day)).days
            future_dist = (date(future_year, month, day) - a).days
        except ValueError:  # 29 February of a common year
            return a.year
        ratio = 3.0
    cue = _DATE_PREPOSITION.search(ctx.before(m.start(), 20))
    if cue is not None:
        # "since March" looks back, "by February" / "effective Feb. 1" ahead,
        # unless the date has only just passed (a deadline reported on).
        if cue.group(1).lower() == "since":
            return past_year
        if past_dist > (1 if day is None else 31):
            return future_year
    if ctx.tense(m.start(), m.end()) == "future" or future_dist * ratio < past_dist:
        return future_year
    return past_year


_DATE_PREPOSITION = re.compile(r"\b(since|by|until|till|effective|starting|beginning)\s+(?:on\s+)?$", re.I)


# ---- absolute and underspecified calendar dates ----------------------------


def _resolve_calendar_date(m: re.Match[str], ctx: Context) -> Resolution | None:
    month = _month(m.group("mon"))
    day = int(re.match(r"\d+", m.group("d")).group())
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
        if word.endswith(".") or len(word) <= 4 and word.lower() not in ("june", "july", "may"):
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
    if m.group("short"):
        d = int(m.group("short"))
    else:
        d = _DECADE_WORDS[m.group("word").lower()]
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


# ---- weekdays, days, parts of day -------------------------------------------


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


# ---- relative calendar units ------------------------------------------------


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
    a = ctx.anchor.day
    if unit == "weekend":
        direction = _direction(ctx, m)
        sat = weekday_near(a, 6, 1 if direction > 0 else -1)
        return "DATE", fmt_week(sat) + "-WE", "week"
    if unit == "year" and cur in ("", "fiscal") and not (earlier or m.group("pos")) and _PERIOD_END.match(
        ctx.after(m.end(), 12)
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


# ---- durations and offsets ---------------------------------------------------


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
    smaller = {"year": ("M", 12, False), "day": ("H", 24, True), "hour": ("M", 60, True),
               "minute": ("S", 60, True), "week": ("D", 7, False), "month": ("D", 30, False)}
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
    n = int(round(quantity)) * sign
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


# ---- references, sets, clock times, holidays --------------------------------

_REFS = pairs("timex/references")


def _resolve_ref(m: re.Match[str], ctx: Context) -> Resolution | None:
    phrase = _norm(m.group(0))
    if phrase == "current" and not re.search(
        r"(?:\b(?:his|her|its|their|our|my|your)|['’]s)\s+$", ctx.before(m.start(), 12), re.I
    ) and not re.match(
        r"\s+(?:\w+\s+)?(?:level|levels|rate|rates|situation|crisis|system|government|president"
        r"|administration|prices?|conditions?|law|laws|policy|policies|regime|season|term|year"
        r"|month|week|quarter|period|state|status|plan|leadership|trend|market|environment|climate"
        r"|members?|owners?|chairman|chief|leaders?)\b",
        ctx.after(m.end(), 40),
        re.I,
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
    if word != "daily" and re.match(r"\s+[a-z]", ctx.after(m.end(), 3)) and not re.match(
        r"\s+(?:and|or|but|in|on|at|by|for|from|to|since|until|through|over)\b", ctx.after(m.end(), 10)
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
        day = int(re.match(r"\d+", m.group("d")).group())
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
        "christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
        "new year's day": (1, 1), "new year's eve": (12, 31), "new year's": (1, 1),
        "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
        "boxing day": (12, 26), "veterans day": (11, 11), "may day": (5, 1),
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


# ---- the rule table ------------------------------------------------------------

M = lx.MONTH_RE
W = lx.WEEKDAY_RE
Q = lx.QUANTITY_RE
U = lx.UNIT_RE
APPROX = lx.APPROX_RE
POD = lx.PART_OF_DAY_RE
_POS = rf"(?:(?P<pos>{POSITION})\s*)?"
_CLOCK_DAY = (
    rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{W})|(?P<dw>yesterday|today|tomorrow)"
    rf"|(?P<mon>{M})\s+(?P<d>{DAYNUM})(?:,?\s+(?P<y>{YEAR}))?))?"
)
_TZ = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|local\s+time|local|Moscow\s+time|\(\d{4}\s+GMT\)))?"

RULES: list[Rule] = [
    Rule(
        "month-day",
        _c(rf"(?:(?:{W}),?\s+)?(?P<mon>{M})\s+(?P<d>{DAYNUM})(?![\d:.,]\d)(?:,?\s+(?P<y>{YEAR})(?![\d]))?"),
        _resolve_calendar_date,
        1,
    ),
    Rule(
        "day-month",
        _c(rf"(?:(?:{W}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})(?:\s+of)?\s+(?P<mon>{M})(?:,?\s+(?P<y>{YEAR})(?!\d))?"),
        _resolve_calendar_date,
        1,
    ),
    Rule(
        "iso-date",
        _c(r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"),
        _resolve_iso_date,
        1,
    ),
    Rule(
        "month",
        _c(
            rf"{_POS}(?:(?P<rel>this\s+past|this\s+coming|last|this|next)\s+)?(?P<mon>{M})"
            rf"(?:,?\s+(?:of\s+)?(?P<y>{YEAR})(?!\d)|\s+(?:of\s+)?(?P<ry>this|last|next)\s+year)?"
        ),
        _resolve_month,
        2,
    ),
    Rule(
        "year",
        re.compile(
            rf"(?<![\w$#€£.,'’-])(?:(?P<pos>{POSITION})[\s-]*)?(?:(?:fiscal|calendar|FY|(?:the\s+)?year)\s*)?"
            rf"(?P<y>{YEAR})(?![\w%]|[.,]\d|-\d|\s*(?:-|to)\s*\d)",
            re.I,
        ),
        _resolve_year,
        3,
    ),
    Rule(
        "decade",
        _c(
            rf"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<full>(?:1[5-9]|20)\d0)'?s|'(?P<short>\d)0s"
            r"|(?<=the )(?:(?:early|late|mid)[\s-]+)?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
        ),
        _resolve_decade,
        2,
    ),
    Rule(
        "century",
        _c(
            r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth"
            r"|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|nineteenth|twentieth|twenty[-\s]first)[-\s]century"
        ),
        _resolve_century,
        2,
    ),
    Rule(
        "weekday",
        _c(
            rf"(?:(?:early|late|earlier|later)\s+)?(?:(?P<rel>last|next|this\s+past|this\s+coming|this|the\s+previous"
            rf"|the\s+following|the\s+next|the\s+past)\s+)?(?P<wd>{W})(?:\s+(?P<pod>{POD}))?"
        ),
        _resolve_weekday,
        2,
    ),
    Rule(
        "dayword",
        _c(
            rf"(?:(?:early|late|earlier|later)\s+)?(?:(?P<dbl>the\s+day\s+(?:before|after))\s+)?"
            rf"(?P<w>yesterday|today|tomorrow|tonight)(?:\s+(?P<pod>{POD}))?"
        ),
        _resolve_dayword,
        2,
    ),
    Rule(
        "part-of-day",
        _c(rf"(?:(?:early|late)\s+)?(?P<rel>this|last|the\s+next|the\s+following|the\s+previous)\s+(?P<pod>{POD})"),
        _resolve_pod_rel,
        2,
    ),
    Rule(
        "season",
        _c(
            rf"{_POS}(?:(?P<rel>this\s+past|this\s+coming|last|this|next|past|coming)\s+|(?P<the>the)\s+)?"
            rf"(?P<season>{lx.SEASON_RE})(?:\s+of\s+(?P<y>{YEAR})|\s+(?P<y2>{YEAR}))?"
        ),
        lambda m, ctx: _resolve_season(m, ctx) if not m.group("y2") else (
            "DATE", f"{m.group('y2')}-{lx.SEASONS[m.group('season').lower()]}", "season"),
        3,
    ),
    Rule(
        "relative-unit",
        _c(
            rf"{_POS}(?:the\s+)?(?P<rel>{REL_WORD}|same)\s+(?P<unit>(?:fiscal\s+|calendar\s+)?year|week|weekend|month"
            r"|quarter|decade|century|day)(?![-‐])"
        ),
        _resolve_relative,
        3,
    ),
    Rule(
        "the-unit",
        _c(
            rf"{_POS}(?:the\s+|its\s+|this\s+|(?P<lastyears>last\s+year['’]s)\s+)(?:(?P<cur>current|latest|most\s+recent|recent|full|fiscal|calendar|comparable"
            rf"|same|corresponding)\s+)?(?:(?P<y>{YEAR})\s+)?(?:(?:fiscal|calendar)\s+)?(?P<earlier>year[-\s](?:earlier|ago)\s+"
            r"|prior[-\s]year\s+)?(?P<unit>year|quarter|period|weekend|month)"
            r"(?P<earlier2>\s+(?:a\s+year\s+(?:earlier|ago)|earlier|last\s+year))?(?![-‐])"
        ),
        _resolve_the_unit,
        4,
    ),
    Rule(
        "quarter",
        _c(
            rf"(?:(?P<det>the|its|their|this\s+year's|last\s+year's|next\s+year's|the\s+year-(?:earlier|ago)"
            rf"|the\s+comparable(?:\s+year-(?:earlier|ago))?|a\s+year-(?:earlier|ago)|(?P<dy>{YEAR})'s|the\s+(?P<dy2>{YEAR}))\s+)?"
            r"(?:(?:fiscal|calendar)[-\s]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?:(?:fiscal|calendar)[-\s]+)?"
            rf"(?:-?quarter|qtr\.?)(?:\s+of\s+(?:fiscal\s+)?(?P<y>{YEAR})|\s+(?:of\s+)?(?P<ry>this|last|next)\s+year|\s+(?P<y2>{YEAR}))?"
        ),
        lambda m, ctx: _resolve_quarter(m, ctx) if not m.group("dy2") else (
            "DATE", f"{m.group('dy2')}-Q{lx.ORDINALS[m.group('ord').lower()]}", "quarter"),
        2,
    ),
    Rule(
        "year-end",
        _c(r"(?:the\s+)?year(?:[-\s]|'s\s+|’s\s+)end"),
        _resolve_year_end,
        3,
    ),
    Rule(
        "offset",
        _c(
            rf"(?:(?:{APPROX})\s+)?(?P<q>{Q})\s+(?:more\s+)?(?:(?:trading|business|working)\s+)?(?P<unit>{U})"
            r"\s+(?P<dir>ago|earlier|from\s+now|hence|back)"
        ),
        _resolve_offset,
        1,
    ),
    Rule(
        "duration",
        _c(
            r"(?:(?:each\s+of\s+|all\s+of\s+)?(?:the|its|their|his|her|our)\s+)?"
            r"(?:(?:past|last|next|first|previous|coming|following|final|remaining|initial|latest|ensuing|preceding"
            r"|full|entire|whole|better\s+part\s+of\s+the)\s+)?"
            rf"(?:(?:{APPROX})\s+)?(?P<q>{Q})(?:\s+(?:more|additional|extra|full|straight|consecutive|further))?"
            rf"(?:\s+(?:trading|business|working|calendar|school|fiscal|financial))?\s+(?P<unit>{U})(?![-‐])"
            r"(?:\s+or\s+so|\s+or\s+more)?"
        ),
        _resolve_duration,
        4,
    ),
    Rule(
        "duration-adjective",
        _c(
            rf"(?P<q>\d+(?:\.\d+)?|{lx.NUMBER_WORD_RE}|half|a)[-‐](?P<unit>second|minute|hour|day|night|week|month"
            r"|quarter|year|decade|century)(?:[-‐](?:long|old))?"
        ),
        _resolve_duration,
        4,
    ),
    Rule(
        "duration-long",
        _c(r"(?P<q>)(?P<unit>days|weeks|months|years|decades|centuries|day|week|month|year|decade)[-‐]long"),
        lambda m, ctx: (
            "DURATION",
            duration_value(None if m.group("unit").lower().endswith(("s",)) else 1, _unit_key(m.group("unit"))),
            lx.GRANULARITY[_unit_key(m.group("unit"))],
        ),
        4,
    ),
    Rule(
        "vague-period",
        _c(
            r"(?:(?<=\bthe\s)|(?:the\s+)(?=past|last|next))?(?P<ref>recent|past|coming|next|last\s+few|upcoming)\s+(?:few\s+|several\s+)?"
            r"(?P<unit>days|weeks|months|years|decades|quarters)|(?:the\s+)?(?P<unit2>days|weeks|months|years)\s+ahead"
        ),
        _resolve_vague_period,
        5,
    ),
    Rule(
        "ref",
        _c(
            r"right\s+now|now|currently|current|at\s+present|presently|nowadays|these\s+days|at\s+the\s+moment"
            r"|recently|lately|the\s+past|the\s+near\s+future"
            r"|the\s+(?:near|short|long|longer)\s+term|the\s+future|as\s+soon\s+as\s+possible"
        ),
        _resolve_ref,
        6,
    ),
    Rule(
        "set-adverb",
        _c(r"daily|nightly|weekly|biweekly|monthly|quarterly|annually|yearly|hourly|semi-?annually"),
        _resolve_set_adverb,
        5,
    ),
    Rule(
        "every",
        _c(
            rf"(?:every|each)\s+(?P<other>other\s+)?(?P<t>{W}|{M}|{lx.SEASON_RE}|{POD}|day|week|weekend|month|year|quarter"
            r"|hour|minute|decade|century)"
        ),
        _resolve_every,
        2,
    ),
    Rule(
        "frequency",
        _c(r"(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>day|week|month|year|quarter|hour|minute|decade)"),
        _resolve_frequency,
        2,
    ),
    Rule(
        "weekday-plural",
        _c(r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s(?:\s+(?P<pod>morning|afternoon|evening|night)s)?"),
        _resolve_plural_weekday,
        2,
    ),
    Rule(
        "clock",
        _c(
            rf"(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?"
            rf"(?P<h>[01]?\d|2[0-4])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.?|[ap]m\b|o'clock)(?:\s+(?:in\s+the\s+)?(?P<pod2>{POD}))?"
            rf"{_TZ}{_CLOCK_DAY}"
        ),
        _resolve_clock,
        1,
    ),
    Rule(
        "clock-24h",
        re.compile(
            rf"(?<=\bat\s)(?P<h>[01]?\d|2[0-3])[:.h](?P<mi>[0-5]\d)(?![\d:])(?P<ap>)(?P<pod2>){_TZ}{_CLOCK_DAY}"
            rf"|(?<![\w:.])(?P<h2>[01]?\d|2[0-3]):?(?P<mi2>[0-5]\d)\s+(?:GMT|UTC|[ECMP][SD]T|local\s+time)",
            re.I,
        ),
        lambda m, ctx: _resolve_clock(m, ctx) if m.group("h") else (
            "TIME",
            f"{(ctx.anchor.day.isoformat() if ctx.anchor else 'XXXX-XX-XX')}T{int(m.group('h2')):02d}:{m.group('mi2')}",
            "minute",
        ),
        1,
    ),
    Rule(
        "noon",
        _c(
            rf"(?:(?:about|around|shortly\s+(?:before|after)|just\s+(?:before|after))\s+)?(?P<n>noon|midday|midnight)"
            rf"{_CLOCK_DAY}"
        ),
        _resolve_noon,
        2,
    ),
    Rule(
        "holiday",
        _c(
            rf"(?:(?P<rel>last|next|this)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]?s(?:\s+(?:Day|Eve))?"
            r"|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|Good\s+Friday|Labor\s+Day|Memorial\s+Day"
            r"|Independence\s+Day|Halloween|Valentine['’]s\s+Day|Boxing\s+Day|Veterans\s+Day|Election\s+Day)"
            rf"(?:,?\s+(?P<y>{YEAR}))?"
        ),
        _resolve_holiday,
        1,
    ),
    Rule(
        "bare-plural",
        re.compile(
            r"\b(?:for|within|in|the|over|took|lasted|last|spent|after)\s(?P<span>(?P<unit>days|weeks|months|years|decades"
            r"|centuries))(?![\w-]|\s+(?:of|ago|old|earlier|later|before|after)\b)",
            re.I,
        ),
        _resolve_bare_plural,
        7,
    ),
    Rule(
        "spelled-year",
        _c(
            rf"(?:(?P<mon>{M})\s+|the\s+year\s+)?(?P<sy>(?:nineteen|eighteen|seventeen)[\s-]+(?:{lx.NUMBER_WORD_RE})"
            r"|two\s+thousand(?:\s+(?:and\s+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[-\s](?:one|two|three|four|five"
            r"|six|seven|eight|nine))?))?)"
        ),
        _resolve_spelled_year,
        2,
    ),
    Rule(
        "clock-words",
        _c(
            r"(?P<hw>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?:\s+o'clock)?\s+in\s+the\s+"
            r"(?P<pod2>morning|afternoon|evening)"
        ),
        _resolve_clock_words,
        2,
    ),
]
