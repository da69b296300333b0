"""``newsgraph corpus rebuild``: recompute the corpus layer from the stored articles."""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import StoreError
from .options import DbOption, QuietOption, settings as load_settings, use_database
from .output import Reporter, note, safe

corpus_app = typer.Typer(no_args_is_help=True, help="Maintain the corpus layer (stories, corpus events and entities).")


@corpus_app.command("rebuild")
def rebuild(
    ctx: typer.Context,
    db: str | None = DbOption,
    quiet: bool = QuietOption,
) -> None:
    """Recompute syndication groups, stories, corpus events and corpus entities from the stored
    articles, in the order they were first placed (then any not placed yet, as stored). The old
    tables stay until the new ones are complete; the result equals what ingest built."""
    from ..corpus_sync import rebuild as run_rebuild
    from ..store import Store

    settings = load_settings(db=db)
    use_database(ctx, settings.db)
    if not Path(settings.db).exists():
        raise StoreError("no such database (run `newsgraph ingest` first)", source=settings.db)
    with Store(settings.db) as store, Reporter("corpus rebuild", quiet=quiet) as reporter:
        placed = run_rebuild(store, on_progress=lambda done, total: reporter.update(done, 0))
        counts = {table: store.count(table) for table in ("stories", "corpus_events", "corpus_entities")}
    note(
        f"placed {placed} articles: {counts['stories']} stories, {counts['corpus_events']} corpus events, "
        f"{counts['corpus_entities']} corpus entities in {safe(settings.db)}"
    )
