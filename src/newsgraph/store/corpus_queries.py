"""The SQL of the corpus layer's reads (stories, corpus events, corpus entities),
as functions of a connection that return plain data: the JSON-ready dicts of
the output contract (see the README's "Corpus commands" section).

Like ``queries``, they raise nothing of their own: the ``Store`` checks the
arguments and words the errors.

Dates. Stored dates are ISO strings of any precision ("2031", "2031-04",
"2031-04-07T09:30"); a filter window ``since``..``until`` (ISO days, both
included) keeps a date whose whole span overlaps it, so "2031-04" is in a
window from 2031-04-07. A value that is no ISO date (a TimeML week
"2031-W15") counts as no date.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypedDict, Unpack

import duckdb

from ..records import CorpusEntity, CorpusEvent, CorpusStory, EventReport, field_types

# Tables of the corpus layer that have an ``id`` a user can name (whole or a prefix).
ID_TABLES = ("stories", "corpus_events", "corpus_entities")

STORY_FIELDS = tuple(field_types(CorpusStory))
EVENT_FIELDS = tuple(field_types(CorpusEvent))
ENTITY_FIELDS = tuple(field_types(CorpusEntity))
REPORT_FIELDS = tuple(f for f in field_types(EventReport) if f != "event_id")
JSON_EVENT_FIELDS = ("counts", "disagreements")

# The schema version whose migration added the corpus tables.
CORPUS_VERSION = 5

# Co-occurring entities an entity's view lists.
COOCCURRING = 10

_ISO_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(fields: Iterable[str], alias: str) -> str:
    return ", ".join(f"{alias}.{_q(f)}" for f in fields)


# -- dates ----------------------------------------------------------------------


def valid_date(expr: str) -> str:
    """``expr`` (SQL of a date string) when it is an ISO date, else NULL."""
    return f"(CASE WHEN regexp_full_match(left({expr}, 10), '{_ISO_DATE}') THEN left({expr}, 10) END)"


def window(expr: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL that keeps a date (``expr``) overlapping ``since``..``until``, with its parameters.

    Its span runs from the date padded with zeros ("2031-04" -> "2031-04-00") to
    the date padded with nines ("2031-04-99"), which compare as strings with a
    day. With no bound, everything passes; with one, an undated row does not.
    """
    parts, params = [], []
    day = valid_date(expr)
    if since is not None:
        parts.append(f"({day} || substr('9999-99-99', length({day}) + 1)) >= ?")
        params.append(since)
    if until is not None:
        parts.append(f"({day} || substr('0000-00-00', length({day}) + 1)) <= ?")
        params.append(until)
    return (" AND ".join(parts) or "TRUE"), params


def span_window(first: str, last: str, since: str | None, until: str | None) -> tuple[str, list[Any]]:
    """SQL that keeps a span of dates ``first``..``last`` (a story's, an entity's) overlapping the window."""
    parts, params = [], []
    if since is not None:
        sql, p = window(f"coalesce({last}, {first})", since, None)
        parts.append(sql)
        params += p
    if until is not None:
        sql, p = window(f"coalesce({first}, {last})", None, until)
        parts.append(sql)
        params += p
    return (" AND ".join(parts) or "TRUE"), params


# An event's date for filters and order: its own, else when it was first reported.
EVENT_DAY = f"coalesce({valid_date('e.date')}, {valid_date('e.first_reported')})"


def _limit(limit: int, offset: int = 0) -> str:
    """LIMIT (0: none) and OFFSET, as integers the caller checked."""
    return (f" LIMIT {int(limit)}" if limit > 0 else "") + (f" OFFSET {int(offset)}" if offset > 0 else "")


def _contains(expr: str) -> str:
    return f"contains(lower(coalesce({expr}, '')), lower(?))"


def _any_contains(list_expr: str) -> str:
    return f"EXISTS (SELECT 1 FROM (SELECT unnest({list_expr}) AS x) WHERE contains(lower(x), lower(?)))"


# -- ids ------------------------------------------------------------------------


def ids_matching(con: duckdb.DuckDBPyConnection, table: str, prefix: str) -> list[str]:
    """``[prefix]`` when it is an id of ``table`` (one of ``ID_TABLES``), else up to
    two ids it begins (two: ambiguous). Matched literally, an exact id winning."""
    if con.execute(f"SELECT 1 FROM {table} WHERE id = ?", [prefix]).fetchone():
        return [prefix]
    rows = con.execute(f"SELECT id FROM {table} WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [prefix]).fetchall()
    return [r[0] for r in rows]


# -- stories ----------------------------------------------------------------------


def stories(
    con: duckdb.DuckDBPyConnection,
    *,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 0,
    offset: int = 0,
    ids: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Stories, most recently seen first, each with its articles in arrival order.

    ``q``: a case-insensitive substring of the title, a top entity or a place.
    The window keeps stories seen within it (``first_seen``..``last_seen`` overlaps it).
    """
    where, params = span_window("s.first_seen", "s.last_seen", since, until)
    if q:
        where += f" AND ({_contains('s.title')} OR {_any_contains('s.entities')} OR {_any_contains('s.places')})"
        params += [q, q, q]
    if ids is not None:
        where += " AND s.id IN (SELECT unnest(?))"
        params.append(list(ids))
    rows = con.execute(
        f"SELECT {_select(STORY_FIELDS, 's')} FROM stories s WHERE {where}"
        " ORDER BY s.last_seen DESC NULLS LAST, s.first_seen DESC NULLS LAST, s.id" + _limit(limit, offset),
        params,
    ).fetchall()
    found = [dict(zip(STORY_FIELDS, r, strict=True)) for r in rows]
    members = story_articles(con, [s["id"] for s in found])
    for s in found:
        s["entities"] = s["entities"] or []
        s["places"] = s["places"] or []
        s["articles"] = members.get(s["id"], [])
    return found


def story_articles(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> dict[str, list[str]]:
    """Each story's article ids, in arrival order."""
    if not story_ids:
        return {}
    rows = con.execute(
        "SELECT story_id, article_id FROM corpus_articles WHERE story_id IN (SELECT unnest(?)) ORDER BY seq",
        [story_ids],
    ).fetchall()
    out: dict[str, list[str]] = defaultdict(list)
    for story_id, article_id in rows:
        out[story_id].append(article_id)
    return out


def story_sources(con: duckdb.DuckDBPyConnection, story_id: str) -> dict[str, list[dict[str, Any]]]:
    """A story's sites and independent sources, each with its number of articles (most first)."""
    sites = con.execute(
        "SELECT site, count(*) AS n FROM corpus_articles WHERE story_id = ? GROUP BY site"
        " ORDER BY n DESC, site NULLS LAST",
        [story_id],
    ).fetchall()
    independent = con.execute(
        "SELECT independent_source, count(*) AS n FROM corpus_articles WHERE story_id = ?"
        " GROUP BY independent_source ORDER BY n DESC, independent_source",
        [story_id],
    ).fetchall()
    return {
        "sites": [{"site": s, "articles": n} for s, n in sites],
        "independent_sources": [{"source": s, "articles": n} for s, n in independent],
    }


# -- corpus events ------------------------------------------------------------------


class EventFilters(TypedDict, total=False):
    """The filters of a corpus event read, as every read of corpus events takes
    them (``Store.corpus_events``, ``event_series``, ``event_points``, the event
    exports, the CLI and the web API); see :func:`event_filter`."""

    type: str | None
    mode: str | None
    country: str | None
    actor: str | None
    target: str | None
    min_sources: int
    since: str | None
    until: str | None
    story: str | None


def event_filter(**filters: Unpack[EventFilters]) -> tuple[str, list[Any]]:
    """The WHERE of a corpus event filter over ``corpus_events e``, with its parameters.

    ``actor``: a case-insensitive substring of the actor's or target's text, or of
    its corpus entity's name or an alias, or that entity's id; ``target``: the same,
    for the target only. ``type``, ``mode`` and ``country`` match whole values,
    ignoring case.
    """
    where, params = window(EVENT_DAY, filters.get("since"), filters.get("until"))
    for column in ("type", "mode", "country"):
        value = filters.get(column)
        if value:
            where += f" AND upper(e.{column}) = upper(?)"
            params.append(value)
    min_sources = filters.get("min_sources") or 0
    if min_sources > 0:
        where += " AND e.num_sources >= ?"
        params.append(min_sources)
    story = filters.get("story")
    if story is not None:
        where += " AND e.story_id = ?"
        params.append(story)
    for roles, value in ((("actor", "target"), filters.get("actor")), (("target",), filters.get("target"))):
        if value:
            texts = " OR ".join(_contains(f"e.{r}_text") for r in roles)
            ids = ", ".join(f"e.{r}" for r in roles)
            where += (
                f" AND ({texts} OR EXISTS (SELECT 1 FROM corpus_entities ce WHERE ce.id IN ({ids})"
                f" AND (ce.id = ? OR {_contains('ce.name')} OR {_any_contains('ce.aliases')})))"
            )
            params += [value] * (len(roles) + 3)
    return where, params


def events(
    con: duckdb.DuckDBPyConnection,
    *,
    limit: int = 0,
    offset: int = 0,
    timeline: bool = False,
    **filters: Unpack[EventFilters],
) -> list[dict[str, Any]]:
    """Corpus events with their mentions (reports) and disagreements; ``filters``
    are those of ``event_filter``.

    Newest first (by ``EVENT_DAY``), or as a ``timeline``: by date, then first
    reported, oldest first.
    """
    where, params = event_filter(**filters)
    order = (
        f"{EVENT_DAY} NULLS LAST, e.first_reported NULLS LAST, e.id"
        if timeline
        else f"{EVENT_DAY} DESC NULLS LAST, e.first_reported DESC NULLS LAST, e.id"
    )
    rows = con.execute(
        f"SELECT {_select(EVENT_FIELDS, 'e')} FROM corpus_events e WHERE {where} ORDER BY {order}"
        + _limit(limit, offset),
        params,
    ).fetchall()
    found = [_event_dict(r) for r in rows]
    mentions = event_mentions(con, [e["id"] for e in found])
    categories = count_categories(con, found)
    for e in found:
        e["mentions"] = mentions.get(e["id"], [])
        for claim in e["counts"]:
            if claim.get("category") is None:
                key = _claim_key(claim)
                claim["category"] = categories.get(key) if key is not None else None
    return found


def _event_dict(row: Sequence[Any]) -> dict[str, Any]:
    event = dict(zip(EVENT_FIELDS, row, strict=True))
    for name in JSON_EVENT_FIELDS:
        value = event.get(name)
        event[name] = json.loads(value) if isinstance(value, str) else (value or [])
    return event


def event_mentions(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Each event's reports, in the arrival order of their articles (then as stored)."""
    if not event_ids:
        return {}
    rows = con.execute(
        f"SELECT r.event_id, {_select(REPORT_FIELDS, 'r')} FROM event_reports r"
        " LEFT JOIN corpus_articles c ON c.article_id = r.article_id"
        " WHERE r.event_id IN (SELECT unnest(?)) ORDER BY c.seq NULLS LAST, r.rowid",
        [event_ids],
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event_id, *values in rows:
        out[event_id].append(dict(zip(REPORT_FIELDS, values, strict=True)))
    return out


ClaimKey = tuple[str, Any, Any]


def _claim_key(claim: dict[str, Any]) -> ClaimKey | None:
    articles, evidence = claim.get("articles") or [], claim.get("evidence") or []
    if not articles or not evidence or not isinstance(evidence[0], dict):
        return None
    return articles[0], evidence[0].get("start"), evidence[0].get("end")


def count_categories(con: duckdb.DuckDBPyConnection, found: list[dict[str, Any]]) -> dict[ClaimKey, str | None]:
    """The category of each count claim of ``found``, read from the article count its
    first evidence span is (for claims stored without their category)."""
    keys = {k for e in found for c in e["counts"] if c.get("category") is None and (k := _claim_key(c)) is not None}
    if not keys:
        return {}
    rows = con.execute(
        'SELECT article_id, start, "end", category FROM counts WHERE article_id IN (SELECT unnest(?))',
        [sorted({k[0] for k in keys})],
    ).fetchall()
    return {(a, s, e): c for a, s, e, c in rows if (a, s, e) in keys}


# -- corpus entities ------------------------------------------------------------------


def entities(
    con: duckdb.DuckDBPyConnection,
    *,
    q: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 0,
    offset: int = 0,
    ids: Sequence[str] | None = None,
    with_mentions: bool = True,
) -> list[dict[str, Any]]:
    """Corpus entities, most articles first, each with every mention of its members.

    ``q``: a case-insensitive substring of the name or an alias; the window
    keeps entities seen within it (``first_seen``..``last_seen``).
    """
    where, params = span_window("c.first_seen", "c.last_seen", since, until)
    if q:
        where += f" AND ({_contains('c.name')} OR {_any_contains('c.aliases')})"
        params += [q, q]
    if type:
        where += " AND upper(c.type) = upper(?)"
        params.append(type)
    if ids is not None:
        where += " AND c.id IN (SELECT unnest(?))"
        params.append(list(ids))
    rows = con.execute(
        f"SELECT {_select(ENTITY_FIELDS, 'c')} FROM corpus_entities c WHERE {where}"
        " ORDER BY c.num_articles DESC, c.num_mentions DESC, c.id" + _limit(limit, offset),
        params,
    ).fetchall()
    found = [dict(zip(ENTITY_FIELDS, r, strict=True)) for r in rows]
    mentions = entity_mentions(con, [e["id"] for e in found]) if with_mentions else {}
    for e in found:
        e["aliases"] = e["aliases"] or []
        if with_mentions:
            e["mentions"] = mentions.get(e["id"], [])
    return found


def entities_named(con: duckdb.DuckDBPyConnection, name: str, *, exact: bool) -> list[dict[str, Any]]:
    """Corpus entities whose name or an alias is ``name`` (case-insensitive), or
    contains it (``exact=False``), most articles first (id, name, type, num_articles)."""
    if exact:
        test = (
            "lower(c.name) = lower(?)"
            " OR EXISTS (SELECT 1 FROM (SELECT unnest(c.aliases) AS x) WHERE lower(x) = lower(?))"
        )
    else:
        test = f"{_contains('c.name')} OR {_any_contains('c.aliases')}"
    rows = con.execute(
        f"SELECT c.id, c.name, c.type, c.num_articles FROM corpus_entities c WHERE {test}"
        " ORDER BY c.num_articles DESC, c.id",
        [name, name],
    ).fetchall()
    return [{"id": i, "name": n, "type": t, "num_articles": a} for i, n, t, a in rows]


_MEMBERS = (
    "FROM entity_members m JOIN {table} x ON x.article_id = m.article_id AND x.{key} = m.entity_id"
    " LEFT JOIN corpus_articles ca ON ca.article_id = m.article_id"
    " LEFT JOIN articles a ON a.id = m.article_id"
)


def _members_of(table: str, key: str = "entity_id") -> str:
    return _MEMBERS.format(table=table, key=key)


def entity_mentions(
    con: duckdb.DuckDBPyConnection,
    entity_ids: list[str],
    since: str | None = None,
    until: str | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every mention of each corpus entity's members, by arrival order then offset
    (the window: on the article's publication date)."""
    if not entity_ids:
        return {}
    where, params = window("a.published", since, until)
    rows = con.execute(
        'SELECT m.corpus_entity_id, x.article_id, x.start, x."end", x.text, x.kind '
        + _members_of("mentions")
        + f" WHERE m.corpus_entity_id IN (SELECT unnest(?)) AND {where}"
        ' ORDER BY ca.seq NULLS LAST, x.article_id, x.start, x."end"',
        [entity_ids, *params],
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entity_id, article_id, start, end, text, kind in rows:
        out[entity_id].append({"article_id": article_id, "start": start, "end": end, "text": text, "kind": kind})
    return out


def _dated_member_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: tuple[tuple[str, str], ...],
    entity_id: str,
    since: str | None,
    until: str | None,
    key: str = "entity_id",
) -> list[dict[str, Any]]:
    """Rows of a per-article ``table`` whose ``key`` is a member of the corpus entity, by the
    article's date (undated last), as dicts of ``columns`` (output name, SQL expression)."""
    where, params = window("a.published", since, until)
    rows = con.execute(
        f"SELECT {', '.join(sql for _, sql in columns)} "
        + _members_of(table, key=key)
        + f" WHERE m.corpus_entity_id = ? AND {where}"
        " ORDER BY a.published NULLS LAST, ca.seq NULLS LAST, x.start",
        [entity_id, *params],
    ).fetchall()
    keys = tuple(name for name, _ in columns)
    return [dict(zip(keys, r, strict=True)) for r in rows]


def entity_roles(
    con: duckdb.DuckDBPyConnection, entity_id: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The roles the articles give a corpus entity, by the article's date (undated last)."""
    columns = (
        ("title", "x.title"),
        ("organization", "x.organization"),
        ("country", "x.country"),
        ("article_id", "x.article_id"),
        ("date", "a.published"),
        ("start", "x.start"),
        ("end", 'x."end"'),
    )
    return _dated_member_rows(con, "roles", columns, entity_id, since, until)


def entity_quotes(
    con: duckdb.DuckDBPyConnection, entity_id: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """Quotes whose speaker is a member of the corpus entity, by the article's date."""
    columns = (
        ("article_id", "x.article_id"),
        ("date", "a.published"),
        ("kind", "x.kind"),
        ("text", "x.text"),
        ("cue", "x.cue"),
        ("start", "x.start"),
        ("end", 'x."end"'),
    )
    return _dated_member_rows(con, "quotes", columns, entity_id, since, until, key="speaker")


def entity_events(
    con: duckdb.DuckDBPyConnection, entity_id: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """Corpus events where the entity is actor or target, by date (as a timeline)."""
    where, params = window(EVENT_DAY, since, until)
    rows = con.execute(
        "SELECT e.id, CASE WHEN e.actor = ? THEN 'actor' ELSE 'target' END, e.type, e.mode, e.date,"
        " e.first_reported, e.place, e.factuality, e.num_articles, e.num_sources, e.story_id"
        f" FROM corpus_events e WHERE (e.actor = ? OR e.target = ?) AND {where}"
        f" ORDER BY {EVENT_DAY} NULLS LAST, e.first_reported NULLS LAST, e.id",
        [entity_id, entity_id, entity_id, *params],
    ).fetchall()
    keys = (
        "id",
        "role",
        "type",
        "mode",
        "date",
        "first_reported",
        "place",
        "factuality",
        "num_articles",
        "num_sources",
        "story_id",
    )
    return [dict(zip(keys, r, strict=True)) for r in rows]


def cooccurring(
    con: duckdb.DuckDBPyConnection, entity_id: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The corpus entities sharing most articles with this one (the top ``COOCCURRING``)."""
    where, params = window("a.published", since, until)
    rows = con.execute(
        "SELECT o.corpus_entity_id, c.name, c.type, count(DISTINCT o.article_id) AS n"
        " FROM entity_members m JOIN entity_members o"
        " ON o.article_id = m.article_id AND o.corpus_entity_id <> m.corpus_entity_id"
        " JOIN corpus_entities c ON c.id = o.corpus_entity_id"
        " LEFT JOIN articles a ON a.id = m.article_id"
        f" WHERE m.corpus_entity_id = ? AND {where}"
        f" GROUP BY o.corpus_entity_id, c.name, c.type ORDER BY n DESC, o.corpus_entity_id LIMIT {COOCCURRING}",
        [entity_id, *params],
    ).fetchall()
    return [{"id": i, "name": n, "type": t, "articles": k} for i, n, t, k in rows]


def date_bound(value: str, *, end: bool) -> str | None:
    """A window bound as the filters compare it: an ISO date ``YYYY[-MM[-DD]]`` checked
    for being a real date, a month or year widened to its first (``end``: last) day;
    None when ``value`` is no such date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    text = value.strip()
    return text + ("-99-99" if end else "-00-00")[len(text) - 4 :] if len(text) < 10 else text


# -- the corpus events an export writes ---------------------------------------------------

# Corpus events are read for an export this many at a time, with their reports
# and the bodies of the articles that report them.
EXPORT_CHUNK = 256

# What an export needs of a report's article and article event, after the report's own fields.
REPORT_EXTRAS = (
    "url",
    "body_length",
    "actor_country",
    "actor_sector",
    "target_country",
    "target_sector",
    "actor_start",
    "target_start",
)


def export_ids(con: duckdb.DuckDBPyConnection, **filters: Unpack[EventFilters]) -> list[str]:
    """The ids of the corpus events ``event_filter`` keeps, in the order exports write them."""
    where, params = event_filter(**filters)
    rows = con.execute(
        f"SELECT e.id FROM corpus_events e WHERE {where} ORDER BY e.first_reported NULLS LAST, e.id", params
    ).fetchall()
    return [i for (i,) in rows]


def export_chunks(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None
) -> Iterator[tuple[list[dict[str, Any]], dict[str, str]]]:
    """Every corpus event (or those of ``ids``, in that order), first reported first, a
    chunk at a time: the events (each with its ``reports`` in arrival order, the
    ``count_categories`` of its counts), and the bodies of the articles those reports
    have a sentence in."""
    if ids is None:
        ids = export_ids(con)
    for at in range(0, len(ids), EXPORT_CHUNK):
        part = ids[at : at + EXPORT_CHUNK]
        rows = con.execute(
            f"SELECT {_select(EVENT_FIELDS, 'e')} FROM corpus_events e WHERE e.id IN (SELECT unnest(?))", [part]
        ).fetchall()
        found = {e["id"]: e for e in map(_event_dict, rows)}
        chunk = [found[i] for i in part if i in found]
        categories = count_categories(con, chunk)
        for e in chunk:
            keys = [_claim_key(c) for c in e["counts"]]
            e["count_categories"] = [categories.get(k) if k is not None else None for k in keys]
            e["reports"] = []
        # One row per article event (an id repeated in an article would repeat its reports).
        reports = con.execute(
            f"SELECT r.event_id, {_select(REPORT_FIELDS, 'r')}, a.url, length(a.body),"
            " ev.actor_country, ev.actor_sector, ev.target_country, ev.target_sector, ev.actor_start, ev.target_start"
            " FROM event_reports r"
            " LEFT JOIN corpus_articles c ON c.article_id = r.article_id"
            " LEFT JOIN articles a ON a.id = r.article_id"
            " LEFT JOIN (SELECT article_id, id, any_value(actor_country) AS actor_country,"
            "   any_value(actor_sector) AS actor_sector, any_value(target_country) AS target_country,"
            "   any_value(target_sector) AS target_sector,"
            "   any_value(TRY_CAST(json_extract_string(record, '$.actor.start') AS INTEGER)) AS actor_start,"
            "   any_value(TRY_CAST(json_extract_string(record, '$.target.start') AS INTEGER)) AS target_start"
            "   FROM events WHERE article_id IN"
            "   (SELECT article_id FROM event_reports WHERE event_id IN (SELECT unnest(?)))"
            "   GROUP BY article_id, id) ev ON ev.article_id = r.article_id AND ev.id = r.article_event_id"
            " WHERE r.event_id IN (SELECT unnest(?)) ORDER BY c.seq NULLS LAST, r.rowid",
            [part, part],
        ).fetchall()
        with_sentence = set()
        for event_id, *values in reports:
            report = dict(zip((*REPORT_FIELDS, *REPORT_EXTRAS), values, strict=True))
            found[event_id]["reports"].append(report)
            if report["sentence_start"] is not None:
                with_sentence.add(report["article_id"])
        bodies = dict(
            con.execute(
                "SELECT id, body FROM articles WHERE id IN (SELECT unnest(?))", [sorted(with_sentence)]
            ).fetchall()
        )
        yield chunk, bodies
