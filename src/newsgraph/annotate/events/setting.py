"""When, where and in which context: an event's date, place and context labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...records import Entity, Participant, Place, TimeExpression
from ...resources.ontology import load_ontology
from ..nlp import doc_text
from .lexicon import _PLACE_PREPS, _PLACE_TYPES, _Lexicon, _Sense
from .participants import _MentionIndex
from .syntax import _governing_verb, _lemma

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan, Token


_DATE_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}|W\d{2})(?:-\d{2})?)?(?:T[\w:.+-]*)?$")


def _precision(value: str, granularity: str | None) -> str:
    if granularity:
        return granularity
    if "T" in value:
        return "minute"
    if "W" in value:
        return "week"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "day")


def _event_date(
    tok: Token, sent_times: Sequence[TimeExpression], published: str | None
) -> tuple[str | None, str | None]:
    usable = [t for t in sent_times if t.value and t.type in ("DATE", "TIME") and _DATE_VALUE.match(t.value)]
    if usable:
        clause = tok if tok.pos_ in ("VERB", "AUX") else (_governing_verb(tok) or tok)
        lo, hi = clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)
        inside = [t for t in usable if t.start >= lo and t.end <= hi]
        pool = inside or usable
        best = min(pool, key=lambda t: min(abs(t.start - tok.idx), abs(t.end - tok.idx)))
        value = best.value or ""
        if "T" in value and not value.split("T", 1)[1][:1].isdigit():
            return value.split("T", 1)[0], "day"  # "Monday morning" -> the day
        return value, _precision(value, best.granularity)
    if published:
        return published[:10], "publication"
    return None, None


def _event_place(
    sent: SpacySpan,
    mentions: _MentionIndex,
    exclude: set[str],
    tok: Token,
    participants: Sequence[Participant | None] = (),
) -> Place | None:
    # A place inside a participant's own phrase describes the participant
    # ("a bloc led by X", "officials from X"), not where the event happened.
    inside: list[tuple[int, int]] = []
    for p in participants:
        if p is None or p.start is None or p.end is None:
            continue
        span = sent.doc.char_span(p.start, p.end, alignment_mode="expand")
        if span is not None:
            subtree = list(span.root.subtree)
            inside.append((subtree[0].idx, subtree[-1].idx + len(subtree[-1])))
    best: tuple[int, tuple[int, int, Entity]] | None = None
    for item in mentions.within(sent.start_char, sent.end_char):
        start, end, ent = item
        if ent.type not in _PLACE_TYPES or ent.id in exclude:
            continue
        if any(lo <= start and end <= hi for lo, hi in inside):
            continue
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        score = 2
        if span is not None:
            root = span.root
            if root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.dep_ == "acl":
                continue  # "a bloc led by X": X describes a noun, it is no venue
            if root.dep_ == "pobj" and _lemma(root.head) in _PLACE_PREPS:
                score = 0 if _lemma(root.head) in ("in", "at", "near") else 1
        score = score * 1000 + abs(start - tok.idx) // 10
        if best is None or score < best[0]:
            best = (score, item)
    if best is None:
        return None
    start, end, ent = best[1]
    return Place(
        text=doc_text(sent.doc)[start:end],
        entity_id=ent.id,
        country=ent.country,
        latitude=ent.latitude,
        longitude=ent.longitude,
    )


def _contexts(sentence: str, sense: _Sense, etype: str, mode: str | None, lex: _Lexicon) -> list[str]:
    found = list(sense.get("context", []))
    found += load_ontology().mode_contexts.get(f"{etype}/{mode}", [])
    for name, pattern in lex.context_patterns:
        if name not in found and pattern.search(sentence):
            found.append(name)
    return found
