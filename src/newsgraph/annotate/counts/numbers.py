"""Reading number phrases: candidates, digits and number words, ranges' tails,
the rules that skip numbers that count nothing, and qualifiers around a number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import LIKE_NUM, LOWER, SHAPE
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython function missing from the stubs

from .lexicon import (
    _AGE_WORDS,
    _CURRENCY_SIGNS,
    _DOZEN,
    _INTENSIFIERS,
    _NEEDS_OF,
    _NON_COUNT_UNITS,
    _NUMBERING_WORDS,
    _QUALIFIER_MAX_WORDS,
    _QUALIFIERS_AFTER,
    _QUALIFIERS_BEFORE,
    _SCALES,
    _SKIP_ENTS,
    _SOFT_SKIP_ENTS,
    _SUFFIX_SCALE,
    _TENS,
    _UNITS,
    _VAGUE_DETERMINERS,
    _VAGUE_PLURALS,
)

if TYPE_CHECKING:
    from spacy.strings import StringStore
    from spacy.tokens import Doc, Token


_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b)$", re.IGNORECASE)

# Words that can start a number phrase besides like_num tokens.
_START_WORDS = frozenset(set(_VAGUE_PLURALS) | set(_VAGUE_DETERMINERS) | set(_SCALES) | {_DOZEN})

_START_HASHES = numpy.array(sorted(hash_string(w) for w in _START_WORDS), dtype=numpy.uint64)


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


def _candidates(doc: Doc) -> list[int]:
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


def _shape_starts_with_digit(strings: StringStore, shape: int) -> bool:
    known = _DIGIT_SHAPES.get(shape)
    if known is None:
        known = _DIGIT_SHAPES[shape] = strings[shape].startswith("d")
    return known


def _piece(tok: Token) -> tuple[str, float] | None:
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


def _read_number(doc: Doc, i: int) -> _Number | None:
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


def _read_vague(doc: Doc, i: int) -> _Number | None:
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


def _range_tail_end(doc: Doc, last: int) -> int:
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


def _is_number_start(tok: Token) -> bool:
    return tok.like_num or tok.lower_ in _START_WORDS or tok.lower_ in {"a", "an"}


def _skipped(doc: Doc, number: _Number, tail: bool = False) -> bool:
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
        if nxt.text in {"-", "–"} and not last.whitespace_ and not nxt.whitespace_ and number.last + 2 < n:
            after = doc[number.last + 2]
            if (
                after.is_alpha
                and after.lower_ not in _START_WORDS
                and after.lower_ not in {"strong", "plus"}
                and _piece(after) is None
            ):
                return True
        # "555-0100": a digit group glued to one with a leading zero.
        if nxt.text == "-" and not last.whitespace_ and number.last + 2 < n and doc[number.last + 2].text[:1] == "0":
            return True
        # "34 years old".
        if nxt.lower_ in {"years", "year"} and number.last + 2 < n and doc[number.last + 2].lower_ == "old":
            return True
        if (
            nxt.text in {":", "."}
            and not last.whitespace_
            and number.last + 2 < n
            and doc[number.last + 2].text[:1].isdigit()
        ):
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
    return bool(first.text.isdigit() and len(first.text) >= 7)


def _date_labelled(doc: Doc, number: _Number) -> bool:
    return any(doc[k].ent_type_ in _SOFT_SKIP_ENTS for k in range(number.first, number.last + 1))


def _countable(unit: Token | None, number: _Number) -> bool:
    """Whether a DATE/TIME-labelled number still counts something ("2 million people")."""
    if unit is None:
        return False
    lemma = unit.lemma_.lower()
    return unit.tag_ in {"NNS", "NNPS"} and lemma not in _NON_COUNT_UNITS and unit.lower_ not in _NON_COUNT_UNITS


def _at_line_start(doc: Doc, i: int) -> bool:
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


def _is_phone(doc: Doc, a: _Number, b: _Number) -> bool:
    """ "555-1234": a three-digit and a four-digit group without grouping commas."""
    ta, tb = doc[a.last].text, doc[b.first].text
    return ta.isdigit() and tb.isdigit() and len(ta) == 3 and len(tb) == 4


def _is_bare_year(doc: Doc, number: _Number) -> bool:
    """A four-digit number that reads as a year ("in 2019") with nothing counted."""
    if number.first != number.last:
        return False
    text = doc[number.first].text
    return text.isdigit() and len(text) == 4 and 1500 <= int(text) <= 2100


def _qualifier_before(doc: Doc, first: int) -> tuple[str, int] | None:
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


def _qualifier_after(doc: Doc, last: int) -> tuple[str, int] | None:
    """Trailing qualifiers: "5,000 or more", "20 or so", "5,000-plus"."""
    n = len(doc)
    for words, qualifier in _QUALIFIERS_AFTER.items():
        size = len(words)
        if last + size < n and tuple(doc[last + 1 + k].lower_ for k in range(size)) == words:
            return qualifier, last + size
    return None


def _strong_suffix(doc: Doc, last: int) -> bool:
    """ "a 5,000-strong crowd": the number sizes a group."""
    n = len(doc)
    return last + 2 < n and doc[last + 1].text in {"-", "–"} and doc[last + 2].lower_ == "strong"
