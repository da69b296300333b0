"""Reported attitudes and reporting nouns: beliefs, intentions, stances and
topics as indirect quotes with source, cue and content (invented sentences)."""

from __future__ import annotations

import pytest

from newsgraph.records import Entity, Mention

spacy = pytest.importorskip("spacy")


def _quotes(nlp, text, entities=None):
    from newsgraph.annotate.quotes import extract_quotes

    return extract_quotes(nlp(text), entities or [])


def _indirect(quotes, fragment, cue=None):
    found = [q for q in quotes if q.kind == "indirect" and fragment in q.text and cue in (None, q.cue)]
    assert found, f"no indirect quote containing {fragment!r} in {[(q.kind, q.text) for q in quotes]}"
    return found[0]


def _check_spans(text, quote):
    assert text[quote.start : quote.end] == quote.text
    assert text[quote.speaker_start : quote.speaker_end] == quote.speaker_text
    assert quote.cue_start is not None and text[quote.cue_start : quote.cue_end]


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        # cognition: a clause after a verb of belief or evidence
        (
            "Harbour officials believe the old pier is unsafe for ferries.",
            "the old pier is unsafe",
            "Harbour officials",
            "believe",
        ),
        (
            "A survey of bakers shows most shops will raise bread prices.",
            "most shops will raise bread prices",
            "A survey",
            "show",
        ),
        # intention: an infinitive
        (
            "The mayor of Lindfield plans to double parking fees next spring.",
            "to double parking fees",
            "The mayor",
            "plan",
        ),
        ("Councillor Rhea Vance refused to sign the budget on Tuesday.", "to sign the budget", "Rhea Vance", "refuse"),
        # the tagger lemmatises "hoping" as "hop"
        ("The union is hoping to reopen the mill by autumn.", "to reopen the mill", "The union", "hope"),
        # stance: the direct object
        (
            "Senator Odile Marsh opposed the coastal pipeline in committee.",
            "the coastal pipeline",
            "Odile Marsh",
            "oppose",
        ),
        ("The farmers' league endorsed the water levy.", "the water levy", "The farmers' league", "endorse"),
        # topic: a prepositional object
        ("The governor spoke about the drought for an hour.", "the drought", "The governor", "speak"),
        ("Teachers called for smaller classes.", "smaller classes", "Teachers", "call"),
        # a label with its object
        ("The senator called the toll road a disgrace.", "the toll road a disgrace", "The senator", "call"),
        (
            "Auditor Pia Lund questioned whether the figures were right.",
            "whether the figures were right",
            "Pia Lund",
            "question",
        ),
        ("Forecasters see a mild winter ahead.", "a mild winter", "Forecasters", "see"),
    ],
)
def test_verb_frames(nlp, text, content, speaker, cue):
    quote = _indirect(_quotes(nlp, text), content)
    assert speaker in quote.speaker_text
    assert quote.cue == cue
    _check_spans(text, quote)


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("She made the claim that the count was rigged.", "the count was rigged", "She", "claim"),
        (
            "The council's plan to close the branch library angered parents.",
            "to close the branch library",
            "The council",
            "plan",
        ),
        ("The mayor expressed support for the night market.", "the night market", "The mayor", "support"),
        ("Dutch opposition to the canal toll grew over the summer.", "the canal toll", "Dutch", "opposition"),
    ],
)
def test_reporting_nouns(nlp, text, content, speaker, cue):
    quote = _indirect(_quotes(nlp, text), content, cue)
    assert speaker in quote.speaker_text
    assert quote.cue == cue
    _check_spans(text, quote)


@pytest.mark.parametrize(
    ("text", "content", "speaker", "cue"),
    [
        ("The mayor is critical of the harbour plan.", "the harbour plan", "The mayor", "critical"),
        ("Engineers are confident that the dam will hold.", "the dam will hold", "Engineers", "confident"),
        ("The union was eager to end the strike.", "to end the strike", "The union", "eager"),
    ],
)
def test_attitude_adjectives(nlp, text, content, speaker, cue):
    quote = _indirect(_quotes(nlp, text), content, cue)
    assert speaker in quote.speaker_text
    assert quote.text == content
    _check_spans(text, quote)


def test_attitude_adjective_before_a_noun_is_no_attribution(nlp):
    text = "Critical readers wrote to the paper."
    assert [q for q in _quotes(nlp, text) if q.kind == "indirect"] == []


@pytest.mark.parametrize(
    "text",
    [
        # a noun with no source named: nobody's claim to attribute
        "The report that came out on Monday was long.",
        # an ordinary transitive verb carries no attributed content
        "The ferry carried forty cars across the bay.",
        # "it" points back to something said elsewhere
        "The board rejected it.",
    ],
)
def test_no_attribution_without_frame_or_source(nlp, text):
    assert [q for q in _quotes(nlp, text) if q.kind == "indirect"] == []


def test_attitude_speaker_links_to_entity(nlp):
    text = "Mara Quill criticized the harbour tax. She wants to scrap it."
    mara = Entity(
        id="PERSON:mara-quill",
        name="Mara Quill",
        type="PERSON",
        mentions=[Mention(0, len("Mara Quill"), "Mara Quill")],
    )
    quotes = _quotes(nlp, text, [mara])
    stance = _indirect(quotes, "the harbour tax")
    assert stance.speaker == "PERSON:mara-quill" and stance.cue == "criticize"
    wish = _indirect(quotes, "to scrap it")
    assert wish.speaker_text == "She" and wish.speaker == "PERSON:mara-quill"


def _doc(nlp, rows, ents):
    """A hand-parsed Doc: (word, pos, lemma, head index, dep) rows, so that a
    rule is checked on the parse it is for, whatever the tagger would do."""
    from spacy.tokens import Doc

    words, pos, lemmas, heads, deps = (list(column) for column in zip(*rows, strict=True))
    return Doc(nlp.vocab, words=words, pos=pos, lemmas=lemmas, heads=heads, deps=deps, ents=ents)


def test_time_parsed_as_subject_gives_the_name_before_the_verb(nlp):
    from newsgraph.annotate.quotes.speakers import _speaker_of

    doc = _doc(
        nlp,
        [
            ("Saturday", "PROPN", "Saturday", 4, "nsubj"),
            ("Senator", "PROPN", "Senator", 3, "compound"),
            ("Ada", "PROPN", "Ada", 3, "compound"),
            ("Brisk", "PROPN", "Brisk", 4, "npadvmod"),
            ("said", "VERB", "say", 4, "ROOT"),
            ("roads", "NOUN", "road", 7, "nsubj"),
            ("would", "AUX", "would", 7, "aux"),
            ("reopen", "VERB", "reopen", 4, "ccomp"),
        ],
        ["B-DATE", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"],
    )
    speaker = _speaker_of(doc[4])
    assert speaker is not None and speaker.text == "Ada Brisk"


def test_name_after_an_attitude_verb_is_its_object_not_its_subject(nlp):
    # Headline style, no subject: "Thank Ada Brisk for the help". After a
    # speech verb a name can be an inverted subject ("…,” said Brisk); after
    # "thank" it is the one thanked.
    from newsgraph.annotate.quotes.frames import _framed_contents
    from newsgraph.annotate.quotes.speakers import _speaker_of

    doc = _doc(
        nlp,
        [
            ("Thank", "VERB", "thank", 0, "ROOT"),
            ("Ada", "PROPN", "Ada", 2, "compound"),
            ("Brisk", "PROPN", "Brisk", 0, "dobj"),
            ("for", "ADP", "for", 0, "prep"),
            ("the", "DET", "the", 5, "det"),
            ("help", "NOUN", "help", 3, "pobj"),
        ],
        ["O", "B-PERSON", "I-PERSON", "O", "O", "O"],
    )
    assert _speaker_of(doc[0]) is not None  # the speech-verb reading
    assert list(_framed_contents(doc, [-1] * len(doc), [])) == []
