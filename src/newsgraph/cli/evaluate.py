"""``eval …``: score newsgraph against the gold sets."""

from __future__ import annotations

from pathlib import Path

import typer

from ..config import Settings
from .options import ModelOption, settings as load_settings
from .output import print_metrics, usage_error

eval_app = typer.Typer(no_args_is_help=True, help="Score newsgraph against gold sets.")


def _gold(name: str, given: Path | None, settings: Settings) -> Path:
    from ..evaluation.paths import gold_path

    chosen = gold_path(name, settings, given)
    if not chosen.exists():
        usage_error(f"gold data not found at {chosen}; pass --gold")
    return chosen


@eval_app.command("extraction")
def eval_extraction(
    gold: Path | None = typer.Option(None, "--gold", help="WCXB-style folder (html/, ground-truth/)."),
    limit: int | None = typer.Option(None, "--limit"),
    flatten: bool = typer.Option(
        False, "--flatten", help="Score the flattened-text extractor on the pages turned into a crawler's text dump."
    ),
) -> None:
    """Body (4-word shingle P/R/F1), title and date accuracy, beside bare trafilatura."""
    from ..evaluation.extraction import evaluate_extraction

    path = _gold("extraction", gold, load_settings())
    print_metrics(evaluate_extraction(path, limit=limit, flatten=flatten))


@eval_app.command("ner")
def eval_ner(
    gold: Path | None = typer.Option(None, "--gold", help="CoNLL-2003 file."),
    model: str | None = ModelOption,
) -> None:
    """PER/ORG/LOC F1 on CoNLL-2003, newsgraph beside bare spaCy."""
    from ..evaluation.ner import evaluate_ner

    settings = load_settings(model=model)
    print_metrics(evaluate_ner(_gold("ner", gold, settings), model=settings.model))


@eval_app.command("quotes")
def eval_quotes(
    gold: Path | None = typer.Option(None, "--gold", help="PolNeAR folder (text/, attributions/)."),
    model: str | None = ModelOption,
    limit: int | None = typer.Option(None, "--limit"),
) -> None:
    """Quote recall, speaker accuracy and indirect recall on PolNeAR."""
    from ..evaluation.quotes import evaluate_quotes

    settings = load_settings(model=model)
    print_metrics(evaluate_quotes(_gold("quotes", gold, settings), model=settings.model, limit=limit))


@eval_app.command("times")
def eval_times(
    gold: Path | None = typer.Option(None, "--gold", help="TempEval-3 TimeML folder."),
) -> None:
    """TIMEX3 span F1 and value accuracy on TempEval-3."""
    from ..evaluation.times import evaluate_times

    print_metrics(evaluate_times(_gold("times", gold, load_settings())))


@eval_app.command("events")
def eval_events(
    gold: Path | None = typer.Option(None, "--gold", help="Folder with india-police-events/ and plover-gsr/."),
    model: str | None = ModelOption,
) -> None:
    """ARREST/KILL/FORCE F1 on IndiaPoliceEvents and PLOVER GSR accuracy."""
    from ..evaluation.events import evaluate_events

    settings = load_settings(model=model)
    print_metrics(evaluate_events(_gold("events", gold, settings), model=settings.model))


@eval_app.command("case")
def eval_case(
    gold: Path | None = typer.Option(None, "--gold", help="CASE-2021 folder with snippets.tsv (or the file)."),
    model: str | None = ModelOption,
    limit: int | None = typer.Option(None, "--limit"),
) -> None:
    """ACLED sub-event accuracy, macro-F1, per-type F1 and confusions of the main event on CASE-2021 snippets."""
    from ..evaluation.case import evaluate_case, summary_line

    settings = load_settings(model=model)
    report = evaluate_case(_gold("case", gold, settings), model=settings.model, limit=limit)
    print_metrics(report)
    typer.echo(summary_line(report))


@eval_app.command("stories")
def eval_stories(
    gold: Path | None = typer.Option(None, "--gold", help="Folder with docs.jsonl and gold.jsonl (story clusters)."),
    gold_set: str = typer.Option("ecbplus", "--set", help="Which development set: ecbplus or gvc."),
    model: str | None = ModelOption,
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Words only: no pipeline analysis (no names, no dates)."),
) -> None:
    """Story clustering B-cubed F1 (ECB+ stories, GVC incidents), beside tf-idf average linkage."""
    from ..evaluation.stories import evaluate_stories

    if gold_set not in ("ecbplus", "gvc"):
        usage_error(f"--set {gold_set!r}: expected ecbplus or gvc")
    settings = load_settings(model=model)
    path = _gold(f"stories-{gold_set}", gold, settings)
    print_metrics(evaluate_stories(path, model=settings.model, nlp=not no_nlp))


def _corpus_set(gold_set: str, allowed: tuple[str, ...]) -> str:
    if gold_set not in allowed:
        usage_error(f"--set {gold_set!r}: expected {' or '.join(allowed)}")
    return f"corpus-{gold_set}"


@eval_app.command("merge")
def eval_merge(
    gold: Path | None = typer.Option(None, "--gold", help="Folder with docs.jsonl, gold.jsonl, gold_mentions.jsonl."),
    gold_set: str = typer.Option("ecbplus", "--set", help="Which development set: ecbplus or gvc."),
    model: str | None = ModelOption,
) -> None:
    """Cross-document event merging, pairwise P/R/F1 over detected event mentions, beside the
    baseline (tf-idf story + trigger lemma + PLOVER type)."""
    from ..evaluation.merge import evaluate_merge

    settings = load_settings(model=model)
    path = _gold(_corpus_set(gold_set, ("ecbplus", "gvc")), gold, settings)
    print_metrics(evaluate_merge(path, settings=settings))


@eval_app.command("entities-xdoc")
def eval_entities_xdoc(
    gold: Path | None = typer.Option(None, "--gold", help="Folder with docs.jsonl and gold_mentions.jsonl."),
    gold_set: str = typer.Option("meantime", "--set", help="Which development set: meantime or ecbplus."),
    model: str | None = ModelOption,
) -> None:
    """Cross-document entities, pairwise P/R/F1 over named mentions in different documents,
    beside the baseline (exact normalised name)."""
    from ..evaluation.xdoc_entities import evaluate_entities_xdoc

    settings = load_settings(model=model)
    path = _gold(_corpus_set(gold_set, ("meantime", "ecbplus")), gold, settings)
    print_metrics(evaluate_entities_xdoc(path, settings=settings))


@eval_app.command("corpus")
def eval_corpus(
    gold: Path | None = typer.Option(None, "--gold", help="Folder with docs.jsonl, gold.jsonl, gold_mentions.jsonl."),
    gold_set: str = typer.Option("ecbplus", "--set", help="Which development set: ecbplus, gvc or meantime."),
    model: str | None = ModelOption,
) -> None:
    """Stories, event merging and entities read from a temporary store through the corpus
    commands' JSONL, in file and publication order, with odd/even halves."""
    from ..evaluation.corpus_check import check_corpus

    settings = load_settings(model=model)
    path = _gold(_corpus_set(gold_set, ("ecbplus", "gvc", "meantime")), gold, settings)
    print_metrics(check_corpus(path, settings=settings))
