"""The rule machinery: the context a resolver reads (anchor, tense, nearby text),
the Rule record, and the regex fragments and year helpers the resolvers share."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ...resources.lexicons import table
from . import lexicon as lx
from .anchor import Anchor

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
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|yesterday|earlier|\w{3,}ed)\b", re.I)
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
        after = _SENTENCE_END.search(self.text, end, min(len(self.text), end + 300))
        e = after.start() + 1 if after else min(len(self.text), end + 300)
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

M = lx.MONTH_RE
W = lx.WEEKDAY_RE
Q = lx.QUANTITY_RE
U = lx.UNIT_RE
APPROX = lx.APPROX_RE
POD = lx.PART_OF_DAY_RE
