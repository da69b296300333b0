"""The commands that read the corpus layer: ``stories``, ``story``, ``events``,
``entity`` and ``entities``. Each prints what one ``Store`` method returns, as
a table (stored text escaped for the terminal) or as JSON lines (the README's
output contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from .options import DbOption, open_store
from .output import out, safe, usage_error

FORMATS = ("table", "jsonl")

FormatOption = typer.Option("table", "--format", "-f", help="table or jsonl (one JSON object a line).")
SinceOption = typer.Option(None, "--since", help="Only from this date on (YYYY-MM-DD; YYYY-MM and YYYY too).")
UntilOption = typer.Option(None, "--until", help="Only up to this date, included (YYYY-MM-DD, YYYY-MM, YYYY).")
LimitOption = typer.Option(
    None, "--limit", "-n", help="At most this many (default 50 in a table, all as jsonl; 0: all)."
)

# A table is for reading, so it stops at a screenful or so; JSON lines are for
# programs (an evaluation dumps every story), so they are complete unless asked.
TABLE_LIMIT = 50


def _limit(fmt: str, limit: int | None) -> int:
    return limit if limit is not None else (0 if fmt == "jsonl" else TABLE_LIMIT)


def _check(fmt: str, since: str | None, until: str | None, limit: int | None = None) -> None:
    """Option values the command cannot use stop it before the database is opened."""
    from ..store.corpus_queries import date_bound

    if fmt not in FORMATS:
        usage_error(f"unknown format {fmt!r}; use table or jsonl")
    for name, value, end in (("--since", since, False), ("--until", until, True)):
        if value is not None and date_bound(value, end=end) is None:
            usage_error(f"{name} {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    if limit is not None and limit < 0:
        usage_error(f"--limit must not be negative (got {limit})")


def _jsonl(records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def _line(text: str) -> None:
    out.print(safe(text), highlight=False, markup=False, soft_wrap=True)


def _table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]], caption: str | None = None) -> None:
    table = Table(title=Text(safe(title)), caption=Text(safe(caption)) if caption else None)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*(Text(safe("" if cell is None else cell)) for cell in row))
    out.print(table)


def _span(first: str | None, last: str | None) -> str:
    first, last = (first or "")[:10], (last or "")[:10]
    return first if first == last else f"{first or '?'} – {last or '?'}"


def _short(values: list[str] | None, n: int = 3) -> str:
    values = values or []
    return ", ".join(values[:n]) + (f" +{len(values) - n}" if len(values) > n else "")


# -- stories ------------------------------------------------------------------------


def stories(
    ctx: typer.Context,
    q: str | None = typer.Option(None, "--q", help="Case-insensitive substring of the title, an entity or a place."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    limit: int | None = LimitOption,
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """List stories (articles about one happening), most recently seen first."""
    _check(fmt, since, until, limit)
    with open_store(ctx, db) as store:
        found = store.stories(q=q, since=since, until=until, limit=_limit(fmt, limit))
        total = store.count("stories")
        path = store.path
    if fmt == "jsonl":
        _jsonl(found)
        return
    _table(
        f"{len(found)} of {total} stories in {path}",
        ("id", "seen", "title", "articles", "sources", "entities"),
        (
            (
                s["id"],
                _span(s["first_seen"], s["last_seen"]),
                (s["title"] or "")[:70],
                s["num_articles"],
                s["num_sources"],
                _short(s["entities"]),
            )
            for s in found
        ),
    )


def _event_rows(events: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for e in events:
        date = e["date"] or (f"{e['first_reported'][:10]}*" if e["first_reported"] else "")
        counts = ", ".join(f"{c.get('category') or 'count'} {c['value']}" for c in e["counts"])
        yield (
            e["id"],
            date,
            e["type"] + (f"/{e['mode']}" if e["mode"] else ""),
            e["actor_text"] or "",
            e["target_text"] or "",
            e["place"] or "",
            e["factuality"],
            f"{e['num_mentions']}/{e['num_articles']}/{e['num_sources']}",
            counts,
        )


EVENT_COLUMNS = ("id", "date", "type", "actor", "target", "place", "factuality", "ment/art/src", "counts")
EVENT_CAPTION = "* no date of its own: when it was first reported"


def _claims(values: list[dict[str, Any]]) -> str:
    return " vs ".join(f"{v['value']} ({', '.join(v.get('sources') or [])})" for v in values)


def story(
    ctx: typer.Context,
    story_id: str = typer.Argument(..., help="A story id or a unique prefix of it."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """One story: its timeline of corpus events, its sources and their disagreements."""
    _check(fmt, since, until)
    with open_store(ctx, db) as store:
        s = store.story(story_id, since=since, until=until)
    if fmt == "jsonl":
        _jsonl([s])
        return
    out.rule(Text(safe(s["title"] or "(no title)"), style="bold"))
    _line(
        f"story {s['id']} · seen {_span(s['first_seen'], s['last_seen'])} · {s['num_articles']} articles"
        f" · {s['num_sites']} sites · {s['num_sources']} independent sources"
    )
    if s["entities"] or s["places"]:
        _line(f"entities: {', '.join(s['entities'])} · places: {', '.join(s['places'])}")
    _table("Timeline", EVENT_COLUMNS, _event_rows(s["events"]), EVENT_CAPTION if s["events"] else None)
    _table("Sites", ("site", "articles"), ((x["site"] or "(no site)", x["articles"]) for x in s["sites"]))
    _table(
        "Independent sources",
        ("source", "articles"),
        ((x["source"], x["articles"]) for x in s["independent_sources"]),
    )
    if s["disagreements"]:
        out.print(Text("Disagreements", style="bold"))
        for d in s["disagreements"]:
            _line(f"  {d['event_id']} {d['field']}: {_claims(d['values'])}; reports {d['chosen']} ({d['rule']})")
    _line("articles: " + ", ".join(s["articles"]))


# -- corpus events ----------------------------------------------------------------------


def events(
    ctx: typer.Context,
    type: str | None = typer.Option(None, "--type", help="PLOVER type, e.g. PROTEST."),
    mode: str | None = typer.Option(None, "--mode", help="PLOVER mode, e.g. arrest (case ignored)."),
    country: str | None = typer.Option(None, "--country", help="ISO 3166-1 alpha-2 code of the event's place."),
    actor: str | None = typer.Option(
        None, "--actor", help="Case-insensitive substring of the actor's or target's name, alias or text."
    ),
    target: str | None = typer.Option(
        None, "--target", help="Case-insensitive substring of the target's name, alias or text (the target only)."
    ),
    min_sources: int = typer.Option(0, "--min-sources", help="At least this many independent sources."),
    story_id: str | None = typer.Option(None, "--story", help="Only this story's (an id or a unique prefix)."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    limit: int | None = LimitOption,
    offset: int = typer.Option(0, "--offset", help="Skip this many events first (for paging with --limit)."),
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """List corpus events (one happening, however many reports), newest first.

    Dates filter on the event's date, or when it was first reported if it has none."""
    _check(fmt, since, until, limit)
    if offset < 0:
        usage_error(f"--offset must not be negative (got {offset})")
    with open_store(ctx, db) as store:
        found = store.corpus_events(
            type=type,
            mode=mode,
            country=country,
            actor=actor,
            target=target,
            min_sources=min_sources,
            since=since,
            until=until,
            story=story_id,
            limit=_limit(fmt, limit),
            offset=offset,
        )
        total = store.count("corpus_events")
        path = store.path
    if fmt == "jsonl":
        _jsonl(found)
        return
    _table(f"{len(found)} of {total} corpus events in {path}", EVENT_COLUMNS, _event_rows(found), EVENT_CAPTION)


# -- corpus entities ---------------------------------------------------------------------

MENTIONS_SHOWN = 20


def entity(
    ctx: typer.Context,
    name_or_id: str = typer.Argument(..., help="A corpus entity id (or unique prefix), name or alias."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """One corpus entity: aliases, roles over time, quotes, events, co-occurring entities, mentions."""
    _check(fmt, since, until)
    with open_store(ctx, db) as store:
        e = store.corpus_entity(name_or_id, since=since, until=until)
    if fmt == "jsonl":
        _jsonl([e])
        return
    out.rule(Text(safe(e["name"]), style="bold"))
    _line(
        f"entity {e['id']} · {e['type']}"
        + (f" · {e['country']}" if e["country"] else "")
        + f" · {e['num_mentions']} mentions in {e['num_articles']} articles"
        + f" · seen {_span(e['first_seen'], e['last_seen'])}"
    )
    _line("aliases: " + ", ".join(e["aliases"]))
    if e["roles"]:
        _table(
            "Roles",
            ("date", "title", "organization", "country", "article"),
            ((r["date"] or "", r["title"], r["organization"], r["country"], r["article_id"]) for r in e["roles"]),
        )
    if e["quotes"]:
        out.print(Text("Quotes", style="bold"))
        for q in e["quotes"]:
            _line(f"  {(q['date'] or '?')[:10]} [{q['kind']}] {q['text']}  ({q['article_id']})")
    if e["events"]:
        _table(
            "Events",
            ("id", "as", "date", "type", "place", "factuality", "articles", "sources"),
            (
                (
                    x["id"],
                    x["role"],
                    x["date"] or "",
                    x["type"] + (f"/{x['mode']}" if x["mode"] else ""),
                    x["place"],
                    x["factuality"],
                    x["num_articles"],
                    x["num_sources"],
                )
                for x in e["events"]
            ),
        )
    if e["cooccurring"]:
        _table(
            "Appears with",
            ("id", "name", "type", "shared articles"),
            ((c["id"], c["name"], c["type"], c["articles"]) for c in e["cooccurring"]),
        )
    shown = e["mentions"][:MENTIONS_SHOWN]
    more = len(e["mentions"]) - len(shown)
    _table(
        "Mentions",
        ("article", "start", "end", "text"),
        ((m["article_id"], m["start"], m["end"], m["text"]) for m in shown),
        f"{more} more (--format jsonl lists all)" if more > 0 else None,
    )


def entities(
    ctx: typer.Context,
    q: str | None = typer.Option(None, "--q", help="Case-insensitive substring of the name or an alias."),
    type: str | None = typer.Option(None, "--type", help="Entity type, e.g. PERSON, ORG, GPE."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    limit: int | None = LimitOption,
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """List corpus entities (one person, organisation or place across articles), most articles first.

    As JSON lines all are listed (unless ``--limit`` says otherwise), each with every mention of it."""
    _check(fmt, since, until, limit)
    with open_store(ctx, db) as store:
        found = store.corpus_entities(
            q=q, type=type, since=since, until=until, limit=_limit(fmt, limit), mentions=fmt == "jsonl"
        )
        total = store.count("corpus_entities")
        path = store.path
    if fmt == "jsonl":
        _jsonl(found)
        return
    _table(
        f"{len(found)} of {total} corpus entities in {path}",
        ("id", "name", "type", "country", "articles", "mentions", "seen", "aliases"),
        (
            (
                e["id"],
                e["name"],
                e["type"],
                e["country"],
                e["num_articles"],
                e["num_mentions"],
                _span(e["first_seen"], e["last_seen"]),
                _short(e["aliases"]),
            )
            for e in found
        ),
    )
