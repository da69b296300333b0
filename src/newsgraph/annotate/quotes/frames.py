"""Reported attitudes: what a source believes, wants, supports or talks about.

Attribution in news is wider than speech verbs with a clause. A source's
stance on a thing ("the senator opposed the bill"), its intention ("the
mayor plans to raise taxes") and the topic of its words ("she spoke about
the economy") are attributed content too: the noun phrase, infinitive or
prepositional object is what the source said, thought or wants.

Which verbs carry content in which complement is vocabulary, kept in
``data/lexicons/quotes/attribution_frames.tsv``: a lemma and its frames,
``clause`` (a that- or bare clause), ``to`` (an infinitive), ``object`` (the
direct object) or a preposition (``about``, ``for``, ``as``…, its object).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..nlp import doc_text
from .attribution import _cue_span, lemma
from .lexicon import ATTRIBUTION_ADJECTIVES, ATTRIBUTION_FRAMES, ATTRIBUTION_NOUNS, SOURCE_VERBS
from .passages import _Passage, _trim
from .speakers import _SPEAKER_TYPES, _mention_span, _speaker_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Objects that point back to something said elsewhere carry no content of their own.
_EMPTY_OBJECTS = frozenset({"that", "which", "what", "who", "whom", "this", "it", "so", "one"})


def takes_clause(token: Token) -> bool:
    """A verb of cognition or evidence whose clausal complement is attributed
    content ("officials believe the site is safe", "the poll shows …")."""
    return token.pos_ == "VERB" and "clause" in ATTRIBUTION_FRAMES.get(lemma(token), ())


def has_subject(clause: Token) -> bool:
    """Whether a clause has a subject of its own: "felt well and left" is a
    misparse, not a thought."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)


def _complements(verb: Token, frames: frozenset[str], *, clauses: bool = False) -> list[tuple[int, int]]:
    """Token spans [start, end) of the complements that hold the content;
    ``clauses`` takes clausal complements too (verbs have theirs found with
    speech verbs, in ``indirect``)."""
    found: list[tuple[int, int]] = []
    children = list(verb.children)
    for child in children:
        if child.i < verb.i:
            continue
        dep = child.dep_
        head: Token | None = None
        start: int | None = None
        if clauses and dep == "ccomp" and "clause" in frames and has_subject(child):
            head = child
            marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"]
            if marks:
                start = marks[0].i + 1
        elif dep == "dobj" and "object" in frames:
            head = child
            # "called the plan a disaster": the label belongs with the object.
            labels = [c for c in children if c.dep_ == "oprd" and c.i > child.i]
            if labels:
                found.append((child.left_edge.i, labels[0].right_edge.i + 1))
                continue
        elif dep == "xcomp" and "to" in frames and child.pos_ in ("VERB", "AUX"):
            head = child
            # "urged Congress to act": the addressee belongs with the infinitive.
            objects = [c for c in children if c.dep_ == "dobj" and verb.i < c.i < child.i]
            if objects:
                start = objects[0].left_edge.i
        elif dep == "prep" and child.lower_ in frames:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                head = objects[0]
        if head is None or head.lower_ in _EMPTY_OBJECTS:
            continue
        left = start if start is not None else head.left_edge.i
        if left <= verb.i:
            continue
        found.append((left, head.right_edge.i + 1))
    return found


def _noun_complements(noun: Token, frames: frozenset[str]) -> list[tuple[int, int]]:
    """Content spans of a reporting noun: "the claim that …", "a plan to …",
    "support for …"."""
    found: list[tuple[int, int]] = []
    for child in noun.rights:
        head: Token | None = None
        if child.dep_ in ("acl", "ccomp", "appos") and child.pos_ in ("VERB", "AUX"):
            marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux")}
            if ("that" in frames and "that" in marks and has_subject(child)) or ("to" in frames and "to" in marks):
                head = child
        elif child.dep_ == "prep" and child.lower_ in frames:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                head = objects[0]
        if head is None or head.lower_ in _EMPTY_OBJECTS:
            continue
        left = head.left_edge.i
        while left < head.i and head.doc[left].dep_ == "mark":
            left += 1  # "that" belongs to the cue
        found.append((left, head.right_edge.i + 1))
    return found


def _noun_source(noun: Token, passage_of: list[int]) -> Span | None:
    """Whose claim, plan or support: the possessor ("the mayor's plan"), a
    name or group modifying the noun ("Republican opposition"), or the
    subject of the verb that voices it ("she expressed support for")."""
    for child in noun.lefts:
        if child.dep_ == "poss" and child.lower_ not in _EMPTY_OBJECTS:
            return _mention_span(child)
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod") and child.ent_type_ in _SPEAKER_TYPES:
            return _mention_span(child)
    governor = noun.head
    if noun.dep_ == "pobj" and governor.pos_ == "ADP" and governor.head.i != governor.i:
        governor = governor.head
    if noun.dep_ in ("dobj", "pobj") and governor.pos_ == "VERB" and lemma(governor) in SOURCE_VERBS:
        return _speaker_of(governor, passage_of, inverted=False)
    return None


def _framed_contents(
    doc: Doc, passage_of: list[int], passages: list[_Passage]
) -> Iterable[tuple[int, int, Span, Token, tuple[int, int]]]:
    """(start, end, speaker, cue, cue span) of each attitude with its content."""
    text = doc_text(doc)
    direct_spans = [(p.start, p.end) for p in passages if p.kind is not None]
    for token in doc:
        if token.pos_ not in ("VERB", "NOUN", "ADJ") or passage_of[token.i] != -1:
            continue
        if token.pos_ == "ADJ":
            # "the mayor is critical of the plan", "officials are confident
            # that …": the subject of the copula holds the attitude.
            frames = ATTRIBUTION_ADJECTIVES.get(token.lower_)
            if not frames or token.dep_ not in ("acomp", "ROOT"):
                continue
            spans = _complements(token, frames, clauses=True)
            holder = token.head if token.dep_ == "acomp" else token
            speaker = _speaker_of(holder, passage_of, inverted=False) if spans else None
        elif token.pos_ == "NOUN":
            frames = ATTRIBUTION_NOUNS.get(lemma(token))
            if not frames:
                continue
            spans = _noun_complements(token, frames)
            speaker = _noun_source(token, passage_of) if spans else None
        else:
            frames = ATTRIBUTION_FRAMES.get(lemma(token))
            if not frames:
                continue
            spans = _complements(token, frames)
            speaker = _speaker_of(token, passage_of, inverted=False) if spans else None
        if speaker is None:
            continue
        for left, right in spans:
            last = doc[right - 1]
            start, end = _trim(text, doc[left].idx, last.idx + len(last.text))
            if end - start < 3 or any(s < end and start < e for s, e in direct_spans):
                continue
            yield start, end, speaker, token, _cue_span(token)
