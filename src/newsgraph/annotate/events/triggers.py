"""Event triggers: verb and noun senses whose constraints hold, and the causes
and instruments ("killed in police firing") a trigger absorbs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...resources.actors import is_security, sector_of
from .lexicon import _MUTUAL_FORCE, _VERB_TAGS, _Lexicon, _Sense
from .participants import (
    _Candidate,
    _inherited_subject,
    _phrase_tokens,
    _resolve_relative,
)
from .syntax import (
    _children,
    _governing_verb,
    _is_passive,
    _keys,
    _lemma,
    _logical_objects,
    _modifier_words,
    _particles,
    _prep_objects,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan, Token


def _verb_sense(tok: Token, lex: _Lexicon) -> _Sense | None:
    for key in _keys(tok):
        senses = lex.verbs.get(key)
        if senses:
            for sense in senses:
                if _verb_constraints_hold(tok, sense, lex):
                    return sense
            return None
    return None


def _verb_constraints_hold(tok: Token, sense: _Sense, lex: _Lexicon) -> bool:
    objs = _logical_objects(tok)
    obj_words = _head_words(objs)
    if any(o.ent_type_ == "MONEY" for o in objs):
        obj_words.add("MONEY")  # "gave $5 million": a sum of money, whatever its head word
    if "obj" in sense.spec and not obj_words & set(sense.spec["obj"]):
        # What a measure or part names is the thing itself: "tons of food
        # aid", "a state of emergency", "part of an aid programme".
        inner = [p for o in objs for p in _prep_objects(o, ["of"])]
        if not _head_words(inner) & set(sense.spec["obj"]):
            return False
    if "obj_not" in sense.spec and obj_words & set(sense.spec["obj_not"]):
        return False
    if sense.get("obj_not_person") and any(
        _lemma(o) in lex.person_nouns or o.ent_type_ in ("PERSON", "ORG", "NORP") or o.pos_ in ("PROPN", "PRON")
        for o in objs
    ):
        return False
    if (
        sense.get("obj_person")
        and not (_is_passive(tok) and _children(tok, "nsubjpass"))
        and not any(
            _lemma(o) in lex.person_nouns or o.ent_type_ in ("PERSON", "ORG", "NORP") or o.pos_ in ("PROPN", "PRON")
            for o in objs
        )
    ):
        return False  # "apprehending an alienation", "jails to keep them": no one is held
    if sense.get("no_obj") and _children(tok, "dobj"):
        return False
    if "prt" in sense.spec and not _particles(tok) & set(sense.spec["prt"]):
        return False
    if "compl" in sense.spec:
        compl = {
            _lemma(c)
            for c in tok.children
            if c.dep_ in ("acomp", "oprd", "advmod", "xcomp", "dobj", "amod", "attr", "dep", "ccomp", "npadvmod")
        }
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
    if "ccomp_modal" in sense.spec and not any(
        _is_demanded(c, sense.spec["ccomp_modal"]) for c in _children(tok, "ccomp")
    ):
        return False
    if sense.get("passive") and not _is_passive(tok):
        return False
    if sense.get("no_xcomp") and _children(tok, "xcomp"):
        return False
    if sense.get("needs_xcomp_or_of") and not (
        _children(tok, "xcomp", "ccomp") or _prep_objects(tok, ["of", "against"])
    ):
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
    # A cause-only sense is decided by the cause-nominal pass.
    return not sense.get("cause_only")


def _head_words(nouns: list[Token]) -> set[str]:
    """Lemmas and forms of nouns and of their compound modifiers ("food aid": aid, food)."""
    return {w for o in nouns for w in (_lemma(o), o.lower_)} | {
        w for o in nouns for c in o.children if c.dep_ == "compound" for w in (_lemma(c), c.lower_)
    }


def _is_demanded(clause: Token, modals: list[str]) -> bool:
    """A clause that says what someone must do ("the army must withdraw"), not
    what must be the case ("he must have died", "it must be a mistake")."""
    auxes = {_lemma(a) for a in _children(clause, "aux")}
    return bool(auxes & set(modals)) and "have" not in auxes and _lemma(clause) != "be"


def _in_stated_date(tok: Token) -> bool:
    """A word inside a date that states a day or year ("12 March", "March 3,
    2021"). A date entity with no number may be the tagger's mistake for a
    named event ("the Peaceful March of X")."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is not None and any(t.like_num for t in ent)


def _noun_sense(tok: Token, lex: _Lexicon) -> _Sense | None:
    if _in_stated_date(tok):
        return None  # "on 12 March 2019": a month, not a march
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
            if sense.get("not_modifier") and tok.dep_ == "compound":
                continue  # "patrol cars" names cars, not a patrol
            if "prep" in sense.spec and not {_lemma(c) for c in tok.children if c.dep_ == "prep"} & set(
                sense.spec["prep"]
            ):
                continue
            if sense.get("support_only") and not _under_support_verb(tok, lex):
                continue
            if "support_in" in sense.spec:
                verb = _governing_verb(tok)
                if verb is None or _lemma(verb) not in sense.spec["support_in"]:
                    continue
            if sense.get("cause_only"):
                continue
            return sense
        return None
    return None


def _under_support_verb(tok: Token, lex: _Lexicon) -> bool:
    verb = _governing_verb(tok)
    return verb is not None and _lemma(verb) in lex.support_verbs


def _find_candidates(sent: SpacySpan, lex: _Lexicon) -> list[_Candidate]:
    found: list[_Candidate] = []
    for tok in sent:
        if not tok.is_alpha and "-" not in tok.text:
            continue
        sense: _Sense | None = None
        verbal = False
        nominal_use = tok.pos_ in ("NOUN", "PROPN") or (
            tok.tag_ == "VBG"
            and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass", "conj", "compound")
            and tok.lower_ in lex.nouns
        )
        if nominal_use:
            sense = _noun_sense(tok, lex)
            verb_lemma = lex.participles.get(tok.lower_, tok.lower_)
            if (
                sense is None
                and tok.i + 1 < sent.end
                and tok.doc[tok.i + 1].lower_ == "dead"
                and verb_lemma in lex.verbs
            ):
                # "second militant shot dead": the tagger took the participle for a noun.
                sense = next((s for s in lex.verbs[verb_lemma] if "dead" in s.get("compl", ())), None)
                if sense is not None:
                    found.append(
                        _Candidate(tok=tok, sense=sense, verbal=True, trigger=f"{sense.lemma} dead", mode=sense.mode)
                    )
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
        extras = [
            w
            for w in list(sense.get("compl", [])) + list(sense.get("prt", []))
            if w in {_lemma(c) for c in tok.children}
        ]
        if extras:
            trigger = f"{trigger} {extras[0]}"
        elif sense.get("absorb_obj"):
            objs = [
                o
                for o in _children(tok, "dobj", "nsubjpass")
                if o.lower_ in set(sense.get("obj", [])) or _lemma(o) in set(sense.get("obj", []))
            ]
            if objs:
                trigger = f"{trigger} {_lemma(objs[0])}"
        found.append(_Candidate(tok=tok, sense=sense, verbal=verbal, trigger=trigger, mode=sense.mode))
    return found


def _security_word(tok: Token) -> bool:
    return is_security(sector_of([tok.text], tok.text))


def _instrument_phrases(sent: SpacySpan, lex: _Lexicon) -> dict[int, tuple[Token, Token]]:
    """Instrument phrases by token: "police firing", "police bullets", "firing by the police".

    Read off the surface, not the parse: the tagger often makes "firing" a
    participle with "police" as a prepositional object of the verb before it.
    Each of the two words maps to (security word, instrument word).
    """
    doc = sent.doc
    found: dict[int, tuple[Token, Token]] = {}
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


def _absorb_causes(sent: SpacySpan, cands: list[_Candidate], lex: _Lexicon) -> list[_Candidate]:
    """Fold a cause nominal into its verb ("killed in police firing", "died in firing")."""
    instruments = _instrument_phrases(sent, lex)
    by_tok = {c.tok.i: c for c in cands}
    absorbed: set[int] = set()
    out = list(cands)
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in _VERB_TAGS:
            cause_senses = [s for k in _keys(tok) for s in lex.verbs.get(k, ()) if s.get("cause_only")]
        elif tok.pos_ in ("NOUN", "ADJ") and any(
            c.dep_ == "prep" and any(o.i in instruments or _lemma(o) in _MUTUAL_FORCE for o in c.children)
            for c in tok.children
        ):
            # "deaths in police firing", "one dead in police firing": a casualty word and an instrument phrase.
            cause_senses = [
                s
                for k in (_lemma(tok), tok.lower_)
                for s in lex.nouns.get(k, ())
                if s.get("cause_only") and s.get("lethal")
            ]
        else:
            continue
        verb_cand = by_tok.get(tok.i)
        if verb_cand is None and not cause_senses:
            continue
        if verb_cand is None and tok.pos_ in ("VERB", "AUX"):
            # "one person died when the police opened fire", "died after the
            # mob clashed with police": a use of force in its time clause.
            cause_clause = next(
                (
                    c
                    for c in tok.children
                    if c.dep_ == "advcl"
                    and c.i in by_tok
                    and by_tok[c.i].sense.type == "ASSAULT"
                    and any(m.dep_ in ("mark", "advmod") and _lemma(m) in ("when", "after", "as") for m in c.children)
                ),
                None,
            )
            if cause_clause is not None:
                sense = cause_senses[0]
                verb_cand = _Candidate(
                    tok=tok, sense=sense, verbal=True, trigger=sense.lemma, mode=by_tok[cause_clause.i].mode
                )
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
                instrument_actor: Token | None = None
                if obj.i in instruments:
                    instrument_actor, obj = instruments[obj.i]
                noun_cand = by_tok.get(obj.i)
                if noun_cand is None and instrument_actor is not None:
                    noun_cand = _Candidate(
                        tok=obj,
                        sense=_Sense(obj.lower_, "ASSAULT", None, {}),
                        verbal=False,
                        trigger=obj.lower_,
                        mode=None,
                    )
                if noun_cand is None:
                    cause = [s for k in (_lemma(obj), obj.lower_) for s in lex.nouns.get(k, ()) if s.get("cause_only")]
                    if not cause:
                        continue
                    noun_cand = _Candidate(
                        tok=obj, sense=cause[0], verbal=False, trigger=cause[0].lemma, mode=cause[0].mode
                    )
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
