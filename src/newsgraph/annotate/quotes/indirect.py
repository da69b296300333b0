"""Indirect speech: clausal complements of speech verbs and "according to" clauses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..nlp import doc_text
from .attribution import _cue_span, _is_cue
from .frames import takes_clause
from .lexicon import _INDIRECT_EXCLUDED
from .passages import _Passage, _trim
from .speakers import _speaker_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _indirect_speech(
    doc: Doc, passage_of: list[int], passages: list[_Passage]
) -> Iterable[tuple[int, int, Span, Token, tuple[int, int]]]:
    """(start, end, speaker, cue, cue span) of each reported clause."""
    text = doc_text(doc)
    direct_spans = [(p.start, p.end) for p in passages if p.kind == "direct"]
    for token in doc:
        if passage_of[token.i] != -1:
            continue
        if token.lower_ == "according" and _is_cue(token, adjacent=False):
            found = _according_to(doc, token)
            if found is not None:
                yield found
            continue
        speech = _is_cue(token, adjacent=False) and token.lemma_.lower() not in _INDIRECT_EXCLUDED
        if not speech and not takes_clause(token):
            continue
        clauses = [
            c
            for c in token.children
            if c.dep_ == "ccomp"
            or (
                c.dep_ in ("advcl", "dep", "parataxis")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            )
        ]
        parenthetical = None if clauses else _parenthetical_host(token)
        if not clauses and parenthetical is None:
            continue
        speaker = _speaker_of(token, passage_of, inverted=speech)
        if speaker is None:
            continue
        if parenthetical is not None:
            if passage_of[parenthetical.i] != -1:
                continue
            span = _host_span(parenthetical, token)
            if span is None:
                continue
            start, end = _trim(text, *_clip_to_paragraph(text, token.idx, *span))
            if end - start >= 3 and not any(s < end and start < e for s, e in direct_spans):
                yield start, end, speaker, token, _cue_span(token)
            continue
        for clause in clauses:
            start, end = _extend_over_passages(_clause_span(clause), passages)
            start, end = _clip_to_paragraph(text, token.idx, start, end)
            start, end = _trim(text, start, end)
            if end - start < 3 or any(s < end and start < e for s, e in direct_spans):
                continue
            if clause.i < token.i and speaker.start < clause.left_edge.i:
                continue  # parse confusion: the clause swallowed the speaker
            yield start, end, speaker, token, _cue_span(token)


def _parenthetical_host(cue: Token) -> Token | None:
    """The clause a parenthetical cue interrupts: "The plan, he said,
    failed …", "… should be careful, Smith said." The cue has a
    subject, no complement of its own, and is set off by a comma."""
    head = cue.head
    if head.i == cue.i or cue.dep_ not in ("parataxis", "advcl", "ccomp", "conj", "dep"):
        return None
    if head.pos_ not in ("VERB", "AUX") or _is_cue(head, adjacent=False):
        return None
    if not any(c.dep_ == "nsubj" for c in cue.children):
        return None
    doc = cue.doc
    left = cue.left_edge.i
    right = cue.right_edge.i
    before = doc[left - 1].text if left > 0 else ""
    after = doc[right + 1].text if right + 1 < len(doc) else ""
    if before != "," and after != ",":
        return None
    return head


def _host_span(host: Token, cue: Token) -> tuple[int, int] | None:
    """The host clause's span without the parenthetical cue phrase when the
    phrase sits at either edge."""
    doc = host.doc
    start, end = host.left_edge.i, host.right_edge.i + 1
    cue_start, cue_end = cue.left_edge.i, cue.right_edge.i + 1
    if cue_start <= start + 1:
        start = cue_end
    elif cue_end >= end - 1:
        end = cue_start
    if end <= start:
        return None
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _clip_to_paragraph(text: str, anchor: int, start: int, end: int) -> tuple[int, int]:
    """Keep a clause inside the paragraph of its cue: parses run over
    paragraph breaks when a sentence ends in a closing quote mark."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    if para_end == -1:
        para_end = len(text)
    return max(start, para_start), min(end, para_end)


def _extend_over_passages(span: tuple[int, int], passages: list[_Passage]) -> tuple[int, int]:
    """Widen a clause span so that it never cuts a quoted passage in two."""
    start, end = span
    for passage in passages:
        if passage.outer_start < end and start < passage.outer_end:
            if passage.outer_start < start < passage.end:
                start = passage.outer_start
            if passage.start < end < passage.outer_end:
                end = passage.outer_end
    return start, end


def _clause_span(clause: Token) -> tuple[int, int]:
    left = clause.left_edge
    doc = clause.doc
    i = left.i
    # Drop the complementiser: "that" is the cue's, not the speaker's words.
    while i < clause.i and (doc[i].is_punct or doc[i].is_space or (doc[i].dep_ == "mark" and doc[i].lower_ == "that")):
        i += 1
    right = clause.right_edge
    return doc[i].idx, right.idx + len(right.text)


def _according_to(doc: Doc, token: Token) -> tuple[int, int, Span, Token, tuple[int, int]] | None:
    """ "According to X, …": the clause the phrase attaches to is X's."""
    speaker = _speaker_of(token)
    if speaker is None:
        return None
    head = token.head
    if head.i == token.i:
        return None
    phrase_start = token.i
    phrase_end = max(token.right_edge.i, token.nbor(1).right_edge.i) + 1
    clause_start, clause_end = head.left_edge.i, head.right_edge.i + 1
    if phrase_start <= clause_start:
        clause_start = phrase_end
    elif phrase_end >= clause_end:
        clause_end = phrase_start
    if clause_end <= clause_start:
        return None
    span = doc[clause_start:clause_end]
    start, end = _trim(doc_text(doc), span.start_char, span.end_char)
    if end - start < 3:
        return None
    return start, end, speaker, token, _cue_span(token)
