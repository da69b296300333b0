"""The corpus layer on its own: many articles of one story, the same article twice, and
arbitrary (even inconsistent) per-article records that must never stop a run."""

from __future__ import annotations

import string
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph.corpus.layer import CorpusLayer
from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Count,
    Entity,
    Event,
    Evidence,
    Mention,
    Participant,
    Place,
    Span,
)


def arrest_report(i: int, detained: int = 12) -> AnalyzedDocument:
    """One invented outlet's report of the same invented arrest, in its own words."""
    lead = (
        f"Outlet {i} reports: police in Karsvik detained {detained} dock workers on Friday, officer Belan Strode said."
    )
    # Each outlet's own wording (no two bodies are copies of each other).
    own = " ".join(f"remark{i}x{k}" for k in range(30))
    body = lead + f" The workers had blocked gate {i % 7} of the harbour for two days. {own}."
    person = Entity(
        id="ent_strode",
        name="Belan Strode",
        type="PERSON",
        mentions=[Mention(start=lead.index("Belan"), end=lead.index("Belan") + 12, text="Belan Strode")],
    )
    city = Entity(
        id="ent_karsvik",
        name="Karsvik",
        type="GPE",
        mentions=[Mention(start=lead.index("Karsvik"), end=lead.index("Karsvik") + 7, text="Karsvik")],
    )
    trigger = lead.index("detained")
    count_at = lead.index(str(detained))
    event = Event(
        id="ev0",
        type="COERCE",
        mode="arrest",
        trigger="detain",
        actor=Participant(text="police", sector="police"),
        target=Participant(text="dock workers"),
        location=Place(text="Karsvik", entity_id="ent_karsvik"),
        date="2025-03-07",
        date_precision="day",
        evidence=[Evidence(trigger=Span(trigger, trigger + 8), sentence=Span(0, len(lead)), text=lead)],
        counts=[
            Count(
                start=count_at,
                end=count_at + len(str(detained)),
                text=str(detained),
                value=float(detained),
                category="arrested",
            )
        ],
    )
    article = Article(
        id=f"r{i}",
        source=f"r{i}.txt",
        body=body,
        title=f"Karsvik police detain dock workers ({i})",
        url=f"https://outlet{i}.com/karsvik",
        published="2025-03-07",
    )
    return AnalyzedDocument(id=f"r{i}", source=f"r{i}.txt", article=article, entities=[person, city], events=[event])


def test_ten_thousand_articles_of_one_story_stay_one_story_and_one_event():
    layer = CorpusLayer()
    started = time.perf_counter()
    slowest_batch = 0.0
    for at in range(0, 10_000, 64):
        batch_started = time.perf_counter()
        for i in range(at, min(at + 64, 10_000)):
            layer.add(arrest_report(i, detained=12 if i % 10 else 14))
        changes = layer.flush()
        slowest_batch = max(slowest_batch, time.perf_counter() - batch_started)
        # A batch touches one story and one corpus event, whatever the story's size.
        assert len(changes.stories) == 1 and len(changes.events) == 1
    elapsed = time.perf_counter() - started
    (story,) = {layer.placed(f"r{i}").story_id for i in range(10_000)}
    final = layer.story(story)
    assert (final.num_articles, final.num_sources) == (10_000, 10_000)
    event = layer.events.event(changes.events[0].id)
    assert (event.num_articles, event.num_sources) == (10_000, 10_000)
    counts = [d for d in event.disagreements if d.field == "count:arrested"]
    assert counts and {c.value for c in counts[0].values} == {"12", "14"}
    assert counts[0].chosen == "12"  # nine sources in ten say 12
    # Cost per article must not grow with the story: the whole run stays far from quadratic.
    assert elapsed < 120, f"{elapsed:.0f} s for 10,000 articles of one story (slowest batch {slowest_batch:.2f} s)"


def test_the_same_article_twice_changes_nothing():
    layer = CorpusLayer()
    first = layer.add(arrest_report(1))
    changes = layer.flush()
    assert layer.add(arrest_report(1)) == first
    again = layer.flush()
    assert not again
    assert len(changes.articles) == 1 and len(layer) == 1


_text = st.text(alphabet=string.ascii_letters + " .,'\u00e9\u202e\x00-", max_size=40)
_maybe_date = st.one_of(st.none(), st.sampled_from(["2025-03-07", "2025-13-45", "", "yesterday", "2025", "2025-03"]))


@st.composite
def _documents(draw) -> AnalyzedDocument:
    body = draw(st.text(max_size=300))
    n = len(body)
    span = st.integers(min_value=-5, max_value=n + 5)
    entities = [
        Entity(
            id=draw(st.sampled_from(["e1", "e2", "e3"])) + str(k),
            name=draw(_text),
            type=draw(st.sampled_from(["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", ""])),
            mentions=[
                Mention(
                    start=draw(span), end=draw(span), text=draw(_text), kind=draw(st.sampled_from(["name", "short"]))
                )
                for _ in range(draw(st.integers(0, 3)))
            ],
            country=draw(st.one_of(st.none(), st.sampled_from(["FR", "KE", ""]))),
        )
        for k in range(draw(st.integers(0, 4)))
    ]
    events = [
        Event(
            id=f"ev{k}",
            type=draw(st.sampled_from(["COERCE", "ASSAULT", "PROTEST", ""])),
            mode=draw(st.one_of(st.none(), st.sampled_from(["arrest", "demo", ""]))),
            trigger=draw(st.one_of(st.none(), _text)),
            actor=draw(
                st.one_of(st.none(), st.builds(Participant, text=_text, entity_id=st.sampled_from([None, "e10"])))
            ),
            target=draw(st.one_of(st.none(), st.builds(Participant, text=_text))),
            location=draw(st.one_of(st.none(), st.builds(Place, text=_text))),
            date=draw(_maybe_date),
            date_precision=draw(st.sampled_from([None, "day", "month", "year", "weird"])),
            factuality=draw(st.sampled_from(["asserted", "negated", "hypothetical", "reported"])),
            evidence=[
                Evidence(trigger=Span(draw(span), draw(span)), sentence=Span(draw(span), draw(span)), text=draw(_text))
                for _ in range(draw(st.integers(0, 2)))
            ],
            counts=[
                Count(
                    start=draw(span),
                    end=draw(span),
                    text=draw(_text),
                    value=draw(st.floats(allow_nan=True, allow_infinity=True)),
                    value_max=draw(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False))),
                    qualifier=draw(st.sampled_from([None, "over", "about"])),
                    category=draw(st.sampled_from([None, "killed", "arrested", ""])),
                )
                for _ in range(draw(st.integers(0, 2)))
            ],
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    doc_id = draw(st.sampled_from(["a", "b", "c", "d", "e", "f"]))
    article = Article(
        id=doc_id,
        source="x",
        body=body,
        title=draw(st.one_of(st.none(), _text)),
        url=draw(
            st.one_of(
                st.none(), st.sampled_from(["https://a.com/x", "not a url", "", "http://[::1]/", "https://b.co.uk/"])
            )
        ),
        published=draw(_maybe_date),
    )
    return AnalyzedDocument(id=doc_id, source="x", article=article, entities=entities, events=events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_documents(), min_size=1, max_size=6))
def test_any_records_are_placed_without_error(documents):
    layer = CorpusLayer()
    for doc in documents:
        layer.add(doc)
    changes = layer.flush()
    assert len(changes.articles) == len({d.id for d in documents})
    assert {m.article_id for m in changes.members} <= {d.id for d in documents}
    assert {r.event_id for r in changes.reports} == {e.id for e in changes.events}
    for event in changes.events:
        assert event.num_mentions >= event.num_articles >= 1 and event.num_sources >= 1
