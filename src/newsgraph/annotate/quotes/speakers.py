"""Speakers: the subject of a cue, a source noun, or an entity mention."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from ...records import Entity
from .lexicon import (
    _GROUP_PRONOUNS,
    _PERSONAL_PRONOUNS,
    _RELATIVE_PRONOUNS,
    _STATEMENT_NOUNS,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_SPEAKER_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})


def _speaker_of(cue: Token, passage_of: Sequence[int] | None = None, *, inverted: bool = True) -> Span | None:
    """The speaker mention of a cue: its subject noun phrase, following
    relative pronouns and shared subjects up the tree. A subject inside a
    quoted passage is the quote's own ("“We tried…,” X said") and skipped.
    ``inverted`` admits a name right after the cue as its subject ("said
    Smith"), which only speech verbs allow: after "thanked" it is the object."""
    doc = cue.doc

    def quoted(token: Token) -> bool:
        return passage_of is not None and passage_of[token.i] != -1

    if cue.lower_ == "according":
        to = cue.nbor(1)
        objects = [c for c in to.children if c.dep_ == "pobj"]
        if not objects:
            objects = [c for c in cue.children if c.dep_ == "pobj"]
        return _mention_span(objects[0]) if objects else None
    verb = cue
    for _ in range(5):
        subjects = [c for c in verb.children if c.dep_ == "nsubj" and not quoted(c)]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE_PRONOUNS:
                if verb.dep_ == "relcl":
                    return _source_noun(verb.head, quoted)
                return None
            if subject.ent_type_ in ("DATE", "TIME"):
                # "Saturday at the convention Senator X said …": a time parsed
                # as the subject; the speaker is the name just before the verb.
                return _name_before(cue, subject, quoted)
            return _mention_span(subject)
        agents = [c for c in verb.children if c.dep_ == "agent"]
        if agents and verb.tag_ == "VBN":
            objects = [c for c in agents[0].children if c.dep_ == "pobj"]
            if objects and verb is cue and verb.lemma_.lower() in ("quote", "report"):
                return _mention_span(objects[0])
        head = verb.head
        if verb.dep_ == "pcomp" and head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head  # "began by saying": the subject of "began"
        if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and head.i != verb.i and head.pos_ in ("VERB", "AUX"):
            verb = head
            continue
        if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "a statement calling …", "footage of the mayor asking …"
            return _source_noun(head, quoted)
        break
    # "“…,” said Smith", "Said Smith: …": parsers sometimes attach an
    # inverted subject as an object or make the verb its modifier.
    if inverted and cue.i + 1 < len(doc):
        nxt = cue.nbor(1)
        head = nxt
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        if (
            nxt.pos_ in ("PROPN", "PRON")
            and not quoted(nxt)
            and nxt.ent_type_ not in ("DATE", "TIME")
            and (head.head.i == cue.i or cue.head.i == head.i)
        ):
            return _mention_span(head)
    return None


def _name_before(cue: Token, subject: Token, quoted: Callable[[Token], bool]) -> Span | None:
    """The nearest person or organisation name between a misparsed subject and its verb."""
    doc = cue.doc
    for i in range(cue.i - 1, subject.i, -1):
        token = doc[i]
        if token.ent_type_ in _SPEAKER_TYPES and not quoted(token):
            return _mention_span(token)
    return None


def _source_noun(noun: Token, quoted: object) -> Span:
    """The speaker for a cue attached to a noun: the noun itself, or for a
    statement noun the subject of the verb that produced it ("He released a
    letter that says …")."""
    if noun.lemma_.lower() in _STATEMENT_NOUNS:
        governor = noun.head
        while governor.pos_ == "ADP" and governor.head.i != governor.i:
            governor = governor.head
        if governor.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "pobj"):
            for child in governor.children:
                if child.dep_ == "nsubj" and child.lower_ not in _RELATIVE_PRONOUNS and not quoted(child):  # type: ignore[operator]
                    return _mention_span(child)
    return _mention_span(noun)


def _mention_span(token: Token) -> Span:
    """The noun phrase of a speaker head: a named entity when there is one
    (preferring a person named in apposition: "the head of X, Jane Doe"),
    else the head with its left modifiers ("the police chief")."""
    doc = token.doc
    if token.ent_type_ and token.ent_iob_ in ("B", "I"):
        ent = _entity_of(token)
        if ent is not None:
            return ent
    if token.pos_ != "PRON":
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = _entity_of(child)
                if ent is not None:
                    return ent
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod", "quantmod") and not child.is_punct:
            start = min(start, child.left_edge.i if child.dep_ == "poss" else child.i)
            break
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat") and child.i == end:
            end = child.i + 1
    return doc[start:end]


def _entity_of(token: Token) -> Span | None:
    """The named-entity span a token is in, from its IOB tags (``doc.ents``
    builds every span on each access)."""
    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


class _SpeakerLinker:
    """Links speaker spans to entity ids, resolving pronouns."""

    def __init__(self, doc: Doc, entities: Iterable[Entity]) -> None:
        self.doc = doc
        self.entities = list(entities)
        self.mentions = sorted(((m.start, m.end, e) for e in self.entities for m in e.mentions), key=lambda x: x[0])
        from ..entities import resolve_pronoun

        self.resolve_pronoun = resolve_pronoun

    def link(self, span: Span) -> str | None:
        start = span.start_char
        end = span.end_char
        if len(span) == 1 and span[0].pos_ == "PRON":
            return self._pronoun(span[0])
        best: tuple[int, int, str] | None = None
        for m_start, m_end, entity in self.mentions:
            if m_start >= end:
                break
            overlap = min(end, m_end) - max(start, m_start)
            if overlap <= 0:
                continue
            rank = (overlap, 1 if entity.type == "PERSON" else 0, entity.id)
            if best is None or rank[:2] > best[:2]:
                best = rank
        return best[2] if best else None

    def _pronoun(self, token: Token) -> str | None:
        resolved = self.resolve_pronoun(self.doc, token.i, self.entities)
        if resolved is not None:
            return resolved
        # What the entity linker leaves unresolved (group pronouns such as
        # "they", or no fitting subject): the nearest fitting mention before.
        lower = token.lower_
        if lower in _PERSONAL_PRONOUNS or lower in ("i",):
            wanted = {"PERSON"}
        elif lower in _GROUP_PRONOUNS:
            wanted = {"ORG", "NORP", "GPE"}
        else:
            return None
        # Nearest preceding mention of a fitting entity.
        best_id: str | None = None
        best_end = -1
        for m_start, m_end, entity in self.mentions:
            if m_start >= token.idx:
                break
            if entity.type in wanted and m_end > best_end:
                best_end, best_id = m_end, entity.id
        return best_id
