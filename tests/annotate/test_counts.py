"""Counts: value, range, qualifier, unit, action and category on news sentences."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.annotate.counts import CATEGORIES, evaluate_counts, extract_counts
from newsgraph.records import Count


def counts_of(nlp, text: str) -> list[Count]:
    found = extract_counts(nlp(text))
    for count in found:
        # The evidence contract: offsets slice the body to the count's text.
        assert text[count.start : count.end] == count.text
        assert count.category is None or count.category in CATEGORIES
    return found


def fields(count: Count) -> dict[str, Any]:
    return {
        "text": count.text,
        "value": count.value,
        "value_max": count.value_max,
        "qualifier": count.qualifier,
        "unit": count.unit,
        "action": count.action,
        "category": count.category,
    }


# --- the seed article -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_counts(nlp, seed_body: str) -> tuple[str, list[Count]]:
    return seed_body, counts_of(nlp, seed_body)


def test_seed_detained_count(seed_counts) -> None:
    body, found = seed_counts
    detained = [c for c in found if c.value == 5000]
    assert len(detained) == 1
    count = detained[0]
    assert fields(count) == {
        "text": "over 5,000 people",
        "value": 5000.0,
        "value_max": None,
        "qualifier": "over",
        "unit": "people",
        "action": "detain",
        "category": "arrested",
    }
    # The span stops before the action word, which is given as ``action``.
    assert body[count.end :].startswith(" detained")


def test_seed_thousands_of_demonstrators(seed_counts) -> None:
    _, found = seed_counts
    (count,) = [c for c in found if c.unit == "demonstrators"]
    assert count.text == "thousands of demonstrators"
    assert count.value == 2000.0
    assert count.qualifier == "at least"
    assert count.category == "crowd"
    assert count.action == "take part"


def test_seed_multiple_casualties_and_nothing_else(seed_counts) -> None:
    _, found = seed_counts
    (count,) = [c for c in found if c.unit == "casualties"]
    assert (count.text, count.value, count.qualifier, count.category) == (
        "multiple casualties",
        2.0,
        "at least",
        "casualties",
    )
    # "one of over 5,000" is not a count of one; dates ("10 Jan, 2022") are skipped.
    assert sorted(c.value for c in found) == [2.0, 2000.0, 5000.0]


# --- hand-written news sentences --------------------------------------------------

# (sentence, expected counts in text order: only the listed fields are checked)
CASES: list[tuple[str, list[dict[str, Any]]]] = [
    (
        "Police said at least 12 people were killed and 40 injured.",
        [
            dict(
                text="at least 12 people",
                value=12,
                qualifier="at least",
                unit="people",
                action="kill",
                category="killed",
            ),
            # The bare "40" takes the unit of the count before it.
            dict(text="40", value=40, qualifier=None, unit="people", action="injure", category="injured"),
        ],
    ),
    (
        "The death toll rose to 37.",
        [dict(text="37", value=37, unit="death toll", action="die", category="killed")],
    ),
    (
        "The toll rose from 10 to 40 on Sunday.",
        # A change, not a range: the count is the new value.
        [dict(text="40", value=40, value_max=None, category="killed")],
    ),
    (
        "The number of people killed rose to 52.",
        [dict(value=52, unit="people", action="kill", category="killed")],
    ),
    (
        "Between 200 and 300 protesters gathered.",
        [
            dict(
                text="Between 200 and 300 protesters",
                value=200,
                value_max=300,
                qualifier=None,
                unit="protesters",
                action="gather",
                category="crowd",
            )
        ],
    ),
    (
        "Officials said 10 to 15 people were hurt.",
        [dict(text="10 to 15 people", value=10, value_max=15, unit="people", action="hurt", category="injured")],
    ),
    (
        "Some 10-20 people were evacuated.",
        [dict(text="Some 10-20 people", value=10, value_max=20, qualifier="some", category="displaced")],
    ),
    (
        "Between 1 and 2 million people fled.",
        [dict(value=1_000_000, value_max=2_000_000, unit="people", action="flee", category="displaced")],
    ),
    (
        "Dozens were arrested.",
        [dict(text="Dozens", value=24, qualifier="at least", unit=None, action="arrest", category="arrested")],
    ),
    (
        "Hundreds of protesters were detained over the weekend.",
        [
            dict(
                text="Hundreds of protesters",
                value=200,
                qualifier="at least",
                unit="protesters",
                action="detain",
                category="arrested",
            )
        ],
    ),
    (
        "Tens of thousands of people took to the streets.",
        [
            dict(
                text="Tens of thousands of people",
                value=20_000,
                qualifier="at least",
                unit="people",
                action="take to the streets",
                category="crowd",
            )
        ],
    ),
    (
        "Troops opened fire, killing 12 and wounding dozens.",
        [
            dict(text="12", value=12, action="kill", category="killed"),
            dict(text="dozens", value=24, qualifier="at least", action="wound", category="injured"),
        ],
    ),
    (
        "At least 3 dead after the blast.",
        [dict(text="At least 3", value=3, qualifier="at least", action="die", category="killed")],
    ),
    (
        "Security forces detained 5,000 after the unrest.",
        [dict(text="5,000", value=5000, unit=None, action="detain", category="arrested")],
    ),
    (
        "Nearly 2,000 people were evacuated from the area.",
        [dict(value=2000, qualifier="nearly", unit="people", action="evacuate", category="displaced")],
    ),
    (
        "Fewer than 50 demonstrators marched to the parliament.",
        [dict(value=50, qualifier="fewer than", unit="demonstrators", action="march", category="crowd")],
    ),
    (
        "Up to 300 people were taken into custody.",
        [dict(value=300, qualifier="up to", unit="people", action="take into custody", category="arrested")],
    ),
    (
        "An estimated 10,000 people rallied in the capital.",
        [
            dict(
                text="An estimated 10,000 people",
                value=10_000,
                qualifier="an estimated",
                action="rally",
                category="crowd",
            )
        ],
    ),
    (
        "The rally drew about 3,000 people.",
        [dict(value=3000, qualifier="about", unit="people", category="crowd")],
    ),
    (
        "The flooding has displaced 1.5 million people.",
        [dict(text="1.5 million people", value=1_500_000, action="displace", category="displaced")],
    ),
    (
        "Around 20 people are missing after the landslide.",
        [dict(value=20, qualifier="around", unit="people", category="missing")],
    ),
    (
        "More than twenty-three soldiers were wounded.",
        [
            dict(
                text="More than twenty-three soldiers",
                value=23,
                qualifier="more than",
                unit="soldiers",
                action="wound",
                category="injured",
            )
        ],
    ),
    (
        "Two hundred and fifty people were evacuated.",
        [dict(text="Two hundred and fifty people", value=250, category="displaced")],
    ),
    (
        "Gunmen abducted 30 students from a school.",
        [dict(value=30, unit="students", action="abduct", category="kidnapped")],
    ),
    (
        "Police detained 5k protesters.",
        [dict(text="5k protesters", value=5000, unit="protesters", action="detain", category="arrested")],
    ),
    (
        "The blast killed a dozen people.",
        [dict(text="a dozen people", value=12, qualifier=None, action="kill", category="killed")],
    ),
    (
        "About half a dozen people were hospitalised.",
        [dict(value=6, qualifier="about", category="injured")],
    ),
    (
        "Two men were shot dead and four others wounded.",
        [
            dict(value=2, unit="men", action="shoot", category="killed"),
            dict(value=4, unit="others", action="wound", category="injured"),
        ],
    ),
    (
        "Four gunmen killed 12 people.",
        [
            # The agent of the killing is counted but is not a casualty.
            dict(value=4, unit="gunmen", action="kill", category=None),
            dict(value=12, unit="people", action="kill", category="killed"),
        ],
    ),
    (
        "Three people were reported killed.",
        [dict(value=3, unit="people", action="kill", category="killed")],
    ),
    (
        "Security forces rounded up 200 people.",
        [dict(value=200, action="round up", category="arrested")],
    ),
    (
        "Five people were held hostage.",
        [dict(value=5, action="hold", category="kidnapped")],
    ),
    (
        "A 5,000-strong crowd marched on parliament.",
        [dict(text="5,000-strong crowd", value=5000, unit="crowd", category="crowd")],
    ),
    (
        "Officials reported 12 deaths.",
        [dict(text="12 deaths", value=12, unit="deaths", action="die", category="killed")],
    ),
    (
        "Ten persons suffered injuries in the shooting.",
        [dict(value=10, unit="persons", category="injured")],
    ),
    (
        "Five ministers resigned on Tuesday.",
        # Not an event count, still extracted with unit and action.
        [dict(text="Five ministers", value=5, unit="ministers", action="resign", category=None)],
    ),
    (
        "Several people were killed when the building collapsed.",
        [dict(text="Several people", value=3, qualifier="at least", category="killed")],
    ),
    (
        "One protester died in hospital.",
        [dict(text="One protester", value=1, unit="protester", action="die", category="killed")],
    ),
    (
        "The baker was only one of over 3,000 people detained.",
        # "one of" is not a count; the participle may be parsed onto the "one".
        [
            dict(
                text="over 3,000 people",
                value=3000,
                qualifier="over",
                unit="people",
                action="detain",
                category="arrested",
            )
        ],
    ),
    (
        "The clashes caused the death of nearly 75 persons.",
        [dict(text="nearly 75 persons", value=75, qualifier="nearly", action="die", category="killed")],
    ),
    (
        "Clinton wants 25 million more people to have health insurance.",
        [dict(value=25_000_000, unit="people")],
    ),
]


@pytest.mark.parametrize("sentence,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_news_sentence(nlp, sentence: str, expected: list[dict[str, Any]]) -> None:
    found = counts_of(nlp, sentence)
    assert len(found) == len(expected), [fields(c) for c in found]
    for count, want in zip(found, expected, strict=True):
        got = fields(count)
        assert {k: got[k] for k in want} == {
            k: (float(v) if k in {"value", "value_max"} and v is not None else v) for k, v in want.items()
        }


# --- what is not a count -----------------------------------------------------------

NOT_COUNTS: list[str] = [
    "He was sentenced to 5 years.",
    "The protests began in 2019.",
    "A 34-year-old man was arrested.",
    "John Smith, 45, was among those killed.",
    "Applicants aged 55 to 65 may apply.",
    "The company paid $5 million in fines.",
    "Turnout was 45 percent.",
    "He finished 5th in the race.",
    "The meeting started at 9:30 a.m.",
    "Call 555-1234 for details.",
    "Call +1 (202) 555-0100 for details.",
    "Apollo 11 landed on the moon.",
    "Article 5 of the treaty applies.",
    "The Senate passed the bill in an 80-19 vote.",
    "The convoy travelled 300 km.",
    "He visited the country three times.",
    "One of them was released.",
    "No one was hurt.",
    # "several" counts only casualties, arrests or crowds; a place is none of them.
    "Angry farmers took to the streets in several market towns.",
]


@pytest.mark.parametrize("sentence", NOT_COUNTS, ids=[s[:40] for s in NOT_COUNTS])
def test_not_a_count(nlp, sentence: str) -> None:
    assert counts_of(nlp, sentence) == []


def test_list_numbering_is_skipped(nlp) -> None:
    text = "1. Five people were killed.\n2. Two were injured."
    found = counts_of(nlp, text)
    assert [(c.text, c.category) for c in found] == [("Five people", "killed"), ("Two", "injured")]


def test_number_in_a_name_is_skipped_but_the_count_is_not(nlp) -> None:
    found = counts_of(nlp, "COVID-19 has spread to 30 countries.")
    assert [(c.value, c.unit) for c in found] == [(30.0, "countries")]


def test_money_range_does_not_swallow_the_next_count(nlp) -> None:
    found = counts_of(nlp, "The company paid $5 million to 200 workers.")
    assert [(c.value, c.unit) for c in found] == [(200.0, "workers")]


def test_empty_and_unparsed_docs(nlp) -> None:
    assert extract_counts(nlp("")) == []
    # Without a dependency parse the numbers are still read, without unit or action.
    bare = nlp.make_doc("Over 5,000 people were detained.")
    (count,) = extract_counts(bare)
    assert (count.value, count.qualifier, count.unit, count.action) == (5000.0, "over", None, None)


# --- evaluation and cost ------------------------------------------------------------


def test_evaluate_counts_scores_matches_and_fields(nlp) -> None:
    gold = [
        ("Police said at least 12 people were killed.", [{"value": 12, "category": "killed", "unit": "people"}]),
        # Gold says 7 where the text says 40: one miss and one false alarm.
        ("Forty people were injured.", [{"value": 7, "category": "injured"}]),
        ("Dozens were arrested.", [{"value": 24, "category": "injured"}]),  # a wrong gold category
    ]
    metrics = evaluate_counts(gold, nlp)
    assert metrics["gold"] == 3 and metrics["predicted"] == 3 and metrics["matched"] == 2
    assert metrics["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["category_accuracy"] == 0.5
    assert metrics["unit_accuracy"] == 1.0


def test_cases_as_gold_set(nlp) -> None:
    gold = [(s, [{k: v for k, v in c.items() if k != "text"} for c in exp]) for s, exp in CASES]
    metrics = evaluate_counts(gold, nlp)
    assert metrics["precision"] == 1.0 and metrics["recall"] == 1.0
    assert metrics["category_accuracy"] == 1.0
