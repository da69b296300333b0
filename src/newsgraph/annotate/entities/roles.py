"""Roles of people: titles, occupations and organisations tied to a name."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from ...records import Role
from ...resources import gazetteer
from .lexicon import (
    _DETERMINERS,
    _ROLE_PREPOSITIONS,
    OCCUPATIONS,
    PORTFOLIO_WORDS,
    TITLES,
)
from .names import _Cluster, _country_code, _is_country

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _is_role_noun(token: Token) -> bool:
    lower = token.lower_
    lemma = token.lemma_.lower()
    if token.tag_ in {"NNS", "NNPS"}:
        return False
    return (
        lower in TITLES
        or lower in OCCUPATIONS
        or lemma in TITLES
        or lemma in OCCUPATIONS
        or lower.rstrip(".") in TITLES
    )


def _ent_at(doc: Doc, index: int) -> Span | None:
    token = doc[index]
    if not token.ent_type_:
        return None
    for ent in doc.ents:
        if ent.start <= index < ent.end:
            return ent
    return None


def _attach_roles(doc: Doc, persons: list[_Cluster]) -> list[tuple[int, int]]:
    """Find role phrases for each person; returns the token spans they cover."""
    covered: list[tuple[int, int]] = []
    for cluster in persons:
        for start, end, kind in cluster.mentions:
            if kind != "name" and kind != "short":
                continue
            for finder in (_role_before, _role_apposition_after, _role_apposition_before, _role_copula):
                found = finder(doc, start, end)
                if found is not None:
                    role, span, words = found
                    _add_role(cluster, role, words)
                    covered.append(span)
    for cluster, role, span, words in _lede_roles(doc, persons):
        _add_role(cluster, role, words)
        covered.append(span)
        cluster.mentions.append((span[0], span[1], "descriptor"))
    return covered


def _add_role(cluster: _Cluster, role: Role, words: set[str]) -> None:
    cluster.role_words.update(words)
    for held in cluster.roles:
        if held.title.lower() == role.title.lower() and (
            held.organization == role.organization or role.organization is None
        ):
            if held.country is None:
                held.country = role.country
            return
    cluster.roles.append(role)


def _role_from_tokens(
    doc: Doc, tokens: list[Token], organization: Span | None, first: int, last: int
) -> tuple[Role, tuple[int, int], set[str]] | None:
    """Build a role from the words of a role phrase (title, qualifiers, org)."""
    title_tokens = [t for t in tokens if _is_role_noun(t) or (t.text[:1].isupper() and t.lower_ in PORTFOLIO_WORDS)]
    heads = [t for t in tokens if _is_role_noun(t)]
    if not heads:
        return None
    head = heads[-1]
    if head.text[:1].isupper():
        # An office written as a proper title: keep the whole phrase
        # ("Foreign Minister", "Prime Minister").
        run = [t for t in title_tokens if t.i <= head.i]
        phrase: list[Token] = []
        for t in reversed(run):
            if phrase and phrase[0].i - t.i > 1:
                break
            phrase.insert(0, t)
        title = " ".join(t.text for t in phrase)
    else:
        title = head.lemma_.lower() if head.lemma_ else head.lower_
    country = None
    for t in tokens:
        country = country or gazetteer.demonym_country(t.text) or _country_code(t.text)
    org_name = None
    if organization is not None:
        if organization.label_ in {"GPE"} and _is_country(organization.text):
            country = country or _country_code(organization.text)
        elif organization.label_ == "ORG":
            org_tokens = list(organization)
            while org_tokens and org_tokens[0].lower_ in _DETERMINERS:
                org_tokens = org_tokens[1:]
            while org_tokens and (gazetteer.demonym_country(org_tokens[0].text) or _is_country(org_tokens[0].text)):
                country = country or gazetteer.country_code(org_tokens[0].text)
                org_tokens = org_tokens[1:]
            if org_tokens:
                org_name = doc[org_tokens[0].i : org_tokens[-1].i + 1].text
    words = {t.lower_ for t in doc[first:last]}
    role = Role(
        title=title,
        organization=org_name,
        country=country,
        start=doc[first].idx,
        end=doc[last - 1].idx + len(doc[last - 1].text),
    )
    return role, (first, last), words


def _role_before(doc: Doc, start: int, end: int):
    """Pre-modifier roles: "French President X", "rock singer X", "Acme CEO X"."""
    j = start - 1
    sent_start = doc[start].sent.start
    tokens: list[Token] = []
    organization = None
    while j >= sent_start:
        t = doc[j]
        if _is_role_noun(t) or (t.text[:1].isupper() and t.lower_ in PORTFOLIO_WORDS and tokens):
            tokens.insert(0, t)
            j -= 1
        elif gazetteer.demonym_country(t.text) or (_is_country(t.text) and tokens):
            tokens.insert(0, t)
            j -= 1
        elif tokens and t.ent_type_ in {"ORG", "GPE"} and organization is None:
            ent = _ent_at(doc, j)
            if ent is None:
                break
            organization = ent
            j = ent.start - 1
        elif tokens and t.pos_ in {"NOUN", "ADJ"} and t.is_lower and t.dep_ in {"compound", "amod"}:
            tokens.insert(0, t)
            j -= 1
        elif tokens and t.lower_ == "of" and j - 1 >= sent_start and _is_role_noun(doc[j - 1]):
            tokens.insert(0, t)
            j -= 1
        else:
            break
    if not tokens or not any(_is_role_noun(t) for t in tokens):
        return None
    first = organization.start if organization is not None else tokens[0].i
    return _role_from_tokens(doc, tokens, organization, first, tokens[-1].i + 1)


def _role_apposition_after(doc: Doc, start: int, end: int):
    """Appositions after the name: "X, a spokesman for Y," / "X, president of Y"."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    sent_end = doc[start].sent.end
    tokens: list[Token] = []
    k = end + 1
    while k < min(sent_end, end + 10):
        t = doc[k]
        if _is_role_noun(t):
            tokens.append(t)
            k += 1
            if k < sent_end and _is_role_noun(doc[k]):
                continue
            break
        if (
            t.lower_ in _DETERMINERS
            or t.pos_ in {"ADJ", "NOUN", "PROPN"}
            or t.tag_ == "POS"
            or gazetteer.demonym_country(t.text)
        ):
            if t.ent_type_ in {"PERSON"}:
                return None
            tokens.append(t)
            k += 1
            continue
        return None
    if not tokens or not _is_role_noun(tokens[-1]):
        return None
    organization = None
    last = tokens[-1].i + 1
    if k < sent_end and doc[k].lower_ in _ROLE_PREPOSITIONS:
        m = k + 1
        if m < sent_end and doc[m].lower_ in _DETERMINERS:
            m += 1
        if m < sent_end:
            ent = _ent_at(doc, m)
            if ent is not None and ent.label_ in {"ORG", "GPE"}:
                organization = ent
                last = ent.end
    return _role_from_tokens(doc, tokens, organization, end + 1, last)


def _role_apposition_before(doc: Doc, start: int, end: int):
    """Appositions before the name: "the head of Y, X" / "the musician, X"."""
    if start < 2 or doc[start - 1].text != ",":
        return None
    sent_start = doc[start].sent.start
    k = start - 2
    organization = None
    ent = _ent_at(doc, k)
    if ent is not None and ent.label_ in {"ORG", "GPE"}:
        organization = ent
        k = ent.start - 1
        if k >= sent_start and doc[k].lower_ in _DETERMINERS:
            k -= 1
        if k < sent_start or doc[k].lower_ not in _ROLE_PREPOSITIONS:
            return None
        k -= 1
    if k < sent_start or not _is_role_noun(doc[k]):
        return None
    head = doc[k]
    tokens = [head]
    j = k - 1
    while (
        j >= sent_start
        and (
            doc[j].dep_ in {"compound", "amod"}
            or doc[j].lower_ in _DETERMINERS
            or gazetteer.demonym_country(doc[j].text)
        )
        and doc[j].head.i >= j
        and doc[j].ent_type_ != "PERSON"
    ):
        tokens.insert(0, doc[j])
        if doc[j].lower_ in _DETERMINERS:
            break
        j -= 1
    last = organization.end if organization is not None else head.i + 1
    return _role_from_tokens(doc, tokens, organization, tokens[0].i, last)


def _role_copula(doc: Doc, start: int, end: int):
    """Predicates: "X is a musician", "X, who is the party's leader"."""
    root = doc[start:end].root
    verb = root.head
    if root.dep_ not in {"nsubj"} or verb.lemma_ not in {"be", "become", "remain"}:
        return None
    negated = any(c.dep_ == "neg" for c in verb.children)
    queue = [(c, False) for c in verb.children if c.dep_ in {"attr", "acomp"}]
    while queue:
        noun, via_conj = queue.pop(0)
        if _is_role_noun(noun) and (via_conj or not negated) and not any(c.dep_ == "neg" for c in noun.children):
            tokens = [t for t in noun.lefts if t.dep_ in {"compound", "amod", "det"}] + [noun]
            return _role_from_tokens(doc, tokens, None, tokens[0].i, noun.i + 1)
        queue.extend((c, True) for c in noun.children if c.dep_ in {"conj", "appos"})
    return None


def _lede_roles(doc: Doc, persons: list[_Cluster]):
    """News ledes that name a person one sentence late.

    "A [nationality] [occupation] has been ..." followed by a sentence whose
    subject is a newly named person: the occupation is that person's role
    and the indefinite phrase a mention of them.
    """
    sentences = [s for s in doc.sents if s.text.strip()]
    mention_of = {}
    for cluster in persons:
        for start, end, kind in cluster.mentions:
            if kind in {"name", "short"}:
                mention_of[start] = (cluster, end)
    for first, second in pairwise(sentences):
        if any(first.start <= i < first.end for i in mention_of):
            continue
        subjects = [
            t
            for t in first
            if t.dep_ in {"nsubj", "nsubjpass"} and _is_role_noun(t) and t.head.dep_ in {"ROOT", "ccomp"}
        ]
        if not subjects:
            continue
        head = subjects[0]
        dets = [c for c in head.children if c.dep_ == "det"]
        if not dets or dets[0].lower_ not in {"a", "an"}:
            continue
        for start in sorted(i for i in mention_of if second.start <= i < second.end):
            cluster, end = mention_of[start]
            root = doc[start:end].root
            if root.dep_ in {"nsubj", "nsubjpass"}:
                left = head.left_edge.i
                tokens = list(doc[left : head.i + 1])
                built = _role_from_tokens(doc, tokens, None, left, head.i + 1)
                if built is not None:
                    role, span, words = built
                    yield cluster, role, span, words
            break
