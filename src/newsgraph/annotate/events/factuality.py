"""Factuality of an event: negated, hypothetical, or reported and by whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nlp import doc_text
from .lexicon import _CLAUSE_BOUNDARIES, _PREP_REPORT_VERBS, _Lexicon
from .participants import _phrase_tokens, _resolve_relative, _subject
from .syntax import _children, _lemma, _prep_objects

if TYPE_CHECKING:
    from spacy.tokens import Token


def _phrase_text(tok: Token) -> str:
    tokens = _phrase_tokens(_resolve_relative(tok))
    return doc_text(tok.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def _is_nobody(tok: Token) -> bool:
    """ "no one", "nobody", "none", "no protesters": a participant that denies the event."""
    if tok.lower_ in ("nobody", "none", "noone"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _under_hypothetical_noun(tok: Token, lex: _Lexicon) -> bool:
    """A nominal event named only as the object of a warrant, possibility or
    fear: "his arrest warrant", "the possibility of his arrest"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "compound":
        return _lemma(tok.head) in lex.hypothetical_heads
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and _lemma(tok.head) in ("of", "for"):
        return _lemma(tok.head.head) in lex.hypothetical_heads
    return False


def _is_irrealis_infinitive(tok: Token, lex: _Lexicon) -> bool:
    """A to-infinitive event is unrealised ("orders to arrest", "likely to be
    arrested", "we have to arrest") unless its governor entails it happened
    ("managed to arrest", "were forced to open fire", "had to fire")."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    t = tok
    if t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") and not _children(t, "aux"):
        t = t.head  # "to detain or deport": the conjunct shares the infinitive
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
        return False
    governor = t.head
    if governor is t:
        return False
    lemma = _lemma(governor)
    if lemma in lex.report_verbs:
        return False  # "were said to have been hurt": reported, decided above
    if lemma in lex.implicative_verbs:
        return bool(lemma == "have" and governor.tag_ not in ("VBD", "VBN"))
    return True


def _intention(tok: Token, lex: _Lexicon) -> str | None:
    """Whether a trigger is its actor's own commitment to act: "will release",
    "is willing to withdraw", "committed to opening", "plans to boycott".

    Returns ``"unless"`` for a commitment made on a condition the other side
    must meet ("will withdraw unless ..."), ``"future"`` for a plain one, and
    None when the event is not committed to by its actor (a condition itself,
    a possibility, an obligation, or the content of someone else's request).
    """
    t = tok
    for _ in range(6):
        kids = list(t.children)
        if any(c.dep_ == "mark" and _lemma(c) in lex.hypothetical_marks for c in kids):
            return None  # "if they withdraw": the condition, not a commitment
        unless = any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and _lemma(m) == "unless" for m in c.children) for c in kids
        )
        auxes = [_lemma(c) for c in kids if c.dep_ in ("aux", "auxpass")]
        if any(a in lex.future_aux for a in auxes):
            return "unless" if unless else "future"
        if any(a in lex.modal_aux for a in auxes):
            return None  # could, may, must: possibility or obligation
        head = t.head
        if head is t:
            return None
        if t.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            t = head
            continue
        if t.dep_ == "pcomp" and _lemma(head) == "to" and head.head is not head:
            head = head.head  # "committed to opening"
        elif t.dep_ not in ("xcomp", "acomp") and not (
            t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in kids)
        ):
            return None  # (a to-infinitive the parser hangs as an adverbial clause: "sworn to fight")
        if _lemma(head) in lex.commitment_words:
            if head.pos_ == "VERB" and head.tag_ in ("VBD", "VBN") and _lemma(head) in lex.past_plans:
                return None  # "intended to take the town (but were pushed back)": a plan told after the fact
            return "unless" if unless else "future"
        t = head
    return None


def _refusal(tok: Token, lex: _Lexicon, trigger_types: dict[int, str]) -> bool:
    """Whether a negated trigger is its actor declining to act: "will not
    accept", "has not released", "failed to reach an agreement" (not "no one
    was hurt", and not under a refusal verb coded on its own)."""
    t = tok
    for _ in range(4):
        if any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and _is_nobody(c) for c in t.children):
            return False
        if any(c.dep_ == "neg" for c in t.children):
            return True
        head = t.head
        if head is t or t.dep_ != "xcomp":
            return False
        if trigger_types.get(head.i) == "REJECT":
            return False
        if _lemma(head) in lex.negating_verbs:
            return True
        t = head
    return False


def _factuality(
    tok: Token, lex: _Lexicon, trigger_types: dict[int, str], *, ignore_modality: bool = False
) -> tuple[str, str | None]:
    """(factuality, reported_by) for a trigger, from its own clause and the clauses above it.

    ``ignore_modality``: only whether it is reported, for an event recoded
    as the commitment or refusal that its modality expresses.
    """
    negated = hypothetical = False
    reported_by: str | None = None
    reported = False
    t = tok
    crossed = False  # crossed a clause boundary: negation/modality above no longer apply
    # A relative clause asserts its own content: in "ordered a charge on crowds
    # in which six were hurt" the hurting is told as fact, whatever the order.
    relative = False
    for step in range(10):
        for c in t.children:
            d, lem = c.dep_, _lemma(c)
            if not crossed:
                if d == "neg" or (d == "det" and lem == "no" and step == 0):
                    negated = True
                elif step == 0 and d in ("nsubj", "nsubjpass", "dobj") and _is_nobody(c):
                    negated = True  # "nobody was hurt in the shooting"
                elif d in ("aux", "auxpass") and lem in lex.modal_aux:
                    hypothetical = True
                elif d == "mark" and lem in lex.hypothetical_marks:
                    hypothetical = True
                elif d == "amod" and step == 0 and lem in lex.hypothetical_mods:
                    hypothetical = True
            if d == "advmod" and lem in lex.report_adverbs:
                reported = True
            if d == "prep" and c.lower_ == "according":
                reported = True
                for p in c.children:
                    for o in _children(p, "pobj") if p.dep_ == "prep" else ([p] if p.dep_ == "pobj" else []):
                        reported_by = reported_by or _phrase_text(o)
        dep, head = t.dep_, t.head
        if head is t:
            break
        if step == 0 and _under_hypothetical_noun(t, lex):
            hypothetical = True  # "an arrest warrant", "the possibility of his arrest"
        if step == 0 and _is_irrealis_infinitive(t, lex):
            hypothetical = True  # "orders to arrest anyone", "teams sent to apprehend him"
        if dep == "conj" and t.pos_ in ("VERB", "AUX") and head.pos_ in ("VERB", "AUX"):
            # A conjoined clause with its own subject or auxiliary has its own
            # polarity; "will order a charge or arrest us" shares the modal.
            if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in t.children):
                crossed = True
        hl = _lemma(head)
        if dep in ("ccomp", "xcomp", "pcomp", "pobj", "prep", "dobj", "acl", "advcl") and head.i != tok.i:
            via_content = dep == "ccomp" or (
                dep in ("prep", "pcomp") and hl in _PREP_REPORT_VERBS and _lemma(t) in ("of", "to", "with")
            )
            if hl in lex.report_verbs and via_content and not reported_by:
                claimant = _subject(head)
                if claimant is not None and claimant.dep_ == "nsubjpass":
                    agents = _prep_objects(head, ["by"])
                    claimant = agents[0] if agents else None
                    if hl not in ("accuse", "charge"):
                        claimant = None
                if claimant is not None or hl in ("allege", "claim", "report"):
                    reported = True
                    reported_by = _phrase_text(claimant) if claimant is not None else None
            head_type = trigger_types.get(head.i)
            if (
                not relative
                and dep in ("xcomp", "ccomp", "acl", "advcl", "relcl", "dobj", "prep", "pobj")
                and (head_type in ("REQUEST", "THREATEN", "AGREE") or (hl in lex.intent_verbs and dep == "xcomp"))
            ):
                hypothetical = True
            if dep == "xcomp" and hl in lex.negating_verbs:
                negated = True
            if dep == "ccomp" and hl == "deny":
                negated = True  # "police denied that any arrest has been made"
            if dep == "ccomp" and hl in ("want", "wish", "demand", "urge", "hope"):
                hypothetical = True
        if dep in _CLAUSE_BOUNDARIES or (dep == "conj" and crossed):
            crossed = True
        if dep == "relcl":
            relative = True
        t = head
    if negated and not ignore_modality:
        return "negated", None
    if hypothetical and not ignore_modality:
        return "hypothetical", None
    if reported:
        return "reported", reported_by
    return "asserted", None
