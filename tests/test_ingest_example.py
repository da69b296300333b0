"""The canonical example, end to end through the public library function.

Everything asserted here is *found* by the pipeline: no library code knows
any name in this article.
"""

from __future__ import annotations

import pytest

from newsgraph.config import Settings
from newsgraph.ingest import analyze
from newsgraph.records import AnalyzedDocument

from .conftest import SEED


@pytest.fixture(scope="module")
def seed() -> AnalyzedDocument:
    (doc,) = list(analyze([str(SEED)], Settings()))
    assert isinstance(doc, AnalyzedDocument)
    return doc


def person(doc: AnalyzedDocument, surname: str):
    found = [e for e in doc.entities if e.type == "PERSON" and e.name.endswith(surname)]
    assert len(found) == 1, [e.name for e in doc.entities]
    return found[0]


def test_article_fields(seed):
    a = seed.article
    assert a.title == "‘Terrorist’ jazz musician released by Kazakhstan"
    assert a.subtitle == "Vikram Ruzakhunov set free after uproar in neighboring Kyrgyzstan"
    assert a.published == "2022-01-10T09:03" and a.published_precision == "minute"
    assert a.language == "en"
    assert a.body.startswith("A Kyrgyz jazz musician has been released")
    assert a.body.endswith("to help quell the unrest.")
    assert "icon" not in a.body and a.title not in a.body


def test_every_span_points_at_its_text(seed):
    body = seed.article.body
    for e in seed.entities:
        for m in e.mentions:
            assert body[m.start : m.end] == m.text
    for q in seed.quotes:
        assert body[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert body[q.speaker_start : q.speaker_end] == q.speaker_text
    for c in seed.counts:
        assert body[c.start : c.end] == c.text
    for t in seed.times:
        assert body[t.start : t.end] == t.text
    for ev in seed.events:
        for evidence in ev.evidence:
            assert body[evidence.sentence.start : evidence.sentence.end].strip() == evidence.text.strip()
            assert evidence.sentence.start <= evidence.trigger.start < evidence.trigger.end <= evidence.sentence.end
        for p in (ev.actor, ev.target):
            if p is not None and p.start is not None:
                assert body[p.start : p.end] == p.text


def test_people_and_their_roles(seed):
    musician = person(seed, "Ruzakhunov")
    assert [r.title for r in musician.roles] == ["musician"]
    assert musician.country == "KG"
    security_head = person(seed, "Tashiyev")
    (role,) = security_head.roles
    assert role.title == "head" and "National Security" in role.organization and role.country == "KG"
    kg_president, kz_president = person(seed, "Japarov"), person(seed, "Tokayev")
    assert [(r.title, r.country) for r in kg_president.roles] == [("President", "KG")]
    assert [(r.title, r.country) for r in kz_president.roles] == [("President", "KZ")]
    assert len([e for e in seed.entities if e.type == "PERSON"]) == 4


def test_descriptions_link_to_the_right_person(seed):
    musician, security_head = person(seed, "Ruzakhunov"), person(seed, "Tashiyev")
    musician_mentions = {m.text.lower() for m in musician.mentions}
    assert {"ruzakhunov", "the jazz musician", "the performer"} <= musician_mentions
    assert "the intelligence head" in {m.text.lower() for m in security_head.mentions}


def test_places_and_organisations(seed):
    places = {e.name: e for e in seed.entities if e.type in ("GPE", "LOC")}
    assert {"Kazakhstan", "Kyrgyzstan", "Nur-Sultan", "Russia"} <= set(places)
    capital = places["Nur-Sultan"]
    assert capital.country == "KZ" and capital.latitude and capital.longitude
    assert places["Kyrgyzstan"].country == "KG" and places["Russia"].country == "RU"
    orgs = {e.name for e in seed.entities if e.type == "ORG"}
    assert any("State Committee for National Security" in o for o in orgs)
    assert any("Ministry of Justice" in o for o in orgs)
    assert "Collective Security Treaty Organization" in orgs
    assert not any(e.type == "PERSON" and "Sultan" in e.name for e in seed.entities)


@pytest.mark.parametrize(
    "passage, surname",
    [
        ("not a terrorist", "Tashiyev"),
        ("an ordinary citizen, a musician, a decent man", "Tashiyev"),
        ("We checked through all of our channels this morning", "Tashiyev"),
        ("protect all citizens", "Japarov"),
        ("criminals and terrorists", "Tokayev"),
    ],
)
def test_quoted_passages_have_the_right_speaker(seed, passage, surname):
    speaker = person(seed, surname)
    quotes = [q for q in seed.quotes if passage in q.text and q.kind in ("direct", "partial")]
    assert quotes, f"no quote holding {passage!r}"
    assert all(q.speaker == speaker.id for q in quotes)


def test_confession_in_scare_quotes_is_not_a_quote(seed):
    assert not any(q.text.strip('“”"') == "confession" for q in seed.quotes)


def test_count_and_dates(seed):
    (detained,) = [c for c in seed.counts if c.value == 5000]
    assert (detained.qualifier, detained.unit, detained.action, detained.category) == (
        "over",
        "people",
        "detain",
        "arrested",
    )
    values = {(t.text, t.value) for t in seed.times}
    assert ("Sunday", "2022-01-09") in values
    assert ("Monday", "2022-01-10") in values
    assert ("last week", "2022-W01") in values


def events(seed, etype, mode=None):
    return [e for e in seed.events if e.type == etype and (mode is None or e.mode == mode)]


def test_release_and_detentions(seed):
    musician = person(seed, "Ruzakhunov")
    release = [e for e in events(seed, "RETREAT", "release") if e.target and e.target.entity_id == musician.id]
    assert release and release[0].date == "2022-01-10"
    assert release[0].actor.country == "KZ"
    arrests = events(seed, "COERCE", "arrest")
    assert any(e.target and e.target.entity_id == musician.id for e in arrests)  # "his detention"
    mass = [e for e in arrests if any(c.value == 5000 for c in e.counts)]
    assert mass and mass[0].date == "2022-W01"


def test_accusation_request_protest_and_deployment(seed):
    musician = person(seed, "Ruzakhunov")
    accusation = [e for e in events(seed, "ACCUSE") if e.target and e.target.entity_id == musician.id and e.actor]
    assert accusation and accusation[0].actor.country == "KZ"
    # His alleged part in the riots is a claim, not a fact the article asserts.
    assert any(e.factuality in ("reported", "negated") for e in events(seed, "PROTEST"))
    request = [e for e in events(seed, "REQUEST") if e.actor and "Ministry of Justice" in e.actor.text]
    assert request and "prosecutor" in request[0].target.text
    assert any("fuel price" in ev.text for e in events(seed, "PROTEST") for ev in e.evidence)
    (deploy,) = events(seed, "MOBILIZE")
    assert deploy.actor.text == "Collective Security Treaty Organization"
    assert deploy.location is not None and deploy.location.country == "KZ"
    assert any(e.target and e.target.text == "Collective Security Treaty Organization" for e in events(seed, "REQUEST"))


def test_timeline_is_readable(seed):
    from newsgraph.annotate.events import format_timeline

    timeline = format_timeline(seed.events)
    assert "RETREAT/release" in timeline and "2022-01-10" in timeline
