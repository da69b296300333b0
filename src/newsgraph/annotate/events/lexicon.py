"""The trigger lexicon (``data/event_lexicon.json``) as senses, and the word lists and limits of the coding rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...records import Event, Participant
from ...resources.lexicons import entries, pairs, table, word_list
from ...resources.ontology import load_lexicon

_VERB_TAGS = {"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"}
_NOMINAL_DEPS = {
    "nsubj",
    "nsubjpass",
    "dobj",
    "pobj",
    "conj",
    "appos",
    "attr",
    "compound",
    "npadvmod",
    "ROOT",
    "dep",
    "oprd",
}
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
# Actors that cannot arrest anyone (see code._make_event).
_NON_STATE_SECTORS = {"civilians", "rebels", "criminals", "unidentified armed"}
# Two-sided fighting: when one side is a security force, the deaths and
# injuries "in the clash" are told as its use of force ("one dead in a
# police-mob clash", "hurt when strikers clashed with the troops").
_MUTUAL_FORCE = word_list("events/mutual_force_nouns")
_CLAUSE_BOUNDARIES = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_RELATIVE_PRONOUNS = word_list("common/relative_pronouns")
_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_PLACE_PREPS = word_list("events/place_prepositions")
_PHRASE_DEPS = {
    "det",
    "amod",
    "compound",
    "poss",
    "nmod",
    "nummod",
    "quantmod",
    "case",
    "advmod",
    "npadvmod",
    "predet",
    "prep",
    "pobj",
    "punct",
    "hmod",
    "hyph",
    "flat",
}
# For these types the direct object is what is moved or given, not the recipient.
_THEME_OBJECT_TYPES = {"MOBILIZE", "AID"}
_TARGET_PREPS = {kind: tuple(preps) for kind, preps in table("events/target_prepositions").items()}


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
    future_aux: frozenset[str]
    commitment_words: frozenset[str]
    past_plans: frozenset[str]
    future_types: dict[str, str]
    refusal_types: dict[str, str]
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


def _senses(by_lemma: dict[str, list[dict[str, Any]]]) -> dict[str, tuple[_Sense, ...]]:
    out: dict[str, tuple[_Sense, ...]] = {}
    for lemma, readings in by_lemma.items():
        out[lemma] = tuple(
            _Sense(lemma, e["type"], e.get("mode"), {k: v for k, v in e.items() if k not in ("type", "mode")})
            for e in readings
        )
    return out


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_lexicon()
    verbs, nouns = _senses(data["verbs"]), _senses(data["nouns"])
    lethal: set[str] = set()
    for by_lemma in (verbs, nouns):
        for lemma, senses in by_lemma.items():
            for s in senses:
                if s.get("lethal"):
                    extras = list(s.get("compl", [])) + list(s.get("prt", []))
                    lethal.update(f"{lemma} {x}" for x in extras) if extras else lethal.add(lemma)
    contexts = tuple(
        (
            name,
            re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I),
        )
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
        future_aux=word_list("events/future_aux"),
        commitment_words=word_list("events/commitment_words"),
        past_plans=word_list("events/past_plans"),
        future_types=pairs("events/future_types"),
        refusal_types=pairs("events/refusal_types"),
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


_ACTORLIKE_ENTS = {"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"}
# Prepositions whose object is a likely recipient when the direct object is
# an abstract thing ("threatened tough action against the smugglers").
_RECIPIENT_PREPS = entries("events/recipient_prepositions")
# Types whose "that"-clause subject is the recipient ("urged that the province repay").
_CLAUSE_TARGET_TYPES = {"REQUEST", "THREATEN", "ACCUSE", "REJECT", "AGREE"}
