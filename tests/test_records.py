import json

from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Evidence,
    Mention,
    Participant,
    Quote,
    Role,
    Span,
    TimeExpression,
    content_id,
)


def sample() -> AnalyzedDocument:
    body = "Police detained 12 people in Paris on Monday, the mayor said."
    article = Article(id="abc", source="x.txt", body=body, title="T", published="2022-01-10")
    person = Entity(
        id="ent_1",
        name="Mayor",
        type="PERSON",
        mentions=[Mention(start=47, end=52, text="mayor", entity_id="ent_1", kind="descriptor")],
        roles=[Role(title="mayor", country="FR")],
    )
    event = Event(
        id="ev1",
        type="COERCE",
        mode="arrest",
        actor=Participant(text="Police", sector="police"),
        target=Participant(text="12 people"),
        evidence=[Evidence(trigger=Span(7, 15), sentence=Span(0, len(body)), text=body)],
        counts=[Count(start=16, end=25, text="12 people", value=12, unit="people", action="detain")],
    )
    return AnalyzedDocument(
        id="abc",
        source="x.txt",
        article=article,
        entities=[person],
        quotes=[Quote(start=0, end=45, text=body[:45], kind="indirect", cue="say")],
        events=[event],
        counts=list(event.counts),
        times=[TimeExpression(start=35, end=44, text="on Monday", type="DATE", value="2022-01-10")],
    )


def test_round_trip_through_json_keeps_nested_records():
    doc = sample()
    again = AnalyzedDocument.from_dict(json.loads(json.dumps(doc.to_dict())))
    assert again == doc
    assert isinstance(again.events[0].evidence[0].trigger, Span)
    assert again.entities[0].roles[0].country == "FR"


def test_offsets_point_at_evidence():
    doc = sample()
    body = doc.article.body
    ev = doc.events[0].evidence[0]
    assert body[ev.trigger.start : ev.trigger.end] == "detained"
    assert body[doc.times[0].start : doc.times[0].end] == "on Monday"


def test_output_contract_keys():
    out = sample().to_output()
    for key in (
        "id",
        "source",
        "url",
        "title",
        "subtitle",
        "authors",
        "published",
        "language",
        "body",
        "entities",
        "quotes",
        "events",
        "counts",
        "times",
    ):
        assert key in out
    assert out["events"][0]["actor"]["sector"] == "police"


def test_content_id_depends_only_on_bytes():
    assert content_id(b"same") == content_id(b"same")
    assert content_id(b"same") != content_id(b"same ")
    assert len(content_id(b"x")) == 16


def test_from_dict_reads_what_older_versions_wrote():
    # unknown keys are ignored, missing ones take their default, and a value
    # outside today's vocabulary is kept rather than refused
    data = sample().to_dict()
    data["quotes"][0]["kind"] = "paraphrase"
    data["quotes"][0]["confidence"] = 0.5
    del data["events"][0]["factuality"]
    again = AnalyzedDocument.from_dict(data)
    assert again.quotes[0].kind == "paraphrase" and again.events[0].factuality == "asserted"
    assert isinstance(again.events[0].actor, Participant) and isinstance(again.entities[0].mentions[0], Mention)
