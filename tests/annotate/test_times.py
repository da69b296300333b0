"""extract_times: the seed article and one sentence per grammar rule."""

from __future__ import annotations

import itertools

import pytest

from newsgraph.annotate.times import extract_times

ANCHOR = "2022-01-10T09:03"  # a Monday


def values(text: str, anchor: str | None = ANCHOR) -> dict[str, str | None]:
    return {t.text: t.value for t in extract_times(text, anchor)}


def one(text: str, anchor: str | None = ANCHOR):
    found = extract_times(text, anchor)
    assert len(found) == 1, found
    return found[0]


def test_seed_article_values_and_offsets(seed_text: str) -> None:
    body = seed_text
    found = extract_times(body, ANCHOR)
    for t in found:
        assert body[t.start : t.end] == t.text
    by_text: dict[str, set[str | None]] = {}
    for t in found:
        by_text.setdefault(t.text, set()).add(t.value)
    assert by_text["Sunday"] == {"2022-01-09"}
    assert by_text["Monday"] == {"2022-01-10"}
    assert by_text["Monday morning"] == {"2022-01-10TMO"}
    assert by_text["last week"] == {"2022-W01"}
    assert by_text["this morning"] == {"2022-01-10TMO"}
    morning = next(t for t in found if t.text == "Monday morning")
    assert (morning.type, morning.granularity) == ("TIME", "part-of-day")
    # "known" must not yield "now"
    assert "now" not in by_text


@pytest.mark.parametrize(
    "sentence, expression, value",
    [
        # weekdays: past by default, future with a future-tense clause
        ("Protesters gathered on Friday.", "Friday", "2022-01-07"),
        ("The court will rule on Friday.", "Friday", "2022-01-14"),
        ("He said Friday that talks will resume.", "Friday", "2022-01-07"),
        ("They met last Monday.", "last Monday", "2022-01-03"),
        ("They meet next Monday.", "next Monday", "2022-01-17"),
        ("Clashes erupted Friday night.", "Friday night", "2022-01-07TNI"),
        ("Clashes erupted early Tuesday.", "early Tuesday", "2022-01-04"),
        # day words
        ("He left yesterday.", "yesterday", "2022-01-09"),
        ("The vote is today.", "today", "2022-01-10"),
        ("The vote is tomorrow.", "tomorrow", "2022-01-11"),
        ("Shots were heard last night.", "last night", "2022-01-09TNI"),
        ("He arrives tonight.", "tonight", "2022-01-10TNI"),
        ("He left yesterday afternoon.", "yesterday afternoon", "2022-01-09TAF"),
        # relative calendar units
        ("Prices rose last month.", "last month", "2021-12"),
        ("Prices rose this week.", "this week", "2022-W02"),
        ("Talks resume next week.", "next week", "2022-W03"),
        ("The law passed last year.", "last year", "2021"),
        ("Elections are due next year.", "next year", "2023"),
        ("Sales fell this year.", "this year", "2022"),
        ("Rates rose earlier this year.", "earlier this year", "2022"),
        ("It rained over the weekend.", "the weekend", "2022-W01-WE"),
        ("It snowed last winter.", "last winter", "2020-WI"),
        ("The dam opens this summer.", "this summer", "2022-SU"),
        # offsets from the anchor
        ("He was arrested two weeks ago.", "two weeks ago", "2021-W52"),
        ("She moved here three years ago.", "three years ago", "2019"),
        ("The plant closed 10 days ago.", "10 days ago", "2021-12-31"),
        # absolute dates
        ("The war began in 2019.", "2019", "2019"),
        ("The summit is on March 4.", "March 4", "2022-03-04"),
        ("The deal was signed Feb. 28.", "Feb. 28", "2022-02-28"),
        ("He was born on Aug. 7, 1998.", "Aug. 7, 1998", "1998-08-07"),
        ("He died on 3 December 2021.", "3 December 2021", "2021-12-03"),
        ("The plant opened in August 1988.", "August 1988", "1988-08"),
        ("The tax rose in December.", "December", "2021-12"),
        ("A strike began on Dec. 28.", "Dec. 28", "2021-12-28"),
        ("Published 2021-11-30 by staff.", "2021-11-30", "2021-11-30"),
        ("Markets boomed in the 1990s.", "the 1990s", "199"),
        ("Art of the early 1980s sold well.", "the early 1980s", "198"),
        ("It was built in the 20th century.", "the 20th century", "19"),
        ("It was built in mid-1996.", "mid-1996", "1996"),
        ("The board votes before the end of the month.", "the end of the month", "2022-01"),
        ("Output fell in the first half of 2021.", "the first half of 2021", "2021-H1"),
        ("It happened in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("Rallies are held on Thanksgiving.", "Thanksgiving", "2021-11-25"),
        # fiscal quarters
        ("Profit rose in the third quarter.", "the third quarter", "2021-Q3"),
        ("Third-quarter profit rose.", "Third-quarter", "2021-Q3"),
        ("Profit rose in the fourth quarter of 1998.", "the fourth quarter of 1998", "1998-Q4"),
        ("Profit rose in the latest quarter.", "the latest quarter", "2021-Q4"),
        ("Profit fell from the year-earlier quarter.", "the year-earlier quarter", "2020-Q4"),
        # durations
        ("Prices rose over the past three years.", "the past three years", "P3Y"),
        ("The siege lasted three days.", "three days", "P3D"),
        ("He served 2 1/2 years in prison.", "2 1/2 years", "P2Y6M"),
        ("Talks took more than four hours.", "more than four hours", "PT4H"),
        ("He signed a two-year contract.", "two-year", "P2Y"),
        ("It lasted several months.", "several months", "PXM"),
        ("The truce held for a decade.", "a decade", "P10Y"),
        ("The first nine months were hard.", "The first nine months", "P9M"),
        ("They waited for years.", "years", "PXY"),
        # references
        # unquantified stretches are durations in TimeML, not PAST_REF/FUTURE_REF
        ("Prices have soared in recent years.", "recent years", "PXY"),
        ("Rates may fall in the coming weeks.", "coming weeks", "PXW"),
        ("Traders are wary of the months ahead.", "the months ahead", "PXM"),
        ("He is now in custody.", "now", "PRESENT_REF"),
        ("He currently lives abroad.", "currently", "PRESENT_REF"),
        ("She recently resigned.", "recently", "PAST_REF"),
        ("Talks may resume in the near future.", "the near future", "FUTURE_REF"),
        # sets
        ("The council meets every week.", "every week", "P1W"),
        ("The paper is published daily.", "daily", "P1D"),
        ("The report appears quarterly.", "quarterly", "P3M"),
        ("The band plays on Mondays.", "Mondays", "XXXX-WXX-1"),
        ("Buses run twice a day.", "twice a day", "P1D"),
        ("The market opens each July.", "each July", "XXXX-07"),
        # clock times
        ("The blast hit at 9:03 a.m. local time.", "9:03 a.m. local time", "2022-01-10T09:03"),
        ("Polls closed at 10 p.m. Wednesday.", "10 p.m. Wednesday", "2022-01-05T22:00"),
        ("The rally began at noon.", "noon", "2022-01-10T12:00"),
        ("Curfew starts at midnight.", "midnight", "2022-01-10T24:00"),
        ("The bomb went off at 4 in the morning.", "4 in the morning", "2022-01-10T04:00"),
        ("Troops moved in at 14:30 GMT.", "14:30 GMT", "2022-01-10T14:30"),
    ],
)
def test_rule_values(sentence: str, expression: str, value: str) -> None:
    found = values(sentence)
    assert expression in found, found
    assert found[expression] == value


@pytest.mark.parametrize(
    "sentence, expression, kind, granularity",
    [
        ("The siege lasted three days.", "three days", "DURATION", "day"),
        ("Sales fell this year.", "this year", "DATE", "year"),
        ("The council meets every week.", "every week", "SET", "week"),
        ("Profit rose in the third quarter.", "the third quarter", "DATE", "quarter"),
        ("Markets boomed in the 1990s.", "the 1990s", "DATE", "decade"),
        ("Polls closed at 10 p.m. Wednesday.", "10 p.m. Wednesday", "TIME", "minute"),
    ],
)
def test_types_and_granularity(sentence: str, expression: str, kind: str, granularity: str) -> None:
    t = next(t for t in extract_times(sentence, ANCHOR) if t.text == expression)
    assert (t.type, t.granularity) == (kind, granularity)


def test_quarter_year_follows_anchor() -> None:
    # Q4 reported in February is last year's fourth quarter.
    assert values("Profit rose in the fourth quarter.", "1998-02-06")["the fourth quarter"] == "1997-Q4"


def test_month_day_year_picks_nearby_deadline_and_past_event() -> None:
    # A date three weeks ahead is a deadline; one nine months ahead is last year's.
    assert values("The rights expire Nov. 21.", "1989-11-02")["Nov. 21"] == "1989-11-21"
    assert values("The trial began Oct. 23.", "1999-05-06")["Oct. 23"] == "1998-10-23"


def test_without_anchor_relative_values_are_none_absolute_kept() -> None:
    found = values("He left yesterday, three days after the March 4 vote in 2019.", None)
    assert found["yesterday"] is None
    assert found["three days"] == "P3D"
    assert found["March 4"] == "XXXX-03-04"
    assert found["2019"] == "2019"


@pytest.mark.parametrize(
    "sentence",
    [
        "Theresa May said the plan would work.",  # a name, not the month
        "Troops march on the capital.",
        "He paid $1990 for the car.",
        "The 44-year-old man was detained.",  # ages are not times
        "The Sunday Times reported it.",
        "It is well known in both nations.",
        "The quarterly dividend was cut.",
        "Some 2000 people marched on Route 2000.",  # counts and names, not years
        "It was a long day for everyone.",
    ],
)
def test_non_temporal_words_are_skipped(sentence: str) -> None:
    assert extract_times(sentence, ANCHOR) == []


def test_longest_match_wins_and_spans_do_not_overlap() -> None:
    text = "Since the past three years and on Monday morning, and late last week, prices rose."
    found = extract_times(text, ANCHOR)
    assert [t.text for t in found] == ["the past three years", "Monday morning", "late last week"]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_empty_and_unreadable_anchor() -> None:
    assert extract_times("", ANCHOR) == []
    t = one("He left yesterday.", "not a date")
    assert t.value is None


def test_weekday_direction_follows_plans_not_the_past_participle() -> None:
    # Publication 2022-01-10 is a Monday: a scheduled or planned day lies ahead.
    found = values("The sale is scheduled to close Thursday.")
    assert found["Thursday"] == "2022-01-13"
    found = values("Protesters planned to march on Saturday, and he could arrive as soon as Tuesday.")
    assert found["Saturday"] == "2022-01-15"
    assert found["Tuesday"] == "2022-01-11"
    assert values("The bill was signed Thursday.")["Thursday"] == "2022-01-06"


def test_quarter_back_references_follow_the_quarter_the_story_names() -> None:
    # Publication in late October: by default "the quarter" is Q3, but once a
    # story names its (fiscal first) quarter, back-references follow it.
    text = (
        "Acme earnings rose 33% in the fiscal first quarter.\n"
        "For the quarter, net income rose from $100 million a year earlier. "
        "Sales in the 1988 period were lower.\n"
        "Separately, Widget Co. reported third-quarter profit up from $4 million a year earlier."
    )
    found = [(t.text, t.value) for t in extract_times(text, "1989-10-26")]
    assert ("the quarter", "1989-Q1") in found
    assert ("a year earlier", "1988-Q1") in found
    assert ("the 1988 period", "1988-Q1") in found
    # the round-up's next item reports its own quarter
    assert found[-1] == ("a year earlier", "1988-Q3")
    # without a named quarter the latest completed one is meant
    assert values("Profit rose in the quarter.", "1989-10-26")["the quarter"] == "1989-Q3"


def test_since_looks_back_and_by_or_effective_looks_ahead() -> None:
    # Publication 1989-10-30: a bare month/day's year follows its preposition.
    assert values("The ship has been on patrol since March.", "1990-08-13")["March"] == "1990-03"
    assert values("It must repay the loan by February.", "1989-10-30")["February"] == "1990-02"
    assert values("The pact is effective June 1.", "1989-10-26")["June 1"] == "1990-06-01"
    # a deadline that has just passed stays in the past
    assert values("Talks were to end by Jan. 14.", "2000-01-15")["Jan. 14"] == "2000-01-14"


def test_year_ended_is_a_twelve_month_span_but_for_the_year_is_the_year() -> None:
    found = values("Revenue was $980 million in the year ended March 31.", "1989-10-31")
    assert found["the year"] == "P1Y"
    assert values("Pet food volume was flat for the year.", "1989-11-02")["the year"] == "1989"


def test_an_offset_beyond_the_calendar_does_not_fail_the_article() -> None:
    from newsgraph.annotate.times import extract_times

    found = extract_times("The temple was built 2,500 years ago, and restored 20 years ago.", "2023-05-01")
    values = {t.text: t.value for t in found}
    assert values.get("20 years ago") == "2003"


def test_a_unit_of_a_named_year_without_an_anchor_is_found_unresolved() -> None:
    (found,) = extract_times("The two crews met during the 2019 weekend of the regatta.", None)
    assert (found.text, found.type, found.value) == ("the 2019 weekend", "DATE", None)
