"""Words of the temporal grammar: numbers, months, weekdays, units, parts of day.

The regex fragments here are joined into the patterns of ``rules``; the
dictionaries turn the matched words back into numbers and TimeML codes.
"""

from __future__ import annotations

import re

from ...resources.lexicons import pairs, table

MONTHS: dict[str, int] = table("common/months")

# Patterns are compiled case-insensitive. Full names that are never ordinary English words match in any case (some
# corpora are lower-cased); "March", "May" and the abbreviations must be
# capitalised, since "march", "may", "dec" are common words.
MONTH_RE = (
    r"(?:january|february|april|june|july|august|september|october|november|december"
    r"|(?-i:March|May|MARCH|MAY|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?))"
)

WEEKDAYS: dict[str, int] = {**table("common/weekday_names"), **table("timex/weekday_abbreviations")}
WEEKDAY_RE = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|(?-i:(?:Mon|Tues|Tue|Wed|Thurs|Thur|Thu|Fri|Sat|Sun)\.))"
)

PART_OF_DAY: dict[str, str] = pairs("timex/parts_of_day")
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night)"

SEASONS: dict[str, str] = pairs("timex/seasons")
SEASON_RE = r"(?:spring|summer|fall|autumn|winter)"

# Unit word -> TimeML duration letter and whether it belongs after the "T".
UNITS: dict[str, tuple[str, bool]] = {
    word: (letter, after_t) for word, (letter, after_t) in table("timex/units").items()
}
UNIT_RE = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?"
    r"|quarters?|years?|decades?|century|centuries|millennium|millennia)"
)

GRANULARITY: dict[str, str] = pairs("timex/granularity")

# Number words below twenty, and the articles that stand for "one" ("a day").
_SMALL: dict[str, int] = {**table("common/number_words_units"), **table("timex/article_numbers")}
_TENS: dict[str, int] = table("common/number_words_tens")
ORDINALS: dict[str, int] = table("timex/ordinals")

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
    r"|" + NUMBER_WORD_RE + r"|a\s+couple\s+of|a\s+couple|a\s+dozen|a\s+half|half\s+an?|an?|" + VAGUE_RE + r")"
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
