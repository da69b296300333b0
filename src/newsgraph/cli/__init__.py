"""The command line: a thin Typer layer over the library functions.

One module per command group (``ingest``, ``read``, ``corpus``, ``explore``,
``export``, ``evaluate``); ``output`` holds all terminal writing. Errors are turned into
one line and an exit status in one place, :func:`boundary`, around every
command.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import NewsgraphError, StoreError, first_line
from . import (
    corpus as _corpus,
    evaluate as _evaluate,
    explore as _explore,
    export as _export,
    ingest as _ingest,
    maintenance as _maintenance,
    read as _read,
    serve as _serve,
)
from .options import DATABASE_KEY
from .output import fail, out


def _is_database_error(exc: BaseException) -> bool:
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


@contextmanager
def boundary(ctx: typer.Context) -> Iterator[None]:
    """Every error a command can meet after its arguments are read becomes
    one line and exit 2: newsgraph's own, and any database or OS error that
    got past the store (named with the file concerned, else the database
    the command recorded with ``options.use_database``)."""
    try:
        yield
    except NewsgraphError as exc:
        fail(exc)
    except BrokenPipeError:
        # The reader went away (`newsgraph events --format jsonl | head`): stop quietly, as a
        # pipeline expects, without Python's own complaint when it flushes stdout at exit.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(128 + signal.SIGPIPE) from None
    except OSError as exc:
        db = ctx.meta.get(DATABASE_KEY)
        where = exc.filename if exc.filename is not None else db
        fail(StoreError(str(exc.strerror or exc), source=str(where) if where is not None else None))
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        fail(StoreError(first_line(exc), source=ctx.meta.get(DATABASE_KEY)))


class _Commands(TyperGroup):
    """The top-level group: runs whichever command was asked for inside the boundary."""

    def invoke(self, ctx: Any) -> Any:
        with boundary(ctx):
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Commands,
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news into a database of evidence-linked facts.",
)


def _version(value: bool) -> None:
    if value:
        out.print(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """newsgraph: read news, extract articles, derive facts, store them."""


# The commands live in their group's module; the order they are registered
# in below is the order --help lists them in.

app.command()(_ingest.ingest)
app.command()(_ingest.analyze)
app.command()(_read.articles)
app.command()(_read.show)
app.command()(_corpus.stories)
app.command()(_corpus.story)
app.command()(_corpus.events)
app.command()(_corpus.entity)
app.command()(_corpus.entities)
app.command()(_explore.search)
app.command()(_explore.quotes)
app.command()(_export.export)
app.command()(_serve.serve)
app.add_typer(_maintenance.corpus_app, name="corpus")
app.add_typer(_evaluate.eval_app, name="eval")


def main() -> None:
    app()


__all__ = ["app", "main"]
