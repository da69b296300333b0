"""Latency of ``SearchIndex.search`` on an index of N synthetic articles (issue 13: under 100 ms at 100k).

The articles are invented text: words made of random syllables, drawn with Zipf-like
frequencies from a vocabulary of 30,000 (so a few words are in most articles and most words in
few), titles of 5-12 words, bodies of 250-900 words (about 2-6 KB, a news article's length), one of
200 sites and a date in 2024-2025, all from a seeded RNG. The index is built in a temporary
folder with ``SearchIndex.add`` in batches of 1,000 (one commit each, as ingest does), closed,
and opened again read-only, as a server process opens it. The queries (a few hundred, also
seeded) are of several kinds: a common word, a rare word, two and three words (all must match),
a phrase, each of these with a site or a date filter, a second page, and ``top=1000`` (the ids
for facets; the index keeps the ids it has read in memory, so also with that cache emptied).
Each query runs once untimed, then once timed; reported per kind and overall: p50/p95/p99/max
in milliseconds of the whole ``search()`` call (parsing, searching, loading the page's documents, snippets).

    python bench/search_latency.py [--articles 100000] [--queries 400] [--seed 13] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou", "ar", "en")]
VOCABULARY = 30_000
SITES = 200
BATCH = 1_000


def vocabulary(rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < VOCABULARY:
        words["".join(rng.choices(SYLLABLES, k=rng.choice((1, 2, 2, 3, 3, 4))))] = None
    return list(words)


def corpus(rng: random.Random) -> tuple[list[str], list[float], list[str]]:
    """The vocabulary, its cumulative Zipf-like weights (the k-th word 1/(k+10)) and the sites."""
    words = vocabulary(rng)
    weights, total = [], 0.0
    for k in range(len(words)):
        total += 1.0 / (k + 10)
        weights.append(total)
    sites = [f"{''.join(rng.choices(SYLLABLES, k=3))}-news.com" for _ in range(SITES)]
    return words, weights, sites


def articles(n: int, rng: random.Random, words: list[str], weights: list[float], sites: list[str]) -> Iterator:
    from newsgraph.records import AnalyzedDocument, Article

    start = date(2024, 1, 1)
    for i in range(n):
        title = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(5, 12))).capitalize()
        sentences = []
        remaining = rng.randint(250, 900)
        while remaining > 0:
            k = min(remaining, rng.randint(8, 25))
            sentences.append(" ".join(rng.choices(words, cum_weights=weights, k=k)).capitalize() + ".")
            remaining -= k
        doc_id = f"{i:016x}"
        article = Article(
            id=doc_id,
            source=f"{doc_id}.html",
            title=title,
            body=" ".join(sentences),
            url=f"https://www.{rng.choice(sites)}/story/{i}",
            published=(start + timedelta(days=rng.randrange(730))).isoformat(),
        )
        yield AnalyzedDocument(id=doc_id, source=article.source, article=article)


def queries(n: int, words: list[str], sites: list[str], rng: random.Random) -> list[tuple[str, str, dict]]:
    common, middle, rare = words[:100], words[100:3000], words[3000:]
    kinds = [
        ("common word", lambda: (rng.choice(common), {})),
        ("rare word", lambda: (rng.choice(rare), {})),
        ("two words", lambda: (f"{rng.choice(common)} {rng.choice(middle)}", {})),
        ("three words", lambda: (" ".join(rng.sample(middle, 3)), {})),
        ("phrase", lambda: (f'"{rng.choice(common)} {rng.choice(common)}"', {})),
        ("word + site", lambda: (rng.choice(middle), {"site": rng.choice(sites)})),
        ("word + dates", lambda: (rng.choice(common), {"since": "2024-06-01", "until": "2024-08-31"})),
        ("page 2", lambda: (rng.choice(middle), {"offset": 20})),
        ("top=1000", lambda: (rng.choice(common), {"top": 1000})),
        ("top=1000, ids not cached", lambda: (rng.choice(common), {"top": 1000})),
    ]
    out = []
    for i in range(n):
        name, make = kinds[i % len(kinds)]
        q, kwargs = make()
        out.append((name, q, kwargs))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import tantivy

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, python {platform.python_version()}, {tantivy.__version__},"
        f" {platform.system()} {platform.release()}, load average {load:.2f} at the end"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", help="also write the numbers to this file")
    args = parser.parse_args()

    from newsgraph.store.search import SearchIndex

    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="search-bench-"))
    try:
        index = SearchIndex(folder / "bench.duckdb.search")
        t0 = time.perf_counter()
        gen_s = 0.0
        batch = []
        words, weights, sites = corpus(rng)
        stream = articles(args.articles, rng, words, weights, sites)
        while True:
            g0 = time.perf_counter()
            doc = next(stream, None)
            gen_s += time.perf_counter() - g0
            if doc is not None:
                batch.append(doc)
            if batch and (doc is None or len(batch) == BATCH):
                index.add(batch)
                batch = []
            if doc is None:
                break
        build_s = time.perf_counter() - t0 - gen_s
        index.close()
        size = sum(p.stat().st_size for p in (folder / "bench.duckdb.search").iterdir() if p.is_file())

        reader = SearchIndex(folder / "bench.duckdb.search", read_only=True)
        # ids() is what reconcile() compares with the store's ids at every read-write open.
        ids_ms = []
        for _ in range(3):
            start = time.perf_counter()
            count = len(reader.ids())
            ids_ms.append(1e3 * (time.perf_counter() - start))
        assert count == args.articles, count
        segments = reader._index.searcher().num_segments if reader._index is not None else 0
        todo = queries(args.queries, words, sites, random.Random(args.seed + 1))
        times: dict[str, list[float]] = {}
        totals: dict[str, list[int]] = {}
        for name, q, kwargs in todo:
            reader.search(q, **kwargs)
            if "not cached" in name:
                # As a fresh reader meets them: the ids come from the stored documents.
                reader._ids_by_key.clear()
            start = time.perf_counter()
            page = reader.search(q, **kwargs)
            times.setdefault(name, []).append(1e3 * (time.perf_counter() - start))
            totals.setdefault(name, []).append(page.total)
        reader.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    everything = [t for ts in times.values() for t in ts]
    rows = [*times.items(), ("all", everything)]
    print(f"search latency, {args.articles} articles, {len(everything)} queries (seed {args.seed})")
    print(f"machine: {machine()}")
    print(
        f"index: built in {build_s:.0f} s (plus {gen_s:.0f} s generating text),"
        f" {size / 1e6:.0f} MB on disk, batches of {BATCH}; ids() of all articles: {min(ids_ms):.0f} ms;"
        f" {segments} segments"
    )
    print()
    print("| query | n | median matches | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals["all"] = [m for ms in totals.values() for m in ms]
    result = {}
    for name, ts in rows:
        matches = statistics.median(totals[name])
        stats = {p: percentile(ts, p) for p in (50, 95, 99)}
        result[name] = {"n": len(ts), "median_matches": matches, **{f"p{p}_ms": v for p, v in stats.items()}}
        result[name]["max_ms"] = max(ts)
        print(
            f"| {name} | {len(ts)} | {matches:.0f} | {stats[50]:.1f} | {stats[95]:.1f} | {stats[99]:.1f}"
            f" | {max(ts):.1f} |"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "articles": args.articles,
                    "build_s": build_s,
                    "size_bytes": size,
                    "ids_ms": min(ids_ms),
                    "queries": result,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
