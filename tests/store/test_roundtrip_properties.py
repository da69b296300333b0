"""Property tests: generated analysed documents round-trip through JSON and through the store."""

import dataclasses
import json
from typing import get_args

from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Evidence,
    Factuality,
    Flag,
    Mention,
    MentionKind,
    Participant,
    Place,
    Precision,
    Quote,
    QuoteKind,
    Role,
    Span,
    TimeExpression,
    TimeType,
)
from newsgraph.store import Store

# Text as decoding leaves it: no lone surrogates or control characters but the line break.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n"), max_size=40)
WORD = st.text("abcdefghij-_0123456789", min_size=1, max_size=12)
MAYBE = lambda strategy: st.none() | strategy  # noqa: E731
NUMBER = st.floats(allow_nan=False, allow_infinity=False, width=64)
SMALL = st.integers(min_value=0, max_value=10_000)


def vocabulary(literal) -> st.SearchStrategy:
    return st.sampled_from(get_args(literal))


@st.composite
def spans(draw, body: str) -> tuple[int, int, str]:
    start = draw(st.integers(0, len(body)))
    end = draw(st.integers(start, len(body)))
    return start, end, body[start:end]


@st.composite
def entities(draw, body: str, entity_id: str) -> Entity:
    mentions = []
    for _ in range(draw(st.integers(0, 3))):
        start, end, text = draw(spans(body))
        mentions.append(
            Mention(start, end, text, entity_id=draw(MAYBE(st.just(entity_id))), kind=draw(vocabulary(MentionKind)))
        )
    roles = [
        Role(title=draw(TEXT), organization=draw(MAYBE(TEXT)), country=draw(MAYBE(WORD)), start=s, end=e)
        for s, e, _ in draw(st.lists(spans(body), max_size=2))
    ]
    return Entity(
        id=entity_id,
        name=draw(TEXT),
        type=draw(st.sampled_from(["PERSON", "ORG", "GPE", "LOC"])),
        aliases=draw(st.lists(TEXT, max_size=3, unique=True)),
        mentions=mentions,
        roles=roles,
        country=draw(MAYBE(WORD)),
        latitude=draw(MAYBE(NUMBER)),
        longitude=draw(MAYBE(NUMBER)),
        feature=draw(MAYBE(WORD)),
    )


@st.composite
def counts(draw, body: str) -> Count:
    start, end, text = draw(spans(body))
    return Count(
        start,
        end,
        text,
        value=draw(NUMBER),
        value_max=draw(MAYBE(NUMBER)),
        qualifier=draw(MAYBE(TEXT)),
        unit=draw(MAYBE(TEXT)),
        action=draw(MAYBE(WORD)),
        category=draw(MAYBE(WORD)),
    )


@st.composite
def quotes(draw, body: str) -> Quote:
    start, end, text = draw(spans(body))
    s_start, s_end, s_text = draw(spans(body))
    c_start, c_end, _ = draw(spans(body))
    speaker = draw(st.booleans())
    return Quote(
        start,
        end,
        text,
        kind=draw(vocabulary(QuoteKind)),
        speaker=draw(MAYBE(WORD)) if speaker else None,
        speaker_text=s_text if speaker else None,
        speaker_start=s_start if speaker else None,
        speaker_end=s_end if speaker else None,
        cue=draw(MAYBE(WORD)),
        cue_start=c_start,
        cue_end=c_end,
    )


@st.composite
def times(draw, body: str) -> TimeExpression:
    start, end, text = draw(spans(body))
    return TimeExpression(
        start, end, text, type=draw(vocabulary(TimeType)), value=draw(MAYBE(WORD)), granularity=draw(MAYBE(WORD))
    )


@st.composite
def participants(draw, body: str) -> Participant:
    start, end, text = draw(spans(body))
    return Participant(
        text, entity_id=draw(MAYBE(WORD)), country=draw(MAYBE(WORD)), sector=draw(MAYBE(WORD)), start=start, end=end
    )


@st.composite
def events(draw, body: str, event_id: str) -> Event:
    evidence = []
    for _ in range(draw(st.integers(0, 2))):
        t_start, t_end, _ = draw(spans(body))
        s_start, s_end, sentence = draw(spans(body))
        evidence.append(Evidence(Span(t_start, t_end), Span(s_start, s_end), sentence))
    place = None
    if draw(st.booleans()):
        place = Place(draw(TEXT), draw(MAYBE(WORD)), draw(MAYBE(WORD)), draw(MAYBE(NUMBER)), draw(MAYBE(NUMBER)))
    return Event(
        id=event_id,
        type=draw(st.sampled_from(["PROTEST", "COERCE", "ASSAULT"])),
        mode=draw(MAYBE(WORD)),
        context=draw(st.lists(WORD, max_size=2)),
        trigger=draw(MAYBE(WORD)),
        actor=draw(MAYBE(participants(body))),
        target=draw(MAYBE(participants(body))),
        location=place,
        date=draw(MAYBE(WORD)),
        date_precision=draw(MAYBE(WORD)),
        factuality=draw(vocabulary(Factuality)),
        reported_by=draw(MAYBE(TEXT)),
        evidence=evidence,
        counts=draw(st.lists(counts(body), max_size=2)),
        cameo=draw(MAYBE(WORD)),
        acled=draw(MAYBE(TEXT)),
    )


@st.composite
def documents(draw) -> AnalyzedDocument:
    body = draw(TEXT)
    doc_id, source = draw(WORD), draw(TEXT)
    article = Article(
        id=doc_id,
        source=source,
        body=body,
        title=draw(MAYBE(TEXT)),
        subtitle=draw(MAYBE(TEXT)),
        authors=draw(st.lists(TEXT, max_size=2)),
        published=draw(MAYBE(WORD)),
        published_precision=draw(MAYBE(vocabulary(Precision))),
        language=draw(MAYBE(WORD)),
        url=draw(MAYBE(TEXT)),
        site=draw(MAYBE(TEXT)),
        methods=draw(st.dictionaries(WORD, WORD, max_size=2)),
        flags=draw(st.lists(vocabulary(Flag), max_size=2, unique=True)),
        content_hash=draw(MAYBE(WORD)),
    )
    entity_ids = draw(st.lists(WORD, max_size=3, unique=True))
    event_ids = draw(st.lists(WORD, max_size=2, unique=True))
    return AnalyzedDocument(
        id=doc_id,
        source=source,
        article=article,
        entities=[draw(entities(body, f"ent_{i}")) for i in entity_ids],
        quotes=draw(st.lists(quotes(body), max_size=2)),
        events=[draw(events(body, i)) for i in event_ids],
        counts=draw(st.lists(counts(body), max_size=2)),
        times=draw(st.lists(times(body), max_size=2)),
    )


FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(documents())
def test_documents_round_trip_through_json(doc):
    again = AnalyzedDocument.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert again == doc
    # The output contract leaves out only the article's content hash.
    expected = dataclasses.replace(doc, article=dataclasses.replace(doc.article, content_hash=None))
    assert AnalyzedDocument.from_output(json.loads(json.dumps(doc.to_output()))) == expected


@FEW
@given(st.lists(documents(), min_size=1, max_size=3, unique_by=lambda d: d.id))
def test_documents_round_trip_through_the_store(docs):
    with Store(":memory:") as store:
        result = store.write_batch(docs)
        assert result.stored == [d.id for d in docs]
        for d in docs:
            assert store.get(d.id) == d
            # the flat tables hold the same values, column by column
            rows = store.con.execute(
                "SELECT * EXCLUDE (article_id, n) FROM quotes WHERE article_id = ? ORDER BY n", [d.id]
            ).fetchall()
            assert rows == [dataclasses.astuple(q) for q in d.quotes]
            title, authors, flags, content_hash = store.con.execute(
                "SELECT title, authors, flags, content_hash FROM articles WHERE id = ?", [d.id]
            ).fetchone()
            assert (title, authors, flags, content_hash) == (
                d.article.title,
                d.article.authors,
                d.article.flags,
                d.article.content_hash,
            )
        assert sorted(a.id for a in store.articles(limit=10)) == sorted(d.id for d in docs)
        assert store.count("quotes") == sum(len(d.quotes) for d in docs)
        assert store.count("events") == sum(len(d.events) for d in docs)
