"""Cross-document entity resolution on invented articles (invented people, countries and outlets)."""

from __future__ import annotations

import hashlib
import time

from newsgraph.corpus.entities import EntityParams, EntityResolver, corpus_entity_id, name_forms, normalise
from newsgraph.records import AnalyzedDocument, Article, Entity, Mention


def ent(name: str, type_: str = "PERSON", *, country: str | None = None, also: tuple[str, ...] = ()) -> Entity:
    """An article entity named ``name`` (and ``also``), one name mention each, at made-up offsets."""
    names = (name, *also)
    mentions = [Mention(start=10 * i, end=10 * i + len(n), text=n, kind="name") for i, n in enumerate(names)]
    return Entity(
        id="ent_" + normalise(type_ + " " + name).replace(" ", "_"),
        name=name,
        type=type_,
        aliases=sorted(set(names)),
        mentions=mentions,
        country=country,
    )


def article(article_id: str, *entities: Entity, published: str | None = "2031-04-02") -> AnalyzedDocument:
    body = " ".join(e.name for e in entities) or "Nothing named here."
    return AnalyzedDocument(
        id=article_id,
        source=f"{article_id}.txt",
        article=Article(id=article_id, source=f"{article_id}.txt", body=body, published=published),
        entities=list(entities),
    )


def members(resolver: EntityResolver, doc: AnalyzedDocument, story: str, seq: int = 0) -> dict[str, str]:
    """Entity name -> corpus entity id, for one added article."""
    by_id = {e.id: e.name for e in doc.entities}
    return {by_id[m.entity_id]: m.corpus_entity_id for m in resolver.add(doc, story_id=story, seq=seq)}


VELMORA = ent("Velmora", "GPE", country="XV")
HARBOUR = ent("Port Sarkand", "GPE", country="XV")

# One story, three outlets: the full name, then the surname alone, then a transliteration variant.
MINISTER_STORY = [
    article(
        "velmora-gazette-1",
        ent("Dorzhan Makhtiyev", also=("Makhtiyev",)),
        VELMORA,
        ent("Velmora Interior Ministry", "ORG"),
        published="2031-04-02",
    ),
    article("harbour-times-2", ent("Makhtiyev"), VELMORA, HARBOUR, published="2031-04-03"),
    article(
        "steppe-wire-3",
        ent("Dorzhan Makhtiev"),
        VELMORA,
        ent("Velmora Interior Ministry", "ORG"),
        published="2031-04-05",
    ),
]


def test_surname_full_name_and_transliteration_in_one_story_are_one_person():
    resolver = EntityResolver()
    ids = [members(resolver, doc, "story-velmora", seq) for seq, doc in enumerate(MINISTER_STORY)]
    person = ids[0]["Dorzhan Makhtiyev"]
    assert ids[1]["Makhtiyev"] == person
    assert ids[2]["Dorzhan Makhtiev"] == person
    record = resolver.entity(person)
    assert record.name == "Dorzhan Makhtiyev"
    assert record.type == "PERSON"
    assert record.aliases == ["Dorzhan Makhtiev", "Dorzhan Makhtiyev", "Makhtiyev"]
    assert record.num_articles == 3
    assert record.num_mentions == 4
    assert (record.first_seen, record.last_seen) == ("2031-04-02", "2031-04-05")
    # The id is derived from the first member.
    assert person == corpus_entity_id("velmora-gazette-1", MINISTER_STORY[0].entities[0].id)
    # Places and organisations of the story are one entity each too.
    assert ids[0]["Velmora"] == ids[1]["Velmora"] == ids[2]["Velmora"]
    assert ids[0]["Velmora Interior Ministry"] == ids[2]["Velmora Interior Ministry"]


def test_same_surname_different_people_in_unrelated_stories_stay_apart():
    resolver = EntityResolver()
    chemist = members(
        resolver,
        article("lab-news-1", ent("Lena Brask"), ent("Quillon University", "ORG"), ent("Tarnhold", "GPE")),
        "story-lab",
    )
    footballer = members(
        resolver,
        article("sports-desk-1", ent("Tomas Brask"), ent("Marrowby Rovers", "ORG"), ent("Marrowby", "GPE")),
        "story-football",
    )
    # A surname alone in a third, unrelated story joins neither.
    stray = members(
        resolver,
        article("farm-weekly-1", ent("Brask"), ent("Ostvale Growers Union", "ORG"), ent("Ostvale", "GPE")),
        "story-harvest",
    )
    assert chemist["Lena Brask"] != footballer["Tomas Brask"]
    assert stray["Brask"] not in (chemist["Lena Brask"], footballer["Tomas Brask"])
    # With the football story's context, the surname alone joins the footballer.
    again = members(
        resolver,
        article("sports-desk-2", ent("Brask"), ent("Marrowby Rovers", "ORG"), ent("Marrowby", "GPE")),
        "story-football",
    )
    assert again["Brask"] == footballer["Tomas Brask"]
    assert resolver.entity(footballer["Tomas Brask"]).name == "Tomas Brask"


def test_two_full_names_with_the_same_surname_in_one_story_stay_two():
    resolver = EntityResolver()
    found = members(resolver, article("council-1", ent("Ilse Varga"), ent("Oskar Varga"), VELMORA), "story-council")
    assert found["Ilse Varga"] != found["Oskar Varga"]


def test_places_merge_across_unrelated_stories_people_by_one_word_do_not():
    resolver = EntityResolver()
    first = members(resolver, article("a-1", ent("Korsten"), ent("Lake Emmer", "LOC")), "story-a")
    second = members(resolver, article("b-1", ent("Korsten"), ent("Lake Emmer", "LOC")), "story-b")
    assert first["Lake Emmer"] == second["Lake Emmer"]
    assert first["Korsten"] != second["Korsten"]


def test_the_taggers_type_noise_does_not_split_a_full_name():
    resolver = EntityResolver()
    first = members(resolver, article("sea-1", ent("Gulf of Tarn", "LOC")), "story-a")
    second = members(resolver, article("sea-2", ent("Gulf of Tarn", "FAC")), "story-b")
    assert first["Gulf of Tarn"] == second["Gulf of Tarn"]


def test_an_acronym_joins_its_organisation_with_context():
    resolver = EntityResolver()
    first = members(
        resolver, article("transit-1", ent("Marrowby Transit Authority", "ORG"), ent("Marrowby", "GPE")), "story-fares"
    )
    second = members(resolver, article("transit-2", ent("MTA", "ORG"), ent("Marrowby", "GPE")), "story-fares")
    assert second["MTA"] == first["Marrowby Transit Authority"]
    # Once joined, the acronym is one of the organisation's names.
    third = members(resolver, article("transit-3", ent("MTA", "ORG")), "story-other")
    assert third["MTA"] == first["Marrowby Transit Authority"]
    # An acronym met with no shared context is left alone.
    fresh = EntityResolver()
    found = members(fresh, article("t-1", ent("Marrowby Transit Authority", "ORG"), ent("Marrowby", "GPE")), "s-a")
    other = members(fresh, article("t-2", ent("MTA", "ORG"), ent("Ostvale", "GPE")), "s-b")
    assert other["MTA"] != found["Marrowby Transit Authority"]


def test_the_same_article_twice_returns_the_first_answer_and_changes_nothing():
    resolver = EntityResolver()
    for seq, doc in enumerate(MINISTER_STORY):
        resolver.add(doc, story_id="story-velmora", seq=seq)
    before = {cid: resolver.entity(cid) for cid in resolver.ids()}
    first = resolver.add(MINISTER_STORY[0], story_id="story-velmora", seq=0)
    again = resolver.add(MINISTER_STORY[0], story_id="another-story", seq=7)
    assert first == again
    assert {cid: resolver.entity(cid) for cid in resolver.ids()} == before


def test_same_order_same_ids():
    def run() -> list[list[tuple[str, str, str]]]:
        resolver = EntityResolver()
        out = []
        for seq, doc in enumerate(MINISTER_STORY):
            found = resolver.add(doc, story_id="story-velmora", seq=seq)
            out.append([(m.article_id, m.entity_id, m.corpus_entity_id) for m in found])
        return out

    assert run() == run()


def test_corpus_id_of_a_member_and_of_an_unknown_article():
    resolver = EntityResolver()
    found = resolver.add(MINISTER_STORY[0], story_id="s", seq=0)
    assert [resolver.corpus_id(m.article_id, m.entity_id) for m in found] == [m.corpus_entity_id for m in found]
    assert resolver.corpus_id("never-added", MINISTER_STORY[0].entities[0].id) is None


def test_an_article_without_entities_or_date():
    resolver = EntityResolver()
    assert resolver.add(article("empty-1", published=None), story_id="s", seq=0) == []
    assert len(resolver) == 0
    found = members(resolver, article("undated-1", ent("Ilse Varga"), published=None), "s")
    assert resolver.entity(found["Ilse Varga"]).first_seen is None
    # A name with no word in it, or none at all, is an entity of its own.
    nameless = Entity(id="ent_blank", name="", type="ORG")
    dashes = members(resolver, article("odd-1", ent("—", "ORG"), nameless), "s")
    assert resolver.entity(dashes[""]).name == "" and resolver.entity(dashes["—"]).name == "—"
    again = members(resolver, article("odd-2", ent("—", "ORG"), nameless), "s")
    assert again[""] != dashes[""]


def test_name_forms_drop_honorifics_and_legal_forms():
    assert name_forms("Dr. Ilse Várga Jr.", "person") == ("ilse", "varga")
    assert name_forms("Quillon Aerospace Corp.", "org") == ("quillon", "aerospace")
    assert name_forms("Corp.", "org") == ("corp",)
    assert name_forms("...", "person") is None


def namesake(seq: int) -> str:
    """A first name of 8 letters from a hash: no two are spellings of one another."""
    digest = hashlib.sha1(str(seq).encode()).digest()
    return "".join(chr(ord("a") + b % 26) for b in digest[:8]).capitalize()


def test_ten_thousand_articles_of_one_person_stay_fast():
    """10,000 articles name one person, each beside a different namesake: the postings of the
    surname grow to 10,000 corpus entities, the candidates read per entity do not."""
    params = EntityParams()
    resolver = EntityResolver(params)
    seen: list[int] = []
    original = resolver._candidates

    def counting(query):
        found = original(query)
        seen.append(len(found))
        return found

    resolver._candidates = counting  # type: ignore[method-assign]
    timings = []
    person = None
    for seq in range(10_000):
        doc = article(
            f"wire-{seq}",
            ent("Dorzhan Makhtiyev"),
            ent(f"{namesake(seq)} Makhtiyev"),
            VELMORA,
            published=f"2031-{1 + seq % 12:02d}-{1 + seq % 28:02d}",
        )
        started = time.perf_counter()
        found = members(resolver, doc, f"story-{seq // 10}", seq)
        timings.append(time.perf_counter() - started)
        person = person or found["Dorzhan Makhtiyev"]
        assert found["Dorzhan Makhtiyev"] == person
    assert max(seen) <= params.max_candidates
    first, last = sum(timings[:1000]), sum(timings[-1000:])
    assert last < 3 * first + 0.05, (first, last)
    assert sum(timings) / len(timings) < 0.005  # seconds per article
    record = resolver.entity(person)
    assert record.num_articles == 10_000 and record.aliases == ["Dorzhan Makhtiyev"]
    assert len(resolver) == 1 + 10_000 + 1


def test_a_different_known_country_keeps_two_people_of_one_name_apart():
    resolver = EntityResolver()
    first = members(resolver, article("c-1", ent("Ilse Varga", country="XV"), VELMORA), "story-a")
    second = members(resolver, article("c-2", ent("Ilse Varga", country="QZ"), VELMORA), "story-a")
    third = members(resolver, article("c-3", ent("Ilse Varga"), VELMORA), "story-a")
    assert first["Ilse Varga"] != second["Ilse Varga"]
    assert third["Ilse Varga"] in (first["Ilse Varga"], second["Ilse Varga"])
