"""Everything the CLI writes to the terminal: the two consoles, escaping,
one-line errors and failures, the progress reporter and the document view."""

from __future__ import annotations

import json
import time
from types import TracebackType
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from ..errors import NewsgraphError
from ..io.readers import printable

out = Console()
err = Console(stderr=True)


# What a terminal would act on rather than show: C0 controls, DEL, C1
# controls (ESC and CSI start escape sequences that can move the cursor,
# clear the screen or retitle the window) and the bidirectional overrides and
# isolates (they reorder what is shown). Stored titles, names, quotes and file
# names can carry any of them, so all terminal output goes through safe(),
# which escapes the same characters as the readers' source names.
def safe(text: object, *, multiline: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an
    escape (``\\x1b``, ``\\u202e``); ``multiline`` keeps line breaks and tabs."""
    return printable(str(text), keep_lines=multiline)


# An empty folder, or an archive with no HTML or text record, reads nothing:
# say so rather than end with a bare "0 read".
NOTHING_READ = "warning: no documents found in the inputs (no files, or archives without HTML/text records)"


def note(text: str) -> None:
    """One plain line on stderr (summaries and warnings)."""
    err.print(text, highlight=False, markup=False, soft_wrap=True)


def fail(exc: NewsgraphError) -> None:
    """Print ``exc`` as ``error [CODE] source: message`` and exit 2."""
    err.print(Text.assemble(("error", "red"), " ", safe(exc)), highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def usage_error(message: str) -> None:
    """An option value the command cannot use: ``error: message``, exit 2."""
    note(f"error: {safe(message)}")
    raise typer.Exit(2)


def print_failure(source: str, message: str) -> None:
    """One input that failed; the run goes on."""
    err.print(Text.assemble((safe(source), "yellow"), ": ", safe(message)), highlight=False, soft_wrap=True)


def print_metrics(metrics: dict) -> None:
    out.print_json(json.dumps(metrics, default=str))


class Reporter:
    """The progress bar on stderr and the one-line failures of a run.

    ``ingest`` and ``analyze`` share it. ``quiet`` hides the bar; failures
    are printed either way, since they say which inputs were lost.
    """

    def __init__(self, name: str, *, quiet: bool) -> None:
        self.name = name
        self.started = time.perf_counter()
        self.reported = 0
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed} docs"),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TextColumn("[red]{task.fields[errors]} errors"),
            TimeElapsedColumn(),
            console=err,
            disable=quiet,
            transient=False,
        )
        self._task: Any = None

    def __enter__(self) -> Reporter:
        self._progress.__enter__()
        self._task = self._progress.add_task(self.name, total=None, rate=0.0, errors=0)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.__exit__(exc_type, exc, tb)

    def failure(self, source: str, message: str) -> None:
        print_failure(source, message)

    def failures(self, failures: list) -> None:
        """Print the failures in ``failures`` not printed yet (a run's growing list)."""
        for f in failures[self.reported :]:
            print_failure(f.source, f.message)
        self.reported = len(failures)

    def update(self, done: int, failed: int) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        self._progress.update(self._task, completed=done, rate=done / elapsed, errors=failed)


def print_document(doc) -> None:
    """One stored article with its entities, quotes, counts, dates and events."""
    a = doc.article

    def line(text: str) -> None:
        out.print(safe(text), highlight=False, markup=False, soft_wrap=True)

    def heading(text: str) -> None:
        out.print(Text(text, style="bold"))

    out.rule(Text(safe(a.title or "(no title)"), style="bold"))
    if a.subtitle:
        out.print(Text(safe(a.subtitle), style="italic"))
    meta = [f"id {doc.id}", f"published {a.published or '?'}", f"language {a.language or '?'}"]
    if a.authors:
        meta.append("by " + ", ".join(a.authors))
    if a.flags:
        meta.append("flags " + ", ".join(a.flags))
    line(" · ".join(meta))
    line(f"source {doc.source}" + (f" · {a.url}" if a.url else ""))
    out.print()
    out.print(safe(a.body, multiline=True), highlight=False, markup=False)
    out.print()
    if doc.entities:
        table = Table(title="Entities", show_lines=False)
        for col in ("type", "name", "roles", "country", "mentions"):
            table.add_column(col)
        for e in doc.entities:
            roles = "; ".join(
                " ".join(
                    x
                    for x in (
                        r.title,
                        f"of {r.organization}" if r.organization else None,
                        f"({r.country})" if r.country else None,
                    )
                    if x
                )
                for r in e.roles
            )
            table.add_row(
                *(Text(safe(cell)) for cell in (e.type, e.name, roles, e.country or "", str(len(e.mentions))))
            )
        out.print(table)
    if doc.quotes:
        heading("Quotes")
        for q in doc.quotes:
            line(f"  [{q.kind}] {q.speaker_text or '?'} ({q.cue or '?'}): {q.text}")
    if doc.counts:
        heading("Counts")
        for c in doc.counts:
            bits = [c.qualifier or "", f"{c.value:g}", c.unit or "", c.action or ""]
            line(f"  {' '.join(b for b in bits if b)}  ← “{c.text}”")
    if doc.times:
        heading("Times")
        for t in doc.times:
            line(f"  {t.text!r} → {t.value} ({t.type})")
    if doc.events:
        heading("Events")
        from ..annotate.events import format_timeline

        out.print(safe(format_timeline(doc.events), multiline=True), highlight=False, markup=False)
