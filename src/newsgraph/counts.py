"""Counts: "more than 300 people arrested" -> value, qualifier, unit, action, category.

One pass over the tokens of a parsed spaCy ``Doc`` finds number phrases, reads
their value, and links each to what is counted (the *unit*) and to the event it
reports (the *action*) through the dependency parse. It runs on every document,
so it only looks at tokens that can start a number and walks a few arcs from
each.

Conventions (decided here, relied on by ``events`` and the store):

Span
    ``start``/``end`` cover the qualifier, the number and the counted noun when
    that noun follows the number in the same phrase: "more than 300 people",
    "thousands of demonstrators", "between 200 and 300 protesters". The action
    word is never in the span (it may be far away or before the number:
    "killing 12"); it is given as ``action``.
Value
    Digits ("5,000", "1.5"), digits with a scale ("1.5 million", "5k", "2bn",
    "3 lakh"), written numbers ("five", "twenty-three", "two hundred and
    fifty", "a dozen", "half a dozen"). Vague plurals are read as twice their
    base with qualifier "at least": "dozens" -> 24, "scores of" -> 40,
    "hundreds" -> 200, "thousands" -> 2000, "tens of thousands" -> 20,000,
    "hundreds of thousands" -> 200,000. "several" -> 3 and "multiple" -> 2
    (qualifier "at least") are kept only when the count has a category
    ("multiple casualties", "several people were killed"), since elsewhere
    they are not counts of anything reported.
Ranges
    "between 10 and 20", "10-20", "10 to 20", "two or three" -> ``value`` 10,
    ``value_max`` 20. "from 10 to 40" under a verb of change ("the toll rose
    from 10 to 40") is a change, not a range: the count is the new value, 40.
Qualifier
    The lower-cased surface words before the number ("over", "more than",
    "at least", "about", "around", "nearly", "almost", "up to", "some",
    "an estimated", "fewer than", ...), or after it ("or more", "or so",
    "plus"); intensifiers ("just", "well") are dropped.
Unit
    The noun the number modifies (``nummod``/``quantmod``), or the object of a
    partitive "of" ("thousands of demonstrators", "12 of the victims"), with
    its compound modifiers ("riot police"). "The death toll rose to 37" gives
    unit "death toll" (the subject of the change verb). A bare number that
    reports an event ("... and 40 injured") takes the unit of the count before
    it in the same sentence.
Action
    The lemma of the verb the counted noun attaches to: its subject or object
    ("12 people were killed", "killing 12", "5 ministers resigned"), a
    participle or relative clause on the noun ("people detained", "protesters
    who gathered"), through raising verbs ("were reported killed", "were feared
    dead"). Particles stay ("round up"); a custody phrase gives
    "take into custody". Adjectives map to their verb ("3 dead" -> "die",
    "40 wounded" -> "wound"). Event nouns give their verb when no verb does
    ("12 deaths" -> "die", "the death toll" -> "die"). Copulas and light
    verbs ("be", "have", "lead to") give no action.
Category
    One of ``CATEGORIES``, from the action first, then from the unit:

    =========== ==============================================================
    killed      kill, murder, die, dead, deaths, fatalities, death toll, shot dead
    injured     injure, wound, hurt, injuries, hospitalised
    casualties  casualties, shot (killed or injured, the text does not say)
    arrested    arrest, detain, held (passive), jail, custody, detainees
    crowd       protesters, demonstrators, marchers, rioters, rally, gather,
                march, take to the streets, "a 5,000-strong crowd"
    missing     missing, disappeared
    kidnapped   kidnap, abduct, hostages, held hostage
    displaced   displaced, evacuated, fled, refugees, homeless
    =========== ==============================================================

    The category goes to the people the event happened to: the agent of a
    transitive verb ("4 gunmen killed 12 people", "shot by four officers")
    gets the action but no category, and so does a place ("took to the
    streets in several areas").

    Any other count keeps ``category`` None but still gets unit and action
    ("5 ministers resigned").
Skipped
    Numbers spaCy labels DATE, TIME, MONEY, PERCENT, ORDINAL or QUANTITY, or
    that sit inside a name (PERSON, ORG, GPE, FAC, PRODUCT, EVENT, LAW, ...);
    years; ages ("a 34-year-old", "aged 34", "Smith, 34,"); numbers glued into
    a word ("COVID-19", "a 5-day strike"); list numbering ("1." at a line
    start); phone numbers; numbers after a numbering word ("No. 5",
    "Article 5", "Flight 370") or after a proper name ("Apollo 11");
    measurements, durations, money, scores and votes written as nouns
    ("5 miles", "3 decades", "10 dollars", "an 80-19 vote"); frequencies
    ("three times"); "one" used as a pronoun ("one of them", "no one").
    "one", "several", "multiple" and year-like numbers ("1995 tax filings")
    are kept only with a category; with a parse, a number with no unit, no
    action and no category ("Forty-three, yes") is dropped as counting
    nothing nameable. Without a parse (``Doc`` from ``make_doc``) numbers
    are still read, without unit, action or category.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LIKE_NUM, LOWER, SHAPE
from spacy.strings import hash_string

from .records import Count
from .resources.lexicons import pairs, table, word_list

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc, Token

CATEGORIES: tuple[str, ...] = (
    "killed",
    "injured",
    "casualties",
    "arrested",
    "crowd",
    "missing",
    "kidnapped",
    "displaced",
)

# --- number words -----------------------------------------------------------

_UNITS: dict[str, int] = table("common/number_words_units")
_TENS: dict[str, int] = table("common/number_words_tens")
# Scale words; South Asian news writes "lakh" and "crore" as often as "million".
_SCALES: dict[str, float] = table("counts/scales")
_DOZEN = "dozen"
# Vague plurals: the base that "twice the base, at least" is read from.
# "tens" and "scores" count only as "tens of ..." / "scores of ..." (_NEEDS_OF):
# alone they are other words.
_VAGUE_PLURALS: dict[str, float] = table("counts/vague_plurals")
_NEEDS_OF = word_list("counts/needs_of")
# Vague determiners kept only when the count has a category.
_VAGUE_DETERMINERS: dict[str, float] = table("counts/vague_determiners")

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b)$", re.IGNORECASE)
_SUFFIX_SCALE = table("counts/suffix_scales")

# Words that can start a number phrase besides like_num tokens.
_START_WORDS = frozenset(
    set(_VAGUE_PLURALS) | set(_VAGUE_DETERMINERS) | set(_SCALES) | {_DOZEN}
)

# --- qualifiers -------------------------------------------------------------

_START_HASHES = numpy.array(sorted(hash_string(w) for w in _START_WORDS), dtype=numpy.uint64)

_QUALIFIERS_BEFORE: frozenset[str] = word_list("counts/qualifiers_before")
_QUALIFIER_MAX_WORDS = 3
_INTENSIFIERS = word_list("counts/intensifiers")
# Qualifier words after a number (space-separated tokens) -> the qualifier.
_QUALIFIERS_AFTER: dict[tuple[str, ...], str] = {
    tuple(words.split(" ")): qualifier for words, qualifier in table("counts/qualifiers_after")
}
_VAGUE_QUALIFIER = "at least"

# --- what is not a count ----------------------------------------------------

# Entity labels whose numbers are dates, money, measures or parts of names.
_SKIP_ENTS = frozenset(
    {
        "MONEY",
        "PERCENT",
        "ORDINAL",
        "QUANTITY",
        "PERSON",
        "ORG",
        "GPE",
        "LOC",
        "FAC",
        "PRODUCT",
        "EVENT",
        "WORK_OF_ART",
        "LAW",
        "LANGUAGE",
    }
)
# The small model often calls "between 1 and 2 million" or "3,000" a DATE: these
# labels are trusted only when nothing countable follows the number.
_SOFT_SKIP_ENTS = frozenset({"DATE", "TIME"})
# A number right after one of these is a label, not a count.
_NUMBERING_WORDS = word_list("counts/numbering_words")
# Nouns that make the number a measure, duration, amount or frequency.
_NON_COUNT_UNITS = word_list("counts/non_count_units")
_CURRENCY_SIGNS = word_list("counts/currency_signs")
_AGE_WORDS = word_list("counts/age_words")
# --- actions and categories ---------------------------------------------------

_ACTION_CATEGORY: dict[str, str] = pairs("counts/action_categories")
_UNIT_CATEGORY: dict[str, str] = pairs("counts/unit_categories")
# Nouns that name the event they count: their verb is the action.
_NOUN_ACTION: dict[str, str] = pairs("counts/noun_actions")
# Adjectives (and participles the tagger calls adjectives) of casualty reports.
_ADJ_ACTION: dict[str, tuple[str, str]] = {
    word: (action, category)
    for word, (action, category) in table("counts/adjective_actions").items()
}
# Category verbs whose subject is the one counted ("12 people died"); for the
# others the active subject is the agent ("4 gunmen killed ...").
_INTRANSITIVE = word_list("counts/intransitive_verbs")
# Verbs that pass the report on to their complement: "were reported killed".
_RAISING_VERBS = word_list("counts/raising_verbs")
# Verbs that carry no event of their own.
_LIGHT_VERBS = word_list("counts/light_verbs")
# "the toll rose to 37", "deaths reached 40", "the number stood at 12".
_CHANGE_VERBS = word_list("counts/change_verbs")
# Prepositional objects that make a verb an arrest or a crowd.
_CUSTODY_NOUNS = word_list("counts/custody_nouns")
_CROWD_EVENT_NOUNS = word_list("counts/crowd_event_nouns")
_CROWD_LINK_VERBS = word_list("counts/crowd_link_verbs")
_TARGET_PREPOSITIONS = word_list("counts/target_prepositions")
_INJURY_NOUNS = word_list("counts/injury_nouns")
# Passive "held" is an arrest unless what is held is an event.
_HELD_EVENTS = word_list("counts/held_events")
_PARTITIVE_SKIP_POS = frozenset({"PRON", "DET"})


@dataclass
class _Number:
    """A number phrase read from the tokens ``first``..``last`` (inclusive)."""

    first: int
    last: int
    value: float
    vague: bool = False  # "dozens", "thousands": twice the base, at least
    determiner: bool = False  # "several", "multiple": kept only with a category
    scaled: bool = False  # ends in a scale word ("million") or a suffix ("5k")
    scale: float = 1.0


def extract_counts(doc: "Doc") -> list[Count]:
    """Find the counts of people and things reported in ``doc``.

    Returns ``Count`` records in text order, offsets into ``doc.text``. See the
    module docstring for the conventions.
    """
    counts: list[Count] = []
    parsed = doc.has_annotation("DEP")
    # The unit of the last count per sentence start, for "... and 40 injured".
    last_unit: dict[int, str] = {}
    resume = 0
    for i in _candidates(doc):
        if i < resume:
            continue
        number = _read_number(doc, i)
        if number is None:
            continue
        count, resume = _build_count(doc, number, parsed, last_unit)
        if count is not None:
            counts.append(count)
    return counts


def _candidates(doc: "Doc") -> list[int]:
    """Indices of tokens that may start a number phrase.

    Read from spaCy's attribute arrays so Python touches only these tokens,
    not every token of the document.
    """
    if len(doc) == 0:
        return []
    arr = doc.to_array([LIKE_NUM, LOWER, SHAPE])
    mask = arr[:, 0].astype(bool) | numpy.isin(arr[:, 1], _START_HASHES)
    # "5k", "2bn": digits glued to a letter are not like_num; find them by shape.
    strings = doc.vocab.strings
    digit_shapes = [h for h in numpy.unique(arr[:, 2]) if _shape_starts_with_digit(strings, int(h))]
    if digit_shapes:
        mask |= numpy.isin(arr[:, 2], digit_shapes)
    return numpy.flatnonzero(mask).tolist()


_DIGIT_SHAPES: dict[int, bool] = {}


def _shape_starts_with_digit(strings: "StringStore", shape: int) -> bool:
    known = _DIGIT_SHAPES.get(shape)
    if known is None:
        known = _DIGIT_SHAPES[shape] = strings[shape].startswith("d")
    return known


# --- reading numbers ------------------------------------------------------------


def _piece(tok: "Token") -> tuple[str, float] | None:
    """Classify one token of a number phrase: (kind, value) or None."""
    lower = tok.lower_
    if lower in _UNITS:
        return "unit", float(_UNITS[lower])
    if lower in _TENS:
        return "tens", float(_TENS[lower])
    if lower in _SCALES:
        return "scale", _SCALES[lower]
    if lower == _DOZEN:
        return "dozen", 12.0
    text = tok.text
    if _DIGITS.match(text):
        # Leading zeros are codes, phone parts and clock times, not counts.
        if len(text) > 1 and text[0] == "0" and text[1] != ".":
            return None
        return "digit", float(text.replace(",", ""))
    m = _DIGITS_SCALED.match(text)
    if m:
        return "digit_scaled", float(m.group(1)) * _SUFFIX_SCALE[m.group(2).lower()]
    return None


def _read_number(doc: "Doc", i: int) -> _Number | None:
    """Read the number phrase starting at token ``i``, or None if there is none."""
    tok = doc[i]
    lower = tok.lower_
    n = len(doc)
    if lower in _VAGUE_PLURALS:
        return _read_vague(doc, i)
    if lower in _VAGUE_DETERMINERS:
        # "several hundred" is a vague number; "several people" a vague determiner.
        if i + 1 < n and doc[i + 1].lower_ in _SCALES:
            scale = _SCALES[doc[i + 1].lower_]
            return _Number(i, i + 1, _VAGUE_DETERMINERS[lower] * scale, vague=True, scaled=True, scale=scale)
        return _Number(i, i, _VAGUE_DETERMINERS[lower], determiner=True)
    first = _piece(tok)
    if first is None:
        return None
    total = 0.0
    current = 0.0
    prev_kind = ""
    last = i
    scale = 1.0
    j = i
    while j < n:
        t = doc[j]
        piece = _piece(t) if j > i else first
        if piece is None:
            # "twenty-three" (hyphen), "two hundred and fifty" ("and").
            if (
                t.text in {"-", "–"}
                and prev_kind == "tens"
                and not doc[j - 1].whitespace_
                and not t.whitespace_
                and j + 1 < n
                and doc[j + 1].lower_ in _UNITS
            ):
                j += 1
                continue
            if (
                t.lower_ == "and"
                and prev_kind == "scale"
                and j + 1 < n
                and (doc[j + 1].lower_ in _UNITS or doc[j + 1].lower_ in _TENS)
                and not (j + 2 < n and doc[j + 2].lower_ in _SCALES)
            ):
                j += 1
                continue
            break
        kind, value = piece
        if j > i and not _may_follow(prev_kind, kind, value, scale):
            break
        if kind in {"unit", "tens", "digit"}:
            current += value
        elif kind == "digit_scaled":
            current += value
            scale = max(scale, 1e3)
        elif kind == "scale":
            current = (current or 1.0) * value
            if value >= 1e3:
                total += current
                current = 0.0
            scale = value
        elif kind == "dozen":
            current = (current or 1.0) * 12.0
        prev_kind = kind
        last = j
        j += 1
        if kind in {"dozen", "digit_scaled"}:
            break
    value = total + current
    start = i
    # "a dozen", "a hundred", "half a dozen"; a bare "hundred" is no number phrase.
    if first[0] in {"scale", "dozen"}:
        if i == 0 or doc[i - 1].lower_ not in {"a", "an", "one"}:
            return None
        start = i - 1
        if i > 1 and doc[i - 2].lower_ == "half":
            start = i - 2
            value /= 2
    return _Number(start, last, value, scaled=prev_kind in {"scale", "digit_scaled"}, scale=scale)


def _may_follow(prev: str, kind: str, value: float, scale: float) -> bool:
    """Whether a number piece of ``kind`` may continue after one of ``prev``."""
    if kind in {"scale", "dozen"}:
        # "hundred thousand" yes; "million hundred" no.
        return prev != "scale" or value > scale
    if prev == "tens":
        return kind == "unit" and value < 10
    if prev == "scale":
        return kind in {"unit", "tens"}
    return False


def _read_vague(doc: "Doc", i: int) -> _Number | None:
    """Read "dozens", "hundreds of thousands", "tens of millions"."""
    n = len(doc)
    lower = doc[i].lower_
    needs_of = lower in _NEEDS_OF
    base = _VAGUE_PLURALS[lower]
    last = i
    j = i + 1
    # "hundreds of thousands of people": multiply while the next is a larger plural.
    while j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_ in _VAGUE_PLURALS:
        nxt = doc[j + 1].lower_
        if nxt in _NEEDS_OF or _VAGUE_PLURALS[nxt] <= 1:
            break
        base *= _VAGUE_PLURALS[nxt]
        last = j + 1
        j += 2
        needs_of = False
    if needs_of and not (last + 1 < n and doc[last + 1].lower_ == "of"):
        return None
    return _Number(i, last, 2.0 * base, vague=True)


# --- building a count -------------------------------------------------------------


def _build_count(
    doc: "Doc", number: _Number, parsed: bool, last_unit: dict[int, str]
) -> tuple[Count | None, int]:
    """Turn a number phrase into a Count (or None when it is not one).

    Returns the count and the token index to resume scanning at.
    """
    n = len(doc)
    resume = number.last + 1
    if _skipped(doc, number):
        return None, _range_tail_end(doc, number.last)

    value = number.value
    value_max: float | None = None
    first, last = number.first, number.last
    qualifier: str | None = _VAGUE_QUALIFIER if number.vague else None
    if number.determiner:
        qualifier = _VAGUE_QUALIFIER
    change = False

    # Ranges: "between 10 and 20", "10-20", "10 to 20", "two or three".
    if last + 2 < n and not number.determiner:
        link = doc[last + 1]
        linker = link.lower_
        if linker in {"-", "–", "to", "or", "and"}:
            second = _read_number(doc, last + 2) if _is_number_start(doc[last + 2]) else None
            before = doc[first - 1].lower_ if first > 0 else ""
            glued = not link.whitespace_ and not doc[last].whitespace_
            ok = second is not None and (
                (linker == "and" and before == "between")
                or (linker in {"-", "–"} and glued)
                or linker in {"to", "or"}
            )
            if ok and second is not None and _is_phone(doc, number, second):
                return None, second.last + 1
            if ok and second is not None and not _skipped(doc, second, tail=True):
                low = value
                if not number.scaled and second.scaled and low * second.scale <= second.value:
                    low *= second.scale
                if linker == "to" and before == "from" and _governed_by_change(doc, second.last):
                    # "the toll rose from 10 to 40": the count is the new value.
                    value = second.value
                    first = second.first
                    change = True
                elif low <= second.value:
                    value, value_max = low, second.value
                    if before == "between":
                        first -= 1
                    qualifier = _VAGUE_QUALIFIER if (number.vague or second.vague) else None
                else:
                    second = None
                if second is not None:
                    last = second.last
                    resume = last + 1

    # Qualifier words before the number (not for "between" ranges).
    if not change and not (value_max is not None and doc[first].lower_ == "between"):
        found = _qualifier_before(doc, first)
        if found is not None:
            qualifier, first = found
    after = _qualifier_after(doc, last)
    if after is not None and value_max is None:
        qualifier, last = after
        resume = last + 1

    anchor = _anchor(doc, number.first if not change else first, last) if parsed else doc[last]
    unit_tok: Token | None = None
    unit_text: str | None = None
    action: str | None = None
    category: str | None = None
    strong = _strong_suffix(doc, last)
    if parsed:
        unit_tok, adjective = _unit_token(doc, anchor, last, strong)
        partitive = (
            unit_tok is not None
            and unit_tok.head.lower_ == "of"
            and unit_tok.head.head.i in range(number.first, number.last + 1)
        )
        if partitive and value == 1:
            # "one of more than 300 people": the count is the 300, not the one.
            return None, resume
        if _date_labelled(doc, number) and not _countable(unit_tok, number):
            return None, resume
        if unit_tok is not None and unit_tok.lemma_.lower() in _NON_COUNT_UNITS:
            return None, resume
        if unit_tok is not None and unit_tok.lower_ in _NON_COUNT_UNITS:
            return None, resume
        if anchor.lower_ == "one" and unit_tok is None and adjective is None and not change:
            # "one of them", "no one", "the one": a pronoun.
            return None, resume
        if unit_tok is None and _is_bare_year(doc, number):
            return None, resume
        if adjective is not None:
            action, category = _ADJ_ACTION[adjective.lower_]
        else:
            toll = _toll_subject(doc, anchor)
            node = unit_tok if unit_tok is not None else anchor
            if toll is not None and unit_tok is None:
                unit_tok = toll
                action, category = _toll_action(toll)
            else:
                action, category = _action_of(node, unit_tok, anchor if partitive else None)
        if strong:
            category = category or "crowd"
        if unit_tok is not None:
            unit_text = _unit_text(unit_tok)
            if category is None:
                category = _unit_category(unit_tok)
            noun_action = _NOUN_ACTION.get(unit_tok.lemma_.lower())
            # "reported 12 deaths", "made 40 arrests": the noun names the event.
            if noun_action is not None and (action is None or action not in _ACTION_CATEGORY):
                action = noun_action
        sent_key = _sentence_start(anchor)
        if unit_tok is None and category is not None and sent_key in last_unit:
            unit_text = last_unit[sent_key]
        if unit_text is not None:
            last_unit[sent_key] = unit_text
    else:
        if _is_bare_year(doc, number):
            return None, resume

    if (number.determiner or value == 1 or _is_bare_year(doc, number)) and category is None:
        # "several", "one" and year-like numbers ("1995 tax filings") are counts
        # only when they count casualties, arrests or crowds.
        return None, resume
    if parsed and unit_text is None and action is None and category is None:
        return None, resume  # a number that counts nothing the parse can name

    # Extend the span over the counted noun when it follows in the same phrase.
    end_tok = last
    if unit_tok is not None and unit_tok.i > last and unit_tok.i - last <= 6:
        between = doc[last + 1 : unit_tok.i]
        if all(t.pos_ not in {"VERB", "AUX", "CCONJ", "PUNCT"} or t.text in {"-", "–"} for t in between):
            end_tok = unit_tok.i
    if strong and end_tok == last:
        end_tok = last + 2
    start_char = doc[first].idx
    end_char = doc[end_tok].idx + len(doc[end_tok].text)
    return (
        Count(
            start=start_char,
            end=end_char,
            text=doc[first : end_tok + 1].text,
            value=float(value),
            value_max=None if value_max is None else float(value_max),
            qualifier=qualifier,
            unit=unit_text,
            action=action,
            category=category,
        ),
        resume,
    )


def _range_tail_end(doc: "Doc", last: int) -> int:
    """Where scanning resumes after a skipped number and any range tail it has."""
    n = len(doc)
    if last + 2 < n and doc[last + 1].lower_ in {"-", "–", "to", "and"}:
        tail = doc[last + 2]
        same_entity = tail.ent_type_ != "" and tail.ent_type_ == doc[last].ent_type_
        glued = not doc[last].whitespace_ and not doc[last + 1].whitespace_
        if _is_number_start(tail) and (same_entity or glued):
            second = _read_number(doc, last + 2)
            if second is not None:
                return second.last + 1
    return last + 1


def _sentence_start(tok: "Token") -> int:
    """The index of the first token of ``tok``'s sentence (cheap with a parse)."""
    try:
        return tok.sent.start
    except ValueError:
        return 0


def _is_number_start(tok: "Token") -> bool:
    return tok.like_num or tok.lower_ in _START_WORDS or tok.lower_ in {"a", "an"}


# --- skip rules -----------------------------------------------------------------


def _skipped(doc: "Doc", number: _Number, tail: bool = False) -> bool:
    """Whether the number phrase is a date, money, a name, an age, a label...

    ``tail`` marks the second number of a range, whose left context is the
    range itself.
    """
    n = len(doc)
    for k in range(number.first, number.last + 1):
        t = doc[k]
        if t.ent_type_ in _SKIP_ENTS:
            return True
        if t.tag_ == "LS":
            return True
    first = doc[number.first]
    last = doc[number.last]
    prev = doc[number.first - 1] if number.first > 0 else None
    nxt = doc[number.last + 1] if number.last + 1 < n else None
    if prev is not None and not tail:
        # "COVID-19", "F-16": the number is glued into a word.
        if prev.text in {"-", "–", "/"} and not prev.whitespace_ and number.first > 1:
            before = doc[number.first - 2]
            if not before.whitespace_ and before.is_alpha:
                return True
        low = prev.lower_
        if low in _NUMBERING_WORDS or low in _AGE_WORDS:
            return True
        if prev.text == "#" or prev.text.startswith("+"):
            return True
        # Phone numbers: "+1 (202) 555-0100".
        for k in range(max(0, number.first - 3), number.first):
            if doc[k].text.startswith("+") and doc[k].text[1:2].isdigit():
                return True
        # "Apollo 11", "Windows 10": a number right after a singular proper name.
        if prev.tag_ == "NNP" and prev.ent_type_ not in {"DATE", "TIME", "NORP", "CARDINAL"}:
            return True
        if prev.text in _CURRENCY_SIGNS or prev.lower_ in _CURRENCY_SIGNS or prev.tag_ == "$":
            return True
        # The tail of "80-19" or "3-2": a score or vote, read from its first part.
        if prev.text in {"-", "–"} and not prev.whitespace_ and number.first > 1:
            before = doc[number.first - 2]
            if not before.whitespace_ and before.text[:1].isdigit():
                return True
    if nxt is not None:
        # "a 34-year-old", "a 5-day strike": the number is glued into a modifier.
        if (
            nxt.text in {"-", "–"}
            and not last.whitespace_
            and not nxt.whitespace_
            and number.last + 2 < n
        ):
            after = doc[number.last + 2]
            if after.is_alpha and after.lower_ not in _START_WORDS and after.lower_ not in {"strong", "plus"} and _piece(after) is None:
                return True
        # "555-0100": a digit group glued to one with a leading zero.
        if (
            nxt.text == "-"
            and not last.whitespace_
            and number.last + 2 < n
            and doc[number.last + 2].text[:1] == "0"
        ):
            return True
        # "34 years old".
        if nxt.lower_ in {"years", "year"} and number.last + 2 < n and doc[number.last + 2].lower_ == "old":
            return True
        if nxt.text in {":", "."} and not last.whitespace_ and number.last + 2 < n and doc[number.last + 2].text[:1].isdigit():
            return True  # clock times and section numbers: "9:30", "3.2.1"
    # List numbering: "1." or "2)" at the start of a line.
    if nxt is not None and nxt.text in {".", ")"} and _at_line_start(doc, number.first):
        return True
    if first.text.endswith(".") and _at_line_start(doc, number.first):
        return True
    # Appositive ages: "John Smith, 34, said".
    if (
        prev is not None
        and prev.text == ","
        and nxt is not None
        and nxt.text in {",", ")"}
        and number.first == number.last
        and number.first > 1
        and doc[number.first - 2].pos_ == "PROPN"
        and _piece(first) is not None
        and _piece(first)[0] == "digit"  # type: ignore[index]
        and 0 < _piece(first)[1] < 120  # type: ignore[index]
    ):
        return True
    # Long digit strings without grouping are ids and phone numbers.
    if first.text.isdigit() and len(first.text) >= 7:
        return True
    return False


def _date_labelled(doc: "Doc", number: _Number) -> bool:
    return any(doc[k].ent_type_ in _SOFT_SKIP_ENTS for k in range(number.first, number.last + 1))


def _countable(unit: "Token | None", number: _Number) -> bool:
    """Whether a DATE/TIME-labelled number still counts something ("2 million people")."""
    if unit is None:
        return False
    lemma = unit.lemma_.lower()
    return unit.tag_ in {"NNS", "NNPS"} and lemma not in _NON_COUNT_UNITS and unit.lower_ not in _NON_COUNT_UNITS


def _at_line_start(doc: "Doc", i: int) -> bool:
    """Whether token ``i`` starts a line (spaCy keeps newlines as space tokens)."""
    k = i - 1
    while k >= 0:
        prev = doc[k]
        if prev.whitespace_:
            return False
        if not prev.is_space:
            return False
        if "\n" in prev.text:
            return True
        k -= 1
    return True


def _is_phone(doc: "Doc", a: _Number, b: _Number) -> bool:
    """"555-1234": a three-digit and a four-digit group without grouping commas."""
    ta, tb = doc[a.last].text, doc[b.first].text
    return ta.isdigit() and tb.isdigit() and len(ta) == 3 and len(tb) == 4


def _is_bare_year(doc: "Doc", number: _Number) -> bool:
    """A four-digit number that reads as a year ("in 2019") with nothing counted."""
    if number.first != number.last:
        return False
    text = doc[number.first].text
    if not (text.isdigit() and len(text) == 4 and 1500 <= int(text) <= 2100):
        return False
    return True


# --- qualifiers -------------------------------------------------------------------


def _qualifier_before(doc: "Doc", first: int) -> tuple[str, int] | None:
    """The qualifier words right before token ``first`` and where they start."""
    for size in range(_QUALIFIER_MAX_WORDS, 0, -1):
        start = first - size
        if start < 0:
            continue
        words = " ".join(doc[k].lower_ for k in range(start, first))
        if words in _QUALIFIERS_BEFORE:
            # "just over", "well over": the intensifier belongs to the span only.
            if start > 0 and doc[start - 1].lower_ in _INTENSIFIERS and doc[start - 1].lower_ != "only":
                start -= 1
            return words, start
    return None


def _qualifier_after(doc: "Doc", last: int) -> tuple[str, int] | None:
    """Trailing qualifiers: "5,000 or more", "20 or so", "5,000-plus"."""
    n = len(doc)
    for words, qualifier in _QUALIFIERS_AFTER.items():
        size = len(words)
        if last + size < n and tuple(doc[last + 1 + k].lower_ for k in range(size)) == words:
            return qualifier, last + size
    return None


def _strong_suffix(doc: "Doc", last: int) -> bool:
    """"a 5,000-strong crowd": the number sizes a group."""
    n = len(doc)
    return (
        last + 2 < n
        and doc[last + 1].text in {"-", "–"}
        and doc[last + 2].lower_ == "strong"
    )


# --- units and actions ------------------------------------------------------------


def _anchor(doc: "Doc", first: int, last: int) -> "Token":
    """The token of the number phrase that attaches it to the sentence."""
    for k in range(last, first - 1, -1):
        t = doc[k]
        if not (first <= t.head.i <= last) or t.head.i == t.i:
            if _piece(t) is not None or t.lower_ in _START_WORDS:
                return t
    return doc[last]


def _unit_token(
    doc: "Doc", anchor: "Token", last: int, strong: bool
) -> tuple["Token | None", "Token | None"]:
    """The counted noun and, for "12 dead", the casualty adjective."""
    if strong:
        # "a 5,000-strong crowd": "strong" modifies the counted noun.
        strong_tok = doc[last + 2]
        head = strong_tok.head
        if head.pos_ in {"NOUN", "PROPN"} and head.i != strong_tok.i:
            return head, None
        if last + 3 < len(doc) and doc[last + 3].pos_ in {"NOUN", "PROPN"}:
            return doc[last + 3], None
        return None, None
    partitive = _partitive_object(anchor)
    if partitive is not None:
        return partitive, None
    head = anchor.head
    if head.lower_ in {"more", "fewer", "additional", "other", "extra"} and head.head.pos_ == "NOUN" and head.i > anchor.i:
        return head.head, None  # "25 million more people"
    if anchor.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"} and head.i > anchor.i:
        lower = head.lower_
        if head.pos_ == "ADJ" or lower in _ADJ_ACTION:
            if lower in _ADJ_ACTION:
                return None, head
            return None, None
        if head.pos_ in {"NOUN", "PROPN"}:
            if head.pos_ == "PROPN" and head.tag_ == "NNP" and head.ent_type_ != "NORP":
                return None, None
            return head, None
    # "12 were reported dead", "40 injured" tagged as an adjective complement.
    for child in anchor.children:
        if child.dep_ in {"amod", "acomp"} and child.lower_ in _ADJ_ACTION and child.i > anchor.i:
            return None, child
    return None, None


def _partitive_object(tok: "Token") -> "Token | None":
    """"thousands of demonstrators", "12 of the victims" -> the noun after "of"."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > tok.i:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ not in _PARTITIVE_SKIP_POS:
                    # "hundreds of thousands of people" nests one more "of".
                    deeper = _partitive_object(obj) if obj.lower_ in _VAGUE_PLURALS else None
                    return deeper or obj
    return None


def _unit_text(tok: "Token") -> str:
    """The counted noun with its compounds ("riot police"), lower-cased unless a name."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ == "compound" and child.i == left - 1 and _piece(child) is None and not child.like_num:
            left = child.i
    words = tok.doc[left : tok.i + 1]
    text = words.text
    if tok.pos_ == "PROPN" or tok.ent_type_ == "NORP":
        return text
    return text.lower()


def _unit_category(tok: "Token") -> str | None:
    lemma = tok.lemma_.lower()
    category = _UNIT_CATEGORY.get(lemma) or _UNIT_CATEGORY.get(tok.lower_)
    if category is not None:
        return category
    for child in tok.lefts:
        if child.dep_ in {"compound", "amod"}:
            sub = _UNIT_CATEGORY.get(child.lemma_.lower())
            if sub is not None and lemma == "toll":
                return sub
    return None


def _action_of(
    node: "Token", unit: "Token | None", carrier: "Token | None" = None
) -> tuple[str | None, str | None]:
    """The action lemma and category for the counted ``node`` (noun or number).

    ``carrier`` is the number word of a partitive ("thousands of people"): it,
    not the noun after "of", is what the verb takes as subject or object.
    """
    # A participle or relative clause on the noun: "people detained", "who gathered"
    # (the parser may hang it on the number of a partitive: "thousands ... who took").
    described = [node] if carrier is None else [node, carrier]
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in {"NUM", "PRON", "DET"}:
        # "one of more than 300 people arrested": the parser may hang the
        # participle on the "one".
        holder = node.head.head
        described.append(holder)
    for child in (c for d in described for c in d.children if c.i > node.i or d is node):
        if child.dep_ in {"acl", "relcl"} and child.pos_ in {"VERB", "AUX", "ADJ"}:
            if child.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[child.lower_]
            return _verb_action(child)
        if child.dep_ == "amod" and child.i > node.i and child.lower_ in _ADJ_ACTION:
            return _ADJ_ACTION[child.lower_]
    # Follow coordination back to the first conjunct: "killed 12 and 40 more".
    tok = carrier if carrier is not None else node
    while tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        tok = tok.head
    dep = tok.dep_
    head = tok.head
    if dep in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "appos", "conj", "npadvmod", "oprd"}:
        if head.pos_ in {"VERB", "AUX"} or (dep == "conj" and head.pos_ == "ADJ"):
            if head.pos_ == "ADJ" and head.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[head.lower_]
            action, category = _verb_action(
                head, subject=tok if dep in {"nsubj", "nsubjpass"} else None, unit=unit
            )
            # "4 gunmen killed a man": the subject of an active transitive verb
            # is its agent, not the casualty.
            if (
                dep == "nsubj"
                and head.tag_ != "VBN"
                and _is_transitive_category(head)
                and any(c.dep_ in {"dobj", "obj"} for c in head.children)
            ):
                category = None
            return action, category
        if head.pos_ == "ADJ" and head.lower_ in _ADJ_ACTION:
            return _ADJ_ACTION[head.lower_]
    if dep == "pobj":
        prep = head
        owner = prep.head
        if prep.lower_ == "of" and owner.pos_ == "NOUN":
            # "the death of nearly 600 persons", "the arrest of 50 protesters".
            noun_action = _NOUN_ACTION.get(owner.lemma_.lower())
            if noun_action is not None:
                return noun_action, _UNIT_CATEGORY.get(owner.lemma_.lower())
        if owner.pos_ == "VERB" and prep.lower_ != "of":
            action, category = _verb_action(owner, unit=unit)
            # Only a target takes the verb's category ("fired on 5,000
            # protesters"); an agent ("shot by four officers") or a place
            # ("took to the streets in several areas") does not.
            if prep.lower_ not in _TARGET_PREPOSITIONS:
                category = None
            return action, category
    return None, None


def _is_transitive_category(verb: "Token") -> bool:
    lemma = verb.lemma_.lower()
    return lemma in _ACTION_CATEGORY and lemma not in _INTRANSITIVE


def _verb_action(
    verb: "Token", subject: "Token | None" = None, unit: "Token | None" = None
) -> tuple[str | None, str | None]:
    """Action lemma and category of a verb, looking through raising verbs and idioms."""
    lemma = verb.lemma_.lower()
    if verb.lower_ == "missing":
        return _ADJ_ACTION["missing"]  # tagged as the verb "miss"
    passive = subject is not None and subject.dep_ == "nsubjpass"
    # "were reported killed", "were feared dead", "remain missing", "shot dead".
    for child in verb.children:
        if child.dep_ in {"xcomp", "oprd", "acomp", "ccomp", "attr"}:
            low = child.lower_
            if low in _ADJ_ACTION:
                if lemma not in _RAISING_VERBS and lemma not in _LIGHT_VERBS:
                    # "shot dead": the verb is the action, the adjective the result.
                    return _phrasal(verb), _ADJ_ACTION[low][1]
                return _ADJ_ACTION[low]
            if (
                lemma in _RAISING_VERBS
                and child.pos_ == "VERB"
                and child.lemma_.lower() in _ACTION_CATEGORY
            ):
                return _verb_action(child)
            if low in {"hostage", "hostages"}:
                return _phrasal(verb), "kidnapped"
    action = _phrasal(verb)
    category = _ACTION_CATEGORY.get(action.replace(" ", "_")) or _ACTION_CATEGORY.get(lemma)
    # Custody and crowd idioms: "taken into custody", "took to the streets".
    for child in verb.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                obj_lemma = obj.lemma_.lower()
                if obj_lemma in _CUSTODY_NOUNS and lemma in {"take", "hold", "place", "put", "send", "keep", "remand", "lock", "throw"}:
                    return f"{lemma} {child.lower_} {obj.text.lower()}", "arrested"
                if obj_lemma in {"street"} and lemma in {"take", "pour", "spill"}:
                    return f"{lemma} {child.lower_} the streets", "crowd"
                if obj_lemma in _CROWD_EVENT_NOUNS and lemma in {"take", "join", "participate"} and category is None:
                    category = "crowd"
                if obj_lemma == "hospital" and category is None:
                    category = "injured"
        if child.dep_ == "dobj" and child.lemma_.lower() == "part" and lemma == "take":
            action = "take part"
        # "10 persons sustained injuries"
        if child.dep_ == "dobj" and child.lemma_.lower() in _INJURY_NOUNS and category is None:
            if lemma in {"sustain", "suffer", "receive", "get", "incur"}:
                category = "injured"
    # "the rally drew 3,000 people", "3,000 people attended the protest".
    if category is None and lemma in _CROWD_LINK_VERBS:
        for child in verb.children:
            target = child
            if child.dep_ == "prep":
                target = next((o for o in child.children if o.dep_ == "pobj"), child)
            if target.lemma_.lower() in _CROWD_EVENT_NOUNS:
                category = "crowd"
                break
    if lemma == "hold" and passive and category is None:
        if unit is None or unit.lemma_.lower() not in _HELD_EVENTS:
            category = "arrested"
    if lemma in _LIGHT_VERBS and category is None:
        return None, None
    return action, category


def _phrasal(verb: "Token") -> str:
    """The verb lemma with its particle: "round up", "lock up"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "prt":
            return f"{lemma} {child.lower_}"
    return lemma


def _governed_by_change(doc: "Doc", last: int) -> bool:
    """Whether the number at ``last`` hangs off a verb of change ("rose ... to 40")."""
    tok = doc[last]
    head = tok.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"}:
            return head.lemma_.lower() in _CHANGE_VERBS
        if head.i == head.head.i:
            break
        head = head.head
    return False


def _toll_subject(doc: "Doc", anchor: "Token") -> "Token | None":
    """"The death toll rose to 37": the subject of the change verb the number completes."""
    tok = anchor
    verb: Token | None = None
    if tok.dep_ == "pobj" and tok.head.lower_ in {"to", "at", "from", "past", "above", "beyond"}:
        verb = tok.head.head
        if verb.pos_ == "ADP":  # "rose from 10 to 40": "to" hangs on "from"
            verb = verb.head
    elif tok.dep_ in {"dobj", "attr"}:
        verb = tok.head
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in _CHANGE_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"}:
            # "the number of dead": count what the number is of.
            if child.lemma_.lower() in {"number", "tally", "count", "total", "figure"}:
                inner = _partitive_object(child)
                if inner is not None:
                    return inner
            return child
    return None


def _toll_action(toll: "Token") -> tuple[str | None, str | None]:
    """Action and category of a toll's subject, or of the "number of ..." around it."""
    action, category = _noun_action(toll)
    if action is None and category is None and toll.dep_ == "pobj":
        # "the number of people killed": the participle hangs on "number".
        holder = toll.head.head
        for child in holder.children:
            if child.dep_ in {"acl", "relcl"}:
                return _verb_action(child)
    return action, category


def _noun_action(noun: "Token") -> tuple[str | None, str | None]:
    """Action and category named by a counted noun ("death toll", "deaths", "arrests")."""
    lemma = noun.lemma_.lower()
    category = _unit_category(noun)
    action = _NOUN_ACTION.get(lemma) or _NOUN_ACTION.get(noun.lower_)
    if lemma == "toll":
        for child in noun.lefts:
            sub = _NOUN_ACTION.get(child.lemma_.lower())
            if child.dep_ in {"compound", "amod"} and sub is not None:
                action = sub
    # "the number of people killed"
    if action is None:
        for child in noun.children:
            if child.dep_ in {"acl", "relcl"}:
                return _verb_action(child)
            if child.dep_ == "amod" and child.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[child.lower_]
    if action is None and noun.lower_ in _ADJ_ACTION:
        return _ADJ_ACTION[noun.lower_]
    return action, category


# --- evaluation -------------------------------------------------------------------

_GOLD_FIELDS: tuple[str, ...] = ("value_max", "qualifier", "unit", "action", "category", "text")


def evaluate_counts(
    examples: "Iterable[tuple[str, list[dict[str, Any]]]]", nlp: "Language"
) -> dict[str, float]:
    """Score ``extract_counts`` against hand-labelled counts.

    ``examples`` pairs a text with its gold counts; each gold count is a dict
    with ``value`` and any of ``value_max``, ``qualifier``, ``unit``,
    ``action``, ``category``, ``text`` (fields left out are not scored). A
    predicted count matches a gold one with the same value and value_max;
    each field is then scored on the matched pairs where the gold gives it.

    Returns precision, recall and F1 of the matching, ``<field>_accuracy``
    for each scored field, the counts of gold and predicted items, and
    ``seconds_per_doc`` of extraction alone (the spaCy pass not included).
    """
    import time

    texts: list[str] = []
    golds: list[list[dict[str, Any]]] = []
    for text, gold in examples:
        texts.append(text)
        golds.append(gold)
    n_gold = n_pred = n_match = 0
    field_right: dict[str, int] = dict.fromkeys(_GOLD_FIELDS, 0)
    field_total: dict[str, int] = dict.fromkeys(_GOLD_FIELDS, 0)
    elapsed = 0.0
    for doc, gold in zip(nlp.pipe(texts), golds):
        started = time.perf_counter()
        predicted = extract_counts(doc)
        elapsed += time.perf_counter() - started
        n_gold += len(gold)
        n_pred += len(predicted)
        unused = list(predicted)
        for item in gold:
            match = next(
                (
                    c
                    for c in unused
                    if c.value == float(item["value"])
                    and c.value_max == (None if item.get("value_max") is None else float(item["value_max"]))
                ),
                None,
            )
            if match is None:
                continue
            unused.remove(match)
            n_match += 1
            for name in _GOLD_FIELDS:
                if name in item and name != "value_max":
                    field_total[name] += 1
                    field_right[name] += int(getattr(match, name) == item[name])
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    metrics: dict[str, float] = {
        "gold": float(n_gold),
        "predicted": float(n_pred),
        "matched": float(n_match),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "seconds_per_doc": elapsed / len(texts) if texts else 0.0,
    }
    for name in _GOLD_FIELDS:
        if field_total[name]:
            metrics[f"{name}_accuracy"] = round(field_right[name] / field_total[name], 4)
    return metrics
