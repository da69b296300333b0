"""Event exports in other projects' layouts: GDELT 2.0 Events and ACLED-style labels.

GDELT 2.0 Events (61 tab-separated columns, ``GDELT_COLUMNS``). Filled from
our records:

* GlobalEventID (a stable integer from the event id), Day, MonthYear, Year,
  FractionDate (from ``Event.date``; publication date when the event has none);
* Actor1/Actor2 Code (ISO3 + CAMEO type code, e.g. ``KAZCOP``), Name,
  CountryCode (ISO 3166 alpha-3), Type1Code (CAMEO actor type from the sector);
* IsRootEvent (1 when the trigger is in the article's first sentence), EventCode
  (best CAMEO code for the PLOVER type+mode), EventBaseCode (its first three
  digits), EventRootCode, QuadClass, GoldsteinScale (the PLOVER
  conflict-cooperation score of the type/mode), NumMentions (evidence count),
  NumSources and NumArticles (1);
* ActionGeo_Type (1 country, 4 other place), ActionGeo_FullName,
  ActionGeo_Lat, ActionGeo_Long (from ``Event.location``);
* DATEADDED (publication time as YYYYMMDDHHMMSS), SOURCEURL (article URL).

Left empty, because nothing in our records supports them:
Actor1/2 KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type2Code,
Type3Code; AvgTone; all Actor1Geo_* and Actor2Geo_* columns; the
ActionGeo_CountryCode, ADM1Code, ADM2Code and FeatureID columns (GDELT uses
FIPS 10-4 country codes and GeoNames/GNS feature ids, which we do not carry:
our ISO 3166 codes are in ``Event.location.country``).

ACLED-style labels (``resources.acled.acled_label``): "Event type/Sub-event type" for violent
events, protests and arrests, from the PLOVER type, mode and actor sectors.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..records import Article, Event, Participant
from ..resources.acled import ACLED_EVENT_TYPES, acled_label
from ..resources.gazetteer import alpha3
from ..resources.lexicons import pairs
from ..resources.ontology import load_ontology

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
)

# Our sectors -> CAMEO actor type codes.
SECTOR_CAMEO: dict[str, str] = pairs("store/sector_cameo")


def _iso3(iso2: str | None) -> str:
    return alpha3(iso2) or ""


def _actor_columns(p: Participant | None) -> list[str]:
    if p is None:
        return [""] * 10
    iso3 = _iso3(p.country)
    type_code = SECTOR_CAMEO.get(p.sector or "", "")
    return [iso3 + type_code, p.text.upper(), iso3, "", "", "", "", type_code, "", ""]


def _compact_date(value: str | None) -> tuple[str, str, str, str]:
    if not value or len(value) < 4 or not value[:4].isdigit():
        return "", "", "", ""
    year = value[:4]
    month = value[5:7] if len(value) >= 7 and value[5:7].isdigit() else "01"
    day = value[8:10] if len(value) >= 10 and value[8:10].isdigit() else "01"
    from datetime import date

    try:
        d = date(int(year), int(month), int(day))
    except ValueError:
        return "", "", "", ""
    fraction = f"{d.year + (d.timetuple().tm_yday - 1) / 365:.4f}"
    return f"{year}{month}{day}", f"{year}{month}", year, fraction


def _global_id(event_id: str) -> str:
    return str(int(hashlib.sha1(event_id.encode()).hexdigest()[:12], 16))


def gdelt_row(event: Event, article: Article | None = None) -> list[str]:
    """One GDELT 2.0 Events row (61 strings, empty where not derivable)."""
    ontology = load_ontology()
    date = event.date if event.date and event.date[:4].isdigit() and "W" not in event.date else None
    if date is None and article is not None and article.published:
        date = article.published
    day, month_year, year, fraction = _compact_date(date)
    code = ontology.cameo_code(event.type, event.mode) or ""
    quad = ontology.quad_class(event.type)
    score = ontology.score(event.type, event.mode)
    place = event.location
    geo_type = ""
    if place is not None:
        geo_type = "1" if place.country and place.latitude is None else "4"
    is_root = "1" if event.evidence and event.evidence[0].sentence.start == 0 else "0"
    added = ""
    if article is not None and article.published:
        digits = "".join(ch for ch in article.published if ch.isdigit())
        added = (digits + "0" * 14)[:14]
    row = (
        [_global_id(event.id), day, month_year, year, fraction]
        + _actor_columns(event.actor)
        + _actor_columns(event.target)
        + [
            is_root,
            code,
            code[:3],
            code[:2],
            str(quad or ""),
            "" if score is None else f"{score:g}",
            str(max(1, len(event.evidence))),
            "1",
            "1",
            "",
        ]
        + [""] * 8
        + [""] * 8
        + [
            geo_type,
            place.text if place else "",
            "",
            "",
            "",
            "" if place is None or place.latitude is None else f"{place.latitude:.4f}",
            "" if place is None or place.longitude is None else f"{place.longitude:.4f}",
            "",
        ]
        + [added, (article.url or "") if article is not None else ""]
    )
    assert len(row) == len(GDELT_COLUMNS)
    return row


def gdelt_rows(events: Iterable[Event], article: Article | None = None) -> list[list[str]]:
    """GDELT rows for a document's events, negated and hypothetical ones left out."""
    return [gdelt_row(e, article) for e in events if e.factuality not in ("negated", "hypothetical")]


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
)


def acled_row(event: Event, article: Article | None = None) -> dict[str, str]:
    """An ACLED-like flat record for an event with an ACLED label (empty dict otherwise)."""
    label = event.acled or acled_label(event)
    if not label:
        return {}
    event_type = next((t for t in ACLED_EVENT_TYPES if label.startswith(t + "/")), label.split("/", 1)[0])
    parts = [event_type, label[len(event_type) + 1 :]]
    fatalities = sum(int(c.value) for c in event.counts if c.category in ("killed", "dead"))
    return {
        "event_id_cnty": event.id,
        "event_date": event.date or (article.published[:10] if article and article.published else ""),
        "event_type": parts[0],
        "sub_event_type": parts[1] if len(parts) > 1 else "",
        "actor1": event.actor.text if event.actor else "",
        "inter1": event.actor.sector or "" if event.actor else "",
        "actor2": event.target.text if event.target else "",
        "inter2": event.target.sector or "" if event.target else "",
        "country": event.location.country or "" if event.location else "",
        "location": event.location.text if event.location else "",
        "latitude": "" if not event.location or event.location.latitude is None else f"{event.location.latitude:.4f}",
        "longitude": ""
        if not event.location or event.location.longitude is None
        else f"{event.location.longitude:.4f}",
        "source": article.url or "" if article else "",
        "notes": " ".join(event.evidence[0].text.split()) if event.evidence else "",
        "fatalities": str(fatalities),
    }


# OWASP's CSV-injection rule: a spreadsheet runs a cell starting with one of
# these as a formula (tab and carriage return can hide the sign before it).
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_safe(cell: str) -> str:
    """``cell`` with a single quote before it when a spreadsheet would run it
    as a formula; numbers ("-7", "-12.5") are left as they are."""
    if cell.startswith(CSV_FORMULA_STARTS) and not CSV_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


# Control characters (C0, DEL, C1) and the Unicode line and paragraph
# separators would split or shift a line of a tab-separated file.
_TSV_BREAKERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def gdelt_field(cell: str | None) -> str:
    """One field as GDELT writes it: no quoting, empty when unknown, control
    characters (tabs and line breaks included) turned into spaces."""
    if not cell:
        return ""
    return csv_safe(_TSV_BREAKERS.sub(" ", str(cell)))


def write_gdelt_tsv(path: Path, rows: Sequence[Sequence[str | None]]) -> None:
    """GDELT 2.0 Events file: one event a line, 61 tab-separated fields, no
    header, no quoting, so ``line.split("\t")`` gives every field."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        for row in rows:
            f.write("\t".join(gdelt_field(cell) for cell in row) + "\n")


def write_acled_csv(path: Path, rows: Sequence[Sequence[str | None]]) -> None:
    """ACLED-style events as RFC 4180 CSV with a header; text cells neutralised."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(ACLED_COLUMNS)
        for row in rows:
            writer.writerow([csv_safe(cell or "") for cell in row])
