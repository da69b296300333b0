"""GDELT 2.0 row layout, CAMEO codes and ACLED labels for coded events."""

from __future__ import annotations

import csv
import json

from newsgraph.records import (
    AnalyzedDocument,
    Article,
    Claim,
    CorpusEvent,
    Count,
    Event,
    EventReport,
    Evidence,
    Participant,
    Place,
    Span,
)
from newsgraph.resources.acled import acled_label
from newsgraph.resources.ontology import load_ontology
from newsgraph.store import Store
from newsgraph.store.layouts import (
    GDELT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    ExportedEvent,
    Telling,
    acled_row,
    article_events,
    gdelt_mention_rows,
    gdelt_row,
    happened,
    sentence_number,
)

from .test_corpus_queries import ARTICLES, newsroom


def _event(**kw) -> Event:
    base = dict(
        id="ev_1",
        type="COERCE",
        mode="arrest",
        actor=Participant("security officials", country="KZ", sector="police"),
        target=Participant("musician", country="KG", sector="civilians"),
        location=Place("Almaty", country="KZ", latitude=43.25, longitude=76.95),
        date="2022-01-09",
        evidence=[Evidence(Span(10, 18), Span(0, 40), "x")],
    )
    base.update(kw)
    return Event(**base)


def _report(article_id: str, site: str, reported: str, factuality: str = "asserted", sentence: int = 0) -> EventReport:
    return EventReport(
        "cev-1", article_id, "ev_1", 0, sentence + 10, sentence + 18, sentence, sentence + 40, site, site,
        factuality, "2022-01-09", "Almaty", reported,
    )  # fmt: skip


def _corpus_event(**kw) -> ExportedEvent:
    base = dict(
        id="cev-1",
        story_id="s1",
        type="COERCE",
        mode="arrest",
        trigger="detain",
        actor="ce-1",
        actor_text="security officials",
        target=None,
        target_text="musician",
        place="Almaty",
        country="KZ",
        latitude=43.25,
        longitude=76.95,
        date="2022-01-09",
        date_precision="day",
        factuality="asserted",
        num_mentions=3,
        num_articles=3,
        num_sources=2,
        first_reported="2022-01-10T09:03",
        last_reported="2022-01-11",
    )
    base.update(kw)
    tellings = [
        Telling(_report("a1", "first.example", "2022-01-10T09:03"), url="https://first.example/a", body_length=900,
                sentence_id=1, sentence="Officials detained the musician.", actor_start=3),
        Telling(_report("a2", "second.example", "2022-01-11", sentence=120), url=None, body_length=400,
                sentence_id=4, target_start=130),
        Telling(_report("a3", "third.example", "2022-01-11", "negated", sentence=50), url="https://third.example/x",
                body_length=300, sentence_id=2),
    ]  # fmt: skip
    return ExportedEvent(
        CorpusEvent(**base),
        tellings,
        Participant("security officials", country="KZ", sector="police"),
        Participant("musician", country="KG", sector="civilians"),
        [None] * len(base.get("counts", [])),
    )


def test_gdelt_row_of_a_corpus_event_counts_its_articles_and_sources():
    assert len(GDELT_COLUMNS) == 61
    row = dict(zip(GDELT_COLUMNS, gdelt_row(_corpus_event()), strict=True))
    assert (row["Day"], row["MonthYear"], row["Year"]) == ("20220109", "202201", "2022")
    assert row["Actor1Code"] == "KAZCOP" and row["Actor1CountryCode"] == "KAZ" and row["Actor1Type1Code"] == "COP"
    assert row["Actor1Name"] == "SECURITY OFFICIALS" and row["Actor2Code"] == "KGZCVL"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("173", "173", "17")
    assert row["QuadClass"] == "4" and row["GoldsteinScale"] == "-7"
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("3", "2", "3")
    assert row["ActionGeo_FullName"] == "Almaty" and row["ActionGeo_Lat"] == "43.2500"
    # the first report says when and where it was first seen
    assert row["DATEADDED"] == "20220110090300" and row["SOURCEURL"] == "https://first.example/a"
    assert row["IsRootEvent"] == "1"
    assert row["AvgTone"] == "" and row["Actor1Geo_FullName"] == ""
    assert row["GlobalEventID"].isdigit()
    assert gdelt_row(_corpus_event())[0] == row["GlobalEventID"]  # stable


def test_an_undated_event_takes_the_date_it_was_first_reported():
    row = dict(zip(GDELT_COLUMNS, gdelt_row(_corpus_event(date=None, date_precision=None)), strict=True))
    assert row["Day"] == "20220110"
    week = dict(zip(GDELT_COLUMNS, gdelt_row(_corpus_event(date="2022-W02")), strict=True))
    assert week["Day"] == "20220110"


def test_gdelt_leaves_out_events_that_did_not_happen_and_keeps_contested_ones():
    assert happened(_corpus_event()) and happened(_corpus_event(factuality="contested"))
    assert not happened(_corpus_event(factuality="negated"))
    assert not happened(_corpus_event(factuality="hypothetical"))


def test_gdelt_mentions_one_row_per_report():
    rows = [dict(zip(GDELT_MENTION_COLUMNS, r, strict=True)) for r in gdelt_mention_rows(_corpus_event())]
    assert len(GDELT_MENTION_COLUMNS) == 16 and len(rows) == 3
    first, second, denial = rows
    assert {r["GlobalEventID"] for r in rows} == {gdelt_row(_corpus_event())[0]}
    assert first["EventTimeDate"] == "20220110090300" == first["MentionTimeDate"]
    assert second["MentionTimeDate"] == "20220111000000"
    assert first["MentionType"] == "1" and first["InRawText"] == "1"
    assert first["MentionSourceName"] == "first.example" and first["MentionIdentifier"] == "https://first.example/a"
    assert second["MentionIdentifier"] == "a2"  # no URL: the article id
    assert (first["SentenceID"], second["SentenceID"]) == ("1", "4")
    assert (first["Actor1CharOffset"], first["Actor2CharOffset"], first["ActionCharOffset"]) == ("3", "", "10")
    assert (second["Actor1CharOffset"], second["Actor2CharOffset"]) == ("", "130")
    assert (first["Confidence"], denial["Confidence"]) == ("100", "10")
    assert first["MentionDocLen"] == "900"
    assert first["MentionDocTone"] == first["MentionDocTranslationInfo"] == first["Extras"] == ""


def test_sentence_number_counts_sentence_ends_before_it():
    body = 'Mr. Lind said so. Then J. Oram left! "Why?" she asked.\n\nA new paragraph. Last one.'
    found = [sentence_number(body, body.index(w)) for w in ("Mr.", "Then", '"Why', "A new", "Last")]
    assert found == [1, 2, 3, 4, 5]
    assert sentence_number(body, 0) == 1 and sentence_number("", 0) == 1
    # an abbreviation's stops and a line after a colon
    wire = "Agents of the U.S. Customs office said:\nThe suspect fled. He was caught."
    assert [sentence_number(wire, wire.index(w)) for w in ("Customs", "The suspect", "He was")] == [1, 2, 3]


def test_an_unplaced_articles_events_are_events_of_their_own():
    body = "Police detained a musician. He was freed."
    article = Article(id="a", source="s", body=body, published="2022-01-10T09:03", url="https://example.org/a")
    doc = AnalyzedDocument("a", "s", article, events=[_event(evidence=[Evidence(Span(7, 15), Span(0, 27), body[:27])])])
    (exported,) = article_events(doc)
    row = dict(zip(GDELT_COLUMNS, gdelt_row(exported), strict=True))
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["SOURCEURL"] == "https://example.org/a" and row["Day"] == "20220109"
    (mention,) = gdelt_mention_rows(exported)
    assert mention[GDELT_MENTION_COLUMNS.index("ActionCharOffset")] == "7"
    assert mention[GDELT_MENTION_COLUMNS.index("MentionDocLen")] == str(len(body))


def test_cameo_inverse_mapping():
    onto = load_ontology()
    assert onto.cameo_code("RETREAT", "release") == "0841"
    assert onto.cameo_root("MOBILIZE", "troops") == "15"
    assert onto.cameo_code("PROTEST", None) == "140"
    assert onto.normalize("DEMAND") == ("REQUEST", None)
    assert onto.normalize("FIGHT") == ("ASSAULT", None)


def test_acled_labels():
    assert acled_label(_event(type="PROTEST", mode="demo")) == "Protests/Peaceful protest"
    assert acled_label(_event(type="PROTEST", mode="riot")) == "Riots/Violent demonstration"
    assert (
        acled_label(_event(type="ASSAULT", mode="firearms", target=Participant("rebels", sector="rebels")))
        == "Battles/Armed clash"
    )
    assert acled_label(_event(type="ASSAULT", mode="firearms")) == "Violence against civilians/Attack"
    # ACLED judges the state's force on a crowd by its outcome: dispersal is
    # an intervention, deaths or injuries make it excessive force.
    assert acled_label(_event(type="ASSAULT", mode="crowd-control")) == "Protests/Protest with intervention"
    crowd_control = _event(type="ASSAULT", mode="crowd-control")
    assert acled_label(crowd_control, ["lethal"]) == "Protests/Excessive force against protesters"
    assert acled_label(crowd_control, ["injuring"]) == "Protests/Excessive force against protesters"
    assert acled_label(_event(type="ASSAULT", mode="explosives")).startswith("Explosions/Remote violence")
    assert acled_label(_event()) == "Strategic developments/Arrests"
    assert acled_label(_event(type="CONSULT", mode=None)) is None


def test_acled_row_names_every_source_and_the_reported_fatalities():
    killed = [Claim("over 12", ["more than 12"], ["first.example"], ["a1"], [Span(0, 12)])]
    exported = _corpus_event(type="ASSAULT", mode="explosives", counts=killed)
    exported.count_categories = ["killed"]
    row = acled_row(exported)
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Remote explosive/landmine/IED"
    assert row["fatalities"] == "12"  # the lower bound of a hedged count
    assert row["source"] == "first.example; second.example; third.example"
    assert row["notes"].startswith("Officials detained the musician. Reported in 3 articles from 2 independent")
    assert (
        "second.example (a2, 2022-01-11)" in row["notes"]
        and "(https://third.example/x, 2022-01-11, negated)" in row["notes"]
    )
    assert acled_row(_corpus_event(type="CONSULT", mode=None)) == {}


def test_acled_row_of_an_unplaced_article_counts_fatalities():
    dead = Count(0, 5, "three", 3, category="killed")
    doc = AnalyzedDocument(
        "a", "s", Article("a", "s", "three died"), events=[_event(type="ASSAULT", mode="explosives", counts=[dead])]
    )
    (exported,) = article_events(doc)
    assert acled_row(exported)["fatalities"] == "3"


# -- exports of a stored corpus ---------------------------------------------------------------


def test_exports_of_an_invented_week_count_each_happening_once(tmp_path):
    db = newsroom(tmp_path / "week.duckdb")
    with Store(db, read_only=True) as store:
        events = store.export_events(tmp_path, "csv", "gdelt")
        mentions = store.export_events(tmp_path, "csv", "gdelt-mentions")
        acled = store.export_events(tmp_path, "csv", "acled")
        as_json = store.export_events(tmp_path / "j", "jsonl", "gdelt-mentions")
    assert (events.name, mentions.name, acled.name) == ("events_gdelt.csv", "mentions_gdelt.csv", "events_acled.csv")
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in events.read_text().splitlines()]
    # two happenings (the denied arrest is contested, so exported), however many articles
    assert [(r["EventRootCode"], r["NumMentions"], r["NumSources"], r["NumArticles"]) for r in rows] == [
        ("17", "5", "4", "5"),
        ("18", "2", "2", "2"),
    ]
    assert rows[0]["SOURCEURL"] == ARTICLES["tide-1"][1] and rows[0]["Day"] == "20310512"
    assert rows[1]["Day"] == "20310602"  # no date of its own: first reported
    lines = [line.split("\t") for line in mentions.read_text().splitlines()]
    assert all(len(line) == 16 for line in lines) and len(lines) == 7
    by_event = {}
    for line in lines:
        by_event.setdefault(line[0], []).append(dict(zip(GDELT_MENTION_COLUMNS, line, strict=True)))
    arrest = by_event[rows[0]["GlobalEventID"]]
    assert [m["MentionSourceName"] for m in arrest] == [
        ARTICLES[a][0] for a in ("tide-1", "gazette-1", "wire-1", "echo-1", "council-1")
    ]
    assert arrest[-1]["Confidence"] == "10"  # the council's denial
    body = ARTICLES["gazette-1"][4]
    gazette = arrest[1]
    assert body[int(gazette["ActionCharOffset"]) :].startswith("arrested")
    assert gazette["MentionDocLen"] == str(len(body)) and gazette["SentenceID"] == "1"
    council = arrest[-1]
    assert council["Actor1CharOffset"] == str(ARTICLES["council-1"][4].index("police"))
    blast = by_event[rows[1]["GlobalEventID"]]
    assert blast[1]["MentionIdentifier"] == "gazette-2"  # no URL: the article id
    assert [json.loads(line)["GlobalEventID"] for line in as_json.read_text().splitlines()] == [r[0] for r in lines]
    with open(acled, newline="", encoding="utf-8") as f:
        acled_rows = list(csv.DictReader(f))
    assert [r["event_id_cnty"] for r in acled_rows] == ["cev-arrest", "cev-blast"]
    assert acled_rows[1]["fatalities"] == "3"  # the count the event reports, its category read back
    assert "quillmarshcouncil.org" in acled_rows[0]["source"] and "negated" in acled_rows[0]["notes"]
    assert "Sources disagree on count:killed: 3 (tidewatch.com) vs 4 (northgazette.net)" in acled_rows[1]["notes"]


def test_an_unknown_layout_is_named(tmp_path):
    import pytest

    from newsgraph.errors import StoreError

    Store(tmp_path / "e.duckdb").close()
    with Store(tmp_path / "e.duckdb", read_only=True) as store, pytest.raises(StoreError, match="gdelt-mentions"):
        store.export_events(tmp_path, "csv", "cameo")
