"""``export``: the database's tables as files, or its events in an event-data layout."""

from __future__ import annotations

import typer

from .options import DbOption, open_store
from .output import out, safe


def export(
    ctx: typer.Context,
    out_dir: str = typer.Option("export", "--out", "-o", help="Folder to write TABLE.EXT files into."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet."),
    db: str | None = DbOption,
    table: list[str] | None = typer.Option(None, "--table", "-t", help="Only these tables."),
    layout: str = typer.Option(
        "tables",
        "--layout",
        help="tables (one file per table), gdelt (GDELT 2.0 Events, one row per corpus event), "
        "gdelt-mentions (GDELT 2.0 Mentions, one row per report) or acled (one row per corpus event).",
    ),
) -> None:
    """Write each table to a file, or the corpus events in GDELT Events/Mentions or ACLED layout."""
    from ..store import TABLES

    with open_store(ctx, db) as store:
        if layout == "tables":
            written = store.export(out_dir, fmt, table or TABLES)
        else:
            written = [store.export_events(out_dir, fmt, layout)]
    for path in written:
        out.print(safe(path), highlight=False, markup=False, soft_wrap=True)
