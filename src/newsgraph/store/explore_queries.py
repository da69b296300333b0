"""The SQL of the explorer's reads (store totals, article lists, event time series,
quotes, an entity's network, search facets), as functions of a connection that
return plain JSON-ready data. Like ``corpus_queries`` they raise nothing of their
own: the ``Store`` checks the arguments and words the errors.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import Any, Unpack

import duckdb

from .corpus_queries import (
    EVENT_DAY,
    EventFilters,
    _any_contains,
    _contains,
    _limit,
    event_filter,
    valid_date,
    window,
)

# The periods a time series counts by, and how many leading characters of an ISO
# date each needs (a date less precise than that falls back to when it was reported).
GROUPS = {"day": 10, "week": 10, "month": 7}
# What a time series counts: corpus events, or the reports (per-article events) behind them.
SERIES_COUNTS = ("events", "reports")

# The values each search facet lists at most.
FACET_VALUES = 20


# -- totals ----------------------------------------------------------------------


def totals(con: duckdb.DuckDBPyConnection, *, corpus: bool) -> dict[str, Any]:
    """What the store holds: rows of the main tables, the sites articles come from,
    the independent sources (0 without the corpus layer), and the first and last
    publication day."""
    day = valid_date("published")
    (articles, quotes, first, last, sites) = con.execute(
        f"SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM quotes), min({day}), max({day}),"
        " count(DISTINCT site) FROM articles"
    ).fetchall()[0]
    out: dict[str, Any] = {"articles": articles}
    for table in ("stories", "corpus_events", "event_reports", "corpus_entities"):
        out[table] = int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]) if corpus else 0
    out["quotes"] = quotes
    if corpus:
        sites, sources = con.execute(
            "SELECT count(DISTINCT site), count(DISTINCT independent_source) FROM corpus_articles"
        ).fetchall()[0]
    else:
        sources = 0
    out["sources"] = sites
    out["independent_sources"] = sources
    out["first_date"], out["last_date"] = first, last
    return out


# -- articles --------------------------------------------------------------------


def article_list(
    con: duckdb.DuckDBPyConnection,
    *,
    site: str | None = None,
    story: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
    corpus: bool = True,
) -> list[dict[str, Any]]:
    """Articles, newest first, with what they hold and where the corpus layer placed
    them (story, syndication group and its original; None when it has not). ``site``:
    the registered domain the corpus layer gave the article, or the article's own site
    (either, ignoring case); the window is on the publication date."""
    where, params = window("a.published", since, until)
    # The page is chosen first and only its articles are looked up and counted:
    # doing it for every article before the LIMIT reads whole tables.
    join = ""
    if site:
        if corpus:
            join = " LEFT JOIN corpus_articles ca ON ca.article_id = a.id"
            where += " AND (lower(coalesce(ca.site, a.site)) = lower(?) OR lower(a.site) = lower(?))"
            params += [site, site]
        else:
            where += " AND lower(a.site) = lower(?)"
            params.append(site)
    if story is not None:
        where += " AND a.id IN (SELECT article_id FROM corpus_articles WHERE story_id = ?)"
        params.append(story)
    rows = con.execute(
        f"SELECT a.id, a.title, a.url, a.site, a.published FROM articles a{join} WHERE {where}"
        " ORDER BY a.published DESC NULLS LAST, a.id" + _limit(limit, offset),
        params,
    ).fetchall()
    keys = ("id", "title", "url", "site", "published")
    found = [dict(zip(keys, r, strict=True)) for r in rows]
    ids = [a["id"] for a in found]
    placed: dict[str, tuple[Any, ...]] = {}
    if corpus and ids:
        placed = {
            r[0]: r[1:]
            for r in con.execute(
                "SELECT article_id, site, story_id, syndication_group, original FROM corpus_articles"
                " WHERE article_id IN (SELECT unnest(?))",
                [ids],
            ).fetchall()
        }
    counts: dict[tuple[str, str], int] = {}
    if ids:
        rows = con.execute(
            "SELECT 'entities', article_id, count(DISTINCT entity_id) FROM mentions"
            " WHERE article_id IN (SELECT unnest($1)) GROUP BY article_id"
            " UNION ALL SELECT 'quotes', article_id, count(*) FROM quotes"
            " WHERE article_id IN (SELECT unnest($1)) GROUP BY article_id"
            " UNION ALL SELECT 'events', article_id, count(*) FROM events"
            " WHERE article_id IN (SELECT unnest($1)) GROUP BY article_id",
            [ids],
        ).fetchall()
        counts = {(what, article_id): n for what, article_id, n in rows}
    for a in found:
        site_of, story_id, group, original = placed.get(a["id"], (None, None, None, None))
        a["site"] = site_of or a["site"]
        a["story_id"] = story_id
        for what in ("entities", "quotes", "events"):
            a[f"num_{what}"] = counts.get((what, a["id"]), 0)
        a["syndication_group"], a["original"] = group, original
    return found


def article_corpus(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any]:
    """Where the corpus layer placed an article (all None when it has not)."""
    keys = ("story_id", "site", "syndication_group", "original", "independent_source", "seq")
    row = con.execute(
        "SELECT story_id, site, syndication_group, original, independent_source, seq"
        " FROM corpus_articles WHERE article_id = ?",
        [article_id],
    ).fetchone()
    return dict(zip(keys, row or (None,) * len(keys), strict=True))


def article_members(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, str]:
    """Each of an article's entities (its ``Entity.id``) that the corpus layer resolved,
    with the corpus entity's id (the least, should one ever have two)."""
    rows = con.execute(
        "SELECT entity_id, min(corpus_entity_id) FROM entity_members WHERE article_id = ? GROUP BY entity_id",
        [article_id],
    ).fetchall()
    return {entity_id: corpus_id for entity_id, corpus_id in rows}


# -- time series -------------------------------------------------------------------


def _precise(expr: str, n: int) -> str:
    day = valid_date(expr)
    return f"(CASE WHEN length({day}) >= {n} THEN left({day}, {n}) END)"


def event_series(
    con: duckdb.DuckDBPyConnection, *, group_by: str, count: str, **filters: Unpack[EventFilters]
) -> list[dict[str, Any]]:
    """Corpus events (``filters`` as in ``event_filter``), or their reports, counted
    per period, oldest first. An event falls on its date, or when that is less
    precise than the period (a month for a day), on its first report's date;
    events with neither are left out. Periods are named by their first day
    (a week by its ISO Monday)."""
    n = GROUPS[group_by]
    when = f"coalesce({_precise('e.date', n)}, {_precise('e.first_reported', n)})"
    day = "TRY_CAST(w || substr('-01', 1, 10 - length(w)) AS DATE)"
    period = {"day": "d", "week": "date_trunc('week', d)", "month": "date_trunc('month', d)"}[group_by]
    where, params = event_filter(**filters)
    counted = (
        "(SELECT event_id, count(*) AS n FROM event_reports GROUP BY event_id) r JOIN dated p ON p.id = r.event_id"
        if count == "reports"
        else "(SELECT *, 1 AS n FROM dated) p"
    )
    # Each step computes its value once a row: a date expression repeated in one
    # SELECT is evaluated again each time, and its regex is most of the cost.
    rows = con.execute(
        f"WITH picked AS (SELECT e.id, {when} AS w FROM corpus_events e WHERE {where}),"
        f" dated AS (SELECT id, {day} AS d FROM picked WHERE w IS NOT NULL)"
        f" SELECT strftime(CAST({period} AS DATE), '%Y-%m-%d') AS period, sum(n) FROM {counted}"
        " WHERE p.d IS NOT NULL GROUP BY period ORDER BY period",
        params,
    ).fetchall()
    return [{"period": p, "count": c} for p, c in rows]


# -- map points ----------------------------------------------------------------------


POINT_KEYS = (
    "id",
    "type",
    "place",
    "date",
    "latitude",
    "longitude",
    "article_id",
    "trigger_start",
    "trigger_end",
    "sentence_start",
    "sentence_end",
)


def event_points(
    con: duckdb.DuckDBPyConnection, *, limit: int, **filters: Unpack[EventFilters]
) -> list[dict[str, Any]]:
    """The located corpus events among those ``event_filter`` keeps, newest first as
    ``corpus_events`` lists them, at most ``limit``: where each happened and the evidence
    of its first report (in arrival order, as ``corpus_events`` lists its mentions)."""
    where, params = event_filter(**filters)
    rows = con.execute(
        "WITH picked AS (SELECT e.id, e.type, e.place, e.date, e.latitude, e.longitude,"
        f" {EVENT_DAY} AS day, e.first_reported FROM corpus_events e"
        f" WHERE {where} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
        " ORDER BY day DESC NULLS LAST, e.first_reported DESC NULLS LAST, e.id" + _limit(limit) + "),"
        " firsts AS (SELECT r.event_id, r.article_id, r.trigger_start, r.trigger_end, r.sentence_start,"
        " r.sentence_end, row_number() OVER (PARTITION BY r.event_id ORDER BY c.seq NULLS LAST, r.rowid) AS k"
        " FROM event_reports r LEFT JOIN corpus_articles c ON c.article_id = r.article_id"
        " WHERE r.event_id IN (SELECT id FROM picked))"
        " SELECT p.id, p.type, p.place, p.date, p.latitude, p.longitude, f.article_id, f.trigger_start,"
        " f.trigger_end, f.sentence_start, f.sentence_end FROM picked p LEFT JOIN firsts f ON f.event_id = p.id"
        " AND f.k = 1 ORDER BY p.day DESC NULLS LAST, p.first_reported DESC NULLS LAST, p.id",
        params,
    ).fetchall()
    return [dict(zip(POINT_KEYS, r, strict=True)) for r in rows]


# -- quotes --------------------------------------------------------------------------


QUOTE_KEYS = (
    "article_id",
    "title",
    "published",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_entity",
    "kind",
    "cue",
    "site",
)


def quotes(
    con: duckdb.DuckDBPyConnection,
    *,
    speaker: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
    corpus: bool = True,
) -> list[dict[str, Any]]:
    """Quotes, newest article first (then in text order), each with its article and
    speaker: the text naming them, and their corpus entity when the corpus layer
    resolved one. ``speaker``: a case-insensitive substring of the speaker's text
    or of their corpus entity's name or an alias, or that entity's id; ``q``: a
    case-insensitive substring of the quote; the window is on the article's date."""
    where, params = window("a.published", since, until)
    if q:
        where += f" AND {_contains('x.text')}"
        params.append(q)
    if speaker:
        test = _contains("x.speaker_text")
        params.append(speaker)
        if corpus:
            test += (
                " OR EXISTS (SELECT 1 FROM entity_members m JOIN corpus_entities ce ON ce.id = m.corpus_entity_id"
                " WHERE m.article_id = x.article_id AND m.entity_id = x.speaker"
                f" AND (ce.id = ? OR {_contains('ce.name')} OR {_any_contains('ce.aliases')}))"
            )
            params += [speaker] * 3
        where += f" AND ({test})"
    # The page first; its speakers' corpus entities and sites are looked up after.
    rows = con.execute(
        'SELECT x.article_id, a.title, a.published, x.text, x.start, x."end", x.speaker_text,'
        " x.speaker_start, x.speaker_end, x.speaker, x.kind, x.cue, a.site"
        f" FROM quotes x JOIN articles a ON a.id = x.article_id WHERE {where}"
        " ORDER BY a.published DESC NULLS LAST, x.article_id, x.start, x.n" + _limit(limit, offset),
        params,
    ).fetchall()
    found = [dict(zip(QUOTE_KEYS, r, strict=True)) for r in rows]
    if corpus and found:
        ids = sorted({x["article_id"] for x in found})
        members = {
            (a, e): c
            for a, e, c in con.execute(
                "SELECT article_id, entity_id, min(corpus_entity_id) FROM entity_members"
                " WHERE article_id IN (SELECT unnest(?)) GROUP BY article_id, entity_id",
                [ids],
            ).fetchall()
        }
        sites = dict(
            con.execute(
                "SELECT article_id, site FROM corpus_articles WHERE article_id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        )
    else:
        members, sites = {}, {}
    for x in found:
        x["speaker_entity"] = members.get((x["article_id"], x["speaker_entity"]))
        x["site"] = sites.get(x["article_id"]) or x["site"]
    return found


# -- an entity's network ----------------------------------------------------------------


def network(
    con: duckdb.DuckDBPyConnection, entity_id: str, since: str | None = None, until: str | None = None
) -> list[dict[str, Any]]:
    """The actor -> target edges of the corpus events where the entity acts or is
    targeted, one per counterpart and event type, most events first. A counterpart
    the corpus layer did not resolve to an entity has no id (``None``) and is named
    by its text; events with no counterpart at all are left out."""
    where, params = window(EVENT_DAY, since, until)
    rows = con.execute(
        "WITH edges AS ("
        " SELECT e.actor AS source, coalesce(sa.name, e.actor_text) AS source_name,"
        " e.target AS target, coalesce(ta.name, e.target_text) AS target_name, e.type"
        " FROM corpus_events e"
        " LEFT JOIN corpus_entities sa ON sa.id = e.actor LEFT JOIN corpus_entities ta ON ta.id = e.target"
        f" WHERE (e.actor = ? OR e.target = ?) AND {where})"
        " SELECT source, source_name, target, target_name, type, count(*) AS n FROM edges"
        " WHERE (source = ? AND (target IS NOT NULL OR target_name IS NOT NULL))"
        " OR (target = ? AND (source IS NOT NULL OR source_name IS NOT NULL))"
        " GROUP BY ALL ORDER BY n DESC, source NULLS LAST, target NULLS LAST, source_name, target_name, type",
        [entity_id, entity_id, *params, entity_id, entity_id],
    ).fetchall()
    keys = ("source", "source_name", "target", "target_name", "type", "count")
    return [dict(zip(keys, r, strict=True)) for r in rows]


# -- search ------------------------------------------------------------------------------


def real_day(bound: str | None, *, end: bool) -> str | None:
    """A checked window bound (``corpus_queries.date_bound``: "2031-04-00", "2031-99-99")
    as the calendar day it stands for: the first (``end``: the last) day of its month or year."""
    if bound is None:
        return None
    year, month, day = bound.split("-")
    if month in ("00", "99"):
        month = "12" if end else "01"
    if day in ("00", "99"):
        day = str(calendar.monthrange(int(year), int(month))[1]) if end else "01"
    return f"{year}-{month}-{day}"


def articles_reporting(con: duckdb.DuckDBPyConnection, event_type: str) -> list[str]:
    """The articles with a (per-article) event of the PLOVER type ``event_type``, case ignored."""
    rows = con.execute(
        "SELECT DISTINCT article_id FROM events WHERE upper(type) = upper(?)", [event_type.strip()]
    ).fetchall()
    return [r[0] for r in rows]


# -- search facets --------------------------------------------------------------------


def facets(con: duckdb.DuckDBPyConnection, ids: Sequence[str], *, corpus: bool) -> dict[str, list[dict[str, Any]]]:
    """How the articles ``ids`` (a search's matches) spread over sites, months of
    publication and the types of the events they report: the ``FACET_VALUES``
    commonest values of each, most articles first (one query: each table is read once).

    A site is what the search index filters on: the registered domain of the
    article's URL. The corpus layer stored it for the articles it placed; for the
    others it is worked out here from the URL (their ``site`` column may be a host)."""
    from .search import site_of

    out: dict[str, list[dict[str, Any]]] = {"site": [], "month": [], "event_type": []}
    if not ids:
        return out
    if corpus:
        site, url = "ca.site", "CASE WHEN ca.article_id IS NULL THEN a.url END"
        join = " LEFT JOIN corpus_articles ca ON ca.article_id = q.id"
    else:
        site, url, join = "NULL", "a.url", ""
    # Sites and URLs are counted whole (at most one row per match) and ranked below,
    # once the URLs are sites; months and event types are ranked here.
    rows = con.execute(
        f"WITH m AS MATERIALIZED (SELECT a.id, {site} AS site, {url} AS url, {_precise('a.published', 7)} AS month"
        f" FROM (SELECT DISTINCT unnest(?) AS id) q JOIN articles a ON a.id = q.id{join}),"
        " f AS (SELECT 'site' AS facet, site AS v, count(*) AS n FROM m GROUP BY site"
        " UNION ALL SELECT 'url', url, count(*) FROM m GROUP BY url"
        " UNION ALL SELECT 'month', month, count(*) FROM m GROUP BY month"
        " UNION ALL SELECT 'event_type', upper(ev.type), count(DISTINCT ev.article_id)"
        " FROM events ev SEMI JOIN m ON ev.article_id = m.id GROUP BY upper(ev.type))"
        " SELECT facet, v, n FROM (SELECT *, row_number() OVER (PARTITION BY facet ORDER BY n DESC, v) AS k"
        f" FROM f WHERE v IS NOT NULL) WHERE facet IN ('site', 'url') OR k <= {FACET_VALUES} ORDER BY facet, k",
        [list(ids)],
    ).fetchall()
    sites: dict[str, int] = {}
    for facet, value, n in rows:
        if facet in ("site", "url"):
            key = value if facet == "site" else site_of(value)
            if key is not None:
                sites[key] = sites.get(key, 0) + n
        else:
            out[facet].append({"value": value, "count": n})
    ranked = sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
    out["site"] = [{"value": value, "count": n} for value, n in ranked]
    return out
