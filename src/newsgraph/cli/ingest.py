"""The commands that read inputs: ``ingest`` (into the database) and
``analyze`` (to stdout)."""

from __future__ import annotations

import json
import sys

import typer

from .options import DbOption, DocTimeoutOption, ModelOption, QuietOption, settings as load_settings, use_database
from .output import NOTHING_READ, Reporter, note, print_document, safe, usage_error


def ingest(
    ctx: typer.Context,
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    db: str | None = DbOption,
    model: str | None = ModelOption,
    plain: bool = typer.Option(False, "--plain", help="Take each input text as an already clean body."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes."),
    batch_size: int | None = typer.Option(None, "--batch-size", min=1, help="Documents per transaction (default 64)."),
    doc_timeout: int | None = DocTimeoutOption,
    show: bool = typer.Option(False, "--show", help="Print each article read, as stored."),
    corpus: bool = typer.Option(
        True,
        "--corpus/--no-corpus",
        help="Update syndication groups, stories, corpus events and entities with each batch "
        "(--no-corpus: the next ingest with it, or `corpus rebuild`, catches up).",
    ),
    quiet: bool = QuietOption,
) -> None:
    """Read inputs, extract and analyse articles, and store them."""
    from ..annotate.nlp import check_model
    from ..ingest import ingest as run_ingest
    from ..store import Store

    settings = load_settings(model=model, plain=plain or None, batch_size=batch_size, db=db, doc_timeout=doc_timeout)
    use_database(ctx, settings.db)
    reporter = Reporter("ingest", quiet=quiet)
    check_model(settings.model)  # a wrong --model must not leave an empty database behind
    store = Store(settings.db)
    with store, reporter:

        def on_progress(report) -> None:
            reporter.failures(report.failures)
            reporter.update(report.read, report.failed)

        report = run_ingest(
            paths, store, settings, workers=workers, on_progress=on_progress, keep_ids=show, corpus=corpus
        )
        if show:
            for article_id in report.ids:
                print_document(store.get(article_id))
    # The database is closed (its last writes checked) before success is reported.
    summary = (
        f"stored {report.stored}, duplicate {report.duplicate}, empty {report.empty}, "
        f"failed {report.failed} (of {report.read} read) in {safe(settings.db)}"
    )
    if not quiet or not report.ok:
        note(summary)
    # Stored but not searchable yet: said even with --quiet, as search would silently miss them.
    for problem in store.index_errors:
        note(f"warning: search index: {safe(problem)} (the next ingest or read-write open indexes them)")
    if report.read == 0:
        note(NOTHING_READ)
    raise typer.Exit(0 if report.ok else 1)


def analyze(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help="Output format: jsonl."),
    model: str | None = ModelOption,
    plain: bool = typer.Option(False, "--plain", help="Take each input text as an already clean body."),
    workers: int = typer.Option(1, "--workers", "-w", min=1),
    doc_timeout: int | None = DocTimeoutOption,
    quiet: bool = QuietOption,
) -> None:
    """Analyse inputs and write one JSON object per document to stdout (no database)."""
    from ..ingest import Failure, analyze as run_analyze

    if fmt != "jsonl":
        usage_error(f"unknown format {fmt!r}; use jsonl")
    settings = load_settings(model=model, plain=plain or None, doc_timeout=doc_timeout)
    failed = 0
    done = 0
    with Reporter("analyze", quiet=quiet) as reporter:
        for outcome in run_analyze(paths, settings, workers=workers):
            done += 1
            if isinstance(outcome, Failure):
                if outcome.reason != "empty":
                    failed += 1
                reporter.failure(outcome.source, outcome.message)
            else:
                # JSON escapes C0 controls itself; other characters stay
                # as they are, since this output is for programs.
                sys.stdout.write(json.dumps(outcome.to_output(), ensure_ascii=False) + "\n")
            reporter.update(done, failed)
    sys.stdout.flush()
    if done == 0:
        note(NOTHING_READ)
    raise typer.Exit(0 if failed == 0 else 1)
