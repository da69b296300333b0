"""PLOVER event coding over the dependency parse.

One walk over each sentence finds event triggers by dictionary lookup
(``data/event_lexicon.json``: verb and noun lemmas with optional particle,
preposition, object and modifier constraints -> PLOVER type and mode), then
reads the participants off the parse:

* active verbs: ``nsubj`` -> actor, ``dobj`` (or a ``pobj`` of at/on/against)
  -> target;
* passives: ``nsubjpass`` -> target, the ``agent`` ("by X") -> actor; a
  passive without an agent takes its actor from a cause nominal ("killed in
  police firing" -> actor police);
* subjects missing from conjoined, controlled (xcomp) or adverbial clauses are
  inherited from the governing verb; relative pronouns resolve to their
  antecedent;
* nominalisations ("his detention", "a request from X", "the deployment of a
  force") take actor/target from possessors, compounds, "of"/"by"/"from"
  phrases and the subject of a support verb ("sent a request");
* coordinated actors or targets give one event each;
* instrument phrases read off the surface ("killed in police firing", "fell
  to police bullets", "deaths in police firing", "firing by the police")
  give an agentless casualty its security-force actor, even where the
  parser splits "police firing";
* an agentless casualty with no other means named in its sentence (no
  stabbing, bombing or riot) takes the actor of a security force's firing
  in the same sentence or the two before ("Police opened fire. Two were
  killed.");
* a verb that needs an object, with a subject and no object or auxiliary
  ("four policemen killed"), is a headline passive: the subject is the
  victim;
* a pronoun actor of firing or crowd control ("they opened fire") takes the
  sector of its antecedent: the subject of the reporting verb above it, else
  the last actor with a sector in the two sentences before;
* where the direct object is missing or abstract, the target is the
  recipient: a dative, an actor-like object of to/with/against/on, an
  actor-like phrase inside the object ("a truce with Moslem forces"), the
  same within controlled verbs ("offered to negotiate with X"), or the
  subject of a "that"-clause for REQUEST/THREATEN/ACCUSE/REJECT/AGREE.

Each event gets factuality (negated, hypothetical, reported with the
claimant), a location (a place entity in the sentence, preferring "in X"),
a date (the sentence's time expression nearest the trigger, else the
publication date with precision ``"publication"``), linked counts, contexts,
a CAMEO root code and an ACLED-style label. The same event told twice in an
article (same type, mode, actor entity and target entity) becomes one event
with two pieces of evidence.

No second spaCy pass is made: the cost is one pass over tokens with dict
lookups plus a short walk up the tree from each trigger.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .nlp import doc_text
from .actors import country_of_word, is_security, sector_of, sector_of_text
from .ontology import load_lexicon, load_ontology
from .records import Count, Entity, Event, Evidence, Participant, Place, Span, TimeExpression
from .resources.lexicons import entries, table, word_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token

_VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
_NOMINAL_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "compound", "npadvmod", "ROOT", "dep", "oprd"}
# Reporting verbs whose content comes in a prepositional phrase: "accused of",
# "admitted to", "charged with".
_PREP_REPORT_VERBS = word_list("events/prepositional_report_verbs")
# Event types whose unstated actor may be the one of the same event type in
# the sentences just before (agentless passives, "the firing"), within a
# window of tokens.
_DISCOURSE_TYPES = {"ASSAULT"}
_DISCOURSE_WINDOW = 80
# How many sentences back a security force's firing still explains an
# agentless killing or injury ("Police opened fire. Two were killed.").
_CARRY_SENTENCES = 2
# Modes of force a security force's firing can explain; a stabbing or a
# bombing told after a police firing is someone else's.
_CARRY_MODES = {None, "firearms", "crowd-control"}
# Pronoun actors resolved to an antecedent, only for the means of force a
# security force typically uses (a "they" that throws stones is the mob).
_ACTOR_PRONOUNS = word_list("events/actor_pronouns")
# How many sentences back "the clash" still names an earlier clash with a
# security force; a definite description reaches further than a bare casualty.
_CLASH_SENTENCES = 15
# Actors that cannot arrest anyone (see _code_sentence).
_NON_STATE_SECTORS = {"civilians", "rebels", "criminals", "unidentified armed"}
# Two-sided fighting: when one side is a security force, the deaths and
# injuries "in the clash" are told as its use of force ("one dead in a
# police-mob clash", "killed when a mob clashed with the police").
_MUTUAL_FORCE = word_list("events/mutual_force_nouns")
_CLAUSE_BOUNDARIES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_RELATIVE_PRONOUNS = word_list("common/relative_pronouns")
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_PLACE_PREPS = word_list("events/place_prepositions")
_PHRASE_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "advmod", "npadvmod", "predet", "prep", "pobj", "punct", "hmod", "hyph", "flat"}
# For these types the direct object is what is moved or given, not the recipient.
_THEME_OBJECT_TYPES = {"MOBILIZE", "AID"}
_TARGET_PREPS = {kind: tuple(preps) for kind, preps in table("events/target_prepositions").items()}


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Sense:
    """One reading of a trigger lemma, with the constraints that select it."""

    lemma: str
    type: str
    mode: str | None
    spec: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.spec.get(key, default)


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, tuple[_Sense, ...]]
    nouns: dict[str, tuple[_Sense, ...]]
    support_verbs: frozenset[str]
    cause_preps: frozenset[str]
    report_verbs: frozenset[str]
    report_adverbs: frozenset[str]
    modal_aux: frozenset[str]
    implicative_verbs: frozenset[str]
    hypothetical_heads: frozenset[str]
    intent_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_mods: frozenset[str]
    person_nouns: frozenset[str]
    request_modes: dict[str, str]
    threat_modes: dict[str, str]
    mobilize_modes: dict[str, str]
    lethal_triggers: frozenset[str]
    instruments: frozenset[str]
    participles: dict[str, str]
    count_categories: dict[str, tuple[str, ...]]
    context_patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _senses(table: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[_Sense, ...]]:
    out: dict[str, tuple[_Sense, ...]] = {}
    for lemma, entries in table.items():
        out[lemma] = tuple(
            _Sense(lemma, e["type"], e.get("mode"), {k: v for k, v in e.items() if k not in ("type", "mode")})
            for e in entries
        )
    return out


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_lexicon()
    verbs, nouns = _senses(data["verbs"]), _senses(data["nouns"])
    lethal: set[str] = set()
    for table in (verbs, nouns):
        for lemma, senses in table.items():
            for s in senses:
                if s.get("lethal"):
                    extras = list(s.get("compl", [])) + list(s.get("prt", []))
                    lethal.update(f"{lemma} {x}" for x in extras) if extras else lethal.add(lemma)
    contexts = tuple(
        (name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I))
        for name, words in data["context_keywords"].items()
    )
    return _Lexicon(
        verbs=verbs,
        nouns=nouns,
        support_verbs=frozenset(data["support_verbs"]),
        cause_preps=frozenset(data["cause_preps"]),
        report_verbs=frozenset(data["report_verbs"]),
        report_adverbs=frozenset(data["report_adverbs"]),
        modal_aux=frozenset(data["modal_aux"]),
        implicative_verbs=frozenset(data.get("implicative_verbs", ())),
        hypothetical_heads=frozenset(data.get("hypothetical_heads", ())),
        intent_verbs=frozenset(data["intent_verbs"]),
        negating_verbs=frozenset(data["negating_verbs"]),
        hypothetical_marks=frozenset(data["hypothetical_marks"]),
        hypothetical_mods=frozenset(data["hypothetical_mods"]),
        person_nouns=frozenset(data["person_nouns"]),
        request_modes=data["request_modes"],
        threat_modes=data["threat_modes"],
        mobilize_modes=data["mobilize_modes"],
        lethal_triggers=frozenset(lethal),
        instruments=frozenset(data.get("instruments", ())),
        participles=dict(data.get("irregular_participles", {})),
        count_categories={k: tuple(v) for k, v in data["count_categories"].items()},
        context_patterns=contexts,
    )


def is_lethal(event: Event) -> bool:
    """Whether the event, as coded, kills: a lethal trigger or a linked death count."""
    lex = _lexicon()
    if event.type != "ASSAULT":
        return False
    if event.trigger and event.trigger in lex.lethal_triggers:
        return True
    if event.mode == "targeted":
        return True
    return any(c.category in ("killed", "dead") for c in event.counts)


def is_person_participant(participant: Participant) -> bool:
    """Whether a participant names people (a sector, a person noun, a named entity), not a place or goods."""
    if participant.sector or participant.entity_id:
        return True
    words = re.findall(r"[\w'-]+", participant.text.lower())
    return bool(words) and words[-1] in _lexicon().person_nouns


# --------------------------------------------------------------------------- helpers over the parse


def _lemma(tok: "Token") -> str:
    return tok.lemma_.lower()


def _keys(tok: "Token") -> list[str]:
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


def _children(tok: "Token", *deps: str) -> list["Token"]:
    return [c for c in tok.children if c.dep_ in deps]


def _is_passive(tok: "Token") -> bool:
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
        return True
    if tok.tag_ == "VBN" and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "parataxis") and not any(
        c.dep_ in ("aux", "auxpass", "dobj", "ccomp") for c in tok.children
    ):
        # A bare participle cannot be an active finite verb: "two killed in police firing".
        return True
    return _is_reduced_passive(tok)


def _is_headline_passive(tok: "Token", sense: _Sense) -> bool:
    """"Four policemen killed": a verb that needs an object, with a subject and neither object nor auxiliary."""
    if not sense.get("transitive") or (tok.tag_ not in ("VBD", "VBN") and tok.pos_ != "NOUN"):
        return False
    kids = {c.dep_ for c in tok.children}
    return "nsubj" in kids and not kids & {"dobj", "obj", "aux", "auxpass", "ccomp", "xcomp"}


def _is_reduced_passive(tok: "Token") -> bool:
    """Reduced passives: "300 people arrested", "the arrested men" (the tagger may say VBD)."""
    if tok.dep_ not in ("acl", "amod") or tok.tag_ not in ("VBN", "VBD"):
        return False
    return not any(c.dep_ in ("aux", "nsubj", "dobj") for c in tok.children)


def _modifier_words(tok: "Token") -> set[str]:
    """Lemmas and forms of a noun's modifiers, plus the word before it ("tear gas")."""
    words = {w for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "npadvmod", "poss") for w in (_lemma(c), c.lower_)}
    if tok.i > tok.sent.start:
        prev = tok.doc[tok.i - 1]
        words.update({_lemma(prev), prev.lower_})
        if prev.text in ("-", "–") and tok.i - 2 >= tok.sent.start:  # "lathi-charge", "tear-gas shell"
            before = tok.doc[tok.i - 2]
            words.update({_lemma(before), before.lower_})
    return words


def _logical_objects(tok: "Token") -> list["Token"]:
    objs = _children(tok, "dobj", "obj", "nsubjpass")
    if _is_reduced_passive(tok):
        objs.append(tok.head)
    return objs


def _prep_objects(tok: "Token", preps: Iterable[str]) -> list["Token"]:
    wanted = set(preps)
    out: list["Token"] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and _lemma(c) in wanted:
            out.extend(_children(c, "pobj", "pcomp"))
    return out


def _particles(tok: "Token") -> set[str]:
    return {_lemma(c) for c in tok.children if c.dep_ in ("prt", "advmod", "prep") and len(c) <= 5}


# --------------------------------------------------------------------------- trigger matching


def _verb_sense(tok: "Token", lex: _Lexicon) -> _Sense | None:
    for key in _keys(tok):
        senses = lex.verbs.get(key)
        if senses:
            for sense in senses:
                if _verb_constraints_hold(tok, sense, lex):
                    return sense
            return None
    return None


def _verb_constraints_hold(tok: "Token", sense: _Sense, lex: _Lexicon) -> bool:
    objs = _logical_objects(tok)
    obj_words = {w for o in objs for w in (_lemma(o), o.lower_)} | {
        w for o in objs for c in o.children if c.dep_ == "compound" for w in (_lemma(c), c.lower_)
    }
    if "obj" in sense.spec and not obj_words & set(sense.spec["obj"]):
        return False
    if "obj_not" in sense.spec and obj_words & set(sense.spec["obj_not"]):
        return False
    if sense.get("obj_not_person") and any(
        _lemma(o) in lex.person_nouns or o.ent_type_ in ("PERSON", "ORG", "NORP") or o.pos_ in ("PROPN", "PRON") for o in objs
    ):
        return False
    if sense.get("obj_person") and not (_is_passive(tok) and _children(tok, "nsubjpass")) and not any(
        _lemma(o) in lex.person_nouns or o.ent_type_ in ("PERSON", "ORG", "NORP") or o.pos_ in ("PROPN", "PRON") for o in objs
    ):
        return False  # "apprehending an alienation", "jails to keep them": no one is held
    if sense.get("no_obj") and _children(tok, "dobj"):
        return False
    if "prt" in sense.spec and not _particles(tok) & set(sense.spec["prt"]):
        return False
    if "compl" in sense.spec:
        compl = {_lemma(c) for c in tok.children if c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "dobj", "amod", "attr", "dep", "ccomp", "npadvmod")}
        if not compl & set(sense.spec["compl"]):
            return False
    if "prep" in sense.spec:
        preps = {_lemma(c) for c in tok.children if c.dep_ in ("prep", "agent", "dative")}
        if not preps & set(sense.spec["prep"]):
            return False
        if "pobj" in sense.spec:
            pobjs = {_lemma(p) for p in _prep_objects(tok, sense.spec["prep"])}
            if not pobjs & set(sense.spec["pobj"]):
                return False
    if "prep_any" in sense.spec:
        ok = False
        for prep, pobjs in sense.spec["prep_any"]:
            if {_lemma(p) for p in _prep_objects(tok, [prep])} & set(pobjs):
                ok = True
        if not ok:
            return False
    if sense.get("passive") and not _is_passive(tok):
        return False
    if sense.get("no_xcomp") and _children(tok, "xcomp"):
        return False
    if sense.get("needs_xcomp_or_of") and not (_children(tok, "xcomp", "ccomp") or _prep_objects(tok, ["of", "against"])):
        return False
    if sense.get("xcomp_or_obj") and not (_children(tok, "xcomp", "dobj") or _prep_objects(tok, ["for"])):
        return False
    if "mods_or_adv" in sense.spec and not _modifier_words(tok) & set(sense.spec["mods_or_adv"]):
        return False
    if "subj" in sense.spec:
        subj = {_lemma(s) for s in _children(tok, "nsubj")}
        if not subj & set(sense.spec["subj"]):
            return False
    if sense.get("subj_security"):
        heads = _children(tok, "nsubj") or _prep_objects(tok, ["by"])
        inherited = _inherited_subject(tok) if not heads else None
        heads = heads or ([inherited] if inherited is not None else [])
        subj_words = [w.lower_ for s in heads for w in _phrase_tokens(_resolve_relative(s))]
        sector = sector_of(subj_words, subj_words[-1] if subj_words else None)
        if sector not in ("police", "military", "paramilitary"):
            return False
    if sense.get("cause_only"):
        return False  # decided by the cause-nominal pass
    return True


def _noun_sense(tok: "Token", lex: _Lexicon) -> _Sense | None:
    for key in (_lemma(tok), tok.lower_):
        senses = lex.nouns.get(key)
        if not senses:
            continue
        mods = _modifier_words(tok)
        for sense in senses:
            if "mods_required" in sense.spec and not mods & set(sense.spec["mods_required"]):
                continue
            if "mods_not" in sense.spec and mods & set(sense.spec["mods_not"]):
                continue
            if "prep" in sense.spec and not {_lemma(c) for c in tok.children if c.dep_ == "prep"} & set(sense.spec["prep"]):
                continue
            if sense.get("support_only") and not _under_support_verb(tok, lex):
                continue
            if sense.get("cause_only"):
                continue
            return sense
        return None
    return None


def _governing_verb(tok: "Token") -> "Token | None":
    """The verb a nominal hangs from, directly or through one preposition."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    if head is tok:
        return None
    if head.pos_ in ("VERB", "AUX") or head.tag_ in _VERB_TAGS:
        return head
    return None


def _under_support_verb(tok: "Token", lex: _Lexicon) -> bool:
    verb = _governing_verb(tok)
    return verb is not None and _lemma(verb) in lex.support_verbs


# --------------------------------------------------------------------------- participants


@dataclass
class _MentionIndex:
    """Entity mentions sorted by offset, for span lookups."""

    starts: list[int] = field(default_factory=list)
    items: list[tuple[int, int, Entity]] = field(default_factory=list)

    @classmethod
    def build(cls, entities: Sequence[Entity]) -> "_MentionIndex":
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


def _phrase_tokens(head: "Token") -> list["Token"]:
    """The noun phrase around a head: modifiers and "of"-phrases, no clauses or conjuncts."""
    keep = [head]
    stack = [head]
    while stack:
        t = stack.pop()
        for c in t.children:
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
    while lo < hi and (doc[lo].dep_ in ("det", "punct", "case") or doc[lo].is_punct):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return [doc[i] for i in range(lo, hi + 1)]


def _expand_conjuncts(tok: "Token") -> list["Token"]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(_expand_conjuncts(c))
    return out


def _resolve_relative(tok: "Token") -> "Token":
    """'who' in a relative clause stands for the noun the clause modifies."""
    if _lemma(tok) in _RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


class _ParticipantBuilder:
    def __init__(self, doc: "Doc", mentions: _MentionIndex, entities: Sequence[Entity] = ()) -> None:
        self.doc = doc
        self.mentions = mentions
        self.entities = list(entities)
        self.by_id = {e.id: e for e in self.entities}

    def build(self, head: "Token") -> Participant:
        head = _resolve_relative(head)
        tokens = _phrase_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        text = doc_text(self.doc)[start:end]
        entity = self.mentions.covering(head.idx, head.idx + len(head))
        if entity is None and head.pos_ == "PRON" and self.entities:
            # "after his detention": the person the pronoun refers to, when
            # the entity linker can tell; the span stays the pronoun's.
            from .entities import resolve_pronoun

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
        words = [t.text for t in tokens]
        sector = sector_of(words, head.text)
        if sector is None and entity is not None:
            if entity.type in ("GPE",) and all(s >= start and e <= end for s, e, _ in inner) and entity.feature in (None, "country", "capital"):
                sector = "government"
            for role in entity.roles:
                sector = sector or sector_of_text(" ".join(filter(None, [role.title, role.organization])))
        return Participant(text=text, entity_id=entity.id if entity else None, country=country, sector=sector, start=start, end=end)


def _subject(tok: "Token") -> "Token | None":
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


def _inherited_subject(tok: "Token") -> "Token | None":
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
            return head
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
    tok: "Token"
    sense: _Sense
    verbal: bool
    trigger: str
    mode: str | None
    actor_heads: list["Token"] = field(default_factory=list)
    target_heads: list["Token"] = field(default_factory=list)
    absorbed: list["Token"] = field(default_factory=list)
    # The security-force word of an instrument phrase ("in police firing").
    instrument_actors: list["Token"] = field(default_factory=list)


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
        objs = _children(tok, "dobj")
        if etype in _THEME_OBJECT_TYPES or cand.sense.get("absorb_obj"):
            objs = []
        cand.target_heads = objs or _prep_objects(tok, _TARGET_PREPS.get(etype, _TARGET_PREPS["default"]))


_ACTORLIKE_ENTS = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}
# Prepositions whose object is a likely recipient when the direct object is
# an abstract thing ("threatened further action against Russia").
_RECIPIENT_PREPS = entries("events/recipient_prepositions")
# Types whose "that"-clause subject is the recipient ("demanded that the US cancel").
_CLAUSE_TARGET_TYPES = {"REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE"}


def _actorlike(tok: "Token", lex: _Lexicon) -> bool:
    """A word that can name an actor: a named entity, a proper noun, a person noun or a sector word."""
    if tok.ent_type_ in _ACTORLIKE_ENTS or tok.pos_ == "PROPN":
        return True
    if _lemma(tok) in lex.person_nouns and tok.pos_ != "PRON":
        return True
    return sector_of([tok.text], tok.text) is not None


def _recipient(verb: "Token", lex: _Lexicon, depth: int = 0) -> "Token | None":
    """The recipient of a verb's action, looking through abstract objects and controlled verbs.

    "give Tanzania a grant" (dative), "demanded a truce with Moslem forces"
    (the object's own phrase), "threatened action against Russia",
    "offered to negotiate with the president" (the xcomp's), "agreed to
    re-open its borders to UN peacekeepers".
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
        for o in _prep_objects(obj, _RECIPIENT_PREPS + ("of",)):
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


def _refine_target(cand: _Candidate, lex: _Lexicon) -> None:
    """Prefer an actor-like recipient over an abstract direct object, or fill a missing target."""
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


def _noun_roles(cand: _Candidate, lex: _Lexicon, builder: _ParticipantBuilder) -> None:
    tok, etype = cand.tok, cand.sense.type
    poss_role = cand.sense.get("poss_role", "actor")
    for c in tok.children:
        if c.dep_ == "poss":
            if c.ent_type_ in ("DATE", "TIME") or _lemma(c) in ("week", "month", "year", "day", "today", "yesterday", "weekend"):
                continue  # "last week's protests": a time, not a participant
            (cand.target_heads if poss_role == "target" else cand.actor_heads).append(c)
        elif c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("NOUN", "PROPN", "ADJ"):
            # "police firing", "Russian attack": a modifier naming an actor.
            if c.i >= 2 and tok.doc[c.i - 1].text == "-" and tok.doc[c.i - 2].lower_ in ("anti", "counter"):
                continue  # "anti-government protests" are against the government
            if sector_of([c.text], c.text) in ("police", "military", "paramilitary", "rebels", "government", "international organisation", "unidentified armed") or c.ent_type_ in ("NORP", "GPE", "ORG"):
                cand.actor_heads.append(c)
    cand.actor_heads += _prep_objects(tok, ["by", "from"])
    of_objs = _prep_objects(tok, ["of"])
    if etype in ("PROTEST", "CONSULT"):
        cand.actor_heads += of_objs
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
            if t.pos_ in ("VERB", "AUX") and _lemma(t) in lex.support_verbs:
                s = _subject(t)
                if s is not None:
                    cand.actor_heads.append(s)
                break
    if verb is not None:
        if not cand.actor_heads and _lemma(verb) in lex.support_verbs and tok.dep_ in ("dobj", "pobj", "nsubjpass"):
            s = _subject(verb) if tok.dep_ != "nsubjpass" else None
            s = s if s is not None else _inherited_subject(verb)
            if s is not None:
                cand.actor_heads.append(s)
            cand.actor_heads += _prep_objects(verb, ["by"]) if not cand.actor_heads else []
        if not cand.target_heads and etype in ("REQUEST", "AID", "CONSULT", "ACCUSE"):
            cand.target_heads += _prep_objects(verb, _TARGET_PREPS.get(etype, ()))
        if not cand.target_heads and etype == "REQUEST" and tok.head.dep_ == "prep" and _lemma(tok.head) in ("after", "following", "upon", "at", "on"):
            # "After a request from X, Y deployed...": the request was made to Y.
            s = _subject(verb)
            if s is not None:
                cand.target_heads.append(s)


# --------------------------------------------------------------------------- factuality


def _phrase_text(tok: "Token") -> str:
    tokens = _phrase_tokens(_resolve_relative(tok))
    return doc_text(tok.doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def _is_nobody(tok: "Token") -> bool:
    """"no one", "nobody", "none", "no protesters": a participant that denies the event."""
    if tok.lower_ in ("nobody", "none", "noone"):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _under_hypothetical_noun(tok: "Token", lex: _Lexicon) -> bool:
    """A nominal event named only as the object of a warrant, possibility or
    fear: "his arrest warrant", "the possibility of his arrest"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.dep_ == "compound":
        return _lemma(tok.head) in lex.hypothetical_heads
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and _lemma(tok.head) in ("of", "for"):
        return _lemma(tok.head.head) in lex.hypothetical_heads
    return False


def _is_irrealis_infinitive(tok: "Token", lex: _Lexicon) -> bool:
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
        return False  # "are reported to have been injured": reported, decided above
    if lemma in lex.implicative_verbs:
        return True if (lemma == "have" and governor.tag_ not in ("VBD", "VBN")) else False
    return True


def _factuality(tok: "Token", lex: _Lexicon, trigger_types: dict[int, str]) -> tuple[str, str | None]:
    """(factuality, reported_by) for a trigger, from its own clause and the clauses above it."""
    negated = hypothetical = False
    reported_by: str | None = None
    reported = False
    t = tok
    crossed = False  # crossed a clause boundary: negation/modality above no longer apply
    # A relative clause asserts its own content: in "ordered firing at mobs in
    # which four were killed" the killing is told as fact, whatever the order.
    relative = False
    for step in range(10):
        for c in t.children:
            d, lem = c.dep_, _lemma(c)
            if not crossed:
                if d == "neg" or (d == "det" and lem == "no" and step == 0):
                    negated = True
                elif step == 0 and d in ("nsubj", "nsubjpass", "dobj") and _is_nobody(c):
                    negated = True  # "no one was injured in the firing"
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
            via_content = dep == "ccomp" or (dep in ("prep", "pcomp") and hl in _PREP_REPORT_VERBS and _lemma(t) in ("of", "to", "with"))
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
            if not relative and dep in ("xcomp", "ccomp", "acl", "advcl", "relcl", "dobj", "prep", "pobj") and (
                head_type in ("REQUEST", "THREATEN", "AGREE") or (hl in lex.intent_verbs and dep == "xcomp")
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
    if negated:
        return "negated", None
    if hypothetical:
        return "hypothetical", None
    if reported:
        return "reported", reported_by
    return "asserted", None


# --------------------------------------------------------------------------- dates, places, counts


_DATE_VALUE = re.compile(r"^\d{4}(?:-(?:\d{2}|W\d{2})(?:-\d{2})?)?(?:T[\w:.+-]*)?$")


def _precision(value: str, granularity: str | None) -> str:
    if granularity:
        return granularity
    if "T" in value:
        return "minute"
    if "W" in value:
        return "week"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "day")


def _event_date(tok: "Token", sent_times: Sequence[TimeExpression], published: str | None) -> tuple[str | None, str | None]:
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
    sent: "SpacySpan",
    mentions: _MentionIndex,
    exclude: set[str],
    tok: "Token",
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
    return Place(text=doc_text(sent.doc)[start:end], entity_id=ent.id, country=ent.country, latitude=ent.latitude, longitude=ent.longitude)


def _contexts(sentence: str, sense: _Sense, etype: str, mode: str | None, lex: _Lexicon) -> list[str]:
    found = list(sense.get("context", []))
    found += load_ontology().mode_contexts.get(f"{etype}/{mode}", [])
    for name, pattern in lex.context_patterns:
        if name not in found and pattern.search(sentence):
            found.append(name)
    return found


# --------------------------------------------------------------------------- main entry


def extract_events(
    doc: "Doc",
    *,
    entities: list[Entity],
    times: list[TimeExpression],
    counts: list[Count],
    published: str | None,
) -> list[Event]:
    """Code PLOVER events in a parsed article body.

    ``entities``, ``times`` and ``counts`` are the other annotators' records
    for the same text (offsets into ``doc.text``); any of them may be empty.
    """
    lex = _lexicon()
    mentions = _MentionIndex.build(entities)
    builder = _ParticipantBuilder(doc, mentions, entities)
    doc_key = hashlib.sha1(doc_text(doc).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    times_sorted = sorted(times, key=lambda t: t.start)
    time_starts = [t.start for t in times_sorted]
    counts_sorted = sorted(counts, key=lambda c: c.start)
    count_starts = [c.start for c in counts_sorted]
    events: list[Event] = []
    memory = _Discourse()
    for number, sent in enumerate(doc.sents):
        memory.sentence = number
        lo = bisect.bisect_left(time_starts, sent.start_char)
        hi = bisect.bisect_left(time_starts, sent.end_char)
        sent_times = [t for t in times_sorted[lo:hi] if t.end <= sent.end_char]
        lo = bisect.bisect_left(count_starts, sent.start_char)
        hi = bisect.bisect_left(count_starts, sent.end_char)
        sent_counts = counts_sorted[lo:hi]
        events.extend(_code_sentence(sent, lex, builder, mentions, sent_times, sent_counts, published, doc_key, memory))
    return _merge_duplicates(events)


def _find_candidates(sent: "SpacySpan", lex: _Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    for tok in sent:
        if not tok.is_alpha and "-" not in tok.text:
            continue
        sense: _Sense | None = None
        verbal = False
        nominal_use = tok.pos_ in ("NOUN", "PROPN") or (tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "conj", "compound") and tok.lower_ in lex.nouns)
        if nominal_use:
            sense = _noun_sense(tok, lex)
            verb_lemma = lex.participles.get(tok.lower_, tok.lower_)
            if sense is None and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "dead" and verb_lemma in lex.verbs:
                # "second militant shot dead": the tagger took the participle for a noun.
                sense = next((s for s in lex.verbs[verb_lemma] if "dead" in s.get("compl", ())), None)
                if sense is not None:
                    found.append(_Candidate(tok=tok, sense=sense, verbal=True, trigger=f"{sense.lemma} dead", mode=sense.mode))
                    continue
        elif tok.pos_ in ("VERB", "AUX") or tok.tag_ in _VERB_TAGS or (tok.pos_ == "ADJ" and tok.tag_ == "VBN"):
            sense = _verb_sense(tok, lex)
            verbal = True
        elif tok.pos_ == "ADJ" and tok.dep_ in ("amod", "ROOT", "acomp") and tok.lower_.endswith("ed"):
            sense = _verb_sense(tok, lex)
            verbal = True
        if sense is None:
            continue
        trigger = sense.lemma
        extras = [w for w in list(sense.get("compl", [])) + list(sense.get("prt", [])) if w in {_lemma(c) for c in tok.children}]
        if extras:
            trigger = f"{trigger} {extras[0]}"
        elif sense.get("absorb_obj"):
            objs = [o for o in _children(tok, "dobj", "nsubjpass") if o.lower_ in set(sense.get("obj", [])) or _lemma(o) in set(sense.get("obj", []))]
            if objs:
                trigger = f"{trigger} {_lemma(objs[0])}"
        found.append(_Candidate(tok=tok, sense=sense, verbal=verbal, trigger=trigger, mode=sense.mode))
    return found


def _security_word(tok: "Token") -> bool:
    return is_security(sector_of([tok.text], tok.text))


def _instrument_phrases(sent: "SpacySpan", lex: _Lexicon) -> dict[int, tuple["Token", "Token"]]:
    """Instrument phrases by token: "police firing", "police bullets", "firing by the police".

    Read off the surface, not the parse: the tagger often makes "firing" a
    participle with "police" as a prepositional object of the verb before it.
    Each of the two words maps to (security word, instrument word).
    """
    doc = sent.doc
    found: dict[int, tuple["Token", "Token"]] = {}
    for tok in sent:
        if tok.lower_ not in lex.instruments and _lemma(tok) not in lex.instruments:
            continue
        j = tok.i - 1
        if j >= sent.start and doc[j].text in ("-", "–"):
            j -= 1
        if j >= sent.start and _security_word(doc[j]):
            found[tok.i] = found[doc[j].i] = (doc[j], tok)
            continue
        # "firing by the police": the agent right after the instrument.
        k = tok.i + 1
        if k < sent.end and doc[k].lower_ == "by":
            k += 1
            while k < sent.end and doc[k].dep_ in ("det", "amod", "compound") and not _security_word(doc[k]):
                k += 1
            if k < sent.end and _security_word(doc[k]):
                found[tok.i] = (doc[k], tok)
    return found


def _absorb_causes(sent: "SpacySpan", cands: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """Fold a cause nominal into its verb ("killed in police firing", "died in firing")."""
    instruments = _instrument_phrases(sent, lex)
    by_tok = {c.tok.i: c for c in cands}
    absorbed: set[int] = set()
    out = list(cands)
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in _VERB_TAGS:
            cause_senses = [s for k in _keys(tok) for s in lex.verbs.get(k, ()) if s.get("cause_only")]
        elif tok.pos_ in ("NOUN", "ADJ") and any(
            c.dep_ == "prep" and any(o.i in instruments or _lemma(o) in _MUTUAL_FORCE for o in c.children) for c in tok.children
        ):
            # "deaths in police firing", "one dead in police firing": a casualty word and an instrument phrase.
            cause_senses = [s for k in (_lemma(tok), tok.lower_) for s in lex.nouns.get(k, ()) if s.get("cause_only") and s.get("lethal")]
        else:
            continue
        verb_cand = by_tok.get(tok.i)
        if verb_cand is None and not cause_senses:
            continue
        if verb_cand is None and tok.pos_ in ("VERB", "AUX"):
            # "one person died when the police opened fire", "died after the
            # mob clashed with police": a use of force in its time clause.
            cause_clause = next(
                (c for c in tok.children if c.dep_ == "advcl" and c.i in by_tok and by_tok[c.i].sense.type == "ASSAULT"
                 and any(m.dep_ in ("mark", "advmod") and _lemma(m) in ("when", "after", "as") for m in c.children)),
                None,
            )
            if cause_clause is not None:
                sense = cause_senses[0]
                verb_cand = _Candidate(tok=tok, sense=sense, verbal=True, trigger=sense.lemma, mode=by_tok[cause_clause.i].mode)
                out.append(verb_cand)
                by_tok[tok.i] = verb_cand
        for p in tok.children:
            if p.dep_ not in ("prep", "agent") or _lemma(p) not in lex.cause_preps:
                continue
            objects = _children(p, "pobj")
            for inner in _children(p, "pcomp", "prep"):  # "due to police firing"
                objects += _children(inner, "pobj")
            # The parser may read "police firing" as "police" + a participle.
            objects += [a for o in list(objects) for a in o.children if a.dep_ == "acl" and a.i in by_tok]
            # "in 5,500 rounds of firing", "in a hail of bullets".
            objects += [x for o in list(objects) for x in _prep_objects(o, ["of"])]
            for obj in objects:
                instrument_actor: "Token | None" = None
                if obj.i in instruments:
                    instrument_actor, obj = instruments[obj.i]
                noun_cand = by_tok.get(obj.i)
                if noun_cand is None and instrument_actor is not None:
                    noun_cand = _Candidate(tok=obj, sense=_Sense(obj.lower_, "ASSAULT", None, {}), verbal=False, trigger=obj.lower_, mode=None)
                if noun_cand is None:
                    cause = [s for k in (_lemma(obj), obj.lower_) for s in lex.nouns.get(k, ()) if s.get("cause_only")]
                    if not cause:
                        continue
                    noun_cand = _Candidate(tok=obj, sense=cause[0], verbal=False, trigger=cause[0].lemma, mode=cause[0].mode)
                if noun_cand.sense.type != "ASSAULT":
                    continue
                if verb_cand is None:
                    sense = cause_senses[0]
                    verb_cand = _Candidate(tok=tok, sense=sense, verbal=True, trigger=sense.lemma, mode=sense.mode)
                    out.append(verb_cand)
                    by_tok[tok.i] = verb_cand
                elif verb_cand.sense.type != "ASSAULT":
                    continue
                verb_cand.mode = verb_cand.mode or noun_cand.mode
                if instrument_actor is not None:
                    verb_cand.instrument_actors.append(instrument_actor)
                verb_cand.absorbed.append(obj)
                absorbed.add(obj.i)
    return [c for c in out if c.tok.i not in absorbed]


def _code_sentence(
    sent: "SpacySpan",
    lex: _Lexicon,
    builder: _ParticipantBuilder,
    mentions: _MentionIndex,
    sent_times: Sequence[TimeExpression],
    sent_counts: Sequence[Count],
    published: str | None,
    doc_key: str,
    memory: _Discourse,
) -> list[Event]:
    cands = _find_candidates(sent, lex)
    cands = _absorb_causes(sent, cands, lex)
    if not cands:
        return []
    trigger_types = {c.tok.i: c.sense.type for c in cands}
    by_tok = {c.tok.i: c for c in cands}
    cands = sorted(cands, key=lambda c: c.tok.i)
    for cand in cands:
        if cand.verbal:
            _verb_roles(cand, lex)
            if cand.sense.type not in ("ASSAULT", "COERCE"):
                _refine_target(cand, lex)
        else:
            _noun_roles(cand, lex, builder)
        if not cand.actor_heads and cand.instrument_actors:
            cand.actor_heads = cand.instrument_actors[:1]
        for noun in cand.absorbed:
            if not cand.actor_heads:
                verbal = noun.pos_ in ("VERB", "AUX") and noun.dep_ == "acl"
                plain = _Sense(noun.lower_, cand.sense.type, None, {})  # the cause's own reading, no flags
                tmp = _Candidate(tok=noun, sense=plain, verbal=verbal, trigger="", mode=None)
                _verb_roles(tmp, lex) if verbal else _noun_roles(tmp, lex, builder)
                cand.actor_heads = tmp.actor_heads
    # The security side of a clash told in this sentence, if any.
    clash_side = next((h for c in cands for h in _clash_sides(c) if _security_word(h)), None)
    if clash_side is not None:
        memory.clash = (memory.sentence, builder.build(clash_side))
    for cand in cands:
        if cand.sense.type != "ASSAULT" or cand.sense.lemma in _MUTUAL_FORCE:
            continue
        if not cand.actor_heads:
            # "one was killed when the police fired": the agent of the firing.
            for c in cand.tok.children:
                other = by_tok.get(c.i)
                if c.dep_ == "advcl" and other is not None and other.sense.type == "ASSAULT" and other.actor_heads:
                    cand.actor_heads = list(other.actor_heads)
                    break
        if clash_side is not None and cand.mode in _CARRY_MODES and _caused_by_clash(cand, by_tok):
            # "killed when a mob clashed with the police", "one died in the clash".
            if not cand.actor_heads or not _security_word(cand.actor_heads[0]):
                cand.actor_heads = [clash_side]
    actor_lists = [[builder.build(h) for a in cand.actor_heads[:1] for h in _expand_conjuncts(a)] or [None] for cand in cands]
    for cand, actors in zip(cands, actor_lists):
        if actors[0] is not None:
            actors[:] = [_resolve_pronoun_actor(cand, a, builder, memory) for a in actors]
    # A security force's firing in this sentence explains its agentless
    # casualties ("a boy was killed and two injured when police fired").
    firing_here = next(
        (actors[0] for cand, actors in zip(cands, actor_lists) if _is_security_force_use(cand, actors[0])), None
    )
    firing_toks = {cand.tok.i for cand, actors in zip(cands, actor_lists) if _is_security_force_use(cand, actors[0])}
    # A stabbing, a bombing or a riot named in the sentence explains its
    # casualties better than a firing told before.
    other_means = any(
        (c.sense.type == "ASSAULT" and c.mode not in ("firearms", "crowd-control", None)) or c.sense.type == "PROTEST"
        for c in cands
    )
    events: list[Event] = []
    for cand, actors in zip(cands, actor_lists):
        mode = _refine_mode(cand, lex)
        factuality, reported_by = _factuality(cand.tok, lex, trigger_types)
        # "killed in the attack" is the attack told before, not any earlier killing.
        causes = {_lemma(n) for n in cand.absorbed} | {n.lower_ for n in cand.absorbed}
        lemmas = {cand.sense.lemma} | causes
        if actors == [None] and cand.sense.type in _DISCOURSE_TYPES and _implicit_agent(cand):
            if memory.clash is not None and memory.sentence - memory.clash[0] <= _CLASH_SENTENCES and any(
                _lemma(n) in _MUTUAL_FORCE and n.tag_ == "NN" and any(_lemma(d) in ("the", "this", "that") for d in _children(n, "det"))
                for n in cand.absorbed
            ):
                # "one person died in the clash": the one clash with police told
                # before; "injured in the clashes" is the rioting at large.
                actors = [memory.clash[1]]
            # "Three were injured in the firing": the same firing told just before.
            # "killed in the attack" is the attack told before, not any earlier killing.
            for lemma in causes or lemmas:
                previous = memory.lemma_actors.get(lemma)
                if actors == [None] and previous is not None and sent.start - previous[0] <= _DISCOURSE_WINDOW:
                    actors = [previous[1]]
                    break
            # A firing in this sentence's "when" clause explains the casualty
            # even beside a riot ("killed when police fired to disperse a mob
            # indulging in arson").
            anchors = _coordinated_clauses(cand.tok)
            linked = any(c.dep_ == "advcl" and c.i in firing_toks for a in anchors for c in a.children)
            if actors == [None] and (linked or not other_means) and _explained_by_firing(cand, lex):
                recent = memory.security_force
                if firing_here is not None:
                    actors = [firing_here]
                elif recent is not None and memory.sentence - recent[0] <= _CARRY_SENTENCES:
                    actors = [recent[1]]
        elif actors[0] is not None and actors[0].sector and cand.sense.type in _DISCOURSE_TYPES:
            for lemma in lemmas:
                memory.lemma_actors[lemma] = (sent.start, actors[0])
        targets = [builder.build(h) for a in cand.target_heads[:1] for h in _expand_conjuncts(a)] or [None]
        if mode is None and cand.sense.type == "MOBILIZE" and actors[0] is not None and actors[0].sector == "police":
            mode = "police"
        date, precision = _event_date(cand.tok, sent_times, published)
        exclude = {p.entity_id for p in actors + targets if p is not None and p.entity_id}
        place = _event_place(sent, mentions, exclude, cand.tok, actors + targets)
        contexts = _contexts(sent.text, cand.sense, cand.sense.type, mode, lex)
        tok = cand.tok
        evidence = Evidence(
            trigger=Span(tok.idx, tok.idx + len(tok)),
            sentence=Span(sent.start_char, sent.end_char),
            text=sent.text,
        )
        ontology = load_ontology()
        for actor in actors:
            etype, emode = cand.sense.type, mode
            if etype == "COERCE" and mode == "arrest" and actor is not None and actor.sector in _NON_STATE_SECTORS:
                # PLOVER: only authorities arrest; a mob or gang that "detains"
                # or "holds" someone abducts them (ASSAULT, abduct).
                etype, emode = "ASSAULT", "abduct"
            for target in targets:
                if actor is not None and target is not None and actor.start == target.start:
                    continue
                event = Event(
                    id="",
                    type=etype,
                    mode=emode,
                    context=list(contexts),
                    trigger=cand.trigger,
                    actor=actor,
                    target=target,
                    location=place,
                    date=date,
                    date_precision=precision,
                    factuality=factuality,
                    reported_by=reported_by,
                    evidence=[evidence],
                    counts=[],
                    cameo=ontology.cameo_root(etype, emode),
                )
                key = f"{doc_key}|{tok.idx}|{event.type}|{actor.start if actor else ''}|{target.start if target else ''}"
                event.id = "ev_" + hashlib.sha1(key.encode()).hexdigest()[:16]
                events.append(event)
    for cand, actors in zip(cands, actor_lists):
        actor = actors[0]
        if actor is None or not actor.sector:
            continue
        if actor.text.lower() not in _ACTOR_PRONOUNS:
            memory.last_actor = (memory.sentence, actor)
        if _is_security_force_use(cand, actor):
            memory.security_force = (memory.sentence, actor)
    _link_counts(events, sent_counts, lex)
    from .export_formats import acled_label

    for event in events:
        event.acled = acled_label(event)
    return events


def _clash_sides(cand: _Candidate) -> list["Token"]:
    """Both sides of a clash: its subjects, objects and "with"/"between" parties, and its
    modifiers ("police-mob clash"); also of a clash folded in as a cause ("dead in a police-mob clash")."""
    heads = [h for a in cand.actor_heads + cand.target_heads for h in _expand_conjuncts(a)]
    for clash in [cand.tok] if cand.sense.lemma in _MUTUAL_FORCE else []:
        heads += [h for p in _prep_objects(clash, ["with", "between"]) for h in _expand_conjuncts(p)]
        heads += [t for t in clash.subtree if t.i < clash.i]
    for clash in cand.absorbed:
        if _lemma(clash) in _MUTUAL_FORCE:
            heads += [h for p in _prep_objects(clash, ["with", "between"]) for h in _expand_conjuncts(p)]
            heads += [t for t in clash.subtree if t.i < clash.i]
    return heads


def _coordinated_clauses(tok: "Token") -> list["Token"]:
    """The trigger and the verbs coordinated with it, which share its "when" clause
    ("a boy was killed and two injured when police fired")."""
    out = [tok]
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        out.append(tok.head)
    out += [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return out


def _caused_by_clash(cand: _Candidate, by_tok: dict[int, _Candidate]) -> bool:
    """A casualty told as the outcome of a clash: "killed in the clash", "died when they clashed"."""
    if any(_lemma(n) in _MUTUAL_FORCE or n.lower_ in _MUTUAL_FORCE for n in cand.absorbed):
        return True
    for anchor in _coordinated_clauses(cand.tok):
        for c in anchor.children:
            other = by_tok.get(c.i)
            if other is not None and other.sense.lemma in _MUTUAL_FORCE and c.dep_ in ("advcl", "prep", "pobj"):
                return True
            if c.dep_ == "prep":
                if any(by_tok.get(o.i) is not None and by_tok[o.i].sense.lemma in _MUTUAL_FORCE for o in _children(c, "pobj")):
                    return True
    return False


def _is_security_force_use(cand: _Candidate, actor: Participant | None) -> bool:
    """A security force firing or using crowd-control means, with its actor stated."""
    return (
        actor is not None
        and is_security(actor.sector)
        and cand.sense.type == "ASSAULT"
        and (cand.mode in ("firearms", "crowd-control") or bool(cand.instrument_actors))
    )


def _explained_by_firing(cand: _Candidate, lex: _Lexicon) -> bool:
    """An agentless casualty a security force's firing can explain: no other means or cause named."""
    if cand.mode not in _CARRY_MODES:
        return False
    return all(n.lower_ in lex.instruments or _lemma(n) in lex.instruments for n in cand.absorbed)


def _resolve_pronoun_actor(cand: _Candidate, actor: Participant, builder: "_ParticipantBuilder", memory: _Discourse) -> Participant:
    """"They opened fire": a pronoun actor of firing or crowd control takes its antecedent's sector.

    In the sentence, the antecedent is the subject of the reporting verb the
    clause depends on ("police said they had to fire"); otherwise it is the
    last actor with a known sector in the two sentences before. The span stays
    the pronoun's, so the evidence stays in this sentence.
    """
    if actor.sector or actor.text.lower() not in _ACTOR_PRONOUNS or cand.sense.type != "ASSAULT":
        return actor
    if cand.mode not in ("firearms", "crowd-control"):
        return actor
    antecedent: Participant | None = None
    t = cand.actor_heads[0].head if cand.actor_heads else cand.tok
    for _ in range(6):
        if t.dep_ == "ccomp" and t.head is not t:
            s = _subject(t.head)
            if s is not None and s.pos_ != "PRON":
                antecedent = builder.build(s)
            break
        if t.head is t:
            break
        t = t.head
    if antecedent is None and memory.last_actor is not None and memory.sentence - memory.last_actor[0] <= _CARRY_SENTENCES:
        antecedent = memory.last_actor[1]
    if antecedent is None or not antecedent.sector:
        return actor
    return Participant(
        text=actor.text,
        entity_id=antecedent.entity_id,
        country=antecedent.country,
        sector=antecedent.sector,
        start=actor.start,
        end=actor.end,
    )


def _implicit_agent(cand: _Candidate) -> bool:
    """An agentless passive or a definite nominal: the actor is given by the context."""
    tok = cand.tok
    if cand.verbal:
        if cand.sense.get("subject_is_target"):
            return True  # "two died": whoever killed them is not in this clause
        if _is_headline_passive(tok, cand.sense):
            return not _prep_objects(tok, ["by"])
        return _is_passive(tok) and not _prep_objects(tok, ["by"]) and bool(cand.absorbed or _logical_objects(tok))
    return any(c.dep_ == "det" and _lemma(c) in ("the", "this", "that", "such") for c in tok.children)


def _refine_mode(cand: _Candidate, lex: _Lexicon) -> str | None:
    """Mode from the trigger's complement where the lexicon leaves it open (REQUEST for release -> yield)."""
    etype, mode = cand.sense.type, cand.mode
    mods = cand.sense.get("mods")
    if mods and not cand.verbal:
        for w in _modifier_words(cand.tok):
            if w in mods:
                return mods[w] or mode
    table = {"REQUEST": lex.request_modes, "REJECT": lex.request_modes, "THREATEN": lex.threat_modes, "MOBILIZE": lex.mobilize_modes}.get(etype)
    if table is None:
        return mode
    for t in cand.tok.subtree:
        if t.i == cand.tok.i:
            continue
        m = table.get(_lemma(t)) or table.get(t.lower_)
        if m:
            return m
    return mode


def _link_counts(events: list[Event], sent_counts: Sequence[Count], lex: _Lexicon) -> None:
    """Attach counts: inside a participant phrase, sharing the trigger's lemma, or of a matching category."""
    for count in sent_counts:
        linked = False
        for event in events:
            spans = [p for p in (event.target, event.actor) if p is not None and p.start is not None]
            if any(p.start <= count.start and count.end <= p.end for p in spans):  # type: ignore[operator]
                event.counts.append(count)
                linked = True
                break
        if linked:
            continue
        for event in events:
            if count.action and event.trigger and count.action.split()[0] == event.trigger.split()[0]:
                event.counts.append(count)
                linked = True
                break
        if linked or not count.category:
            continue
        allowed = lex.count_categories.get(count.category, ())
        for event in events:
            if event.type in allowed or f"{event.type}/{event.mode}" in allowed:
                event.counts.append(count)
                break


def _merge_duplicates(events: list[Event]) -> list[Event]:
    """One event per (type, mode, actor entity, target entity), evidence concatenated."""
    merged: dict[tuple[str, str | None, str | None, str | None], Event] = {}
    out: list[Event] = []
    for event in events:
        actor_id = event.actor.entity_id if event.actor else None
        target_id = event.target.entity_id if event.target else None
        if actor_id is None and target_id is None:
            out.append(event)
            continue
        key = (event.type, event.mode, actor_id, target_id)
        first = merged.get(key)
        if first is None:
            merged[key] = event
            out.append(event)
            continue
        if any(e.trigger.start == event.evidence[0].trigger.start for e in first.evidence):
            continue
        first.evidence.extend(event.evidence)
        first.counts.extend(c for c in event.counts if c not in first.counts)
        first.location = first.location or event.location
        if first.date_precision == "publication" and event.date_precision != "publication":
            first.date, first.date_precision = event.date, event.date_precision
        if event.factuality == "asserted" and first.factuality != "asserted":
            # The article's own voice outweighs a report, but the source that
            # reported it is still worth keeping ("..., media reported").
            keep = first.reported_by if first.factuality == "reported" else None
            first.factuality, first.reported_by = "asserted", keep
        elif first.factuality == "asserted" and event.factuality == "reported" and not first.reported_by:
            first.reported_by = event.reported_by
        for c in event.context:
            if c not in first.context:
                first.context.append(c)
    return out


# --------------------------------------------------------------------------- display


def _participant_label(p: Participant | None) -> str:
    if p is None:
        return "?"
    extra = ", ".join(x for x in (p.country, p.sector) if x)
    return f"{p.text} ({extra})" if extra else p.text


def format_timeline(events: list[Event], *, width: int = 100) -> str:
    """A readable timeline: date, TYPE/mode, actor -> target, factuality, evidence.

    Events are sorted by date (undated last), then by position in the text.
    """
    def sort_key(e: Event) -> tuple[str, int]:
        pos = e.evidence[0].trigger.start if e.evidence else 0
        return (e.date or "9999", pos)

    lines: list[str] = []
    for e in sorted(events, key=sort_key):
        date = e.date or "????-??-??"
        if e.date_precision == "publication":
            date += "~"
        kind = e.type + (f"/{e.mode}" if e.mode else "")
        flag = ""
        if e.factuality != "asserted":
            flag = f" [{e.factuality}" + (f" by {e.reported_by}" if e.reported_by else "") + "]"
        counts = "".join(f" #{c.text}" for c in e.counts)
        lines.append(f"{date:<12} {kind:<24} {_participant_label(e.actor)} -> {_participant_label(e.target)}{flag}{counts}")
        for ev in e.evidence:
            snippet = " ".join(ev.text.split())
            lines.append("             " + textwrap.shorten(f"“{snippet}”", width=width, placeholder=" …"))
    return "\n".join(lines)
