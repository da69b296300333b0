"""The temporal grammar: regex rules, each with a resolver to a TimeML value.

This is the HeidelTime approach: a rule's pattern finds the extent of an
expression, its resolver turns the matched words into a TIMEX3 type, value and
granularity, reading the anchor (publication date) for relative expressions
and the sentence's tense for underspecified ones ("Friday", "in March").
A resolver may return None to reject a match the pattern over-generates.
The resolvers live in ``dates``, ``durations`` and ``references``; the
machinery they share in ``grammar``.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .dates import (
    _resolve_calendar_date,
    _resolve_century,
    _resolve_dayword,
    _resolve_decade,
    _resolve_iso_date,
    _resolve_month,
    _resolve_pod_rel,
    _resolve_quarter,
    _resolve_relative,
    _resolve_season,
    _resolve_the_unit,
    _resolve_weekday,
    _resolve_year,
    _resolve_year_end,
)
from .durations import _resolve_duration, _resolve_offset, _unit_key, duration_value
from .grammar import APPROX, DAYNUM, POD, POSITION, REL_WORD, YEAR, M, Q, Rule, U, W, _c
from .references import (
    _resolve_bare_plural,
    _resolve_clock,
    _resolve_clock_words,
    _resolve_every,
    _resolve_frequency,
    _resolve_holiday,
    _resolve_noon,
    _resolve_plural_weekday,
    _resolve_ref,
    _resolve_set_adverb,
    _resolve_spelled_year,
    _resolve_vague_period,
)

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
            r"(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:(?P<full>(?:1[5-9]|20)\d0)'?s|'(?P<short>\d)0s"
            r"|(?<=the )(?:(?:early|late|mid)[\s-]+)?"
            r"(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
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
        lambda m, ctx: (
            _resolve_season(m, ctx)
            if not m.group("y2")
            else ("DATE", f"{m.group('y2')}-{lx.SEASONS[m.group('season').lower()]}", "season")
        ),
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
        lambda m, ctx: (
            _resolve_quarter(m, ctx)
            if not m.group("dy2")
            else ("DATE", f"{m.group('dy2')}-Q{lx.ORDINALS[m.group('ord').lower()]}", "quarter")
        ),
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
        _c(
            r"(?:once|twice|thrice|\w+\s+times)\s+(?:a|an|per|each|every)\s+(?P<unit>day|week|month|year|quarter|hour|minute|decade)"
        ),
        _resolve_frequency,
        2,
    ),
    Rule(
        "weekday-plural",
        _c(
            r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s(?:\s+(?P<pod>morning|afternoon|evening|night)s)?"
        ),
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
        lambda m, ctx: (
            _resolve_clock(m, ctx)
            if m.group("h")
            else (
                "TIME",
                f"{(ctx.anchor.day.isoformat() if ctx.anchor else 'XXXX-XX-XX')}"
                f"T{int(m.group('h2')):02d}:{m.group('mi2')}",
                "minute",
            )
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
