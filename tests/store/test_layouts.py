"""GDELT 2.0 row layout, CAMEO codes and ACLED labels for coded events."""

from __future__ import annotations

from newsgraph.records import Article, Count, Event, Evidence, Participant, Place, Span
from newsgraph.resources.acled import acled_label
from newsgraph.resources.ontology import load_ontology
from newsgraph.store.layouts import GDELT_COLUMNS, acled_row, gdelt_row, gdelt_rows


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


def test_gdelt_row_layout_and_values():
    assert len(GDELT_COLUMNS) == 61
    article = Article(id="a", source="s", body="", published="2022-01-10T09:03", url="https://example.org/a")
    row = dict(zip(GDELT_COLUMNS, gdelt_row(_event(), article), strict=True))
    assert (row["Day"], row["MonthYear"], row["Year"]) == ("20220109", "202201", "2022")
    assert row["Actor1Code"] == "KAZCOP" and row["Actor1CountryCode"] == "KAZ" and row["Actor1Type1Code"] == "COP"
    assert row["Actor2Code"] == "KGZCVL"
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("173", "173", "17")
    assert row["QuadClass"] == "4" and row["GoldsteinScale"] == "-7"
    assert row["ActionGeo_FullName"] == "Almaty" and row["ActionGeo_Lat"] == "43.2500"
    assert row["DATEADDED"] == "20220110090300" and row["SOURCEURL"] == "https://example.org/a"
    assert row["AvgTone"] == "" and row["Actor1Geo_FullName"] == ""


def test_gdelt_rows_skip_events_that_did_not_happen():
    events = [_event(), _event(id="ev_2", factuality="negated"), _event(id="ev_3", factuality="hypothetical")]
    assert len(gdelt_rows(events)) == 1


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
    assert acled_label(_event(type="ASSAULT", mode="crowd-control")) == "Protests/Excessive force against protesters"
    assert acled_label(_event(type="ASSAULT", mode="explosives")).startswith("Explosions/Remote violence")
    assert acled_label(_event()) == "Strategic developments/Arrests"
    assert acled_label(_event(type="CONSULT", mode=None)) is None


def test_acled_row_counts_fatalities():
    dead = Count(0, 5, "three", 3, category="killed")
    row = acled_row(_event(type="ASSAULT", mode="explosives", counts=[dead]))
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["sub_event_type"] == "Remote explosive/landmine/IED"
    assert row["fatalities"] == "3"
