"""What a number counts: the unit noun, the action and the category, read from the parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import (
    _ACTION_CATEGORY,
    _ADJ_ACTION,
    _CHANGE_VERBS,
    _CROWD_EVENT_NOUNS,
    _CROWD_LINK_VERBS,
    _CUSTODY_NOUNS,
    _HELD_EVENTS,
    _INJURY_NOUNS,
    _INTRANSITIVE,
    _LIGHT_VERBS,
    _NOUN_ACTION,
    _PARTITIVE_SKIP_POS,
    _RAISING_VERBS,
    _TARGET_PREPOSITIONS,
    _UNIT_CATEGORY,
    _VAGUE_PLURALS,
)
from .numbers import _START_WORDS, _piece

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _sentence_start(tok: Token) -> int:
    """The index of the first token of ``tok``'s sentence (cheap with a parse)."""
    try:
        return tok.sent.start
    except ValueError:
        return 0


def _anchor(doc: Doc, first: int, last: int) -> Token:
    """The token of the number phrase that attaches it to the sentence."""
    for k in range(last, first - 1, -1):
        t = doc[k]
        if not (first <= t.head.i <= last) or t.head.i == t.i:
            if _piece(t) is not None or t.lower_ in _START_WORDS:
                return t
    return doc[last]


def _unit_token(doc: Doc, anchor: Token, last: int, strong: bool) -> tuple[Token | None, Token | None]:
    """The counted noun and, for "12 dead", the casualty adjective."""
    if strong:
        # "a 5,000-strong crowd": "strong" modifies the counted noun.
        strong_tok = doc[last + 2]
        head = strong_tok.head
        if head.pos_ in {"NOUN", "PROPN"} and head.i != strong_tok.i:
            return head, None
        if last + 3 < len(doc) and doc[last + 3].pos_ in {"NOUN", "PROPN"}:
            return doc[last + 3], None
        return None, None
    partitive = _partitive_object(anchor)
    if partitive is not None:
        return partitive, None
    head = anchor.head
    if (
        head.lower_ in {"more", "fewer", "additional", "other", "extra"}
        and head.head.pos_ == "NOUN"
        and head.i > anchor.i
    ):
        return head.head, None  # "25 million more people"
    if anchor.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"} and head.i > anchor.i:
        lower = head.lower_
        if head.pos_ == "ADJ" or lower in _ADJ_ACTION:
            if lower in _ADJ_ACTION:
                return None, head
            return None, None
        if head.pos_ in {"NOUN", "PROPN"}:
            if head.pos_ == "PROPN" and head.tag_ == "NNP" and head.ent_type_ != "NORP":
                return None, None
            return head, None
    # "12 were reported dead", "40 injured" tagged as an adjective complement.
    for child in anchor.children:
        if child.dep_ in {"amod", "acomp"} and child.lower_ in _ADJ_ACTION and child.i > anchor.i:
            return None, child
    return None, None


def _partitive_object(tok: Token) -> Token | None:
    """ "thousands of demonstrators", "12 of the victims" -> the noun after "of"."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of" and child.i > tok.i:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ not in _PARTITIVE_SKIP_POS:
                    # "hundreds of thousands of people" nests one more "of".
                    deeper = _partitive_object(obj) if obj.lower_ in _VAGUE_PLURALS else None
                    return deeper or obj
    return None


def _unit_text(tok: Token) -> str:
    """The counted noun with its compounds ("riot police"), lower-cased unless a name."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ == "compound" and child.i == left - 1 and _piece(child) is None and not child.like_num:
            left = child.i
    words = tok.doc[left : tok.i + 1]
    text = words.text
    if tok.pos_ == "PROPN" or tok.ent_type_ == "NORP":
        return text
    return text.lower()


def _unit_category(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    category = _UNIT_CATEGORY.get(lemma) or _UNIT_CATEGORY.get(tok.lower_)
    if category is not None:
        return category
    for child in tok.lefts:
        if child.dep_ in {"compound", "amod"}:
            sub = _UNIT_CATEGORY.get(child.lemma_.lower())
            if sub is not None and lemma == "toll":
                return sub
    return None


def _action_of(node: Token, unit: Token | None, carrier: Token | None = None) -> tuple[str | None, str | None]:
    """The action lemma and category for the counted ``node`` (noun or number).

    ``carrier`` is the number word of a partitive ("thousands of people"): it,
    not the noun after "of", is what the verb takes as subject or object.
    """
    # A participle or relative clause on the noun: "people detained", "who gathered"
    # (the parser may hang it on the number of a partitive: "thousands ... who took").
    described = [node] if carrier is None else [node, carrier]
    if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in {"NUM", "PRON", "DET"}:
        # "one of more than 300 people arrested": the parser may hang the
        # participle on the "one".
        holder = node.head.head
        described.append(holder)
    for child in (c for d in described for c in d.children if c.i > node.i or d is node):
        if child.dep_ in {"acl", "relcl"} and child.pos_ in {"VERB", "AUX", "ADJ"}:
            if child.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[child.lower_]
            return _verb_action(child)
        if child.dep_ == "amod" and child.i > node.i and child.lower_ in _ADJ_ACTION:
            return _ADJ_ACTION[child.lower_]
    # Follow coordination back to the first conjunct: "killed 12 and 40 more".
    tok = carrier if carrier is not None else node
    while tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN", "NUM", "PRON"}:
        tok = tok.head
    dep = tok.dep_
    head = tok.head
    if dep in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "appos", "conj", "npadvmod", "oprd"}:
        if head.pos_ in {"VERB", "AUX"} or (dep == "conj" and head.pos_ == "ADJ"):
            if head.pos_ == "ADJ" and head.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[head.lower_]
            action, category = _verb_action(head, subject=tok if dep in {"nsubj", "nsubjpass"} else None, unit=unit)
            # "4 gunmen killed a man": the subject of an active transitive verb
            # is its agent, not the casualty.
            if (
                dep == "nsubj"
                and head.tag_ != "VBN"
                and _is_transitive_category(head)
                and any(c.dep_ in {"dobj", "obj"} for c in head.children)
            ):
                category = None
            return action, category
        if head.pos_ == "ADJ" and head.lower_ in _ADJ_ACTION:
            return _ADJ_ACTION[head.lower_]
    if dep == "pobj":
        prep = head
        owner = prep.head
        if prep.lower_ == "of" and owner.pos_ == "NOUN":
            # "the death of nearly 75 persons", "the arrest of 50 protesters".
            noun_action = _NOUN_ACTION.get(owner.lemma_.lower())
            if noun_action is not None:
                return noun_action, _UNIT_CATEGORY.get(owner.lemma_.lower())
        if owner.pos_ == "VERB" and prep.lower_ != "of":
            action, category = _verb_action(owner, unit=unit)
            # Only a target takes the verb's category ("fired on 5,000
            # protesters"); an agent ("shot by four officers") or a place
            # ("took to the streets in several market towns") does not.
            if prep.lower_ not in _TARGET_PREPOSITIONS:
                category = None
            return action, category
    return None, None


def _is_transitive_category(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    return lemma in _ACTION_CATEGORY and lemma not in _INTRANSITIVE


def _verb_action(verb: Token, subject: Token | None = None, unit: Token | None = None) -> tuple[str | None, str | None]:
    """Action lemma and category of a verb, looking through raising verbs and idioms."""
    lemma = verb.lemma_.lower()
    if verb.lower_ == "missing":
        return _ADJ_ACTION["missing"]  # tagged as the verb "miss"
    passive = subject is not None and subject.dep_ == "nsubjpass"
    # "were reported killed", "were feared dead", "remain missing", "shot dead".
    for child in verb.children:
        if child.dep_ in {"xcomp", "oprd", "acomp", "ccomp", "attr"}:
            low = child.lower_
            if low in _ADJ_ACTION:
                if lemma not in _RAISING_VERBS and lemma not in _LIGHT_VERBS:
                    # "shot dead": the verb is the action, the adjective the result.
                    return _phrasal(verb), _ADJ_ACTION[low][1]
                return _ADJ_ACTION[low]
            if lemma in _RAISING_VERBS and child.pos_ == "VERB" and child.lemma_.lower() in _ACTION_CATEGORY:
                return _verb_action(child)
            if low in {"hostage", "hostages"}:
                return _phrasal(verb), "kidnapped"
    action = _phrasal(verb)
    category = _ACTION_CATEGORY.get(action.replace(" ", "_")) or _ACTION_CATEGORY.get(lemma)
    # Custody and crowd idioms: "taken into custody", "took to the streets".
    for child in verb.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ != "pobj":
                    continue
                obj_lemma = obj.lemma_.lower()
                if obj_lemma in _CUSTODY_NOUNS and lemma in {
                    "take",
                    "hold",
                    "place",
                    "put",
                    "send",
                    "keep",
                    "remand",
                    "lock",
                    "throw",
                }:
                    return f"{lemma} {child.lower_} {obj.text.lower()}", "arrested"
                if obj_lemma in {"street"} and lemma in {"take", "pour", "spill"}:
                    return f"{lemma} {child.lower_} the streets", "crowd"
                if obj_lemma in _CROWD_EVENT_NOUNS and lemma in {"take", "join", "participate"} and category is None:
                    category = "crowd"
                if obj_lemma == "hospital" and category is None:
                    category = "injured"
        if child.dep_ == "dobj" and child.lemma_.lower() == "part" and lemma == "take":
            action = "take part"
        # "10 persons sustained injuries"
        if child.dep_ == "dobj" and child.lemma_.lower() in _INJURY_NOUNS and category is None:
            if lemma in {"sustain", "suffer", "receive", "get", "incur"}:
                category = "injured"
    # "the rally drew 3,000 people", "3,000 people attended the protest".
    if category is None and lemma in _CROWD_LINK_VERBS:
        for child in verb.children:
            target = child
            if child.dep_ == "prep":
                target = next((o for o in child.children if o.dep_ == "pobj"), child)
            if target.lemma_.lower() in _CROWD_EVENT_NOUNS:
                category = "crowd"
                break
    if lemma == "hold" and passive and category is None:
        if unit is None or unit.lemma_.lower() not in _HELD_EVENTS:
            category = "arrested"
    if lemma in _LIGHT_VERBS and category is None:
        return None, None
    return action, category


def _phrasal(verb: Token) -> str:
    """The verb lemma with its particle: "round up", "lock up"."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "prt":
            return f"{lemma} {child.lower_}"
    return lemma


def _governed_by_change(doc: Doc, last: int) -> bool:
    """Whether the number at ``last`` hangs off a verb of change ("rose ... to 40")."""
    tok = doc[last]
    head = tok.head
    for _ in range(3):
        if head.pos_ in {"VERB", "AUX"}:
            return head.lemma_.lower() in _CHANGE_VERBS
        if head.i == head.head.i:
            break
        head = head.head
    return False


def _toll_subject(doc: Doc, anchor: Token) -> Token | None:
    """ "The death toll rose to 37": the subject of the change verb the number completes."""
    tok = anchor
    verb: Token | None = None
    if tok.dep_ == "pobj" and tok.head.lower_ in {"to", "at", "from", "past", "above", "beyond"}:
        verb = tok.head.head
        if verb.pos_ == "ADP":  # "rose from 10 to 40": "to" hangs on "from"
            verb = verb.head
    elif tok.dep_ in {"dobj", "attr"}:
        verb = tok.head
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or verb.lemma_.lower() not in _CHANGE_VERBS:
        return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"} and child.pos_ in {"NOUN", "PROPN"}:
            # "the number of dead": count what the number is of.
            if child.lemma_.lower() in {"number", "tally", "count", "total", "figure"}:
                inner = _partitive_object(child)
                if inner is not None:
                    return inner
            return child
    return None


def _toll_action(toll: Token) -> tuple[str | None, str | None]:
    """Action and category of a toll's subject, or of the "number of ..." around it."""
    action, category = _noun_action(toll)
    if action is None and category is None and toll.dep_ == "pobj":
        # "the number of people killed": the participle hangs on "number".
        holder = toll.head.head
        for child in holder.children:
            if child.dep_ in {"acl", "relcl"}:
                return _verb_action(child)
    return action, category


def _noun_action(noun: Token) -> tuple[str | None, str | None]:
    """Action and category named by a counted noun ("death toll", "deaths", "arrests")."""
    lemma = noun.lemma_.lower()
    category = _unit_category(noun)
    action = _NOUN_ACTION.get(lemma) or _NOUN_ACTION.get(noun.lower_)
    if lemma == "toll":
        for child in noun.lefts:
            sub = _NOUN_ACTION.get(child.lemma_.lower())
            if child.dep_ in {"compound", "amod"} and sub is not None:
                action = sub
    # "the number of people killed"
    if action is None:
        for child in noun.children:
            if child.dep_ in {"acl", "relcl"}:
                return _verb_action(child)
            if child.dep_ == "amod" and child.lower_ in _ADJ_ACTION:
                return _ADJ_ACTION[child.lower_]
    if action is None and noun.lower_ in _ADJ_ACTION:
        return _ADJ_ACTION[noun.lower_]
    return action, category
