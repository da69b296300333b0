"""Cross-document event merging on invented multi-article corpora (records built by hand, no parse)."""

from __future__ import annotations

import time

from newsgraph.corpus.events import (
    EventMerger,
    MergeParams,
    corpus_event_id,
    dates_compatible,
    parse_date,
    trigger_family,
)
from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Evidence,
    Participant,
    Place,
    Span,
)

STORY = "s-arrest"


def arrest_doc(
    article_id: str,
    *,
    detained: tuple[int, str, str | None] | None = (5, "five activists", None),
    factuality: str = "asserted",
    published: str = "2031-04-02",
    date: str | None = "2031-04-01",
    precision: str | None = "day",
    place: str = "Velmora",
    event_type: str = "COERCE",
    mode: str | None = "arrest",
    trigger: str = "detain",
    tellings: int = 1,
    event_id: str = "ev1",
    actor: Participant | None = None,
    target: Participant | None = None,
) -> AnalyzedDocument:
    """An article telling that police in Velmora detained activists (invented)."""
    sentence = f"Police in {place} detained activists on Tuesday, the {article_id} desk reports."
    body = sentence + " " + sentence
    counts = []
    if detained is not None:
        value, text, qualifier = detained
        start = body.find("activists")
        counts.append(
            Count(start=start, end=start + 9, text=text, value=value, qualifier=qualifier, category="arrested")
        )
    trigger_at = body.find("detained")
    evidence = [
        Evidence(
            trigger=Span(trigger_at + k * (len(sentence) + 1), trigger_at + 8 + k * (len(sentence) + 1)),
            sentence=Span(k * (len(sentence) + 1), len(sentence) + k * (len(sentence) + 1)),
            text=sentence,
        )
        for k in range(tellings)
    ]
    event = Event(
        id=event_id,
        type=event_type,
        mode=mode,
        trigger=trigger,
        actor=actor or Participant(text="Police", sector="police", country="VL"),
        target=target or Participant(text="activists", sector="civilians"),
        location=Place(text=place, entity_id="ent_place", country="VL", latitude=45.0, longitude=20.0),
        date=date,
        date_precision=precision,
        factuality=factuality,  # type: ignore[arg-type]
        evidence=evidence,
        counts=counts,
    )
    article = Article(id=article_id, source=article_id, body=body, title=f"Arrests in {place}", published=published)
    entity = Entity(id="ent_place", name=place, type="GPE", country="VL", feature="city")
    return AnalyzedDocument(id=article_id, source=article_id, article=article, entities=[entity], events=[event])


def add(merger: EventMerger, doc: AnalyzedDocument, source: str, seq: int, story: str = STORY):
    return merger.add(doc, story_id=story, members={}, site=source, independent_source=source, seq=seq)


def three_outlets() -> tuple[EventMerger, list]:
    merger = EventMerger()
    reports = []
    reports += add(merger, arrest_doc("a1", detained=(5, "five activists", None)), "northpost.example", 0)
    reports += add(
        merger, arrest_doc("a2", detained=(7, "seven activists", None), tellings=2), "daily-lumen.example", 1
    )
    reports += add(
        merger, arrest_doc("a3", detained=(5, "5 protesters", None), published="2031-04-03"), "kestrel.example", 2
    )
    # A syndicated copy of a1: another article, the same independent source.
    reports += merger.add(
        arrest_doc("a1-copy"),
        story_id=STORY,
        members={},
        site="mirror.example",
        independent_source="northpost.example",
        seq=3,
    )
    return merger, reports


def test_outlets_telling_one_arrest_make_one_corpus_event_with_a_count_disagreement() -> None:
    merger, reports = three_outlets()
    assert len(merger) == 1
    event_id = reports[0].event_id
    assert {r.event_id for r in reports} == {event_id}
    assert event_id == corpus_event_id("a1", "ev1")
    event = merger.event(event_id)
    assert (event.num_mentions, event.num_articles, event.num_sources) == (5, 4, 3)
    assert (event.first_reported, event.last_reported) == ("2031-04-02", "2031-04-03")
    assert (event.type, event.mode, event.trigger, event.place, event.country) == (
        "COERCE",
        "arrest",
        "detain",
        "Velmora",
        "VL",
    )
    assert (event.date, event.date_precision, event.factuality) == ("2031-04-01", "day", "asserted")
    # Five is given by two independent sources, seven by one.
    assert [(c.value, c.sources) for c in event.counts] == [("5", ["northpost.example", "kestrel.example"])]
    (disagreement,) = [d for d in event.disagreements if d.field == "count:arrested"]
    assert disagreement.chosen == "5"
    assert "independent sources" in disagreement.rule
    by_value = {c.value: c for c in disagreement.values}
    assert set(by_value) == {"5", "7"}
    assert by_value["7"].text == ["seven activists"]
    assert by_value["7"].articles == ["a2"] and by_value["7"].sources == ["daily-lumen.example"]
    assert by_value["5"].articles == ["a1", "a3", "a1-copy"]
    assert by_value["5"].text == ["five activists", "5 protesters"]
    doc = arrest_doc("a2")
    span = by_value["7"].evidence[0]
    assert doc.article.body[span.start : span.end] == "activists"
    assert [d.field for d in event.disagreements] == ["count:arrested"]


def test_one_report_per_telling_with_its_spans() -> None:
    merger, reports = three_outlets()
    second = [r for r in reports if r.article_id == "a2"]
    assert [r.n for r in second] == [0, 1]
    body = arrest_doc("a2", tellings=2).article.body
    for r in second:
        assert body[r.trigger_start : r.trigger_end] == "detained"
        assert body[r.sentence_start : r.sentence_end].startswith("Police in Velmora")
        assert (r.source, r.independent_source, r.reported, r.place, r.date) == (
            "daily-lumen.example",
            "daily-lumen.example",
            "2031-04-02",
            "Velmora",
            "2031-04-01",
        )
    assert merger.reports(second[0].event_id)[1:3] == second


def test_hedged_counts_are_different_values_kept_with_their_words() -> None:
    merger = EventMerger()
    add(merger, arrest_doc("h1", detained=(5000, "over 5,000 people", "over")), "one.example", 0)
    add(merger, arrest_doc("h2", detained=(1000, "thousands", "at least")), "two.example", 1)
    event = merger.event(merger.ids()[0])
    (disagreement,) = event.disagreements
    assert [(c.value, c.text) for c in disagreement.values] == [
        ("over 5000", ["over 5,000 people"]),
        ("at least 1000", ["thousands"]),
    ]
    # One source each: the first reported wins the tie.
    assert disagreement.chosen == "over 5000"


def test_a_denial_makes_the_event_contested_with_both_sides_linked() -> None:
    merger, _ = three_outlets()
    add(merger, arrest_doc("d1", detained=None, factuality="negated"), "ministry.example", 4)
    assert len(merger) == 1
    event = merger.event(merger.ids()[0])
    assert event.factuality == "contested"
    (disagreement,) = [d for d in event.disagreements if d.field == "factuality"]
    assert disagreement.chosen == "contested"
    sides = {c.value: c for c in disagreement.values}
    assert sides["negated"].articles == ["d1"] and sides["negated"].sources == ["ministry.example"]
    assert sides["asserted"].articles == ["a1", "a2", "a3", "a1-copy"]
    assert all(len(c.evidence) == len(c.articles) for c in disagreement.values)


def test_factuality_without_a_denial_is_the_majority() -> None:
    merger = EventMerger()
    add(merger, arrest_doc("r1", factuality="reported"), "one.example", 0)
    add(merger, arrest_doc("r2", factuality="reported"), "two.example", 1)
    add(merger, arrest_doc("r3", factuality="asserted"), "three.example", 2)
    event = merger.event(merger.ids()[0])
    assert event.factuality == "reported"
    assert not [d for d in event.disagreements if d.field == "factuality"]


def test_two_protests_far_apart_in_one_story_stay_two() -> None:
    merger = EventMerger()
    first = arrest_doc("p1", event_type="PROTEST", mode="demonstrate", trigger="protest", date="2031-04-01")
    second = arrest_doc("p2", event_type="PROTEST", mode="demonstrate", trigger="protest", date="2031-06-20")
    third = arrest_doc("p3", event_type="PROTEST", mode="demonstrate", trigger="rally", date="2031-04-02")
    ids = [add(merger, d, f"o{i}.example", i)[0].event_id for i, d in enumerate((first, second, third))]
    assert ids[0] != ids[1]
    assert ids[2] == ids[0]  # "rally" and "protest" are one trigger family, a day apart


def test_words_for_one_legal_act_or_one_blast_are_one_family() -> None:
    # An indictment told as "charged" by one outlet and "accused" by another is one act.
    assert trigger_family("charge") == trigger_family("accuse") == trigger_family("indictment")
    assert trigger_family("explosion") == trigger_family("blast") == trigger_family("detonate")
    assert trigger_family("seizure") == trigger_family("confiscate")
    assert trigger_family("charge") != trigger_family("arrest")
    assert trigger_family("explosion") != trigger_family("fire")
    merger = EventMerger()
    a = add(merger, arrest_doc("l1", event_type="ACCUSE", mode=None, trigger="charge"), "one.example", 0)
    b = add(merger, arrest_doc("l2", event_type="ACCUSE", mode=None, trigger="accuse"), "two.example", 1)
    c = add(merger, arrest_doc("l3", event_type="ACCUSE", mode=None, trigger="criticize"), "three.example", 2)
    assert a[0].event_id == b[0].event_id != c[0].event_id


def test_a_verb_and_its_ing_noun_or_other_spelling_are_one_family() -> None:
    assert trigger_family("stabbing") == trigger_family("stab")
    assert trigger_family("picketing") == trigger_family("picket")
    assert trigger_family("sabotaging") == trigger_family("sabotage")
    assert trigger_family("apologise") == trigger_family("apologize") == trigger_family("apologising")
    assert trigger_family("stab") != trigger_family("stamp")
    assert trigger_family("shooting") != trigger_family("shoot")  # the table wins: the attack, not the hit
    assert trigger_family("gun down") == trigger_family("shoot dead") == trigger_family("shoot")
    merger = EventMerger()
    kinds = ("PROTEST", "picket")
    a = add(merger, arrest_doc("g1", event_type=kinds[0], mode=None, trigger="picketing"), "one.example", 0)
    b = add(merger, arrest_doc("g2", event_type=kinds[0], mode=None, trigger="picket"), "two.example", 1)
    assert a[0].event_id == b[0].event_id


def test_different_types_and_conflicting_modes_never_merge() -> None:
    merger = EventMerger()
    a = add(merger, arrest_doc("t1"), "one.example", 0)[0].event_id
    b = add(merger, arrest_doc("t2", event_type="ASSAULT", mode="beat", trigger="detain"), "two.example", 1)[0].event_id
    c = add(merger, arrest_doc("t3", mode="expel"), "three.example", 2)[0].event_id
    d = add(merger, arrest_doc("t4", mode=None), "four.example", 3)[0].event_id
    assert len({a, b, c}) == 3
    assert d in {a, c}  # a missing mode is compatible


def test_modes_stating_the_act_and_the_means_can_be_one_event() -> None:
    merger = EventMerger()
    shot = dict(event_type="ASSAULT", trigger="kill", detained=None)
    a = add(merger, arrest_doc("m1", mode="targeted", **shot), "one.example", 0)[0].event_id
    b = add(merger, arrest_doc("m2", mode="firearms", **shot), "two.example", 1)[0].event_id
    c = add(merger, arrest_doc("m3", mode="explosives", **shot), "three.example", 2)[0].event_id
    assert a == b  # a targeted killing told by its means
    assert c != a  # firearms and explosives are two means: two events


def test_other_stories_are_never_candidates() -> None:
    merger = EventMerger()
    a = add(merger, arrest_doc("x1"), "one.example", 0, story="s1")[0].event_id
    b = add(merger, arrest_doc("x2"), "two.example", 1, story="s2")[0].event_id
    assert a != b and merger.candidates_seen == 0


def test_participants_and_places_must_agree() -> None:
    merger = EventMerger()
    base = add(merger, arrest_doc("q1"), "one.example", 0)[0].event_id
    # Soldiers of another country, not the police: a conflicting actor. One conflicting value is
    # taken for an extraction slip; a second one (a date eight days off) makes it another event.
    soldiers = Participant(text="Soldiers", sector="military", country="RX")
    later = arrest_doc("q2", actor=soldiers, date="2031-04-09")
    assert add(merger, later, "two.example", 1)[0].event_id != base
    slip = EventMerger()
    first_police = add(slip, arrest_doc("q2a"), "one.example", 0)[0].event_id
    assert add(slip, arrest_doc("q2b", actor=soldiers), "two.example", 1)[0].event_id == first_police
    # Sector labels alone are not compared (too noisy to separate events).
    guards = Participant(text="Guards", sector="military", country="VL")
    assert add(slip, arrest_doc("q2c", actor=guards, date="2031-04-09"), "five.example", 3)[0].event_id == first_police
    # A named target that shares no word with the named target of another event.
    named = arrest_doc("q3", target=Participant(text="Tomas Ferrow", entity_id="ent_tf"))
    other = arrest_doc("q4", target=Participant(text="Lidia Marsh", entity_id="ent_lm"))
    same = arrest_doc("q5", target=Participant(text="Ferrow", entity_id="ent_f"))
    m2 = EventMerger()
    first = add(m2, named, "a.example", 0)[0].event_id
    assert add(m2, other, "b.example", 1)[0].event_id != first
    assert add(m2, same, "c.example", 2)[0].event_id == first
    # Another city 900 km away in the same country, reported a week later.
    far = arrest_doc("q6", date="2031-04-09")
    far.events[0].location = Place(text="Ostrava Nova", country="VL", latitude=53.0, longitude=20.0)
    assert add(merger, far, "three.example", 3)[0].event_id != base
    near_date = arrest_doc("q7")
    near_date.events[0].location = far.events[0].location
    assert add(slip, near_date, "four.example", 2)[0].event_id == first_police
    # Corpus entities decide when known: the same corpus entity under another name joins.
    m3 = EventMerger()
    one = arrest_doc("c1", target=Participant(text="Tomas Ferrow", entity_id="ent_1"))
    two = arrest_doc("c2", target=Participant(text="T. F.", entity_id="ent_2"))
    three = arrest_doc("c3", target=Participant(text="Tomas Ferrow", entity_id="ent_3"))
    e1 = m3.add(one, story_id=STORY, members={"ent_1": "ce_tf"}, site=None, independent_source="a", seq=0)
    e2 = m3.add(two, story_id=STORY, members={"ent_2": "ce_tf"}, site=None, independent_source="b", seq=1)
    e3 = m3.add(three, story_id=STORY, members={"ent_3": "ce_other"}, site=None, independent_source="c", seq=2)
    assert e1[0].event_id == e2[0].event_id != e3[0].event_id
    assert m3.event(e1[0].event_id).target == "ce_tf"


def test_dates_and_places_that_differ_are_disagreements() -> None:
    merger = EventMerger()
    add(merger, arrest_doc("g1", date="2031-04-01"), "one.example", 0)
    add(merger, arrest_doc("g2", date="2031-04-01"), "two.example", 1)
    add(merger, arrest_doc("g3", date="2031-03-31"), "three.example", 2)
    near = arrest_doc("g4", date=None)
    near.events[0].location = Place(text="Velmora Harbour", country="VL", latitude=45.05, longitude=20.02)
    add(merger, near, "four.example", 3)
    assert len(merger) == 1
    event = merger.event(merger.ids()[0])
    fields = {d.field: d for d in event.disagreements}
    assert set(fields) == {"date", "place"}
    assert fields["date"].chosen == "2031-04-01" and event.date == "2031-04-01"
    assert [c.value for c in fields["date"].values] == ["2031-04-01", "2031-03-31"]
    assert fields["date"].values[1].articles == ["g3"]
    assert fields["place"].chosen == "Velmora" == event.place
    assert [c.value for c in fields["place"].values] == ["Velmora", "Velmora Harbour"]


def test_a_publication_day_stands_in_for_an_unstated_date() -> None:
    merger = EventMerger()
    a = add(merger, arrest_doc("u1", date="2031-04-05", precision="publication"), "one.example", 0)[0].event_id
    b = add(merger, arrest_doc("u2", date="2031-04-01"), "two.example", 1)[0].event_id
    c = add(merger, arrest_doc("u3", date="2031-06-20"), "three.example", 2)[0].event_id
    assert a == b != c
    event = merger.event(a)
    assert (event.date, event.date_precision) == ("2031-04-01", "day")
    assert not event.disagreements


def test_date_compatibility_scales_with_precision() -> None:
    day, month = parse_date("2031-04-01"), parse_date("2031-04", "month")
    assert dates_compatible(day, parse_date("2031-04-05"), 7, 7)
    assert not dates_compatible(day, parse_date("2031-05-01"), 7, 7)
    assert dates_compatible(day, month, 7, 7) and dates_compatible(day, None, 7, 7)
    assert not dates_compatible(day, parse_date("2031-06", "month"), 7, 7, coarse=True)
    assert parse_date("2031-W14") is None and parse_date("spring") is None


def test_the_same_article_twice_returns_the_same_and_changes_nothing() -> None:
    merger, _ = three_outlets()
    before = {i: merger.event(i) for i in merger.ids()}
    again = add(merger, arrest_doc("a2", detained=(9, "nine", None)), "daily-lumen.example", 9)
    assert [r.article_id for r in again] == ["a2", "a2"]
    assert {i: merger.event(i) for i in merger.ids()} == before
    first = EventMerger()
    r1 = add(first, arrest_doc("z"), "one.example", 0)
    assert add(first, arrest_doc("z"), "one.example", 0) == r1


def test_same_input_same_order_gives_the_same_events() -> None:
    def run() -> list:
        merger = EventMerger()
        docs = [
            arrest_doc("k1"),
            arrest_doc("k2", event_type="PROTEST", mode=None, trigger="protest"),
            arrest_doc("k3", date="2031-06-01"),
            arrest_doc("k4", detained=(8, "eight", None)),
        ]
        for i, d in enumerate(docs):
            add(merger, d, f"o{i}.example", i)
        return [(merger.event(i).to_dict(), [r.to_dict() for r in merger.reports(i)]) for i in merger.ids()]

    assert run() == run()


def test_an_event_without_evidence_gives_one_report_without_spans() -> None:
    merger = EventMerger()
    doc = arrest_doc("n1")
    doc.events[0].evidence = []
    (report,) = add(merger, doc, "one.example", 0)
    assert (report.n, report.trigger_start, report.sentence_start, report.sentence_end) == (0, None, None, None)
    event = merger.event(report.event_id)
    assert event.num_mentions == 1 and event.counts[0].value == "5"
    add(merger, arrest_doc("n2", detained=(6, "six", None)), "two.example", 1)
    (disagreement,) = merger.event(report.event_id).disagreements
    assert len(disagreement.values[0].evidence) == len(disagreement.values[0].articles) == 1


def test_articles_without_events_or_dates_or_places() -> None:
    merger = EventMerger()
    empty = arrest_doc("e0")
    empty.events = []
    assert add(merger, empty, "one.example", 0) == []
    bare = arrest_doc("e1", date=None, detained=None, published="")
    bare.events[0].location = None
    bare.events[0].actor = bare.events[0].target = None
    (report,) = add(merger, bare, "two.example", 1)
    event = merger.event(report.event_id)
    assert (event.date, event.place, event.first_reported, event.counts, event.disagreements) == (
        None,
        None,
        None,
        [],
        [],
    )


def test_ten_thousand_articles_of_one_story_stay_bounded() -> None:
    params = MergeParams(max_candidates=16)
    merger = EventMerger(params)
    started = time.perf_counter()
    worst = 0
    for i in range(10_000):
        # Every article a different arrest (a distinct named target), so corpus events pile up.
        doc = arrest_doc(f"big{i}", target=Participant(text=f"Person{i} Surname{i}", entity_id=f"ent_p{i}"))
        add(merger, doc, f"site{i % 50}.example", i)
        worst = max(worst, merger.candidates_seen)
    assert len(merger) == 10_000
    assert worst <= params.max_candidates
    assert time.perf_counter() - started < 30
    # The same story told 10,000 times merges into one event.
    one = EventMerger()
    for i in range(10_000):
        add(one, arrest_doc(f"same{i}"), f"site{i % 50}.example", i)
    (event_id,) = one.ids()
    event = one.event(event_id)
    assert (event.num_articles, event.num_sources) == (10_000, 50)


def test_records_read_back_with_missing_values_are_taken_as_unknown() -> None:
    merger = EventMerger()
    doc = arrest_doc("b1")
    data = doc.to_output()
    data["events"][0]["counts"][0]["value"] = None  # a count an older version stored without its value
    data["events"][0]["evidence"][0]["trigger"] = None
    data["events"][0]["date"] = "20XX-04-01"
    read = AnalyzedDocument.from_output(data)
    (report,) = add(merger, read, "one.example", 0)
    assert report.trigger_start is None and report.sentence_start is not None
    event = merger.event(report.event_id)
    assert event.counts == [] and event.date == "20XX-04-01"
