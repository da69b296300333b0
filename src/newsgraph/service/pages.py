"""The web explorer: HTML pages over the same Store reads as the JSON API.

Pages are rendered on the server by Jinja2 with autoescaping on; the little
JavaScript there is (``static/app.js``) reads its data from
``<script type="application/json">`` blocks and builds the DOM with
``textContent``, so nothing an article says is ever parsed as markup. No SQL
here: every read is a ``Store`` method.

An article's body is cut into segments at every boundary of every fact's
character span, so overlapping and nested spans (an entity inside a quote
inside an event's sentence) each stay addressable: a segment lists the facts
whose evidence covers it, and ``#span-START-END`` anchors let other pages
link straight to a piece of evidence.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader

from .. import __version__
from ..errors import StoreError
from .database import Reader

router = APIRouter(include_in_schema=False)

# Longest search or filter value a page accepts (characters).
MAX_QUERY = 500
# Ranked hits per search page, events per table page, articles a story page lists.
SEARCH_PAGE = 20
EVENT_PAGE = 100
STORY_ARTICLES = 500
# Most events a map draws (the newest that match the filters).
MAP_EVENTS = 500
# How many stories and days the home page shows.
BUSIEST = 10
RECENT_DAYS = 7
RECENT_STORIES = 1000
# Titles and quotes come from the open web: lists show this many characters at most.
SHORT = 300
# An article page shows at most this many facts (the first in the text), each with at
# most this many evidence spans: a very long article stays a page a browser can open.
MAX_FACTS = 1000
MAX_SPANS = 100
# An entity page lists at most this many roles, quotes and events; a story's event at most this many reports.
MAX_ITEMS = 200
MAX_REPORTS = 20
# Longest page number (offset) a listing accepts.
MAX_OFFSET = 100_000
SAFE_SCHEMES = ("http", "https")


class BadRequest(Exception):
    """A query parameter a page cannot use."""


# -- helpers the templates use ------------------------------------------------------


def path_part(value: Any) -> str:
    """``value`` quoted as one path segment (an id may hold '/', '?' or '#')."""
    return quote(str(value), safe="")


def safe_url(value: Any) -> str | None:
    """``value`` when it is an http(s) URL a link may point at, else None (shown as text)."""
    if not isinstance(value, str) or not value or len(value) > 4096:
        return None
    if any(ord(c) < 0x21 or c == "\x7f" for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return value


def short(value: Any, limit: int = SHORT) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def evidence_href(article_id: Any, start: Any, end: Any) -> str:
    """The article page opened at a span of its body (just the article without one)."""
    href = "/articles/" + path_part(article_id)
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end:
        href += f"#span-{start}-{end}"
    return href


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?`` and ``params`` updated by ``changes`` (a None value drops the key)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else "?"


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsgraph.service", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(path=path_part, safe_url=safe_url, short=short)
    env.globals.update(evidence=evidence_href, qs=query_string, version=__version__)
    return env


ENV = _env()


def render(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENV.get_template(name).render(**context), status_code=status_code)


def error_page(status: int, message: str) -> HTMLResponse:
    title = {404: "Not found", 400: "Bad request"}.get(status, "Error")
    return render("error.html", status, title=title, status=status, message=message)


def page(handler: Callable[..., HTMLResponse]) -> Callable[..., HTMLResponse]:
    """A page route whose bad parameters and unknown ids answer with a friendly HTML page."""

    @functools.wraps(handler)
    def wrapped(*args: Any, **kwargs: Any) -> HTMLResponse:
        try:
            return handler(*args, **kwargs)
        except BadRequest as exc:
            return error_page(400, str(exc))
        except StoreError as exc:
            message = exc.message.splitlines()[0] if exc.message else "the database could not answer"
            # "no article with id ...", "no story ...": the same rule as the API's.
            return error_page(404 if message.startswith("no ") else 400, message)

    return wrapped


# -- query parameters ---------------------------------------------------------------


def text_param(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None or not value.strip():
        return None
    if len(value) > MAX_QUERY:
        raise BadRequest(f"{name} is longer than {MAX_QUERY} characters")
    return value.strip()


def int_param(request: Request, name: str, default: int = 0, maximum: int = MAX_OFFSET) -> int:
    value = text_param(request, name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number (got {short(value, 40)!r})") from None
    if not 0 <= number <= maximum:
        raise BadRequest(f"{name} must be between 0 and {maximum} (got {number})")
    return number


def choice_param(request: Request, name: str, choices: tuple[str, ...]) -> str:
    value = text_param(request, name) or choices[0]
    if value not in choices:
        raise BadRequest(f"{name} must be one of {', '.join(choices)} (got {short(value, 40)!r})")
    return value


# -- home -------------------------------------------------------------------------------


def _days_before(day: Any, days: int) -> str | None:
    try:
        return (date.fromisoformat(str(day)[:10]) - timedelta(days=days)).isoformat()
    except ValueError:
        return None


@router.get("/", response_class=HTMLResponse)
@page
def home(request: Request, store: Reader) -> HTMLResponse:
    totals = store.totals()
    since = _days_before(totals.get("last_date"), RECENT_DAYS) if totals.get("last_date") else None
    # The most recently seen stories of the window, at most a page of them, ranked by sources.
    stories = store.stories(since=since, limit=RECENT_STORIES) if totals.get("stories") else []
    busiest = sorted(stories, key=lambda s: (-(s.get("num_sources") or 0), -(s.get("num_articles") or 0)))[:BUSIEST]
    series = store.event_series(group_by="day") if totals.get("corpus_events") else []
    return render("home.html", page="home", totals=totals, busiest=busiest, since=since, series=series)


# -- search -------------------------------------------------------------------------------


def marked(snippet: str, highlights: Iterable[Any]) -> list[tuple[str, bool]]:
    """A snippet cut into (text, highlighted) pieces at its highlight offsets; bad,
    overlapping or out-of-range offsets are skipped or clipped."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    pairs = [
        (h[0], h[1])
        for h in highlights
        if isinstance(h, (list, tuple)) and len(h) == 2 and all(isinstance(x, int) for x in h)
    ]
    for start, end in sorted(pairs):
        start, end = max(start, at), min(end, len(snippet))
        if start >= end:
            continue
        if start > at:
            pieces.append((snippet[at:start], False))
        pieces.append((snippet[start:end], True))
        at = end
    if at < len(snippet):
        pieces.append((snippet[at:], False))
    return pieces


@router.get("/search", response_class=HTMLResponse)
@page
def search(request: Request, store: Reader) -> HTMLResponse:
    q = text_param(request, "q")
    params = {
        "q": q,
        "site": text_param(request, "site"),
        "since": text_param(request, "since"),
        "until": text_param(request, "until"),
        "type": text_param(request, "type"),
    }
    offset = int_param(request, "offset")
    result: dict[str, Any] = {"total": 0, "hits": [], "facets": {}}
    if q:
        filters = {k: params[k] for k in ("site", "since", "until") if params[k]}
        if params["type"]:
            filters["event_type"] = params["type"]
        result = store.search(q, limit=SEARCH_PAGE, offset=offset, **filters)
    hits = [{**hit, "pieces": marked(hit.get("snippet") or "", hit.get("highlights") or [])} for hit in result["hits"]]
    facets = result.get("facets") or {}
    months = [
        {**f, "since": f["value"], "until": f["value"]}
        for f in facets.get("month", [])
        if isinstance(f.get("value"), str)
    ]
    return render(
        "search.html",
        page="search",
        q=q or "",
        params=params,
        total=result.get("total", 0),
        hits=hits,
        offset=offset,
        page_size=SEARCH_PAGE,
        sites=facets.get("site", []),
        months=months,
        types=facets.get("event_type", []),
    )


# -- article ------------------------------------------------------------------------------


Span = tuple[int, int]


def _span(start: Any, end: Any, length: int) -> Span | None:
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
        return (start, end)
    return None


def _spans(pairs: Iterable[tuple[Any, Any]], length: int) -> list[Span]:
    found = []
    for start, end in pairs:
        span = _span(start, end, length)
        if span is not None and span not in found:
            found.append(span)
    return found


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def article_facts(record: dict[str, Any]) -> tuple[list[dict[str, Any]], list[tuple[Span, str, str]], set[Span]]:
    """Every fact of an article, the styled marks in its body, and the spans anchors name.

    A fact is ``{"id", "kind", "label", "detail", "spans", "link"}``: its ``spans``
    are its evidence (what clicking it highlights); a mark ``(span, kind, fact id)``
    is what the body styles (a trigger, not its whole sentence)."""
    body = (record.get("article") or {}).get("body") or ""
    n = len(body)
    facts: list[dict[str, Any]] = []
    marks: list[tuple[Span, str, str]] = []
    anchors: set[Span] = set()

    def add(kind: str, label: str, detail: str, spans: list[Span], link: tuple[str, str] | None = None) -> str:
        fact_id = f"f{len(facts)}"
        facts.append({"id": fact_id, "kind": kind, "label": label, "detail": detail, "spans": spans, "link": link})
        anchors.update(spans)
        return fact_id

    entities = record.get("entities") or []
    corpus_of = {e.get("id"): e.get("corpus_entity") for e in entities if isinstance(e, dict)}
    names = {e.get("id"): e.get("name") for e in entities if isinstance(e, dict)}

    def entity_link(entity_id: Any) -> tuple[str, str] | None:
        corpus_id = corpus_of.get(entity_id)
        return ("/entities/" + path_part(corpus_id), str(names.get(entity_id) or corpus_id)) if corpus_id else None

    for e in entities:
        mentions = e.get("mentions") or []
        spans = _spans(((m.get("start"), m.get("end")) for m in mentions), n)
        aliases = [a for a in e.get("aliases") or [] if a != e.get("name")]
        detail = f"{e.get('type') or 'entity'} · {len(mentions)} mention{'s' if len(mentions) != 1 else ''}"
        if aliases:
            detail += " · also " + ", ".join(short(a, 60) for a in aliases[:5])
        fid = add("entity", short(e.get("name"), 120), detail, spans, entity_link(e.get("id")))
        marks += [(s, "entity", fid) for s in spans]
        for role in e.get("roles") or []:
            span = _span(role.get("start"), role.get("end"), n)
            what = ", ".join(short(x, 80) for x in (role.get("title"), role.get("organization")) if x)
            where = f" ({role['country']})" if role.get("country") else ""
            rid = add("role", f"{short(e.get('name'), 80)}: {what}{where}", "role", [span] if span else [])
            if span:
                marks.append((span, "role", rid))

    for q in record.get("quotes") or []:
        content = _span(q.get("start"), q.get("end"), n)
        speaker = _span(q.get("speaker_start"), q.get("speaker_end"), n)
        who = q.get("speaker_text") or "unattributed"
        spans = [s for s in (content, speaker) if s]
        detail = f"{q.get('kind') or 'quote'} · {short(who, 80)}" + (f" ({q['cue']})" if q.get("cue") else "")
        fid = add("quote", "“" + short(q.get("text"), 200) + "”", detail, spans, entity_link(q.get("speaker")))
        if content:
            marks.append((content, "quote", fid))
        if speaker:
            marks.append((speaker, "speaker", fid))

    for ev in record.get("events") or []:
        evidence = ev.get("evidence") or []
        triggers = _spans(
            (((x.get("trigger") or {}).get("start"), (x.get("trigger") or {}).get("end")) for x in evidence), n
        )
        sentences = _spans(
            (((x.get("sentence") or {}).get("start"), (x.get("sentence") or {}).get("end")) for x in evidence), n
        )
        kind = "/".join(str(x) for x in (ev.get("type"), ev.get("mode")) if x)
        actor = (ev.get("actor") or {}).get("text")
        target = (ev.get("target") or {}).get("text")
        who = " → ".join(short(x, 60) for x in (actor, target) if x)
        bits = [str(ev[k]) for k in ("date", "factuality") if ev.get(k)]
        if (ev.get("location") or {}).get("text"):
            bits.insert(1, short(ev["location"]["text"], 60))
        counts = [
            f"{_number(c.get('value'))} {c.get('category') or c.get('unit') or ''}".strip()
            for c in ev.get("counts") or []
        ]
        if counts:
            bits.append("counts: " + ", ".join(counts))
        fid = add("event", f"{kind}: {who}" if who else kind, " · ".join(bits), sentences or triggers)
        anchors.update(triggers)
        for part in (ev.get("actor"), ev.get("target")):
            span = _span((part or {}).get("start"), (part or {}).get("end"), n)
            if span:
                anchors.add(span)
        marks += [(t, "trigger", fid) for t in triggers]

    for c in record.get("counts") or []:
        span = _span(c.get("start"), c.get("end"), n)
        value = _number(c.get("value")) + (f"–{_number(c['value_max'])}" if c.get("value_max") is not None else "")
        what = " ".join(str(x) for x in (c.get("qualifier"), value, c.get("category") or c.get("unit")) if x)
        fid = add("count", f"{short(c.get('text'), 80)} = {what}", "count", [span] if span else [])
        if span:
            marks.append((span, "count", fid))

    for t in record.get("times") or []:
        span = _span(t.get("start"), t.get("end"), n)
        label = short(t.get("text"), 80) + (f" = {t['value']}" if t.get("value") else "")
        fid = add("time", label, str(t.get("type") or "time"), [span] if span else [])
        if span:
            marks.append((span, "time", fid))
    return facts, marks, anchors


def trim_facts(
    facts: list[dict[str, Any]], marks: list[tuple[Span, str, str]], anchors: set[Span], limit: int = MAX_FACTS
) -> tuple[list[dict[str, Any]], list[tuple[Span, str, str]], set[Span], int]:
    """At most ``limit`` facts, those that appear first in the text, each with at most
    ``MAX_SPANS`` spans, with their marks and anchors; and how many facts were left out."""
    too_many = any(len(f["spans"]) > MAX_SPANS for f in facts)
    if len(facts) <= limit and not too_many:
        return facts, marks, anchors, 0
    first = sorted(facts, key=lambda f: (f["spans"][0][0] if f["spans"] else 1 << 62, int(f["id"][1:])))[:limit]
    kept_ids = {f["id"] for f in first}
    kept = [{**f, "spans": f["spans"][:MAX_SPANS]} for f in facts if f["id"] in kept_ids]
    spans = {s for f in kept for s in f["spans"]}
    marks = [m for m in marks if m[2] in kept_ids]
    if too_many:
        marks = [m for m in marks if m[0] in spans or m[1] in ("trigger", "speaker")]
    return kept, marks, spans | {m[0] for m in marks}, len(facts) - len(kept)


def body_segments(
    body: str, facts: list[dict[str, Any]], marks: list[tuple[Span, str, str]], anchors: set[Span]
) -> list[dict[str, Any]]:
    """The body cut at every boundary of a fact's span, a mark or an anchor: each
    segment with its offsets, the kinds of marks over it, the facts whose evidence
    covers it, the anchors (``span-S-E``) that begin there, and whether a mark
    begins there (``focus``: the keyboard's stop for that mark)."""
    n = len(body)
    ranges: list[tuple[Span, str | None, str]] = [(s, None, f["id"]) for f in facts for s in f["spans"]]
    ranges += [(s, kind, fid) for s, kind, fid in marks]
    ranges = [r for r in ranges if _span(*r[0], n)]
    anchors = {a for a in anchors if _span(*a, n)}
    points = {0, n}
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    for i, ((start, end), _, _) in enumerate(ranges):
        points.update((start, end))
        starts[start].append(i)
        ends[end].append(i)
    anchor_at: dict[int, list[str]] = defaultdict(list)
    for start, end in sorted(anchors):
        points.update((start, end))
        anchor_at[start].append(f"span-{start}-{end}")
    order = {f["id"]: i for i, f in enumerate(facts)}
    active: set[int] = set()
    segments = []
    cuts = sorted(p for p in points if 0 <= p <= n)
    for a, b in itertools.pairwise(cuts):
        active.difference_update(ends.get(a, ()))
        active.update(starts.get(a, ()))
        kinds = sorted({k for i in active if (k := ranges[i][1]) is not None})
        fids = sorted({ranges[i][2] for i in active}, key=order.__getitem__)
        # One tab stop per mark: the segment where it begins.
        focus = any(ranges[i][1] is not None for i in starts.get(a, ()))
        segments.append(
            {
                "text": body[a:b],
                "s": a,
                "e": b,
                "kinds": kinds,
                "facts": fids,
                "anchors": anchor_at.get(a, []),
                "focus": focus,
            }
        )
    return segments


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
@page
def article(article_id: str, request: Request, store: Reader) -> HTMLResponse:
    if not article_id.strip():
        return error_page(404, "no article id given")
    record = store.article(article_id)
    meta = record.get("article") or {}
    body = meta.get("body") or ""
    facts, marks, anchors, hidden = trim_facts(*article_facts(record))
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        groups[fact["kind"]].append(fact)
    sections = [
        (kind, title, groups[kind])
        for kind, title in (
            ("entity", "Entities"),
            ("role", "Roles"),
            ("quote", "Quotes"),
            ("event", "Events"),
            ("count", "Counts"),
            ("time", "Times"),
        )
        if groups.get(kind)
    ]
    return render(
        "article.html",
        page="article",
        record=record,
        meta=meta,
        segments=body_segments(body, facts, marks, anchors),
        sections=sections,
        num_facts=len(facts),
        hidden_facts=hidden,
    )


# -- story ---------------------------------------------------------------------------------


def fold_copies(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles with each near-duplicate copy folded under its original (``copies``);
    a copy whose original is not listed stays on its own."""
    listed = {a["id"] for a in articles}
    copies: dict[str, list[dict[str, Any]]] = defaultdict(list)
    top = []
    for a in articles:
        original = a.get("original")
        if original and original != a["id"] and original in listed:
            copies[original].append(a)
        else:
            top.append(a)
    return [{**a, "copies": copies.get(a["id"], [])} for a in top]


def _first_mention(event: dict[str, Any]) -> dict[str, Any] | None:
    mentions = event.get("mentions") or []
    return mentions[0] if mentions else None


def _mention_href(mention: dict[str, Any] | None) -> str | None:
    if not mention:
        return None
    start, end = mention.get("trigger_start"), mention.get("trigger_end")
    if start is None:
        start, end = mention.get("sentence_start"), mention.get("sentence_end")
    return evidence_href(mention.get("article_id"), start, end)


def claim_evidence(claim: dict[str, Any]) -> list[dict[str, Any]]:
    """Each article a claim (one side of a disagreement) comes from, with a link to its evidence."""
    out = []
    evidence = claim.get("evidence") or []
    for i, article_id in enumerate(claim.get("articles") or []):
        span = evidence[i] if i < len(evidence) and isinstance(evidence[i], dict) else {}
        out.append({"article_id": article_id, "href": evidence_href(article_id, span.get("start"), span.get("end"))})
    return out


@router.get("/stories/{story_id:path}", response_class=HTMLResponse)
@page
def story(story_id: str, request: Request, store: Reader) -> HTMLResponse:
    if not story_id.strip():
        return error_page(404, "no story id given")
    found = store.story(story_id)
    articles = store.article_list(story=found["id"], limit=STORY_ARTICLES)
    titles = {a["id"]: a.get("title") for a in articles}
    articles.sort(key=lambda a: (a.get("published") or "9999", a["id"]))
    for event in found.get("events") or []:
        event["href"] = _mention_href(_first_mention(event))
        for m in event.get("mentions") or []:
            m["href"] = _mention_href(m)
    disagreements = []
    for d in found.get("disagreements") or []:
        values = [{**v, "where": claim_evidence(v)} for v in d.get("values") or []]
        disagreements.append({**d, "values": values})
    # One dot per report: when each source told which event (the chart over the timeline).
    reports = [
        {
            "date": str(m["reported"])[:10],
            "source": m.get("source") or m.get("independent_source") or "unknown",
            "type": e.get("type") or "?",
            "href": m["href"] or "",
            "label": f"{e.get('type')}: {m.get('source') or '?'}, {str(m['reported'])[:10]}",
        }
        for e in found.get("events") or []
        for m in e.get("mentions") or []
        if m.get("reported") and len(str(m["reported"])) >= 10
    ][:MAP_EVENTS]
    return render(
        "story.html",
        reports=reports,
        page="story",
        story=found,
        articles=fold_copies(articles),
        titles=titles,
        disagreements=disagreements,
        max_reports=MAX_REPORTS,
        articles_shown=STORY_ARTICLES,
    )


# -- events ----------------------------------------------------------------------------------


def _event_row(event: dict[str, Any]) -> dict[str, Any]:
    href = _mention_href(_first_mention(event))
    return {**event, "href": href}


@router.get("/events", response_class=HTMLResponse)
@page
def events(request: Request, store: Reader) -> HTMLResponse:
    filters: dict[str, Any] = {
        name: text_param(request, name) for name in ("type", "mode", "country", "actor", "target", "since", "until")
    }
    filters["min_sources"] = int_param(request, "min_sources", 0, maximum=1000)
    group_by = choice_param(request, "group_by", ("day", "week", "month"))
    count = choice_param(request, "count", ("events", "reports"))
    offset = int_param(request, "offset")
    rows = [_event_row(e) for e in store.corpus_events(**filters, limit=EVENT_PAGE, offset=offset)]
    series = store.event_series(group_by=group_by, count=count, **filters)
    # The map's points: the newest located events, each with its first report's evidence only.
    located = store.event_points(**filters, limit=MAP_EVENTS)
    points = [
        {
            "lat": e["latitude"],
            "lon": e["longitude"],
            "label": f"{e.get('type')} {e.get('place') or ''} {e.get('date') or ''}".strip(),
            "href": (_mention_href(e) if e.get("article_id") else None) or "",
        }
        for e in located
        if isinstance(e.get("latitude"), (int, float)) and isinstance(e.get("longitude"), (int, float))
    ]
    params = {k: v for k, v in filters.items() if v not in (None, "", 0)}
    params.update(group_by=group_by if group_by != "day" else None, count=count if count != "events" else None)
    return render(
        "events.html",
        page="events",
        filters=filters,
        group_by=group_by,
        count=count,
        rows=rows,
        offset=offset,
        page_size=EVENT_PAGE,
        series=series,
        points=points,
        params=params,
        map_limit=MAP_EVENTS if len(located) >= MAP_EVENTS else None,
    )


# -- entity ----------------------------------------------------------------------------------


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
@page
def entity(entity_id: str, request: Request, store: Reader) -> HTMLResponse:
    if not entity_id.strip():
        return error_page(404, "no entity id given")
    found = store.corpus_entity(entity_id)
    for q in found.get("quotes") or []:
        q["href"] = evidence_href(q.get("article_id"), q.get("start"), q.get("end"))
    for r in found.get("roles") or []:
        r["href"] = evidence_href(r.get("article_id"), r.get("start"), r.get("end"))
    network = {
        "center": found["id"],
        "name": found.get("name"),
        "edges": [
            {
                "source": e.get("source"),
                "source_name": e.get("source_name"),
                "target": e.get("target"),
                "target_name": e.get("target_name"),
                "type": e.get("type"),
                "count": e.get("count"),
            }
            for e in found.get("network") or []
        ],
    }
    return render("entity.html", page="entity", entity=found, network=network, max_items=MAX_ITEMS)
