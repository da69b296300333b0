"""Actors and targets: mention lookup, participant records, subjects inherited
across clauses, and the roles of verbal and nominal triggers."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...records import Entity, Participant
from ...resources.actors import country_of_word, sector_of, sector_of_text
from ...resources.lexicons import pairs, table, word_list
from ..nlp import doc_text
from .lexicon import (
    _ACTORLIKE_ENTS,
    _CLAUSE_TARGET_TYPES,
    _PHRASE_DEPS,
    _RECIPIENT_PREPS,
    _RELATIVE_PRONOUNS,
    _TARGET_PREPS,
    _THEME_OBJECT_TYPES,
    _Lexicon,
    _lexicon,
    _Sense,
)
from .syntax import (
    _children,
    _governing_verb,
    _is_headline_passive,
    _is_passive,
    _is_reduced_passive,
    _keys,
    _lemma,
    _prep_objects,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Pronoun -> the kind of antecedent it can stand for ("thing", "group", "person").
_ANTECEDENT_PRONOUNS = pairs("events/antecedent_pronouns")
_TIME_WORDS = word_list("events/time_words")
# Clause links a pronoun subject looks up through for its antecedent: "X said
# it would", "X agreed that they", "X is willing to".
_UP_CLAUSES = {"ccomp", "xcomp", "advcl", "conj", "acomp", "pcomp", "prep", "relcl"}
_CONTEXT = table("events/context_targets")
_MUNITIONS = word_list("events/munition_nouns")
_TWO_SIDED = word_list("events/two_sided_events")
_MESSAGE_NOUNS = word_list("events/message_nouns")
_GENERIC_HEADS = word_list("events/generic_actor_heads")
_NOT_ACTOR_MODIFIERS = word_list("events/not_actor_modifiers")
# Types whose clause complement's subject is the one acted on ("allowed X to run").
_ALLOW_TYPES = {"CONCEDE"}
_CLAUSE_EDGES = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "conj"}
_ARMED_SECTORS = {"military", "police", "paramilitary", "international organisation"}
# Sectors that are addressed by protests and demands: authorities, not crowds.
_AUTHORITY_SECTORS = {
    "government",
    "military",
    "police",
    "paramilitary",
    "legislature",
    "judiciary",
    "international organisation",
    "intelligence",
    "party",
    "business",
}
# Types whose verbal triggers get no recipient search (code._read_roles): the
# context target is read with their roles.
_UNREFINED_TYPES = {"ASSAULT", "COERCE"}
# Prepositions whose place gives a participant its country ("rebels in X").
_ORIGIN_PREPS = {"in", "from", "of", "inside", "throughout"}
_NOUN_LINKS = {"dobj", "pobj", "attr", "npadvmod", "nsubj", "nsubjpass", "appos"}
_PERSON_ENTS = {"PERSON"}
_BODY_ENTS = {"GPE", "ORG", "NORP", "LOC", "FAC"}


def _is_time(tok: Token) -> bool:
    """A date or a time word: "on Tuesday", "last week"."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in _TIME_WORDS


def _drop_times(heads: list[Token]) -> list[Token]:
    return [h for h in heads if not _is_time(h)]


def _fits(pron: Token, cand: Token, lex_person: frozenset[str] = frozenset()) -> bool:
    """Whether a noun can be what a third-person pronoun stands for (number and person)."""
    kind = _ANTECEDENT_PRONOUNS.get(pron.lower_)
    if kind is None or cand.pos_ == "PRON" or _is_time(cand):
        return False
    if cand.pos_ not in ("NOUN", "PROPN"):
        return False
    person = cand.ent_type_ in _PERSON_ENTS or _lemma(cand) in lex_person
    plural = cand.tag_ in ("NNS", "NNPS")
    if kind == "person":
        return person and not plural
    if kind == "thing":
        return (not person and not plural) or cand.ent_type_ in _BODY_ENTS
    return (
        plural
        or cand.ent_type_ in ("ORG", "NORP")
        or any(c.dep_ == "prep" and _lemma(c) == "of" for c in cand.children)
    )


def _antecedent(pron: Token, lex_person: frozenset[str] = frozenset()) -> Token | None:
    """The noun a third-person pronoun stands for, in its own sentence, or None.

    A possessive names the subject of the verb its noun hangs from ("the
    rebels ended their strike"); a subject, the subject of the clause its
    clause depends on ("the ministry said it would", "the rebels are willing
    to"); else the nearest subject before it in the sentence.
    """
    if pron.lower_ not in _ANTECEDENT_PRONOUNS:
        return None
    # An object pronoun never stands for the subject of its own clause.
    skip_own = pron.dep_ not in ("nsubj", "nsubjpass", "poss")
    t = pron
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") or (t.dep_ in ("ccomp", "xcomp", "advcl", "acomp") and t is not pron):
            if skip_own:
                skip_own = False
            else:
                s = _subject(t)
                if s is not None and pron.i not in {x.i for x in s.subtree}:
                    # Only backwards: "after his detention, X said" is someone told before.
                    s = _resolve_relative(s)
                    return s if s.i < pron.i and _fits(pron, s, lex_person) else None
        if t.head is t:
            break
        if t is not pron and t.dep_ not in _UP_CLAUSES and t.dep_ not in _NOUN_LINKS:
            break
        t = t.head
    for tok in reversed(list(pron.sent[: pron.i - pron.sent.start])):
        if tok.dep_ in ("nsubj", "nsubjpass") and _fits(pron, tok, lex_person):
            return _resolve_relative(tok)
    return None


@dataclass
class _MentionIndex:
    """Entity mentions sorted by offset, for span lookups."""

    starts: list[int] = field(default_factory=list)
    items: list[tuple[int, int, Entity]] = field(default_factory=list)

    @classmethod
    def build(cls, entities: Sequence[Entity]) -> _MentionIndex:
        items = sorted(((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda x: (x[0], x[1]))
        return cls([s for s, _, _ in items], items)

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.items) and self.items[i][0] < end:
            if self.items[i][1] <= end:
                out.append(self.items[i])
            i += 1
        return out

    def covering(self, start: int, end: int) -> Entity | None:
        i = bisect.bisect_right(self.starts, start)
        best: tuple[int, Entity] | None = None
        for j in range(max(0, i - 8), min(len(self.items), i + 1)):
            s, e, ent = self.items[j]
            if s <= start and e >= end and (best is None or e - s < best[0]):
                best = (e - s, ent)
        return best[1] if best else None


_HYPHENS = ("-", "–")


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase around a head: modifiers and "of"-phrases, no clauses or conjuncts."""
    keep = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("cc", "conj") and t is not head and t.i < head.i and c.i < head.i:
                # "Hungarian and Romanian officials": coordinated modifiers stay in the phrase.
                keep.append(c)
                stack.append(c)
                continue
            if c.dep_ not in _PHRASE_DEPS:
                continue
            if c.dep_ == "prep" and _lemma(c) != "of":
                continue
            if c.dep_ == "advmod" and t is head:
                continue
            keep.append(c)
            stack.append(c)
    kept = {t.i for t in keep}
    # The contiguous run of kept tokens around the head (a stray punct child
    # must not stretch the phrase over an apposition).
    lo = hi = head.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    doc = head.doc
    for c in head.children:
        # "the opposition newspaper El Tiempo": a name set right after, with no comma.
        if c.dep_ == "appos" and c.pos_ == "PROPN" and c.left_edge.i == hi + 1:
            hi = c.right_edge.i
    while (
        hi + 1 < len(doc)
        and not doc[hi].whitespace_
        and (doc[hi].text in _HYPHENS or doc[hi + 1].text in _HYPHENS)
        and (doc[hi + 1].is_alpha or doc[hi + 1].text in _HYPHENS)
    ):
        hi += 1  # "Nur-ul-Haq": a hyphenated name is one word
    while hi > lo and doc[hi].text in _HYPHENS:
        hi -= 1
    while lo < hi and (doc[lo].dep_ in ("det", "punct", "case") or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "case"):
        hi -= 1
    return [doc[i] for i in range(lo, hi + 1)]


def _expand_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_expand_conjuncts(c))
    return out


def _resolve_relative(tok: Token) -> Token:
    """'who' in a relative clause stands for the noun the clause modifies."""
    if _lemma(tok) in _RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


class _ParticipantBuilder:
    def __init__(self, doc: Doc, mentions: _MentionIndex, entities: Sequence[Entity] = ()) -> None:
        self.doc = doc
        self.mentions = mentions
        self.entities = list(entities)
        self.by_id = {e.id: e for e in self.entities}

    def build(self, head: Token) -> Participant:
        head = _resolve_relative(head)
        if head.pos_ == "PRON":
            # "the ministry said it would": the participant is the noun phrase
            # the pronoun stands for in the same sentence, as for "who".
            head = _antecedent(head, _lexicon().person_nouns) or head
        tokens = _phrase_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        text = doc_text(self.doc)[start:end]
        entity = self.mentions.covering(head.idx, head.idx + len(head))
        if entity is None and head.pos_ == "PRON" and self.entities:
            # "after his detention": the person the pronoun refers to, when
            # the entity linker can tell; the span stays the pronoun's.
            from ..entities import resolve_pronoun

            entity = self.by_id.get(resolve_pronoun(self.doc, head.i, self.entities) or "")
        if entity is None:
            for c in head.children:
                if c.dep_ == "appos":
                    entity = self.mentions.covering(c.idx, c.idx + len(c))
                    if entity:
                        break
        country = entity.country if entity else None
        inner = self.mentions.within(start, end)
        if country is None:
            for _, _, ent in inner:
                if ent.type in ("GPE", "NORP", "LOC") and ent.country:
                    country = ent.country
                    break
        if country is None:
            for t in tokens:
                if t.pos_ in ("PROPN", "ADJ", "NOUN") and t.is_alpha:
                    country = country_of_word(t.text)
                    if country:
                        break
        if country is None:
            country = self._place_country(head)
        if country is None:
            # "their forces": the country of whoever "their" stands for.
            for t in tokens:
                if t.dep_ == "poss" and t.pos_ == "PRON":
                    antecedent = _antecedent(t, _lexicon().person_nouns)
                    if antecedent is not None and antecedent.i != head.i:
                        country = self.build(antecedent).country
                    break
        words = [t.text for t in tokens]
        sector = sector_of(words, head.text)
        if head.lower_ in _GENERIC_HEADS:
            # "an extremist group": the modifier says who.
            sector = sector_of([w for t, w in zip(tokens, words, strict=True) if t.i != head.i]) or sector
        if sector is None and entity is not None:
            if (
                entity.type in ("GPE",)
                and all(s >= start and e <= end for s, e, _ in inner)
                and entity.feature in (None, "country", "capital")
            ):
                sector = "government"
            for role in entity.roles:
                sector = sector or sector_of_text(" ".join(filter(None, [role.title, role.organization])))
        if _is_place_object(head):
            # "in X": a place, not its government.
            sector = None
        return Participant(
            text=text, entity_id=entity.id if entity else None, country=country, sector=sector, start=start, end=end
        )

    def _place_country(self, head: Token) -> str | None:
        """ "Rebels in the north of X", "a missionary from Y": the country of a place the phrase names."""
        for prep in head.children:
            if prep.dep_ != "prep" or _lemma(prep) not in _ORIGIN_PREPS:
                continue
            for obj in _children(prep, "pobj"):
                for t in [obj, *(p for q in _children(obj, "prep") for p in _children(q, "pobj"))]:
                    ent = self.mentions.covering(t.idx, t.idx + len(t))
                    if ent is not None and ent.type in ("GPE", "LOC", "NORP") and ent.country:
                        return ent.country
                    found = country_of_word(t.text) if t.pos_ == "PROPN" else None
                    if found:
                        return found
        return None


def _subject(tok: Token) -> Token | None:
    subs = _children(tok, "nsubj", "nsubjpass")
    if not subs:
        return None
    subj = subs[0]
    # "After a request from the capital, X, the Alliance deployed...": the
    # parser takes X (an apposition closing the fronted phrase) as subject and
    # the real subject as its apposition. Prefer the apposition then.
    doc = tok.doc
    apps = [c for c in subj.children if c.dep_ == "appos" and c.i > subj.i]
    if apps and subj.left_edge.i > 1 and doc[subj.left_edge.i - 1].text == ",":
        fronted = [c for c in tok.children if c.dep_ in ("prep", "advcl") and c.i < subj.i]
        if fronted:
            return apps[0]
    return subj


def _author(noun: Token) -> Token | None:
    """Who issued a message noun: its possessor, its "by"/"from" phrase, or the subject of the verb taking it."""
    if _lemma(noun) not in _MESSAGE_NOUNS and noun.lower_ not in _MESSAGE_NOUNS:
        return None
    for c in noun.children:
        if c.dep_ == "poss":
            return c
    found = _prep_objects(noun, ["by", "from"])
    if found:
        return found[0]
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
        return _subject(noun.head)
    return None


def _inherited_subject(tok: Token) -> Token | None:
    """The understood subject of a clause without one ("arrested and taken", "forced to fire")."""
    t = tok
    for _ in range(4):
        dep, head = t.dep_, t.head
        if head is t:
            return None
        if dep == "xcomp":
            objs = _children(head, "dobj")
            if objs:
                return objs[0]
            s = _subject(head)
            if s is not None:
                return s
        elif dep == "pcomp":
            head = head.head  # "after appearing": the verb above the preposition
            s = _subject(head)
            if s is not None:
                return s
        elif dep in ("conj", "advcl"):
            if dep == "conj":
                # "A arrived and fired, but B posted there killed one": the
                # nearest conjunct before with its own subject, not the first.
                siblings = [c for c in head.children if c.dep_ == "conj" and c.i < t.i and _subject(c) is not None]
                if siblings:
                    return _subject(siblings[-1])
            s = _subject(head)
            if s is not None:
                return s
        elif dep == "relcl":
            return head
        elif dep == "acl" and t.tag_ == "VBG":
            # "the party issued a statement demanding": the statement's author.
            return _author(head) or head
        elif dep == "acomp":
            # "X is willing to withdraw": the subject of the copula.
            s = _subject(head)
            if s is not None:
                return s
        else:
            return None
        t = head
    return None


@dataclass
class _Discourse:
    """What earlier sentences of the article tell about who used force."""

    sentence: int = 0
    # trigger lemma -> (token offset, actor): the same firing told again.
    lemma_actors: dict[str, tuple[int, Participant]] = field(default_factory=dict)
    # (sentence number, actor) of the last firing or crowd control by a security force.
    security_force: tuple[int, Participant] | None = None
    # (sentence number, actor) of the last actor with a known sector.
    last_actor: tuple[int, Participant] | None = None
    # (sentence number, security side) of the last clash with a security force.
    clash: tuple[int, Participant] | None = None


@dataclass
class _Candidate:
    tok: Token
    sense: _Sense
    verbal: bool
    trigger: str
    mode: str | None
    actor_heads: list[Token] = field(default_factory=list)
    target_heads: list[Token] = field(default_factory=list)
    absorbed: list[Token] = field(default_factory=list)
    # The security-force word of an instrument phrase ("in police firing").
    instrument_actors: list[Token] = field(default_factory=list)


def _verb_roles(cand: _Candidate, lex: _Lexicon) -> None:
    tok, etype = cand.tok, cand.sense.type
    passive = _is_passive(tok) or _is_headline_passive(tok, cand.sense)
    subj = _subject(tok)
    if subj is None:
        subj = _inherited_subject(tok)
        if subj is not None and _is_reduced_passive(tok):
            subj = None  # reduced passive: the modified noun is the target, set below
    if cand.sense.get("subject_is_target"):
        # "97 died in police firing": the subject is the victim.
        cand.target_heads = [subj] if subj is not None else []
    elif passive:
        cand.target_heads = [subj] if subj is not None else []
        if _is_reduced_passive(tok):
            cand.target_heads = [tok.head]
        cand.actor_heads = _prep_objects(tok, ["by"])
    else:
        cand.actor_heads = [subj] if subj is not None else []
        objs = _objects(tok)
        if etype in _THEME_OBJECT_TYPES or cand.sense.get("absorb_obj"):
            objs = []
        # "fired four shells at X", "withdrew its troops from X": the means or
        # the actor's own people are not the target; a target phrase is.
        objs = [o for o in objs if not _means_or_own(o)] or (
            [] if _prep_objects(tok, (*_TARGET_PREPS.get(etype, _TARGET_PREPS["default"]), "from")) else objs
        )
        cand.target_heads = _drop_times(objs) or _drop_times(
            _prep_objects(tok, _TARGET_PREPS.get(etype, _TARGET_PREPS["default"]))
        )
    cand.actor_heads = _drop_times(cand.actor_heads)
    cand.target_heads = _drop_times(cand.target_heads)
    if cand.actor_heads and not passive:
        cand.actor_heads = [_event_noun_actor(cand.actor_heads[0], lex) or cand.actor_heads[0]]
    _two_sides(cand)
    if etype in _UNREFINED_TYPES:
        _context_target(cand, lex)


def _two_sides(cand: _Candidate) -> None:
    """Two sides acting on each other are all actors, as PLOVER codes them.

    "fighting between A and B", "talks between A and B", "A and B clashed":
    one event for each side as actor (code expands the coordinated heads),
    with no target; "A clashed with B" keeps A as actor and B as target
    (``two_sided_events.txt``).
    """
    tok = cand.tok
    if _lemma(tok) not in _TWO_SIDED and tok.lower_ not in _TWO_SIDED:
        return
    if not cand.actor_heads:
        between = _prep_objects(tok, ["between"])
        if between:
            cand.actor_heads = [between[0]]
            cand.target_heads = [t for t in cand.target_heads if t.i not in {x.i for x in between[0].subtree}]


def _event_noun_actor(head: Token, lex: _Lexicon) -> Token | None:
    """ "An attack by X killed four", "fighting between X and Y left ten dead": the actor of an event noun subject."""
    if head.pos_ != "NOUN" or not any(s.type == "ASSAULT" for s in lex.nouns.get(_lemma(head), ())):
        return None
    sense = next(s for s in lex.nouns[_lemma(head)] if s.type == "ASSAULT")
    inner = _Candidate(tok=head, sense=sense, verbal=False, trigger="", mode=None)
    _noun_roles(inner, lex, None, context=False)
    return inner.actor_heads[0] if inner.actor_heads else None


def _objects(verb: Token) -> list[Token]:
    """Direct objects, with "kidnapped up to 16 advisers" (a quantity parsed as a preposition)."""
    objs = _children(verb, "dobj")
    if not objs:
        for prt in verb.children:
            if prt.dep_ == "prt" and prt.lower_ == "up":
                objs += [o for p in _children(prt, "prep") if p.lower_ == "to" for o in _children(p, "pobj")]
    return objs


def _means_or_own(obj: Token) -> bool:
    """A munition fired, or a possessed object that is the actor's own ("its troops")."""
    if _lemma(obj) in _MUNITIONS or obj.lower_ in _MUNITIONS:
        return True
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in obj.children) and bool(
        sector_of([obj.text], obj.text) in _ARMED_SECTORS
    )


def _actorlike(tok: Token, lex: _Lexicon) -> bool:
    """A word that can name an actor: a named entity, a proper noun, a person noun or a sector word."""
    if _is_time(tok):
        return False
    if tok.ent_type_ in _ACTORLIKE_ENTS or tok.pos_ == "PROPN":
        return True
    if _lemma(tok) in lex.person_nouns and tok.pos_ != "PRON":
        return True
    if sector_of([tok.text], tok.text) is not None:
        return True
    # "the Taliban faction", "Ugandan opposition candidates", "the rulers of X":
    # a noun named for a country, a people or a body.
    return tok.pos_ == "NOUN" and any(
        c.dep_ in ("compound", "amod", "poss", "nmod") and (c.ent_type_ in _BODY_ENTS or c.pos_ == "PROPN")
        for c in tok.children
    )


def _recipient(verb: Token, lex: _Lexicon, depth: int = 0) -> Token | None:
    """The recipient of a verb's action, looking through abstract objects and controlled verbs.

    "give Malawi a loan" (dative), "demanded a truce with rebel forces"
    (the object's own phrase), "threatened action against Peru",
    "offered to negotiate with the president" (the xcomp's), "agreed to
    open its ports to relief ships".
    """
    datives = [c for c in verb.children if c.dep_ == "dative" and c.pos_ in ("NOUN", "PROPN")]
    if datives:
        return datives[0]
    # "hand over the suspects to Egypt": the "to" phrase is the recipient, the object the theme.
    for o in _prep_objects(verb, _RECIPIENT_PREPS):
        if _actorlike(o, lex):
            return o
    objs = _children(verb, "dobj")
    for obj in objs:
        if _actorlike(obj, lex):
            return obj
        for o in _prep_objects(obj, (*_RECIPIENT_PREPS, "of")):
            if _actorlike(o, lex):
                return o
    if depth < 2:
        inner = _children(verb, "xcomp")
        inner += [pc for p in verb.children if p.dep_ == "prep" and _lemma(p) == "to" for pc in _children(p, "pcomp")]
        for x in inner:
            found = _recipient(x, lex, depth + 1)
            if found is not None:
                return found
    return None


def _np_head(tok: Token) -> Token:
    """The noun a modifier belongs to: "Algerian" in "Algerian government forces"."""
    while tok.dep_ in ("compound", "amod", "flat", "nmod") and tok.head is not tok:
        if tok.head.pos_ not in ("NOUN", "PROPN"):
            break
        tok = tok.head
    return tok


def _addressee(tok: Token) -> bool:
    """A word naming a body demands are addressed to: a state, a group, a person, an authority."""
    if tok.pos_ == "PRON" or _is_time(tok):
        return False
    if tok.ent_type_ in ("GPE", "NORP", "ORG", "PERSON"):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and sector_of([tok.text], tok.text) in _AUTHORITY_SECTORS


def _in_place_phrase(tok: Token) -> bool:
    """A name in a place phrase ("against the tax in X") is where, not whom."""
    return _is_place_object(_np_head(tok))


def _is_place_object(head: Token) -> bool:
    """A place name as the object of a place preposition ("in X", "across X")."""
    return (
        head.dep_ == "pobj"
        and _lemma(head.head) in _CONTEXT["place_prepositions"]
        and head.ent_type_ in ("GPE", "LOC", "FAC")
    )


def _context_anchors(cand: _Candidate) -> list[Token]:
    """The trigger and, for an event noun, the verb it hangs from ("held a protest")."""
    anchors = [cand.tok]
    if not cand.verbal:
        verb = _governing_verb(cand.tok)
        if verb is not None:
            anchors.append(verb)
    return anchors


def _issue_target(cand: _Candidate) -> Token | None:
    """The body a protest's demand or grievance is addressed to ("struck to demand the resignation of X")."""
    tok = cand.tok
    anchors = _context_anchors(cand)
    taken = {t.i for a in cand.actor_heads for t in a.subtree}
    for anchor in anchors:
        for c in anchor.children:
            if c.dep_ in _CONTEXT["issue_clauses"] or (
                c.dep_ == "prep"
                and (
                    _lemma(c) in _CONTEXT["issue_prepositions"]
                    or any(_lemma(o) in _CONTEXT["issue_nouns"] for o in _children(c, "pobj"))
                )
            ):
                for t in c.subtree:
                    if t.i not in taken and t.i != tok.i and _addressee(t) and not _in_place_phrase(t):
                        return _np_head(t)
    return None


def _place_target(cand: _Candidate) -> Token | None:
    """The named place an event happens in ("ordered a curfew across X")."""
    tok = cand.tok
    anchors = _context_anchors(cand)
    if cand.verbal:
        # "imposed a curfew in X", "threatened to ban voting in X"
        inner = _children(tok, "xcomp")
        anchors += inner + [o for v in [tok, *inner] for o in _children(v, "dobj")]
    for anchor in anchors:
        for prep in anchor.children:
            if prep.dep_ != "prep" or _lemma(prep) not in _CONTEXT["place_prepositions"]:
                continue
            for obj in _children(prep, "pobj"):
                chain = [obj]
                for _ in range(3):  # "at a jail in the north of X"
                    nxt = [p for q in _children(chain[-1], "prep") for p in _children(q, "pobj")]
                    if not nxt:
                        break
                    chain.append(nxt[0])
                for t in chain:
                    if t.ent_type_ in ("GPE", "LOC") or (t.pos_ == "PROPN" and country_of_word(t.text)):
                        return t
    return None


def _clause_subject(cand: _Candidate) -> Token | None:
    """ "demanded that X ...", "its demand that X ...", "allowed X to ...": the subject of the clause."""
    tok = cand.tok
    clauses = _children(tok, "ccomp", "acl")
    if not cand.verbal and tok.dep_ == "dobj":
        # "reiterated its demand today that X ...": the clause hangs from the verb.
        clauses += [c for c in _children(tok.head, "ccomp") if c.i > tok.i]
    for clause in clauses:
        if clause.pos_ not in ("VERB", "AUX"):
            continue
        subj = _subject(clause)
        if subj is not None and subj.pos_ != "PRON" and not _is_time(subj):
            return subj
    return None


def _against_target(cand: _Candidate) -> Token | None:
    """ "mobilized reservists for a war against X": an "against" phrase below the trigger, in its clause."""
    stack = list(cand.tok.children)
    taken = {t.i for a in cand.actor_heads for t in a.subtree}
    while stack:
        t = stack.pop(0)
        if t.dep_ in _CLAUSE_EDGES or t.dep_ in ("nsubj", "nsubjpass") or t.i in taken:
            continue
        if t.dep_ == "prep" and _lemma(t) == "against":
            objs = [o for o in _children(t, "pobj") if not _is_time(o)]
            if objs:
                return objs[0]
        stack.extend(t.children)
    return None


def _context_target(cand: _Candidate, lex: _Lexicon) -> None:
    """An event with no target of its own takes the one its context gives (``context_targets.json``)."""
    etype = cand.sense.type
    if cand.sense.get("subject_is_target"):
        return
    has = bool(cand.target_heads) and _actorlike(_resolve_relative(cand.target_heads[0]), lex)
    if has:
        return
    found = None
    if cand.target_heads:
        # "a suspension of air links with X", "aid to X rebels": the actor-like
        # recipient inside an abstract target.
        for o in _prep_objects(cand.target_heads[0], _RECIPIENT_PREPS):
            if _actorlike(o, lex) and not _in_place_phrase(o):
                found = o
                break
    if found is None and etype in _CLAUSE_TARGET_TYPES | _ALLOW_TYPES:
        found = _clause_subject(cand)
    if found is None and etype in _CONTEXT["issue_types"]:
        found = _issue_target(cand)
    if found is None and not cand.target_heads and cand.verbal and etype in _CONTEXT["purpose_types"]:
        # "opened fire to disperse the crowd": the object of the purpose.
        for clause in _children(cand.tok, "advcl", "xcomp"):
            objs = [o for o in _children(clause, "dobj") if o.pos_ in ("NOUN", "PROPN", "PRON") and not _is_time(o)]
            if objs and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
                found = objs[0]
                break
    if found is None and not cand.target_heads:
        found = _against_target(cand)
    two_sided = _lemma(cand.tok) in _TWO_SIDED or cand.tok.lower_ in _TWO_SIDED
    abstract = bool(cand.target_heads) and etype in _CONTEXT["place_over_thing_types"]
    if found is None and (not cand.target_heads or abstract) and etype in _CONTEXT["place_types"] and not two_sided:
        # (where two sides fought or met is not one of them)
        if etype != "COERCE" or cand.mode in _CONTEXT["place_coerce_modes"]:
            found = _place_target(cand)
    if found is not None and not any(found.i == a.i for a in cand.actor_heads):
        cand.target_heads = [found]


def _refine_target(cand: _Candidate, lex: _Lexicon) -> None:
    """Prefer an actor-like recipient over an abstract direct object, or fill a missing target."""
    _refine_recipient(cand, lex)
    _context_target(cand, lex)


def _refine_recipient(cand: _Candidate, lex: _Lexicon) -> None:
    if not cand.verbal or cand.sense.get("subject_is_target"):
        return
    if cand.target_heads and _actorlike(_resolve_relative(cand.target_heads[0]), lex):
        return
    if _is_passive(cand.tok):
        return
    found = _recipient(cand.tok, lex)
    if found is None and cand.sense.type in _CLAUSE_TARGET_TYPES:
        for clause in _children(cand.tok, "ccomp"):
            subj = _subject(clause)
            if subj is not None and subj.pos_ != "PRON":
                found = subj
                break
    if found is not None and not any(found.i == a.i for a in cand.actor_heads):
        cand.target_heads = [found]


def _support(verb: Token, lex: _Lexicon) -> bool:
    """A light verb ("staged a protest"), also where the lemmatiser slips ("staged" -> "stag")."""
    return any(k in lex.support_verbs for k in _keys(verb))


def _noun_roles(cand: _Candidate, lex: _Lexicon, builder: _ParticipantBuilder | None, context: bool = True) -> None:
    tok, etype = cand.tok, cand.sense.type
    poss_role = cand.sense.get("poss_role", "actor")
    for c in tok.children:
        if c.dep_ == "poss":
            if c.ent_type_ in ("DATE", "TIME") or _lemma(c) in (
                "week",
                "month",
                "year",
                "day",
                "today",
                "yesterday",
                "weekend",
            ):
                continue  # "last week's protests": a time, not a participant
            (cand.target_heads if poss_role == "target" else cand.actor_heads).append(c)
        elif c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("NOUN", "PROPN", "ADJ"):
            # "police firing", "Russian attack": a modifier naming an actor.
            if c.i >= 2 and tok.doc[c.i - 1].text == "-" and tok.doc[c.i - 2].lower_ in ("anti", "counter"):
                continue  # "anti-government protests" are against the government
            if c.pos_ == "ADJ" and c.lower_ in _NOT_ACTOR_MODIFIERS:
                continue  # "an official protest": how, not who
            if sector_of([c.text], c.text) in (
                "police",
                "military",
                "paramilitary",
                "rebels",
                "government",
                "international organisation",
                "unidentified armed",
            ) or c.ent_type_ in ("NORP", "GPE", "ORG"):
                cand.actor_heads.append(c)
    cand.actor_heads += _prep_objects(tok, ["by", "from"])
    of_objs = _prep_objects(tok, ["of"])
    if etype in ("PROTEST", "CONSULT"):
        cand.actor_heads += of_objs
    elif etype == "MOBILIZE" and not cand.actor_heads:
        # "the deployment of NATO troops": the forces deployed act.
        cand.actor_heads += [o for o in of_objs if sector_of([o.text], o.text) in _ARMED_SECTORS]
    elif etype not in _THEME_OBJECT_TYPES:
        cand.target_heads += of_objs
    cand.target_heads += _prep_objects(tok, _TARGET_PREPS.get(etype, _TARGET_PREPS["default"]))
    verb = _governing_verb(tok)
    if verb is None and not cand.actor_heads:
        # "the police had to lathi-charge activists" parsed as a compound noun:
        # climb compounds and prepositions to a support verb, take its subject.
        t = tok
        while t.dep_ in ("compound", "pobj", "prep", "dobj", "amod") and t.head is not t:
            t = t.head
            if t.pos_ in ("VERB", "AUX") and _support(t, lex):
                s = _subject(t)
                if s is not None:
                    cand.actor_heads.append(s)
                break
    if verb is not None:
        if not cand.actor_heads and _support(verb, lex) and tok.dep_ in ("dobj", "pobj", "nsubjpass"):
            s = _subject(verb) if tok.dep_ != "nsubjpass" else None
            s = s if s is not None else _inherited_subject(verb)
            if s is not None:
                cand.actor_heads.append(s)
            cand.actor_heads += _prep_objects(verb, ["by"]) if not cand.actor_heads else []
        if not cand.target_heads and etype in ("REQUEST", "AID", "CONSULT", "ACCUSE"):
            cand.target_heads += _prep_objects(verb, _TARGET_PREPS.get(etype, ()))
        if (
            not cand.target_heads
            and etype == "REQUEST"
            and tok.head.dep_ == "prep"
            and _lemma(tok.head) in ("after", "following", "upon", "at", "on")
        ):
            # "After a request from X, Y deployed...": the request was made to Y.
            s = _subject(verb)
            if s is not None:
                cand.target_heads.append(s)
    cand.actor_heads = _drop_times(cand.actor_heads)
    cand.target_heads = _drop_times(cand.target_heads)
    _two_sides(cand)
    if context:
        _context_target(cand, lex)
