"""Quote extraction on real news text: the seed article and small newswire cases."""

from __future__ import annotations

import pytest

from newsgraph.records import Entity, Mention

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def seed_doc(nlp, seed_body):
    return nlp(seed_body)


def _quotes(nlp, text, entities=None):
    from newsgraph.annotate.quotes import extract_quotes

    return extract_quotes(nlp(text), entities or [])


def _find(quotes, fragment, kind=None):
    found = [q for q in quotes if fragment in q.text and (kind is None or q.kind == kind)]
    assert found, f"no {kind or ''} quote containing {fragment!r} in {[q.text for q in quotes]}"
    return found[0]


def test_seed_quotes_and_speakers(seed_doc):
    from newsgraph.annotate.quotes import extract_quotes

    quotes = extract_quotes(seed_doc, [])
    body = seed_doc.text
    for q in quotes:
        assert body[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert body[q.speaker_start : q.speaker_end] == q.speaker_text
        if q.cue_start is not None:
            assert body[q.cue_start : q.cue_end].lower().startswith(q.cue[0])

    terrorist = _find(quotes, "not a terrorist", "partial")
    assert terrorist.text.startswith("not a terrorist")
    assert "Tashiyev" in terrorist.speaker_text and terrorist.cue == "tell"
    citizen = _find(quotes, "an ordinary citizen, a musician, a decent man", "partial")
    assert "Tashiyev" in citizen.speaker_text and citizen.cue == "tell"

    checked = _find(quotes, "We checked through all of our channels this morning", "direct")
    assert checked.text.endswith("street marches")
    assert checked.speaker_text == "Tashiyev" and checked.cue == "say"

    for fragment in ("protect all citizens", "did not take part in the actions and are unfairly brought to justice."):
        partial = _find(quotes, fragment, "partial")
        assert "Japarov" in partial.speaker_text and partial.cue == "write"
    fight = _find(quotes, "he would fight to", "indirect")
    assert "Japarov" in fight.speaker_text and fight.cue == "write"

    criminals = _find(quotes, "criminals and terrorists", "partial")
    assert "Tokayev" in criminals.speaker_text and criminals.cue == "claim"
    attacked = _find(quotes, "the country was being attacked", "indirect")
    assert "Tokayev" in attacked.speaker_text

    # A scare quote with no speaker: the “confession” video is not a quote.
    assert not any(q.text.strip('“”" ') == "confession" for q in quotes)
    assert not any(q.kind != "indirect" and "confession" in q.text for q in quotes)
    assert len([q for q in quotes if q.kind in ("direct", "partial")]) == 6


def test_speaker_linked_to_overlapping_entity(seed_doc):
    from newsgraph.annotate.quotes import extract_quotes

    body = seed_doc.text
    start = body.index("Kamchybek Tashiyev")
    later = body.index("Tashiyev said")
    person = Entity(
        id="PERSON:tashiyev",
        name="Kamchybek Tashiyev",
        type="PERSON",
        mentions=[
            Mention(start, start + len("Kamchybek Tashiyev"), "Kamchybek Tashiyev"),
            Mention(later, later + len("Tashiyev"), "Tashiyev", kind="short"),
        ],
    )
    quotes = extract_quotes(seed_doc, [person])
    assert _find(quotes, "We checked", "direct").speaker == "PERSON:tashiyev"
    assert _find(quotes, "not a terrorist", "partial").speaker == "PERSON:tashiyev"
    assert _find(quotes, "protect all citizens", "partial").speaker is None


def test_said_x_inverted_and_colon(nlp):
    quotes = _quotes(
        nlp,
        "“We will not back down,” said Maria Lopez, the union leader.\n\nThe minister said: “The talks are over.”\n",
    )
    first = _find(quotes, "We will not back down", "direct")
    assert first.speaker_text == "Maria Lopez" and first.cue == "say"
    second = _find(quotes, "The talks are over.", "direct")
    assert second.speaker_text == "The minister"


def test_multi_paragraph_quote_and_follow_on(nlp):
    text = (
        "Smith, the mayor, spoke to reporters on Friday.\n\n"
        "“We have restored power to most homes. Crews are working through the night.\n\n"
        "“The rest will follow by Monday,” Smith said. “Nobody will be forgotten.”\n"
    )
    quotes = _quotes(nlp, text)
    long_quote = _find(quotes, "We have restored power", "direct")
    assert "The rest will follow by Monday" in long_quote.text  # one quote over two paragraphs
    assert long_quote.speaker_text == "Smith"
    follow = _find(quotes, "Nobody will be forgotten.", "direct")
    assert follow.speaker_text == "Smith"


def test_pronoun_speaker_resolved_to_preceding_person(nlp):
    text = "Jane Doe arrived late. “The vote was rigged,” she said.\n"
    doc = nlp(text)
    start = text.index("Jane Doe")
    jane = Entity(id="PERSON:jane", name="Jane Doe", type="PERSON", mentions=[Mention(start, start + 8, "Jane Doe")])
    from newsgraph.annotate.quotes import extract_quotes

    quote = _find(extract_quotes(doc, [jane]), "The vote was rigged", "direct")
    assert quote.speaker_text == "she"
    assert quote.speaker == "PERSON:jane"


def test_indirect_and_according_to(nlp):
    quotes = _quotes(
        nlp,
        "The ministry said that 40 people had been detained.\n\n"
        "According to local officials, the fire started in a warehouse.\n",
    )
    detained = _find(quotes, "40 people had been detained", "indirect")
    assert detained.speaker_text == "The ministry" and detained.cue == "say"
    assert not detained.text.startswith("that")
    fire = _find(quotes, "the fire started in a warehouse", "indirect")
    assert fire.cue == "according to" and "officials" in fire.speaker_text


def test_titles_and_scare_quotes_are_not_quotes(nlp):
    quotes = _quotes(nlp, "The film “Dark Waters” opened in cinemas last week to a “mixed” reception.\n")
    assert quotes == []


def test_straight_quotes_and_guillemets(nlp):
    quotes = _quotes(
        nlp, '"Prices will rise," the central bank warned on Tuesday.\n\n«We are staying», the mayor declared.\n'
    )
    warned = _find(quotes, "Prices will rise", "direct")
    assert warned.cue == "warn" and "central bank" in warned.speaker_text
    staying = _find(quotes, "We are staying", "direct")
    assert staying.text == "We are staying" and staying.cue == "declare"


def test_seed_speakers_link_to_pipeline_entities(seed_doc, nlp):
    """With the entities stage of the pipeline, speakers carry entity ids."""
    import newsgraph.annotate.entities as entities_module
    from newsgraph.annotate.quotes import extract_quotes

    doc = seed_doc.copy()
    entities_module.refine_entities(doc, nlp=nlp)
    entities = entities_module.extract_entities(doc)
    by_id = {e.id: e for e in entities}
    quotes = extract_quotes(doc, entities)
    checked = _find(quotes, "We checked through all of our channels", "direct")
    terrorist = _find(quotes, "not a terrorist", "partial")
    assert checked.speaker is not None and checked.speaker == terrorist.speaker
    assert "Tashiyev" in by_id[checked.speaker].name
    criminals = _find(quotes, "criminals and terrorists", "partial")
    assert criminals.speaker is not None and "Tokayev" in by_id[criminals.speaker].name
