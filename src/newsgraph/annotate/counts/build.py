"""Counts from number phrases: the passes that turn one phrase into a Count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...records import Count
from .attach import (
    _action_of,
    _anchor,
    _governed_by_change,
    _sentence_start,
    _toll_action,
    _toll_subject,
    _unit_category,
    _unit_text,
    _unit_token,
)
from .lexicon import (
    _ACTION_CATEGORY,
    _ADJ_ACTION,
    _NON_COUNT_UNITS,
    _NOUN_ACTION,
    _VAGUE_QUALIFIER,
)
from .numbers import (
    _candidates,
    _countable,
    _date_labelled,
    _is_bare_year,
    _is_number_start,
    _is_phone,
    _Number,
    _qualifier_after,
    _qualifier_before,
    _range_tail_end,
    _read_number,
    _skipped,
    _strong_suffix,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def extract_counts(doc: Doc) -> list[Count]:
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


@dataclass
class _Draft:
    """A count being built from a number phrase: its token span, value and labels so far."""

    first: int
    last: int
    value: float
    resume: int  # token index to resume scanning at
    value_max: float | None = None
    qualifier: str | None = None
    change: bool = False  # "the toll rose from 10 to 40": the count is the new value
    unit_tok: Token | None = None
    unit_text: str | None = None
    action: str | None = None
    category: str | None = None


def _build_count(doc: Doc, number: _Number, parsed: bool, last_unit: dict[int, str]) -> tuple[Count | None, int]:
    """Turn a number phrase into a Count (or None when it is not one).

    Returns the count and the token index to resume scanning at. The passes:
    the range the number opens, the qualifiers around it, then (with a parse)
    what it counts, and last whether that is enough to be a count.
    """
    if _skipped(doc, number):
        return None, _range_tail_end(doc, number.last)
    draft = _Draft(
        first=number.first,
        last=number.last,
        value=number.value,
        resume=number.last + 1,
        qualifier=_VAGUE_QUALIFIER if number.vague or number.determiner else None,
    )
    phone_resume = _read_range(doc, number, draft)
    if phone_resume is not None:
        return None, phone_resume
    _read_qualifiers(doc, draft)
    anchor = _anchor(doc, draft.first if draft.change else number.first, draft.last) if parsed else doc[draft.last]
    strong = _strong_suffix(doc, draft.last)
    if parsed:
        if not _label_count(doc, number, draft, anchor, strong, last_unit):
            return None, draft.resume
    elif _is_bare_year(doc, number):
        return None, draft.resume
    if not _counts_something(doc, number, draft, parsed):
        return None, draft.resume
    return _make_count(doc, draft, strong), draft.resume


def _read_range(doc: Doc, number: _Number, draft: _Draft) -> int | None:
    """Extend ``draft`` over a range: "between 10 and 20", "10-20", "10 to 20", "two or three".

    Returns where to resume scanning when the pair is a phone number (no count), else None.
    """
    first, last = draft.first, draft.last
    if not (last + 2 < len(doc) and not number.determiner):
        return None
    link = doc[last + 1]
    linker = link.lower_
    if linker not in {"-", "–", "to", "or", "and"}:
        return None
    second = _read_number(doc, last + 2) if _is_number_start(doc[last + 2]) else None
    before = doc[first - 1].lower_ if first > 0 else ""
    glued = not link.whitespace_ and not doc[last].whitespace_
    ok = second is not None and (
        (linker == "and" and before == "between") or (linker in {"-", "–"} and glued) or linker in {"to", "or"}
    )
    if ok and second is not None and _is_phone(doc, number, second):
        return second.last + 1
    if ok and second is not None and not _skipped(doc, second, tail=True):
        low = draft.value
        if not number.scaled and second.scaled and low * second.scale <= second.value:
            low *= second.scale
        if linker == "to" and before == "from" and _governed_by_change(doc, second.last):
            # "the toll rose from 10 to 40": the count is the new value.
            draft.value = second.value
            draft.first = second.first
            draft.change = True
        elif low <= second.value:
            draft.value, draft.value_max = low, second.value
            if before == "between":
                draft.first -= 1
            draft.qualifier = _VAGUE_QUALIFIER if (number.vague or second.vague) else None
        else:
            second = None
        if second is not None:
            draft.last = second.last
            draft.resume = draft.last + 1
    return None


def _read_qualifiers(doc: Doc, draft: _Draft) -> None:
    """Qualifier words before the number (not for "between" ranges) and after it."""
    if not draft.change and not (draft.value_max is not None and doc[draft.first].lower_ == "between"):
        found = _qualifier_before(doc, draft.first)
        if found is not None:
            draft.qualifier, draft.first = found
    after = _qualifier_after(doc, draft.last)
    if after is not None and draft.value_max is None:
        draft.qualifier, draft.last = after
        draft.resume = draft.last + 1


def _label_count(
    doc: Doc,
    number: _Number,
    draft: _Draft,
    anchor: Token,
    strong: bool,
    last_unit: dict[int, str],
) -> bool:
    """Find from the parse what ``draft`` counts (unit, action, category); False: not a count."""
    unit_tok, adjective = _unit_token(doc, anchor, draft.last, strong)
    partitive = (
        unit_tok is not None
        and unit_tok.head.lower_ == "of"
        and unit_tok.head.head.i in range(number.first, number.last + 1)
    )
    if _not_a_count(doc, number, draft, anchor, unit_tok, adjective, partitive):
        return False
    action: str | None
    category: str | None
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
    unit_text: str | None = None
    if unit_tok is not None:
        unit_text = _unit_text(unit_tok)
        if category is None:
            category = _unit_category(unit_tok)
        noun_action = _NOUN_ACTION.get(unit_tok.lemma_.lower())
        # "reported 12 deaths", "made 40 arrests": the noun names the event.
        if noun_action is not None and (action is None or action not in _ACTION_CATEGORY):
            action = noun_action
    # "... and 40 injured": a count without a unit takes the sentence's last one.
    sent_key = _sentence_start(anchor)
    if unit_tok is None and category is not None and sent_key in last_unit:
        unit_text = last_unit[sent_key]
    if unit_text is not None:
        last_unit[sent_key] = unit_text
    draft.unit_tok, draft.unit_text = unit_tok, unit_text
    draft.action, draft.category = action, category
    return True


def _not_a_count(
    doc: Doc,
    number: _Number,
    draft: _Draft,
    anchor: Token,
    unit_tok: Token | None,
    adjective: Token | None,
    partitive: bool,
) -> bool:
    """Whether the parse shows the number is no count: a measure, a date, a pronoun "one"."""
    if partitive and draft.value == 1:
        # "one of more than 300 people": the count is the 300, not the one.
        return True
    if _date_labelled(doc, number) and not _countable(unit_tok, number):
        return True
    if unit_tok is not None and unit_tok.lemma_.lower() in _NON_COUNT_UNITS:
        return True
    if unit_tok is not None and unit_tok.lower_ in _NON_COUNT_UNITS:
        return True
    if anchor.lower_ == "one" and unit_tok is None and adjective is None and not draft.change:
        # "one of them", "no one", "the one": a pronoun.
        return True
    return unit_tok is None and _is_bare_year(doc, number)


def _counts_something(doc: Doc, number: _Number, draft: _Draft, parsed: bool) -> bool:
    """Whether what ``draft`` counts is enough to report it."""
    if (number.determiner or draft.value == 1 or _is_bare_year(doc, number)) and draft.category is None:
        # "several", "one" and year-like numbers ("1995 tax filings") are counts
        # only when they count casualties, arrests or crowds.
        return False
    # Otherwise a number that counts nothing the parse can name is dropped.
    return not (parsed and draft.unit_text is None and draft.action is None and draft.category is None)


def _make_count(doc: Doc, draft: _Draft, strong: bool) -> Count:
    """The Count record, its span extended over the counted noun when it follows in the same phrase."""
    last = draft.last
    end_tok = last
    unit_tok = draft.unit_tok
    if unit_tok is not None and unit_tok.i > last and unit_tok.i - last <= 6:
        between = doc[last + 1 : unit_tok.i]
        if all(t.pos_ not in {"VERB", "AUX", "CCONJ", "PUNCT"} or t.text in {"-", "–"} for t in between):
            end_tok = unit_tok.i
    if strong and end_tok == last:
        end_tok = last + 2
    return Count(
        start=doc[draft.first].idx,
        end=doc[end_tok].idx + len(doc[end_tok].text),
        text=doc[draft.first : end_tok + 1].text,
        value=float(draft.value),
        value_max=None if draft.value_max is None else float(draft.value_max),
        qualifier=draft.qualifier,
        unit=draft.unit_text,
        action=draft.action,
        category=draft.category,
    )
