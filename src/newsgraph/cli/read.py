"""The commands that read the database: ``articles`` and ``show``."""

from __future__ import annotations

import json
import sys

import typer
from rich.table import Table
from rich.text import Text

from .options import DbOption, open_store
from .output import out, print_document, safe


def articles(
    ctx: typer.Context,
    db: str | None = DbOption,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
) -> None:
    """List stored articles, newest first."""
    with open_store(ctx, db) as store:
        rows = store.articles(limit=limit, offset=offset)
        total = store.count()
        path = store.path
    table = Table(title=Text(f"{total} articles in {safe(path)}"))
    for col in ("id", "published", "lang", "title", "entities", "quotes", "events"):
        table.add_column(col)
    for r in rows:
        cells = (
            r.id,
            r.published or "",
            r.language or "",
            (r.title or "")[:70],
            str(r.entities),
            str(r.quotes),
            str(r.events),
        )
        table.add_row(*(Text(safe(cell)) for cell in cells))
    out.print(table)


def show(
    ctx: typer.Context,
    article_id: str = typer.Argument(..., help="An article id or a unique prefix of it."),
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the stored record as JSON."),
) -> None:
    """Print one stored article with its entities, quotes, counts, dates and events."""
    with open_store(ctx, db) as store:
        doc = store.get(article_id)
    if as_json:
        sys.stdout.write(json.dumps(doc.to_output(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_document(doc)
