"""Analysis overhead benchmark: the full newsgraph analysis vs a bare spaCy pass.

Loads the model, times ``nlp.pipe`` over the texts alone, then the analysis
(``newsgraph.annotate.pipeline.analyze_article`` on each text as an ``Article`` body,
with the doc from ``nlp.pipe``) without the event coder and with it. Targets:
analysis without events at most 1.5x the bare parse (entities, quotes,
counts, times), and event coding adding at most 30% on top of that.

    python bench/analysis_speed.py --data ../shared/data/quotes/polnear/dev/text --limit 50

A stage that raises on a document is counted and reported, not fatal.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path


def read_texts(data: Path, limit: int | None) -> list[str]:
    files = sorted(p for p in data.rglob("*.txt") if p.is_file()) if data.is_dir() else [data]
    if limit is not None:
        files = files[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of .txt files (or one file)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts")
    parser.add_argument("--model", default=None, help="spaCy model (default: the configured one)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="alternate the two timings this many times and keep each best (the machine may be shared)",
    )
    args = parser.parse_args(argv)

    from newsgraph.annotate.nlp import load_model
    from newsgraph.config import Settings
    from newsgraph.records import Article, content_id

    settings = Settings.from_env(model=args.model)
    texts = read_texts(args.data, args.limit)
    if not texts:
        print(f"no .txt files under {args.data}", file=sys.stderr)
        return 2
    nlp = load_model(settings.model)
    nlp("warm up")  # first call initialises lazily loaded tables

    from newsgraph.annotate.pipeline import analyze_article

    articles = [Article(id=content_id(t.encode("utf-8")), source=f"bench:{i}", body=t) for i, t in enumerate(texts)]
    import newsgraph.annotate.events as events_stage

    real_extract_events = events_stage.extract_events

    def no_events(*args, **kwargs):  # the analysis of the stage before events
        return []

    failures: dict[str, int] = {}
    bare = full = without_events = float("inf")
    docs: list = []

    def timed_analysis() -> float:
        started = time.perf_counter()
        for article, doc in zip(articles, nlp.pipe(texts, batch_size=args.batch_size), strict=True):
            try:
                analyze_article(article, settings, doc=doc)
            except Exception as exc:  # noqa: BLE001 - a broken stage must not stop the timing
                name = f"{type(exc).__name__}: {str(exc)[:80]}"
                failures[name] = failures.get(name, 0) + 1
        return time.perf_counter() - started

    # Gazetteers and lexicons load on first use: warm them outside the timing.
    warm = Article(id="warm", source="warm", body="Police in Paris said on Monday that 3 people were arrested.")
    analyze_article(warm, settings, doc=nlp(warm.body))

    for _ in range(max(1, args.repeat)):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=args.batch_size))
        bare = min(bare, time.perf_counter() - started)

        events_stage.extract_events = no_events
        try:
            without_events = min(without_events, timed_analysis())
        finally:
            events_stage.extract_events = real_extract_events
        full = min(full, timed_analysis())

    # The quote stage alone, on the docs of the bare pass (it runs whether or
    # not the other stages are ready).
    from newsgraph.annotate.quotes import extract_quotes

    started = time.perf_counter()
    n_quotes = sum(len(extract_quotes(doc, [])) for doc in docs)
    quotes_time = time.perf_counter() - started
    del docs

    chars = sum(len(t) for t in texts)
    print(f"texts: {len(texts)}  characters: {chars}  model: {settings.model}")
    print(f"python {platform.python_version()}  machine: {platform.machine()}")
    print(f"best of {max(1, args.repeat)} runs each")
    print(f"bare nlp.pipe:  {bare:8.2f} s")
    print(f"analysis without events: {without_events:8.2f} s  (nlp.pipe included)")
    print(f"full analysis:           {full:8.2f} s  (nlp.pipe included)")
    print(f"quotes stage:            {quotes_time:8.2f} s  ({n_quotes} quotes)")
    ratio = without_events / bare if bare else float("inf")
    print(f"analysis / bare spaCy:   {ratio:8.2f}  (target <= 1.5: {'ok' if ratio <= 1.5 else 'OVER'})")
    added = full / without_events - 1 if without_events else float("inf")
    print(f"event coding adds:       {added:8.1%}  (target <= 30%: {'ok' if added <= 0.3 else 'OVER'})")
    print(f"full / bare spaCy:       {full / bare:8.2f}")
    if failures:
        print("analysis errors (stages not ready?):")
        for name, count in sorted(failures.items(), key=lambda kv: -kv[1]):
            print(f"  {count:4d} x {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
