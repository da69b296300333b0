"""Words of the temporal grammar: numbers, months, weekdays, units, parts of day.

The regex fragments here are joined into the patterns of ``rules``; the
dictionaries turn the matched words back into numbers and TimeML codes.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Patterns are compiled case-insensitive. Full names that are never ordinary English words match in any case (some
# corpora are lower-cased); "March", "May" and the abbreviations must be
# capitalised, since "march", "may", "dec" are common words.
MONTH_RE = (
    r"(?:january|february|april|june|july|august|september|october|november|december"
    r"|(?-i:March|May|MARCH|MAY|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?))"
)

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
    "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4,
    "fri": 5, "sat": 6, "sun": 7,
}
WEEKDAY_RE = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?-i:(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.))"
)

PART_OF_DAY: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
    "tonight": "NI", "overnight": "NI",
}
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"

# Unit word -> TimeML duration letter and whether it belongs after the "T".
UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True),
    "day": ("D", False), "night": ("D", False), "week": ("W", False),
    "weekend": ("WE", False), "fortnight": ("W", False), "month": ("M", False),
    "quarter": ("Q", False), "year": ("Y", False), "decade": ("DE", False),
    "century": ("CE", False), "millennium": ("L", False),
}
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?"
    r"|quarters?|years?|decades?|century|centuries|millennium|millennia)"
)

GRANULARITY: dict[str, str] = {
    "second": "second", "minute": "minute", "hour": "hour", "day": "day", "night": "day",
    "week": "week", "weekend": "week", "fortnight": "week", "month": "month",
    "quarter": "quarter", "year": "year", "decade": "decade", "century": "century",
    "millennium": "millennium",
}

_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1,
}
_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}

_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_WORD_RE = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]" + _UNIT_WORD + r")?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen)(?:\s+hundred)?"
)
VAGUE_RE = (
    r"(?:a\s+few|several|few|many|some|a\s+number\s+of|dozens\s+of|hundreds\s+of"
    r"|thousands\s+of|the\s+last\s+few|countless)"
)
# A quantity in front of a unit: digits, number words, "a couple of", vague words.
QUANTITY_RE = (
    r"(?:(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+1/2|\s*½)?"
    r"|" + NUMBER_WORD_RE +
    r"|a\s+couple\s+of|a\s+couple|a\s+dozen|a\s+half|half\s+an?|an?|" + VAGUE_RE + r")"
    r"(?:\s+and\s+a\s+half)?"
)
APPROX_RE = (
    r"(?:about|around|approximately|roughly|nearly|almost|some|just|only|over|under"
    r"|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than"
    r"|no\s+less\s+than|well\s+over|close\s+to|upwards\s+of|barely|the\s+better\s+part\s+of)"
)

_VAGUE_WORDS = re.compile(r"^(?:" + VAGUE_RE + r")$", re.I)


def parse_quantity(text: str) -> float | None:
    """The number a quantity phrase denotes, or None when it is vague ("several")."""
    s = " ".join(text.lower().replace("-", " ").split())
    if _VAGUE_WORDS.match(s):
        return None
    half = 0.0
    if s.endswith(" and a half"):
        half, s = 0.5, s[: -len(" and a half")]
    if s.endswith(" 1/2") or s.endswith("½"):
        half, s = 0.5, s.replace("1/2", "").replace("½", "").strip()
    if s in ("a half", "half a", "half an"):
        return 0.5
    if s in ("a couple", "a couple of"):
        return 2.0 + half
    if s == "a dozen":
        return 12.0 + half
    digits = s.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total = 0
    words = s.split()
    for w in words:
        if w in _SMALL:
            total += _SMALL[w]
        elif w in _TENS:
            total += _TENS[w]
        elif w == "hundred":
            total = max(total, 1) * 100
        else:
            return None
    return float(total) + half
