"""Property tests: every offset an analysis writes slices the body to the text it names.

Texts are generated from a small invented vocabulary of news sentences (people,
places, organisations, numbers, dates, direct and reported speech) and run
through the whole per-document path (extraction in plain mode, then every
annotation stage). Whatever the stages find, each record that carries offsets
must satisfy the output contract: ``body[start:end]`` is its ``text``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsgraph import workers
from newsgraph.config import Settings
from newsgraph.records import AnalyzedDocument, Count, RawDocument

# Invented: no person, place or sentence here comes from a real article.
PEOPLE = ["Mara Quellin", "Tomas Brevik", "Ilse Varnow", "Oduya Kentrell", "Pell Arasco", "Jonah Whitlaw"]
TITLES = ["the mayor", "a police spokesman", "the interior minister", "a union organiser", "the governor"]
PLACES = ["Harrowgate", "Port Elvin", "Tessaly", "Brindlemoor", "the northern province", "Lake Ormsby"]
ORGS = ["the Harbour Workers Union", "the Ministry of Water", "Tessaly City Council", "the Red Crescent"]
NUMBERS = ["12", "three", "more than 200", "about 4,000", "at least 17", "dozens of", "between 30 and 40", "1,250"]
GROUPS = ["people", "protesters", "workers", "students", "residents", "farmers"]
VERBS = ["were arrested", "were killed", "were injured", "were detained", "marched", "gathered", "were evacuated"]
WHEN = [
    "on Monday",
    "on Friday night",
    "last week",
    "on 3 March 2031",
    "on June 14",
    "in 2029",
    "this morning",
    "two days ago",
    "earlier this month",
]
QUOTED = [
    "We will not back down",
    "The water is rising faster than we expected",
    "Nobody was hurt, and that is what matters",
    "This is a fair deal for everyone",
    "We need more buses, not fewer",
]
OPEN_CLOSE = [("“", "”"), ('"', '"')]


@st.composite
def sentence(draw: st.DrawFn) -> str:
    person = draw(st.sampled_from(PEOPLE))
    title = draw(st.sampled_from(TITLES))
    place = draw(st.sampled_from(PLACES))
    org = draw(st.sampled_from(ORGS))
    number = draw(st.sampled_from(NUMBERS))
    group = draw(st.sampled_from(GROUPS))
    verb = draw(st.sampled_from(VERBS))
    when = draw(st.sampled_from(WHEN))
    quoted = draw(st.sampled_from(QUOTED))
    left, right = draw(st.sampled_from(OPEN_CLOSE))
    templates = [
        f"{number} {group} {verb} in {place} {when}, {title} said.",
        f"{left}{quoted},{right} {person} said.",
        f"{left}{quoted},{right} said {person}, {title} of {place}.",
        f"{person}, {title}, told reporters {when} that {number} {group} {verb} near {place}.",
        f"Police detained {number} {group} in {place} {when}, according to {org}.",
        f"{org} said {when} that it would rebuild the bridge in {place} by 2032.",
        f"{person} said that the plan was {left}a disaster{right} for {place}.",
        f"Troops opened fire on {group} in {place} {when}, killing {number} and injuring 9, officials said.",
        f"{person} met {draw(st.sampled_from(PEOPLE))} in {place} {when} to discuss the strike.",
        f"The talks {when} ended without a deal — {title} blamed {org}.",
    ]
    return draw(st.sampled_from(templates))


@st.composite
def article(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(sentence(), min_size=1, max_size=7))
    breaks = draw(st.lists(st.sampled_from([" ", "\n\n", "\n"]), min_size=len(sentences), max_size=len(sentences)))
    return "".join(s + b for s, b in zip(sentences, breaks, strict=True)).strip() + "\n"


def analyse(text: str) -> AnalyzedDocument:
    raw = RawDocument(id="p1", source="generated.txt", format="text", content=text)
    outcome = workers.analyze_document(raw, Settings(plain=True, doc_timeout=0))
    assert isinstance(outcome, AnalyzedDocument), outcome
    return outcome


def span_errors(doc: AnalyzedDocument) -> list[str]:
    """Each record whose offsets do not slice the body to its text (or fall outside the body)."""
    body = doc.article.body
    errors: list[str] = []

    def check(what: str, start: int | None, end: int | None, text: str | None = None) -> None:
        if start is None and end is None:
            return
        if start is None or end is None or not 0 <= start < end <= len(body):
            errors.append(f"{what}: offsets {start}:{end} outside the body ({len(body)} characters)")
        elif text is not None and body[start:end] != text:
            errors.append(f"{what}: body[{start}:{end}] = {body[start:end]!r}, text {text!r}")

    def check_count(what: str, count: Count) -> None:
        check(what, count.start, count.end, count.text)

    for entity in doc.entities:
        for mention in entity.mentions:
            check(f"mention of {entity.name}", mention.start, mention.end, mention.text)
        for role in entity.roles:
            check(f"role {role.title} of {entity.name}", role.start, role.end)
    for quote in doc.quotes:
        check("quote", quote.start, quote.end, quote.text)
        check("quote speaker", quote.speaker_start, quote.speaker_end, quote.speaker_text)
        check(f"quote cue {quote.cue}", quote.cue_start, quote.cue_end)
    for count in doc.counts:
        check_count("count", count)
    for time in doc.times:
        check("time", time.start, time.end, time.text)
    for event in doc.events:
        for name in ("actor", "target"):
            participant = getattr(event, name)
            if participant is not None:
                check(f"{event.type} {name}", participant.start, participant.end, participant.text)
        for evidence in event.evidence:
            check(f"{event.type} evidence sentence", evidence.sentence.start, evidence.sentence.end, evidence.text)
            check(f"{event.type} trigger {event.trigger}", evidence.trigger.start, evidence.trigger.end)
            if not evidence.sentence.start <= evidence.trigger.start < evidence.trigger.end <= evidence.sentence.end:
                errors.append(f"{event.type} trigger {evidence.trigger} outside its sentence {evidence.sentence}")
        for count in event.counts:
            check_count(f"{event.type} count", count)
    return errors


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(article())
def test_every_span_slices_the_body_to_its_text(text: str) -> None:
    doc = analyse(text)
    assert doc.article.body.strip(), text
    assert span_errors(doc) == []


@PROPERTY
@given(article())
def test_spans_hold_when_a_long_body_is_parsed_in_pieces(text: str) -> None:
    # The parser splits long bodies into pieces and joins their Docs; offsets
    # must still be the joined body's. A small piece size makes every
    # generated article long.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(workers, "SEGMENT_CHARS", 120)
        doc = analyse(text)
    assert span_errors(doc) == []


def test_the_generated_vocabulary_exercises_every_kind_of_span() -> None:
    """One fixed article from the same vocabulary finds every kind of record the properties check."""
    text = (
        "“We will not back down,” said Mara Quellin, the mayor of Harrowgate.\n\n"
        "Police detained more than 200 protesters in Port Elvin on Monday, according to the Red Crescent.\n\n"
        "Tomas Brevik, a union organiser, told reporters last week that 12 workers were arrested near Tessaly.\n"
    )
    doc = analyse(text)
    assert doc.entities and doc.quotes and doc.counts and doc.times and doc.events
    assert any(q.speaker_start is not None and q.cue_start is not None for q in doc.quotes)
    assert any(e.evidence and (e.actor or e.target) for e in doc.events)
    assert span_errors(doc) == []


def test_span_errors_names_a_record_whose_offsets_are_off() -> None:
    doc = analyse("Police detained 12 protesters in Harrowgate on Monday, the mayor said.\n")
    time = doc.times[0]
    time.start += 1
    assert span_errors(doc) == [
        f"time: body[{time.start}:{time.end}] = {doc.article.body[time.start : time.end]!r}, text {time.text!r}"
    ]
