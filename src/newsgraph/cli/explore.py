"""The commands that explore the store the way the web explorer does: ``search``
(full text, ranked, with highlighted snippets) and ``quotes`` (who said what).
Each prints what one ``Store`` method returns, as a table (stored text escaped for
the terminal) or as JSON lines (the README's output contract)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer
from rich.text import Text

from .corpus import FormatOption, SinceOption, UntilOption, _check, _jsonl, _line, _table
from .options import DbOption, open_store
from .output import out, safe, usage_error

SEARCH_LIMIT = 20
QUOTES_TABLE_LIMIT = 50


def _marked(snippet: str, highlights: list[list[int]]) -> Text:
    """The snippet with its matched words in bold, each piece escaped on its own
    (escaping may change a piece's length, so offsets are applied first)."""
    text = Text()
    at = 0
    for start, end in sorted(highlights):
        if start < at or end > len(snippet):
            continue
        text.append(safe(snippet[at:start]))
        text.append(safe(snippet[start:end]), style="bold yellow")
        at = end
    text.append(safe(snippet[at:]))
    return text


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Words (all must match), "phrases", OR, -word, title:/body:/site: prefixes.'),
    site: str | None = typer.Option(None, "--site", help="Only articles of this site (its registered domain)."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    limit: int = typer.Option(SEARCH_LIMIT, "--limit", "-n", help="At most this many hits (at most 1000)."),
    offset: int = typer.Option(0, "--offset", help="Skip this many of the best hits first."),
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """Search the stored articles' titles and bodies, best match first, with highlighted snippets."""
    _check(fmt, since, until, limit)
    if offset < 0:
        usage_error(f"--offset must not be negative (got {offset})")
    with open_store(ctx, db) as store:
        found = store.search(query, limit=limit, offset=offset, site=site, since=since, until=until)
    if fmt == "jsonl":
        _jsonl(found["hits"])
        return
    hits = found["hits"]
    shown = f"{offset + 1}–{offset + len(hits)}" if hits else "none"
    out.print(Text(f"{shown} of {found['total']} articles matching ", style="bold") + Text(safe(query)))
    for n, hit in enumerate(hits, offset + 1):
        head = Text(f"{n}. ", style="bold") + Text(safe(hit["title"] or "(no title)"), style="bold")
        out.print(head, soft_wrap=True)
        _line(f"   {hit['id']} · {hit['published'] or 'undated'} · {hit['site'] or '(no site)'}")
        out.print(Text("   ") + _marked(hit["snippet"], hit["highlights"]), soft_wrap=True)
    for name, values in found["facets"].items():
        if values:
            _line(f"{name}: " + ", ".join(f"{v['value']} ({v['count']})" for v in values))


def _all_quotes(store: Any, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every quote the filters keep, a page at a time (a page is at most the store's cap)."""
    from ..store.db import MAX_LIMIT

    offset = 0
    while True:
        page = store.quotes(limit=MAX_LIMIT, offset=offset, **filters)
        yield from page
        if len(page) < MAX_LIMIT:
            return
        offset += len(page)


def quotes(
    ctx: typer.Context,
    speaker: str | None = typer.Option(
        None, "--speaker", help="Case-insensitive substring of the speaker's name (or their entity's alias), or an id."
    ),
    q: str | None = typer.Option(None, "--q", help="Case-insensitive substring of the quote."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    limit: int | None = typer.Option(
        None, "--limit", "-n", help="At most this many (default 50 in a table, all as jsonl; 0: all)."
    ),
    fmt: str = FormatOption,
    db: str | None = DbOption,
) -> None:
    """List quotes, newest article first: who said what, where, with the speaker's corpus entity."""
    _check(fmt, since, until, limit)
    if limit is None:
        limit = 0 if fmt == "jsonl" else QUOTES_TABLE_LIMIT
    filters = {"speaker": speaker, "q": q, "since": since, "until": until}
    with open_store(ctx, db) as store:
        found = list(_all_quotes(store, **filters)) if limit == 0 else store.quotes(limit=limit, **filters)
        total = store.count("quotes")
        path = store.path
    if fmt == "jsonl":
        _jsonl(found)
        return
    _table(
        f"{len(found)} of {total} quotes in {path}",
        ("date", "speaker", "entity", "kind", "quote", "article"),
        (
            (
                (x["published"] or "")[:10],
                x["speaker"] or "",
                x["speaker_entity"] or "",
                x["kind"],
                x["text"],
                x["article_id"],
            )
            for x in found
        ),
    )
