"""Event exports in other projects' layouts: GDELT 2.0 Events and Mentions, ACLED-style rows.

Each exported event is a **corpus event** (one happening, however many
articles report it, see ``ExportedEvent``); the events of an article the
corpus layer has not placed yet (a database from before it, not yet rebuilt)
are exported as they are, each as an event of its own with one article.

GDELT 2.0 Events (61 tab-separated columns, ``GDELT_COLUMNS``), one row per
corpus event that some report asserts (negated and hypothetical events are
left out; ``contested`` ones are in, their denials are in the Mentions).
Filled from our records:

* GlobalEventID: a stable integer from the corpus event id (the first 48 bits
  of its SHA-1, as decimal digits), the same in the Mentions;
* Day, MonthYear, Year, FractionDate (from the event's date; when it has none,
  when it was first reported);
* Actor1/Actor2 Code (ISO3 + CAMEO type code, e.g. ``KAZCOP``), Name,
  CountryCode (ISO 3166 alpha-3), Type1Code (CAMEO actor type from the sector;
  country and sector as the first report that gives them says);
* IsRootEvent (1 when the first report's trigger is in its article's first
  sentence), EventCode (best CAMEO code for the PLOVER type+mode),
  EventBaseCode (its first three digits), EventRootCode, QuadClass,
  GoldsteinScale (the PLOVER conflict-cooperation score of the type/mode);
* NumMentions (reports), NumSources (independent sources: a wire story and its
  republications count once), NumArticles;
* ActionGeo_Type (1 country, 4 other place), ActionGeo_FullName,
  ActionGeo_Lat, ActionGeo_Long (the corpus event's place);
* DATEADDED (the first report's publication time as YYYYMMDDHHMMSS), SOURCEURL
  (the first report's article URL).

Left empty, because nothing in our records supports them:
Actor1/2 KnownGroupCode, EthnicCode, Religion1Code, Religion2Code, Type2Code,
Type3Code; AvgTone; all Actor1Geo_* and Actor2Geo_* columns; the
ActionGeo_CountryCode, ADM1Code, ADM2Code and FeatureID columns (GDELT uses
FIPS 10-4 country codes and GeoNames/GNS feature ids, which we do not carry:
our ISO 3166 codes are in the corpus event's ``country``).

GDELT 2.0 Mentions (16 columns, ``GDELT_MENTION_COLUMNS``), one row per report
of an exported event: EventTimeDate (the event's DATEADDED), MentionTimeDate
(the report's article publication time), MentionType 1 (web),
MentionSourceName (the site), MentionIdentifier (the article URL, else its
id), SentenceID (see ``sentence_number``), Actor1CharOffset, Actor2CharOffset
(where the article event's actor and target start, empty when unknown),
ActionCharOffset (where the trigger starts), InRawText 1, Confidence (see
``CONFIDENCE``), MentionDocLen (body length in characters). MentionDocTone,
MentionDocTranslationInfo and Extras stay empty.

ACLED-style rows (``resources.acled.acled_label``): one per corpus event with
an ACLED label ("Event type/Sub-event type" for violent events, protests and
arrests, from the PLOVER type, mode and actor sectors); ``source`` names every
site that reports it, ``notes`` the first report's sentence, every report
(site, URL or article id, date, and how it tells it when not asserted) and the
disagreements; ``fatalities`` is the killed count the event reports (its
lower bound when it is a range or a hedge).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..records import AnalyzedDocument, Claim, CorpusEvent, Event, EventReport, Participant, Span
from ..resources.acled import ACLED_EVENT_TYPES, acled_label
from ..resources.gazetteer import alpha3
from ..resources.lexicons import pairs, word_list
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


# -- what the layouts are made from -----------------------------------------------


@dataclass
class Telling:
    """One report of an exported event, with what the layouts need from its article."""

    report: EventReport
    url: str | None = None
    body_length: int | None = None
    sentence_id: int | None = None  # 1-based, see ``sentence_number``
    sentence: str | None = None  # the text of the report's evidence sentence
    actor_start: int | None = None  # where the article event's actor starts
    target_start: int | None = None


@dataclass
class ExportedEvent:
    """A corpus event with its reports in arrival order; ``actor`` and ``target``
    carry the text, country and sector the reports give them."""

    event: CorpusEvent
    tellings: list[Telling] = field(default_factory=list)
    actor: Participant | None = None
    target: Participant | None = None
    # The category of each of ``event.counts`` ("killed", "arrested"...): a
    # claim does not carry it, the article count it was read from does.
    count_categories: list[str | None] = field(default_factory=list)

    @property
    def first(self) -> Telling | None:
        return self.tellings[0] if self.tellings else None


def happened(exported: ExportedEvent) -> bool:
    """Whether the GDELT layouts export it: some report asserts it (contested included)."""
    return exported.event.factuality not in ("negated", "hypothetical")


# Sentence ends: ., ! or ? (closing quotes and brackets may follow) before white
# space and a capital or a digit (opening quotes may come first); a line break
# after such a mark, a colon or a closing quote; or a blank line.
_SENTENCE_END = re.compile(
    r"(?P<stop>(?<=[.!?])[\"'’”)\]]*\s+(?=[\"'‘“(\[`]*[A-Z0-9]))"
    r"|(?<=[.!?:;\"'’”])[ \t]*\n\s*"
    r"|\n\s*\n"
)
_HONORIFICS = word_list("entities/honorifics")


def sentence_number(body: str, start: int) -> int:
    """The 1-based number of the sentence starting at ``start`` in ``body``: one
    more than the sentence ends before it. The stored analyses keep no sentence
    split, so this recounts it: a full stop after a one-letter initial, an
    abbreviation with inner stops ("U.S.") or an honorific ("Mr.") ends no
    sentence."""
    ends = 0
    for m in _SENTENCE_END.finditer(body):
        if m.end() > start:
            break
        word = body[: m.start()].rsplit(None, 1)[-1] if body[: m.start()].strip() else ""
        bare = word.rstrip(".!?\"'’”)]")
        abbreviation = (len(bare) == 1 and bare.isupper()) or "." in bare or bare.lower() in _HONORIFICS
        if m.group("stop") is not None and abbreviation:
            continue
        ends += 1
    return ends + 1


def article_events(doc: AnalyzedDocument) -> list[ExportedEvent]:
    """The events of an article the corpus layer has not placed, each as an event of
    its own: one article, one source, a report per telling."""
    a = doc.article
    source = a.site or doc.id
    out = []
    for ev in doc.events:
        event_id = f"{doc.id}/{ev.id}"
        place = ev.location
        tellings = []
        for n, evidence in enumerate(ev.evidence or [None]):
            trigger = evidence.trigger if evidence else None
            sentence = evidence.sentence if evidence else None
            report = EventReport(
                event_id, doc.id, ev.id, n,
                trigger.start if trigger else None, trigger.end if trigger else None,
                sentence.start if sentence else None, sentence.end if sentence else None,
                a.site, source, ev.factuality, ev.date, place.text if place else None, a.published,
            )  # fmt: skip
            tellings.append(
                Telling(
                    report,
                    url=a.url,
                    body_length=len(a.body),
                    sentence_id=sentence_number(a.body, sentence.start) if sentence else None,
                    sentence=evidence.text if evidence else None,
                    actor_start=ev.actor.start if ev.actor else None,
                    target_start=ev.target.start if ev.target else None,
                )
            )
        event = CorpusEvent(
            event_id, "", ev.type, ev.mode, ev.trigger,
            None, ev.actor.text if ev.actor else None, None, ev.target.text if ev.target else None,
            place.text if place else None, place.country if place else None,
            place.latitude if place else None, place.longitude if place else None,
            ev.date, ev.date_precision, ev.factuality, max(1, len(ev.evidence)), 1, 1, a.published, a.published,
            cameo=ev.cameo, acled=ev.acled,
            counts=[Claim(f"{c.value:g}", [c.text], [source], [doc.id], [Span(c.start, c.end)]) for c in ev.counts],
        )  # fmt: skip
        out.append(ExportedEvent(event, tellings, ev.actor, ev.target, [c.category for c in ev.counts]))
    return out


# -- GDELT 2.0 Events --------------------------------------------------------------------


def _timestamp(value: str | None) -> str:
    """An ISO date or time as GDELT's YYYYMMDDHHMMSS (empty when unknown)."""
    if not value:
        return ""
    digits = "".join(ch for ch in value[:19] if ch.isdigit())
    return (digits + "0" * 14)[:14]


def _event_date(event: CorpusEvent) -> str | None:
    if event.date and event.date[:4].isdigit() and "W" not in event.date:
        return event.date
    return event.first_reported


def gdelt_row(exported: ExportedEvent) -> list[str]:
    """One GDELT 2.0 Events row (61 strings, empty where not derivable)."""
    ontology = load_ontology()
    event, first = exported.event, exported.first
    day, month_year, year, fraction = _compact_date(_event_date(event))
    code = ontology.cameo_code(event.type, event.mode) or ""
    quad = ontology.quad_class(event.type)
    score = ontology.score(event.type, event.mode)
    geo_type = ""
    if event.place:
        geo_type = "1" if event.country and event.latitude is None else "4"
    is_root = "1" if first is not None and first.report.sentence_start == 0 else "0"
    added = _timestamp(first.report.reported if first is not None else None) or _timestamp(event.first_reported)
    row = (
        [_global_id(event.id), day, month_year, year, fraction]
        + _actor_columns(exported.actor)
        + _actor_columns(exported.target)
        + [
            is_root,
            code,
            code[:3],
            code[:2],
            str(quad or ""),
            "" if score is None else f"{score:g}",
            str(event.num_mentions),
            str(event.num_sources),
            str(event.num_articles),
            "",
        ]
        + [""] * 8
        + [""] * 8
        + [
            geo_type,
            event.place or "",
            "",
            "",
            "",
            "" if event.latitude is None else f"{event.latitude:.4f}",
            "" if event.longitude is None else f"{event.longitude:.4f}",
            "",
        ]
        + [added, (first.url or "") if first is not None else ""]
    )
    assert len(row) == len(GDELT_COLUMNS)
    return row


# -- GDELT 2.0 Mentions -------------------------------------------------------------------

GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)

# GDELT's Confidence (10-100): here, how firmly the report tells that the event
# happened: stated as fact, attributed to someone, as a possibility, or denied.
CONFIDENCE = {"asserted": 100, "reported": 70, "hypothetical": 30, "negated": 10}


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def gdelt_mention_rows(exported: ExportedEvent) -> list[list[str]]:
    """One GDELT 2.0 Mentions row (16 strings) per report of the event."""
    event, first = exported.event, exported.first
    global_id = _global_id(event.id)
    event_time = _timestamp(first.report.reported if first is not None else None) or _timestamp(event.first_reported)
    rows = []
    for t in exported.tellings:
        r = t.report
        rows.append(
            [
                global_id,
                event_time,
                _timestamp(r.reported),
                "1",
                r.source or "",
                t.url or r.article_id,
                _number(t.sentence_id),
                _number(t.actor_start),
                _number(t.target_start),
                _number(r.trigger_start),
                "1",
                str(CONFIDENCE.get(r.factuality, 50)),
                _number(t.body_length),
                "",
                "",
                "",
            ]
        )
    return rows


# -- ACLED --------------------------------------------------------------------------------

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

_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _fatalities(exported: ExportedEvent) -> str:
    """The killed count the event reports, its lower bound when hedged ("over 40", "10-20")."""
    categories = exported.count_categories + [None] * len(exported.event.counts)
    for claim, category in zip(exported.event.counts, categories, strict=False):
        if (getattr(claim, "category", None) or category) in ("killed", "dead"):
            found = _FIRST_NUMBER.search(claim.value.replace(",", ""))
            if found:
                return str(int(float(found.group())))
    return "0"


def _notes(exported: ExportedEvent) -> str:
    event = exported.event
    parts = []
    if exported.first is not None and exported.first.sentence:
        parts.append(" ".join(exported.first.sentence.split()))
    tellings = []
    for t in exported.tellings:
        r = t.report
        how = "" if r.factuality == "asserted" else f", {r.factuality}"
        tellings.append(f"{r.source or 'no site'} ({t.url or r.article_id}, {(r.reported or '?')[:10]}{how})")
    if tellings:
        parts.append(
            f"Reported in {event.num_articles} article{'s' if event.num_articles != 1 else ''} from "
            f"{event.num_sources} independent source{'s' if event.num_sources != 1 else ''}: "
            + "; ".join(tellings)
            + "."
        )
    for d in event.disagreements:
        values = " vs ".join(f"{c.value} ({', '.join(c.sources)})" for c in d.values)
        parts.append(f"Sources disagree on {d.field}: {values}; reported: {d.chosen} ({d.rule}).")
    return " ".join(parts)


def acled_row(exported: ExportedEvent) -> dict[str, str]:
    """An ACLED-like flat record for an event with an ACLED label (empty dict otherwise)."""
    event = exported.event
    label = event.acled or acled_label(
        Event(id=event.id, type=event.type, mode=event.mode, actor=exported.actor, target=exported.target)
    )
    if not label:
        return {}
    event_type = next((t for t in ACLED_EVENT_TYPES if label.startswith(t + "/")), label.split("/", 1)[0])
    sub_type = label[len(event_type) + 1 :]
    actor, target = exported.actor, exported.target
    sites = dict.fromkeys(t.report.source for t in exported.tellings if t.report.source)
    date = event.date if event.date and event.date[:4].isdigit() else (event.first_reported or "")[:10]
    return {
        "event_id_cnty": event.id,
        "event_date": date,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": event.actor_text or (actor.text if actor else ""),
        "inter1": (actor.sector or "") if actor else "",
        "actor2": event.target_text or (target.text if target else ""),
        "inter2": (target.sector or "") if target else "",
        "country": event.country or "",
        "location": event.place or "",
        "latitude": "" if event.latitude is None else f"{event.latitude:.4f}",
        "longitude": "" if event.longitude is None else f"{event.longitude:.4f}",
        "source": "; ".join(sites),
        "notes": _notes(exported),
        "fatalities": _fatalities(exported),
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
    """A GDELT 2.0 file (Events: 61 fields a line; Mentions: 16): one row a line,
    tab-separated, no header, no quoting, so ``line.split("\t")`` gives every field."""
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
