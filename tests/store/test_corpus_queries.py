"""The corpus layer's reads (stories, corpus events, corpus entities) on an invented stored corpus.

The corpus tables are filled by hand here (``CorpusChanges`` given to
``Store.write_batch``), so these tests pin the reads, not the layer that makes
the rows. Every person, place, outlet and happening is made up.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Claim,
    CorpusArticle,
    CorpusChanges,
    CorpusEntity,
    CorpusEvent,
    CorpusStory,
    Count,
    Disagreement,
    Entity,
    EntityMember,
    Event,
    EventReport,
    Evidence,
    Mention,
    Participant,
    Place,
    Quote,
    Role,
    Span,
    SyndicationGroup,
)
from newsgraph.store import Store

# -- an invented week of news -------------------------------------------------------

HOSTILE_TITLE = "\x1b[2JLantern\u202e fair opens"
HOSTILE_NAME = "Evil\x1b]0;pwned\x07 Lantern Guild"

# id -> (site, url, published, title, body)
ARTICLES = {
    "tide-1": (
        "tidewatch.com",
        "https://tidewatch.com/quillmarsh-arrests",
        "2031-05-12",
        "Police detain five in Quillmarsh",
        "Police in Quillmarsh detained five protesters on Monday, police chief Oskar Fenwright said. "
        '"We acted within the law," Fenwright said.',
    ),
    "gazette-1": (
        "northgazette.net",
        "https://northgazette.net/2031/05/12/march",
        "2031-05-12",
        "Seven held after Quillmarsh march",
        "Seven people were arrested in Quillmarsh on Monday. Chief Oskar Fenwright defended the arrests.",
    ),
    "wire-1": (
        "wirelinepress.org",
        "https://wirelinepress.org/quillmarsh",
        "2031-05-13",
        "Quillmarsh police chief defends arrests",
        "Police chief Oskar Fenwright on Tuesday defended the arrest of protesters in Quillmarsh.",
    ),
    "echo-1": (
        "valleyecho.com",
        "https://valleyecho.com/world/quillmarsh",
        "2031-05-13",
        "Police chief defends Quillmarsh arrests",
        "Police chief Oskar Fenwright on Tuesday defended the arrest of protesters in Quillmarsh.",
    ),
    "council-1": (
        "quillmarshcouncil.org",
        "https://quillmarshcouncil.org/statement",
        "2031-05-13",
        "Council: nobody was arrested in Quillmarsh",
        "The council said police did not arrest anyone in Quillmarsh on Monday.",
    ),
    "tide-2": (
        "tidewatch.com",
        "https://tidewatch.com/brenholt-blast",
        "2031-06-02",
        "Blast kills three in Brenholt",
        "A bomb killed three people in Brenholt on Sunday, mayor Lida Fenwright said.",
    ),
    "gazette-2": (
        "northgazette.net",
        None,
        "2031-06-03",
        "Four dead in Brenholt blast",
        "Four people were killed by a bomb in Brenholt on Sunday. Mayor Lida Fenwright visited the site.",
    ),
    "undated-1": (
        None,
        None,
        None,
        HOSTILE_TITLE,
        "The Evil Lantern Guild opened the lantern fair.",
    ),
}

# article id -> (story, syndication group, independent source)
PLACEMENT = {
    "tide-1": ("st-quill", "tide-1", "tidewatch.com"),
    "gazette-1": ("st-quill", "gazette-1", "northgazette.net"),
    "wire-1": ("st-quill", "wire-1", "wirelinepress.org"),
    "echo-1": ("st-quill", "wire-1", "wirelinepress.org"),
    "council-1": ("st-quill", "council-1", "quillmarshcouncil.org"),
    "tide-2": ("st-bren", "tide-2", "tidewatch.com"),
    "gazette-2": ("st-bren", "gazette-2", "northgazette.net"),
    "undated-1": ("st-fair", "undated-1", "undated-1"),
}

# corpus entity -> (name, type, country, aliases, {article: (surface strings)})
ENTITIES = {
    "ce-oskar": (
        "Oskar Fenwright",
        "PERSON",
        "NO",
        ["Oskar Fenwright", "Fenwright"],
        {a: ("Oskar Fenwright", "Fenwright") for a in ("tide-1", "gazette-1", "wire-1", "echo-1")},
    ),
    "ce-lida": (
        "Lida Fenwright",
        "PERSON",
        "NO",
        ["Lida Fenwright", "Fenwright"],
        {a: ("Lida Fenwright",) for a in ("tide-2", "gazette-2")},
    ),
    "ce-quill": (
        "Quillmarsh",
        "GPE",
        "NO",
        ["Quillmarsh"],
        {a: ("Quillmarsh",) for a in ("tide-1", "gazette-1", "wire-1", "echo-1", "council-1")},
    ),
    "ce-bren": ("Brenholt", "GPE", "NO", ["Brenholt"], {a: ("Brenholt",) for a in ("tide-2", "gazette-2")}),
    "ce-guild": (HOSTILE_NAME, "ORG", None, [HOSTILE_NAME], {"undated-1": ("Evil Lantern Guild",)}),
}

ROLES = {("tide-1", "ce-oskar"): "police chief", ("tide-2", "ce-lida"): "mayor", ("gazette-2", "ce-lida"): "Mayor"}

# article -> (corpus event, trigger, type, mode, factuality, actor text, target text, place, count)
EVENTS = {
    "tide-1": ("cev-arrest", "detained", "COERCE", "arrest", "asserted", "Police", "protesters", "Quillmarsh", "five"),
    "gazette-1": (
        "cev-arrest",
        "arrested",
        "COERCE",
        "arrest",
        "asserted",
        None,
        "Seven people",
        "Quillmarsh",
        "Seven",
    ),
    "wire-1": ("cev-arrest", "arrest", "COERCE", "arrest", "asserted", None, "protesters", "Quillmarsh", None),
    "echo-1": ("cev-arrest", "arrest", "COERCE", "arrest", "asserted", None, "protesters", "Quillmarsh", None),
    "council-1": ("cev-arrest", "arrest", "COERCE", "arrest", "negated", "police", "anyone", "Quillmarsh", None),
    "tide-2": (
        "cev-blast",
        "killed",
        "ASSAULT",
        "explosives",
        "asserted",
        "A bomb",
        "three people",
        "Brenholt",
        "three",
    ),
    "gazette-2": (
        "cev-blast",
        "killed",
        "ASSAULT",
        "explosives",
        "asserted",
        "a bomb",
        "Four people",
        "Brenholt",
        "Four",
    ),
}
COUNT_VALUES = {"five": 5, "Seven": 7, "three": 3, "Four": 4}


def _span(body: str, text: str, after: int = 0) -> Span:
    start = body.index(text, after)
    return Span(start, start + len(text))


def _sentence(body: str, at: int) -> Span:
    start = max(body.rfind(". ", 0, at) + 2, 0) if body.rfind(". ", 0, at) >= 0 else 0
    end = body.find(". ", at)
    return Span(start, len(body) if end < 0 else end + 1)


def _mentions(body: str, surfaces: tuple[str, ...], entity_id: str) -> list[Mention]:
    taken: list[Mention] = []
    for surface in sorted(surfaces, key=len, reverse=True):
        for m in re.finditer(re.escape(surface), body):
            if any(t.start <= m.start() < t.end for t in taken):
                continue
            taken.append(Mention(m.start(), m.end(), surface, entity_id=entity_id))
    return sorted(taken, key=lambda m: m.start)


def _document(article_id: str) -> AnalyzedDocument:
    site, url, published, title, body = ARTICLES[article_id]
    entities = []
    for ce, (_name, type_, country, _, where) in ENTITIES.items():
        if article_id not in where:
            continue
        local = f"{article_id}:{ce}"
        roles = []
        if (article_id, ce) in ROLES:
            span = _span(body, ROLES[(article_id, ce)])
            roles.append(
                Role(ROLES[(article_id, ce)], organization="Quillmarsh police", start=span.start, end=span.end)
            )
        mentions = _mentions(body, where[article_id], local)
        entities.append(Entity(local, mentions[0].text, type_, mentions=mentions, roles=roles, country=country))
    quotes = []
    if article_id == "tide-1":
        span = _span(body, "We acted within the law,")
        quotes.append(Quote(span.start, span.end, "We acted within the law,", "direct", speaker="tide-1:ce-oskar"))
    events, counts = [], []
    if article_id in EVENTS:
        _, trigger, type_, mode, factuality, actor, target, place, count = EVENTS[article_id]
        t = _span(body, trigger)
        if count:
            c = _span(body, count)
            category = "killed" if type_ == "ASSAULT" else "arrested"
            counts.append(Count(c.start, c.end, count, COUNT_VALUES[count], category=category))
        sentence = _sentence(body, t.start)
        actor_span = _span(body, actor) if actor else None
        events.append(
            Event(
                id=f"{article_id}:ev0",
                type=type_,
                mode=mode,
                trigger=trigger,
                actor=Participant(actor, start=actor_span.start, end=actor_span.end, country="NO", sector="police")
                if actor and actor_span
                else None,
                target=Participant(target, sector="civilians"),
                location=Place(place, entity_id=f"{article_id}:ce-{place[:5].lower()}", country="NO"),
                date="2031-05-12" if type_ == "COERCE" else "2031-06-01",
                factuality=factuality,
                evidence=[Evidence(t, sentence, body[sentence.start : sentence.end])],
                counts=counts,
            )
        )
    return AnalyzedDocument(
        id=article_id,
        source=f"feed.jsonl#{article_id}",
        article=Article(
            id=article_id,
            source=f"feed.jsonl#{article_id}",
            body=body,
            title=title,
            published=published,
            url=url,
            site=site,
        ),
        entities=entities,
        quotes=quotes,
        events=events,
        counts=counts,
    )


def _claim(docs: dict[str, AnalyzedDocument], value: str, articles: list[str]) -> Claim:
    spans = [Span(docs[a].counts[0].start, docs[a].counts[0].end) for a in articles]
    return Claim(
        value,
        text=[docs[a].counts[0].text for a in articles],
        sources=[PLACEMENT[a][2] for a in articles],
        articles=articles,
        evidence=spans,
    )


def corpus_changes(docs: dict[str, AnalyzedDocument]) -> CorpusChanges:
    order = list(ARTICLES)
    articles = [
        CorpusArticle(
            a, seq, ARTICLES[a][0], ARTICLES[a][2], PLACEMENT[a][1], PLACEMENT[a][1], PLACEMENT[a][2], PLACEMENT[a][0]
        )
        for seq, a in enumerate(order)
    ]
    groups = [
        SyndicationGroup(g, g, sum(1 for p in PLACEMENT.values() if p[1] == g), 1)
        for g in dict.fromkeys(p[1] for p in PLACEMENT.values())
    ]
    groups = [SyndicationGroup("wire-1", "wire-1", 2, 2) if g.id == "wire-1" else g for g in groups]
    stories = [
        CorpusStory(
            "st-quill",
            "Quillmarsh police chief defends arrests",
            "2031-05-12",
            "2031-05-13",
            5,
            5,
            4,
            ["Oskar Fenwright", "Quillmarsh"],
            ["Quillmarsh"],
        ),
        CorpusStory(
            "st-bren",
            "Blast kills three in Brenholt",
            "2031-06-02",
            "2031-06-03",
            2,
            2,
            2,
            ["Lida Fenwright"],
            ["Brenholt"],
        ),
        CorpusStory("st-fair", HOSTILE_TITLE, None, None, 1, 1, 1, [HOSTILE_NAME], []),
    ]
    arrested = [_claim(docs, "5", ["tide-1"]), _claim(docs, "7", ["gazette-1"])]
    killed = [_claim(docs, "3", ["tide-2"]), _claim(docs, "4", ["gazette-2"])]
    denial = Disagreement(
        "factuality",
        [
            Claim(
                "asserted",
                ["asserted"],
                ["tidewatch.com", "northgazette.net", "wirelinepress.org"],
                ["tide-1", "gazette-1", "wire-1", "echo-1"],
            ),
            Claim("negated", ["negated"], ["quillmarshcouncil.org"], ["council-1"]),
        ],
        "contested",
        "some sources assert it, others deny it",
    )
    events = [
        CorpusEvent(
            "cev-arrest",
            "st-quill",
            "COERCE",
            "arrest",
            "arrest",
            "ce-police",
            "Police",
            None,
            "protesters",
            "Quillmarsh",
            "NO",
            59.1,
            10.2,
            "2031-05-12",
            "day",
            "contested",
            5,
            5,
            4,
            "2031-05-12",
            "2031-05-13",
            cameo="173",
            counts=[arrested[0]],
            disagreements=[Disagreement("count:arrested", arrested, "5", "most sources, then the first"), denial],
        ),
        CorpusEvent(
            "cev-blast",
            "st-bren",
            "ASSAULT",
            "explosives",
            "kill",
            None,
            "A bomb",
            None,
            "three people",
            "Brenholt",
            "NO",
            None,
            None,
            None,
            None,
            "asserted",
            2,
            2,
            2,
            "2031-06-02",
            "2031-06-03",
            counts=[killed[0]],
            disagreements=[Disagreement("count:killed", killed, "3", "most sources, then the first")],
        ),
    ]
    reports = []
    for a in order:
        if a not in EVENTS:
            continue
        ev = docs[a].events[0]
        reports.append(
            EventReport(
                EVENTS[a][0],
                a,
                ev.id,
                0,
                ev.evidence[0].trigger.start,
                ev.evidence[0].trigger.end,
                ev.evidence[0].sentence.start,
                ev.evidence[0].sentence.end,
                ARTICLES[a][0],
                PLACEMENT[a][2],
                ev.factuality,
                ev.date,
                EVENTS[a][7],
                ARTICLES[a][2],
            )
        )
    entities, members = [], []
    for ce, (name, type_, country, aliases, where) in ENTITIES.items():
        dates = sorted(ARTICLES[a][2] for a in where if ARTICLES[a][2])
        n = sum(len(_mentions(ARTICLES[a][4], s, "")) for a, s in where.items())
        entities.append(
            CorpusEntity(
                ce,
                name,
                type_,
                country,
                aliases,
                n,
                len(where),
                dates[0] if dates else None,
                dates[-1] if dates else None,
            )
        )
        members += [EntityMember(ce, a, f"{a}:{ce}") for a in where]
    # The arrest's actor is an entity no article names as such: events can point at it.
    entities.append(CorpusEntity("ce-police", "Quillmarsh police", "ORG", "NO", ["Quillmarsh police", "police"]))
    return CorpusChanges(articles, groups, stories, events, reports, entities, members)


def newsroom(path: Path) -> Path:
    """A database holding the invented week, its corpus tables filled."""
    docs = {a: _document(a) for a in ARTICLES}
    with Store(path) as store:
        store.write_batch(list(docs.values()), corpus=lambda fresh: corpus_changes(docs))
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    path = newsroom(tmp_path_factory.mktemp("corpus") / "week.duckdb")
    with Store(path, read_only=True) as s:
        yield s


# -- stories ---------------------------------------------------------------------------------


def test_stories_newest_first_with_articles_in_arrival_order(store):
    found = store.stories()
    assert [s["id"] for s in found] == ["st-bren", "st-quill", "st-fair"]  # the undated one last
    quill = found[1]
    assert quill["articles"] == ["tide-1", "gazette-1", "wire-1", "echo-1", "council-1"]
    assert (quill["num_articles"], quill["num_sites"], quill["num_sources"]) == (5, 5, 4)
    assert set(quill) >= {"id", "title", "first_seen", "last_seen", "entities", "places", "articles"}


def test_stories_query_matches_title_entities_places_case_insensitively(store):
    assert [s["id"] for s in store.stories(q="oskar")] == ["st-quill"]  # an entity
    assert [s["id"] for s in store.stories(q="BRENHOLT")] == ["st-bren"]  # title and place
    assert [s["id"] for s in store.stories(q="lantern")] == ["st-fair"]
    assert store.stories(q="%") == []  # literal, not a LIKE pattern
    assert [s["id"] for s in store.stories(limit=1)] == ["st-bren"]
    assert len(store.stories(limit=0)) == 3


def test_stories_window_keeps_those_seen_in_it(store):
    assert [s["id"] for s in store.stories(since="2031-05-13", until="2031-05-13")] == ["st-quill"]
    assert [s["id"] for s in store.stories(since="2031-06")] == ["st-bren"]
    assert [s["id"] for s in store.stories(until="2031-05")] == ["st-quill"]  # a month runs to its end
    assert store.stories(since="2032") == []


def test_bad_dates_and_limits_are_one_line_errors(store):
    for bad in ("yesterday", "2031-02-30", "2031-5-1", ""):
        with pytest.raises(StoreError, match="is not a date"):
            store.stories(since=bad)
    with pytest.raises(StoreError, match="must not be negative"):
        store.corpus_events(limit=-1)


def test_story_has_timeline_sources_and_disagreements(store):
    story = store.story("st-q")  # a prefix
    assert story["id"] == "st-quill"
    assert [e["id"] for e in story["events"]] == ["cev-arrest"]
    assert story["sites"][0]["articles"] == 1 and len(story["sites"]) == 5
    assert story["independent_sources"][0] == {"source": "wirelinepress.org", "articles": 2}
    fields = [d["field"] for d in story["disagreements"]]
    assert fields == ["count:arrested", "factuality"]
    assert all(d["event_id"] == "cev-arrest" for d in story["disagreements"])
    assert store.story("st-quill", since="2031-06-01")["events"] == []  # the window filters the timeline


def test_unknown_and_ambiguous_story_ids(store):
    with pytest.raises(StoreError, match="no story with id 'nope'"):
        store.story("nope")
    with pytest.raises(StoreError, match="story id prefix 'st-' is ambiguous"):
        store.story("st-")


# -- corpus events --------------------------------------------------------------------------


def test_events_carry_every_report_counts_and_disagreements(store):
    events = {e["id"]: e for e in store.corpus_events()}
    arrest, blast = events["cev-arrest"], events["cev-blast"]
    assert arrest["factuality"] == "contested"
    assert (arrest["num_mentions"], arrest["num_articles"], arrest["num_sources"]) == (5, 5, 4)
    assert [m["article_id"] for m in arrest["mentions"]] == ["tide-1", "gazette-1", "wire-1", "echo-1", "council-1"]
    denial = arrest["mentions"][-1]
    assert denial["factuality"] == "negated" and denial["source"] == "quillmarshcouncil.org"
    body = ARTICLES["tide-1"][4]
    first = arrest["mentions"][0]
    assert body[first["trigger_start"] : first["trigger_end"]] == "detained"
    assert set(first) == {
        "article_id",
        "article_event_id",
        "n",
        "trigger_start",
        "trigger_end",
        "sentence_start",
        "sentence_end",
        "source",
        "independent_source",
        "factuality",
        "date",
        "place",
        "reported",
    }
    # the count's category is read back from the article count it comes from
    assert blast["counts"][0]["value"] == "3" and blast["counts"][0]["category"] == "killed"
    assert [c["value"] for c in blast["disagreements"][0]["values"]] == ["3", "4"]
    assert blast["disagreements"][0]["values"][1]["sources"] == ["northgazette.net"]


def test_events_filters(store):
    def ids(**kw):
        return [e["id"] for e in store.corpus_events(**kw)]

    assert ids() == ["cev-blast", "cev-arrest"]  # newest first
    assert ids(type="coerce") == ["cev-arrest"]
    assert ids(country="no") == ["cev-blast", "cev-arrest"] and ids(country="KG") == []
    assert ids(min_sources=3) == ["cev-arrest"]
    assert ids(actor="quillmarsh police") == ["cev-arrest"]  # the actor's corpus entity name
    assert ids(actor="BOMB") == ["cev-blast"]  # the actor's text
    assert ids(actor="three people") == ["cev-blast"]  # the target's text
    assert ids(story="st-b") == ["cev-blast"]
    # the blast has no date of its own: its first report's date stands in
    assert ids(since="2031-06-02", until="2031-06-02") == ["cev-blast"]
    assert ids(until="2031-05-12") == ["cev-arrest"]
    with pytest.raises(StoreError, match="no story with id"):
        ids(story="zzz")


# -- corpus entities -------------------------------------------------------------------------


def test_entities_list_every_mention_of_every_member(store):
    found = {e["id"]: e for e in store.corpus_entities(limit=0)}
    assert set(found) == {"ce-oskar", "ce-lida", "ce-quill", "ce-bren", "ce-guild", "ce-police"}
    oskar = found["ce-oskar"]
    texts = [m["text"] for m in oskar["mentions"]]
    assert texts.count("Oskar Fenwright") == 4 and texts.count("Fenwright") == 1
    for m in oskar["mentions"]:
        assert ARTICLES[m["article_id"]][4][m["start"] : m["end"]] == m["text"]
    assert [m["article_id"] for m in oskar["mentions"]][:2] == ["tide-1", "tide-1"]  # arrival order, then offset
    assert found["ce-police"]["mentions"] == []
    assert [e["id"] for e in store.corpus_entities(q="fenwright")] == ["ce-oskar", "ce-lida"]
    assert [e["id"] for e in store.corpus_entities(type="gpe")] == ["ce-quill", "ce-bren"]
    assert [e["id"] for e in store.corpus_entities(since="2031-06-01", type="PERSON")] == ["ce-lida"]
    assert "mentions" not in store.corpus_entities(mentions=False)[0]


def test_entity_by_name_alias_id_and_prefix(store):
    assert store.corpus_entity("oskar fenwright")["id"] == "ce-oskar"  # exact name, any case
    assert store.corpus_entity("ce-os")["id"] == "ce-oskar"  # id prefix
    assert store.corpus_entity("Brenh")["id"] == "ce-bren"  # a substring when nothing is exact
    with pytest.raises(StoreError, match=r"'Fenwright' names 2 corpus entities: ce-oskar \(Oskar Fenwright"):
        store.corpus_entity("Fenwright")  # an alias of both
    with pytest.raises(StoreError, match="no corpus entity with id or name 'Nobody'"):
        store.corpus_entity("Nobody")


def test_entity_roles_quotes_events_and_company(store):
    oskar = store.corpus_entity("ce-oskar")
    assert [(r["title"], r["article_id"], r["date"]) for r in oskar["roles"]] == [
        ("police chief", "tide-1", "2031-05-12")
    ]
    assert [q["text"] for q in oskar["quotes"]] == ["We acted within the law,"]
    assert oskar["cooccurring"][0] == {"id": "ce-quill", "name": "Quillmarsh", "type": "GPE", "articles": 4}
    assert len(oskar["mentions"]) == 5 and oskar["aliases"] == ["Oskar Fenwright", "Fenwright"]
    lida = store.corpus_entity("Lida Fenwright")
    assert [r["date"] for r in lida["roles"]] == ["2031-06-02", "2031-06-03"]  # over time
    police = store.corpus_entity("ce-police")
    assert [(e["id"], e["role"]) for e in police["events"]] == [("cev-arrest", "actor")]
    late = store.corpus_entity("ce-lida", since="2031-06-03")
    assert [r["article_id"] for r in late["roles"]] == ["gazette-2"]
    assert {m["article_id"] for m in late["mentions"]} == {"gazette-2"}


def test_an_empty_database_reads_as_nothing(tmp_path):
    path = tmp_path / "empty.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as store:
        assert store.stories() == [] and store.corpus_events() == [] and store.corpus_entities() == []
        with pytest.raises(StoreError, match="no corpus entity"):
            store.corpus_entity("anyone")
        with pytest.raises(StoreError, match="no story"):
            store.story("s")


def test_a_database_from_before_the_corpus_layer_says_how_to_add_it(tmp_path):
    from .databases import at_version

    path = tmp_path / "v4.duckdb"
    con = at_version(path, 4)
    doc = _document("tide-1")
    con.execute("INSERT INTO analyses VALUES (?, ?)", [doc.id, json.dumps(doc.to_dict())])
    con.close()
    with Store(path, read_only=True) as store:
        for read in (store.stories, store.corpus_events, store.corpus_entities):
            with pytest.raises(
                StoreError, match=r"schema version 4\) has no corpus layer yet; `newsgraph corpus rebuild`"
            ):
                read()
        with pytest.raises(StoreError, match="no corpus layer yet"):
            store.corpus_entity("anyone")
        # its articles' events still export, each as an event of its own
        (row,) = store.export_events(tmp_path, "csv", "gdelt").read_text().splitlines()
        fields = row.split("\t")
        assert fields[-1] == ARTICLES["tide-1"][1] and fields[31:34] == ["1", "1", "1"]
