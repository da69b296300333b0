"""Coding events sentence by sentence: the passes that turn triggers into Event records."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ...records import (
    Count,
    Entity,
    Event,
    Evidence,
    Factuality,
    Participant,
    Place,
    Span,
    TimeExpression,
)
from ...resources.actors import is_security
from ...resources.ontology import load_ontology
from ..nlp import doc_text
from .factuality import _factuality, _intention, _refusal
from .instruments import apply_instruments
from .lexicon import (
    _ACTOR_PRONOUNS,
    _CARRY_MODES,
    _CARRY_SENTENCES,
    _CLASH_SENTENCES,
    _DISCOURSE_TYPES,
    _DISCOURSE_WINDOW,
    _MUTUAL_FORCE,
    _NON_STATE_SECTORS,
    _Lexicon,
    _lexicon,
    _Sense,
)
from .participants import (
    _Candidate,
    _Discourse,
    _expand_conjuncts,
    _MentionIndex,
    _noun_roles,
    _ParticipantBuilder,
    _refine_target,
    _subject,
    _verb_roles,
)
from .setting import _contexts, _event_date, _event_place
from .syntax import (
    _children,
    _is_headline_passive,
    _is_passive,
    _lemma,
    _logical_objects,
    _modifier_words,
    _prep_objects,
)
from .triggers import _absorb_causes, _find_candidates, _security_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span as SpacySpan, Token


def extract_events(
    doc: Doc,
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


def _code_sentence(
    sent: SpacySpan,
    lex: _Lexicon,
    builder: _ParticipantBuilder,
    mentions: _MentionIndex,
    sent_times: Sequence[TimeExpression],
    sent_counts: Sequence[Count],
    published: str | None,
    doc_key: str,
    memory: _Discourse,
) -> list[Event]:
    """The events of one sentence, in passes: triggers, their roles, the actors
    borrowed from clashes, firings and earlier sentences, then the records."""
    cands = _find_candidates(sent, lex)
    cands = _absorb_causes(sent, cands, lex)
    if not cands:
        return []
    trigger_types = {c.tok.i: c.sense.type for c in cands}
    by_tok = {c.tok.i: c for c in cands}
    cands = sorted(cands, key=lambda c: c.tok.i)
    _read_roles(cands, lex, builder)
    # The security side of a clash told in this sentence, if any.
    clash_side = next((h for c in cands for h in _clash_sides(c) if _security_word(h)), None)
    if clash_side is not None:
        memory.clash = (memory.sentence, builder.build(clash_side))
    _borrow_casualty_actors(cands, by_tok, clash_side)
    actor_lists: list[list[Participant | None]] = [
        [builder.build(h) for a in cand.actor_heads[:1] for h in _expand_conjuncts(a)] or [None] for cand in cands
    ]
    for cand, actors in zip(cands, actor_lists, strict=True):
        if actors[0] is not None:
            actors[:] = [_resolve_pronoun_actor(cand, a, builder, memory) if a is not None else a for a in actors]
    firing = _SentenceFiring.of(cands, actor_lists)
    events: list[Event] = []
    for cand, actors in zip(cands, actor_lists, strict=True):
        mode = _refine_mode(cand, lex)
        factuality, reported_by = _factuality(cand.tok, lex, trigger_types)
        etype, mode, factuality, reported_by = _recode_modality(
            cand, mode, (factuality, reported_by), lex, trigger_types
        )
        actors = _discourse_actors(cand, actors, sent, lex, memory, firing)
        targets: list[Participant | None] = [
            builder.build(h) for a in cand.target_heads[:1] for h in _expand_conjuncts(a)
        ] or [None]
        if mode is None and cand.sense.type == "MOBILIZE" and actors[0] is not None and actors[0].sector == "police":
            mode = "police"
        date, precision = _event_date(cand.tok, sent_times, published)
        exclude = {p.entity_id for p in actors + targets if p is not None and p.entity_id}
        place = _event_place(sent, mentions, exclude, cand.tok, actors + targets)
        contexts = _contexts(sent.text, cand.sense, cand.sense.type, mode, lex)
        evidence = Evidence(
            trigger=Span(cand.tok.idx, cand.tok.idx + len(cand.tok)),
            sentence=Span(sent.start_char, sent.end_char),
            text=sent.text,
        )
        for actor in actors:
            for target in targets:
                if actor is not None and target is not None and actor.start == target.start:
                    continue
                events.append(
                    _make_event(
                        cand,
                        etype,
                        mode,
                        actor,
                        target,
                        place,
                        (date, precision),
                        (factuality, reported_by),
                        contexts,
                        evidence,
                        doc_key,
                    )
                )
    _remember_actors(cands, actor_lists, memory)
    _link_counts(events, sent_counts, lex)
    for event in events:
        apply_instruments(event)
    return events


def _read_roles(cands: list[_Candidate], lex: _Lexicon, builder: _ParticipantBuilder) -> None:
    """Actor and target heads of each trigger, read off the parse."""
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


def _borrow_casualty_actors(cands: list[_Candidate], by_tok: dict[int, _Candidate], clash_side: Token | None) -> None:
    """An agentless casualty takes the agent of the firing or clash that caused it."""
    for cand in cands:
        if cand.sense.type != "ASSAULT" or cand.sense.lemma in _MUTUAL_FORCE:
            continue
        if not cand.actor_heads:
            # "a porter died when officers fired": the agent of the firing.
            for c in cand.tok.children:
                other = by_tok.get(c.i)
                if c.dep_ == "advcl" and other is not None and other.sense.type == "ASSAULT" and other.actor_heads:
                    cand.actor_heads = list(other.actor_heads)
                    break
        if clash_side is not None and cand.mode in _CARRY_MODES and _caused_by_clash(cand, by_tok):
            # "hurt when strikers clashed with the troops", "two died in the clash".
            if not cand.actor_heads or not _security_word(cand.actor_heads[0]):
                cand.actor_heads = [clash_side]


@dataclass
class _SentenceFiring:
    """A security force's use of force told in the sentence, and what else could explain casualties."""

    actor: Participant | None  # the first security force firing in the sentence
    triggers: set[int]  # token indices of those firings
    other_means: bool  # a stabbing, bombing or riot is named in the sentence

    @classmethod
    def of(cls, cands: list[_Candidate], actor_lists: list[list]) -> _SentenceFiring:
        # A security force's firing in this sentence explains its agentless
        # casualties ("a trader was shot and three hurt when troops fired").
        firing_here = next(
            (
                actors[0]
                for cand, actors in zip(cands, actor_lists, strict=True)
                if _is_security_force_use(cand, actors[0])
            ),
            None,
        )
        firing_toks = {
            cand.tok.i
            for cand, actors in zip(cands, actor_lists, strict=True)
            if _is_security_force_use(cand, actors[0])
        }
        # A stabbing, a bombing or a riot named in the sentence explains its
        # casualties better than a firing told before.
        other_means = any(
            (c.sense.type == "ASSAULT" and c.mode not in ("firearms", "crowd-control", None))
            or c.sense.type == "PROTEST"
            for c in cands
        )
        return cls(firing_here, firing_toks, other_means)


def _discourse_actors(
    cand: _Candidate,
    actors: list,
    sent: SpacySpan,
    lex: _Lexicon,
    memory: _Discourse,
    firing: _SentenceFiring,
) -> list:
    """The actors of ``cand``, an unstated one taken from the discourse; a
    stated one with a sector is remembered for the sentences after."""
    # "killed in the attack" is the attack told before, not any earlier killing.
    causes = {_lemma(n) for n in cand.absorbed} | {n.lower_ for n in cand.absorbed}
    lemmas = {cand.sense.lemma} | causes
    if actors == [None] and cand.sense.type in _DISCOURSE_TYPES and _implicit_agent(cand):
        if (
            memory.clash is not None
            and memory.sentence - memory.clash[0] <= _CLASH_SENTENCES
            and any(
                _lemma(n) in _MUTUAL_FORCE
                and n.tag_ == "NN"
                and any(_lemma(d) in ("the", "this", "that") for d in _children(n, "det"))
                for n in cand.absorbed
            )
        ):
            # "a farmer died in the clash": the one clash with police told
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
        # even beside a riot ("hurt when troops fired to scatter a crowd
        # looting shops").
        anchors = _coordinated_clauses(cand.tok)
        linked = any(c.dep_ == "advcl" and c.i in firing.triggers for a in anchors for c in a.children)
        if actors == [None] and (linked or not firing.other_means) and _explained_by_firing(cand, lex):
            recent = memory.security_force
            if firing.actor is not None:
                actors = [firing.actor]
            elif recent is not None and memory.sentence - recent[0] <= _CARRY_SENTENCES:
                actors = [recent[1]]
    elif actors[0] is not None and actors[0].sector and cand.sense.type in _DISCOURSE_TYPES:
        for lemma in lemmas:
            memory.lemma_actors[lemma] = (sent.start, actors[0])
    return actors


def _make_event(
    cand: _Candidate,
    etype: str,
    mode: str | None,
    actor: Participant | None,
    target: Participant | None,
    place: Place | None,
    dated: tuple[str | None, str | None],
    factual: tuple[str, str | None],
    contexts: list[str],
    evidence: Evidence,
    doc_key: str,
) -> Event:
    """One event record for an actor and a target of ``cand``, with its stable id."""
    emode = mode
    if etype == "COERCE" and mode == "arrest" and actor is not None and actor.sector in _NON_STATE_SECTORS:
        # PLOVER: only authorities arrest; a mob or gang that "detains"
        # or "holds" someone abducts them (ASSAULT, abduct).
        etype, emode = "ASSAULT", "abduct"
    date, precision = dated
    factuality, reported_by = factual
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
        factuality=cast(Factuality, factuality),
        reported_by=reported_by,
        evidence=[evidence],
        counts=[],
        cameo=load_ontology().cameo_root(etype, emode),
    )
    key = f"{doc_key}|{cand.tok.idx}|{event.type}|{actor.start if actor else ''}|{target.start if target else ''}"
    event.id = "ev_" + hashlib.sha1(key.encode()).hexdigest()[:16]
    return event


def _remember_actors(cands: list[_Candidate], actor_lists: list[list], memory: _Discourse) -> None:
    """The last actor with a sector, and the last security force using force, for the sentences after."""
    for cand, actors in zip(cands, actor_lists, strict=True):
        actor = actors[0]
        if actor is None or not actor.sector:
            continue
        if actor.text.lower() not in _ACTOR_PRONOUNS:
            memory.last_actor = (memory.sentence, actor)
        if _is_security_force_use(cand, actor):
            memory.security_force = (memory.sentence, actor)


def _clash_sides(cand: _Candidate) -> list[Token]:
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


def _coordinated_clauses(tok: Token) -> list[Token]:
    """The trigger and the verbs coordinated with it, which share its "when" clause
    ("a trader was shot and three hurt when troops fired")."""
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
                if any(
                    by_tok.get(o.i) is not None and by_tok[o.i].sense.lemma in _MUTUAL_FORCE
                    for o in _children(c, "pobj")
                ):
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


def _resolve_pronoun_actor(
    cand: _Candidate, actor: Participant, builder: _ParticipantBuilder, memory: _Discourse
) -> Participant:
    """ "They opened fire": a pronoun actor of firing or crowd control takes its antecedent's sector.

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
    if (
        antecedent is None
        and memory.last_actor is not None
        and memory.sentence - memory.last_actor[0] <= _CARRY_SENTENCES
    ):
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


def _recode_modality(
    cand: _Candidate,
    mode: str | None,
    factual: tuple[str, str | None],
    lex: _Lexicon,
    trigger_types: dict[int, str],
) -> tuple[str, str | None, str, str | None]:
    """PLOVER codes what a modal or negated act says about its actor now:
    "will visit" is a commitment (AGREE), "would boycott" a threat
    (THREATEN), "will not accept" a refusal (REJECT); see
    ``lexicons/events/future_types.tsv`` and ``refusal_types.tsv``. The
    recoded event is told (asserted or reported), not hypothetical."""
    etype = cand.sense.type
    factuality, reported_by = factual
    table: dict[str, str] = {}
    keys: list[str] = []
    if factuality == "hypothetical":
        intent = _intention(cand.tok, lex)
        if intent is None:
            return etype, mode, factuality, reported_by
        table = lex.future_types
        keys = [f"{etype}/{mode}", etype]
        if intent == "unless":
            keys = [f"unless/{k}" for k in keys] + ["unless"]
    elif factuality == "negated" and _refusal(cand.tok, lex, trigger_types):
        table, keys = lex.refusal_types, [f"{etype}/{mode}", etype]
    value = next((table[k] for k in keys if k in table), None)
    if value is None:
        return etype, mode, factuality, reported_by
    new_type, _, new_mode = value.partition("/")
    factuality, reported_by = _factuality(cand.tok, lex, trigger_types, ignore_modality=True)
    return new_type, new_mode or None, factuality, reported_by


def _refine_mode(cand: _Candidate, lex: _Lexicon) -> str | None:
    """Mode from the trigger's complement where the lexicon leaves it open (REQUEST for release -> yield)."""
    etype, mode = cand.sense.type, cand.mode
    mods = cand.sense.get("mods")
    if mods and not cand.verbal:
        for w in _modifier_words(cand.tok):
            if w in mods:
                return mods[w] or mode
    table = {
        "REQUEST": lex.request_modes,
        "REJECT": lex.request_modes,
        "THREATEN": lex.threat_modes,
        "MOBILIZE": lex.mobilize_modes,
    }.get(etype)
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
