"""Small readings of the dependency parse shared by the event passes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .lexicon import _VERB_TAGS, _Sense

if TYPE_CHECKING:
    from spacy.tokens import Token


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _keys(tok: Token) -> list[str]:
    """Lookup keys for a token: its lemma, its lower-cased form, and crude stems.

    Lower-cased news text trips the lemmatiser ("lathicharged" stays as is),
    so a couple of suffix strips act as a fallback.
    """
    lemma, lower = _lemma(tok), tok.lower_
    keys = [lemma, lower]
    for suffix in ("ed", "d", "ing", "s", "es"):
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            keys.append(lower[: -len(suffix)])
    return keys


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _is_passive(tok: Token) -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    if (
        tok.tag_ == "VBN"
        and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "parataxis")
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "ccomp") for c in tok.children)
    ):
        # A bare participle cannot be an active finite verb: "two killed in police firing".
        return True
    return _is_reduced_passive(tok)


def _is_headline_passive(tok: Token, sense: _Sense) -> bool:
    """ "Four policemen killed": a verb that needs an object, with a subject and neither object nor auxiliary."""
    if not sense.get("transitive") or (tok.tag_ not in ("VBD", "VBN") and tok.pos_ != "NOUN"):
        return False
    kids = {c.dep_ for c in tok.children}
    return "nsubj" in kids and not kids & {"dobj", "obj", "aux", "auxpass", "ccomp", "xcomp"}


def _is_reduced_passive(tok: Token) -> bool:
    """Reduced passives: "300 people arrested", "the arrested men" (the tagger may say VBD)."""
    if tok.dep_ not in ("acl", "amod") or tok.tag_ not in ("VBN", "VBD"):
        return False
    return not any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children)


def _modifier_words(tok: Token) -> set[str]:
    """Lemmas and forms of a noun's modifiers, plus the word before it ("tear gas")."""
    words = {
        w
        for c in tok.children
        if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss")
        for w in (_lemma(c), c.lower_)
    }
    if tok.i > tok.sent.start:
        prev = tok.doc[tok.i - 1]
        words.update({_lemma(prev), prev.lower_})
        if prev.text in ("-", "–") and tok.i - 2 >= tok.sent.start:  # "lathi-charge", "tear-gas shell"
            before = tok.doc[tok.i - 2]
            words.update({_lemma(before), before.lower_})
    return words


def _logical_objects(tok: Token) -> list[Token]:
    objs = _children(tok, "dobj", "obj", "nsubjpass")
    if _is_reduced_passive(tok):
        objs.append(tok.head)
    return objs


def _prep_objects(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and _lemma(c) in wanted:
            out.extend(_children(c, "pobj", "pcomp"))
    return out


def _particles(tok: Token) -> set[str]:
    return {_lemma(c) for c in tok.children if c.dep_ in ("prt", "advmod", "prep") and len(c) <= 5}


def _governing_verb(tok: Token) -> Token | None:
    """The verb a nominal hangs from, directly or through one preposition."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    if head is tok:
        return None
    if head.pos_ in ("VERB", "AUX") or head.tag_ in _VERB_TAGS:
        return head
    return None
