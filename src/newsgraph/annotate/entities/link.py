"""Entity records: mentions grouped by name, short and descriptive mentions
linked to the full name, gazetteer facts, pronouns resolved."""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, cast

from ...records import Entity, Mention, MentionKind, Role
from ...resources import gazetteer
from .lexicon import (
    _DETERMINERS,
    _DOMAINS,
    _NEUTRAL_MODIFIERS,
    _PRONOUNS,
    NAME_LABELS,
    OCCUPATIONS,
    ROLE_HYPERNYMS,
    TITLES,
)
from .names import _Cluster, _country_code, _is_country
from .roles import _attach_roles

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def entity_id(label: str, name: str) -> str:
    """Stable id for an entity: the same type and normalised name give the same id."""
    key = f"{label}|{gazetteer.normalize_name(name)}"
    return "ent_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def extract_entities(doc: Doc) -> list[Entity]:
    """Entities of a refined ``doc`` with mentions, roles and place facts.

    Offsets are character offsets into ``doc.text`` (the article body).
    """
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    ents = [e for e in doc.ents if e.label_ in NAME_LABELS]

    def cluster_for(label: str, key: str) -> _Cluster:
        found = by_key.get((label, key))
        if found is None:
            found = _Cluster(label=label, key=key)
            by_key[(label, key)] = found
            clusters.append(found)
        return found

    # Full names first, so shorter mentions can find them.
    persons_full = [e for e in ents if e.label_ == "PERSON" and len(e) >= 2]
    for ent in persons_full:
        cluster_for("PERSON", _person_key(ent)).mentions.append((ent.start, ent.end, "name"))
    orgs_full = [e for e in ents if e.label_ == "ORG"]
    org_keys = {_org_core(e): _name_key(e) for e in orgs_full if len(e) >= 2}
    acronyms = {_acronym(e): _name_key(e) for e in orgs_full if len(e) >= 3}

    for ent in ents:
        label = ent.label_
        if label == "PERSON":
            if len(ent) >= 2:
                continue
            target = _person_for_short_name(doc, ent, persons_full)
            if target is not None:
                cluster_for("PERSON", target).mentions.append((ent.start, ent.end, "short"))
            else:
                cluster_for("PERSON", _name_key(ent)).mentions.append((ent.start, ent.end, "name"))
        elif label == "ORG":
            key = _name_key(ent)
            kind = "name"
            if len(ent) == 1 and ent.text.isupper() and ent.text in acronyms:
                key, kind = acronyms[ent.text], "short"
            elif (
                _org_core(ent) in org_keys
                and org_keys[_org_core(ent)] != key
                and len(org_keys[_org_core(ent)]) > len(key)
            ):
                key, kind = org_keys[_org_core(ent)], "short"
            cluster_for("ORG", key).mentions.append((ent.start, ent.end, kind))
        elif label in {"GPE", "LOC", "FAC"}:
            place = gazetteer.lookup_place(ent.text)
            key = gazetteer.normalize_name(place.name if place else ent.text)
            cluster_for(label, key).mentions.append((ent.start, ent.end, "name"))
        elif label == "NORP":
            iso = gazetteer.demonym_country(ent.text)
            key = f"country:{iso}" if iso else _name_key(ent)
            cluster_for("NORP", key).mentions.append((ent.start, ent.end, "name"))
        else:
            cluster_for(label, _name_key(ent)).mentions.append((ent.start, ent.end, "name"))

    person_clusters = [c for c in clusters if c.label == "PERSON"]
    role_spans = _attach_roles(doc, person_clusters)
    _link_descriptors(doc, person_clusters, role_spans)
    return [_build_entity(doc, c) for c in clusters if c.mentions]


def _name_key(span: Span) -> str:
    return gazetteer.normalize_name(span.text)


def _person_key(span: Span) -> str:
    return gazetteer.normalize_name(span.text)


def _org_core(span: Span) -> str:
    """An organisation's name without a leading nationality ("Kenyan Army" -> "army")."""
    tokens = list(span)
    while tokens and (
        gazetteer.demonym_country(tokens[0].text) or _is_country(tokens[0].text) or tokens[0].lower_ in _DETERMINERS
    ):
        tokens = tokens[1:]
    return gazetteer.normalize_name(" ".join(t.text for t in tokens)) if tokens else ""


def _acronym(span: Span) -> str:
    words = [t.text for t in span if t.is_alpha and t.text[0].isupper()]
    return "".join(w[0] for w in words)


def _person_for_short_name(doc: Doc, ent: Span, full: list[Span]) -> str | None:
    """Key of the full-named person a one-word name refers to, if clear."""
    word = ent.text
    surname = [f for f in full if f[-1].text == word]
    candidates = surname or [f for f in full if f[0].text == word]
    keys = {_person_key(f) for f in candidates}
    if len(keys) == 1:
        return keys.pop()
    if not keys:
        return None
    # Several people share the name: news style re-introduces a person in full
    # before using the short form, so take the nearest preceding full name.
    before = [f for f in candidates if f.start < ent.start]
    return _person_key(max(before, key=lambda f: f.start)) if before else None


def _link_descriptors(doc: Doc, persons: list[_Cluster], role_spans: list[tuple[int, int]]) -> None:
    """Definite descriptions ("the rock singer", "the performer") -> the one person they fit."""
    covered: set[int] = set()
    for a, b in role_spans:
        covered.update(range(a, b))
    for cluster in persons:
        for a, b, _ in cluster.mentions:
            covered.update(range(a, b))
    for token in doc:
        if token.i in covered or token.ent_type_ or token.tag_ not in {"NN", "NNP"}:
            continue
        lemma = token.lemma_.lower() or token.lower_
        if lemma not in TITLES and lemma not in OCCUPATIONS and lemma not in ROLE_HYPERNYMS:
            continue
        lefts = [t for t in token.lefts if t.i < token.i]
        dets = [t for t in lefts if t.dep_ == "det"]
        if not dets or dets[0].lower_ not in {"the", "this", "that"}:
            continue
        if any(c.dep_ == "prep" for c in token.rights):
            continue  # "the head of ..." names its own referent
        modifiers = [t for t in lefts if t.dep_ in {"compound", "amod", "nmod"}]
        candidates = [c for c in persons if c.roles and _fits(lemma, modifiers, c)]
        if len(candidates) != 1:
            continue
        start = dets[0].i
        candidates[0].mentions.append((start, token.i + 1, "descriptor"))


def _fits(lemma: str, modifiers: list[Token], cluster: _Cluster) -> bool:
    for role in cluster.roles:
        head = role.title.lower().split()[-1]
        if not (lemma == head or head in ROLE_HYPERNYMS.get(lemma, ()) or lemma == role.title.lower()):
            continue
        org_words = set((role.organization or "").lower().split()) | cluster.role_words
        if all(_modifier_fits(m, role, org_words) for m in modifiers):
            return True
    return False


def _modifier_fits(modifier: Token, role: Role, org_words: set[str]) -> bool:
    word = modifier.lower_
    if word in _NEUTRAL_MODIFIERS or word in org_words:
        return True
    iso = gazetteer.demonym_country(modifier.text) or (_country_code(modifier.text))
    if iso is not None:
        return iso == role.country
    return any(word in domain and org_words & domain for domain in _DOMAINS)


def _build_entity(doc: Doc, cluster: _Cluster) -> Entity:
    mentions = sorted(set(cluster.mentions))
    names = [doc[a:b].text for a, b, kind in mentions if kind == "name"] or [doc[a:b].text for a, b, _ in mentions]
    name = max(names, key=lambda n: (len(n.split()), names.count(n), -names.index(n)))
    place = gazetteer.lookup_place(name) if cluster.label in {"GPE", "LOC", "FAC"} else None
    id_name = place.name if place is not None else name
    if cluster.label == "NORP" and cluster.key.startswith("country:"):
        id_name = cluster.key
    aliases = sorted(
        {doc[a:b].text for a, b, kind in mentions if kind != "descriptor"}
        | ({place.name} if place is not None else set())
    )
    entity = Entity(
        id=entity_id(cluster.label, id_name),
        name=name,
        type=cluster.label,
        aliases=aliases,
        mentions=[
            Mention(
                start=doc[a].idx,
                end=doc[b - 1].idx + len(doc[b - 1].text),
                text=doc[a:b].text,
                kind=cast(MentionKind, kind),
            )
            for a, b, kind in mentions
        ],
        roles=list(cluster.roles),
    )
    for mention in entity.mentions:
        mention.entity_id = entity.id
    if place is not None:
        entity.country = place.country
        entity.latitude = place.latitude
        entity.longitude = place.longitude
        entity.feature = place.feature
    elif cluster.label == "NORP":
        entity.country = gazetteer.demonym_country(name)
    elif cluster.label == "ORG":
        entity.country = _org_country(name)
    elif cluster.label == "PERSON":
        entity.country = next((r.country for r in entity.roles if r.country), None)
    return entity


def _org_country(name: str) -> str | None:
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for size in (3, 2, 1):
        if len(words) > size:
            iso = gazetteer.country_code(" ".join(words[:size]))
            if iso:
                return iso
    match = re.search(r"\bof (?:the )?([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2})$", name)
    if match:
        return gazetteer.country_code(match.group(1))
    return None


def resolve_pronoun(doc: Doc, token_index: int, entities: list[Entity]) -> str | None:
    """Entity id of the person a he/she pronoun most likely refers to, or None.

    The nearest preceding PERSON mention within the last three sentences,
    preferring one that is a grammatical subject (news style keeps the
    speaker as subject).
    """
    token = doc[token_index]
    if token.lower_ not in _PRONOUNS:
        return None
    sentences = list(doc.sents)
    sent_index = next((i for i, s in enumerate(sentences) if s.start <= token_index < s.end), 0)
    window_start = sentences[max(0, sent_index - 3)].start_char
    candidates: list[tuple[int, bool, str]] = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for mention in entity.mentions:
            if not window_start <= mention.start < token.idx:
                continue
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            is_subject = span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}
            candidates.append((mention.start, is_subject, entity.id))
    if not candidates:
        return None
    subjects = [c for c in candidates if c[1]]
    pool = subjects or candidates
    return max(pool, key=lambda c: c[0])[2]
