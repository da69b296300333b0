"""The corpus layer's share of ingest time: the same inputs ingested with and without it.

Each measurement is one ``ingest(paths, store, settings, corpus=...)`` call into a fresh
DuckDB database, in a fresh process whose models were loaded beforehand (a warm-up ingest of
one invented article into a throwaway database), with ``Settings(plain=True, doc_timeout=0)``
and one worker. The two modes alternate within each run (corpus first on even runs), so drift
in the machine's load touches both. Reported per input: seconds per stored article, wall
clock and CPU time of the process (CPU time is less sensitive to other jobs on the machine),
medians over the runs, and the overhead of the corpus layer in percent; for the corpus runs
also the time inside the layer (``CorpusSync`` placing each batch) and inside the store's
writing of the corpus tables, per article, and their sum as a share of the time without the
layer ("layer+writes": measured directly, so steadier than the difference of two totals).
Target (issue 12): overhead at most 10%.

    python bench/corpus_overhead.py [--inputs ../shared/data/corpus/ecbplus-dev/docs.jsonl \
        ../shared/data/corpus/gvc-dev/docs.jsonl] [--runs 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "corpus"
DEFAULT_INPUTS = [str(SHARED / "ecbplus-dev" / "docs.jsonl"), str(SHARED / "gvc-dev" / "docs.jsonl")]
WARM_UP = {
    "id": "warm-up",
    "url": "https://example.org/warm-up",
    "published": "2025-03-02",
    "title": "Ferry service resumes in Quarrent",
    "text": "The ferry service between Quarrent and Lisvane resumed on Sunday after a two-day strike, "
    "the harbour authority said. Its director, Ossian Threlk, thanked passengers for their patience.",
}


def one(path: str, corpus: bool) -> dict:
    """Ingest ``path`` into a fresh database (in this process) and time it."""
    from newsgraph import corpus_sync
    from newsgraph.config import Settings
    from newsgraph.ingest import ingest
    from newsgraph.store import Store, writes

    settings = Settings(plain=True, doc_timeout=0)
    spent = dict.fromkeys(("layer", "corpus_writes", "layer_cpu", "corpus_writes_cpu"), 0.0)

    def timed(fn, part):
        def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[part] += time.perf_counter() - start
                spent[part + "_cpu"] += time.process_time() - cpu

        return wrapper

    # Collections of the cyclic GC: a larger heap (the layer's state) can make them cost more.
    collecting: list[float] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[:] = [time.perf_counter()]
        elif collecting:
            spent["gc"] += time.perf_counter() - collecting[0]

    spent["gc"] = 0.0
    gc.callbacks.append(on_gc)
    corpus_sync.CorpusSync.__call__ = timed(corpus_sync.CorpusSync.__call__, "layer")
    writes._insert_corpus = timed(writes._insert_corpus, "corpus_writes")
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text(json.dumps(WARM_UP) + "\n")
        with Store(Path(tmp) / "warm.duckdb") as store:
            ingest([str(warm)], store, settings, corpus=corpus)
        spent.update(dict.fromkeys(spent, 0.0))
        with Store(Path(tmp) / "bench.duckdb") as store:
            c0, t0 = time.process_time(), time.perf_counter()
            report = ingest([path], store, settings, corpus=corpus)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            placed = store.con.execute("SELECT count(*) FROM corpus_articles").fetchone()[0]
    stored = report.stored + report.empty
    return {
        "input": path,
        "corpus": corpus,
        "stored": stored,
        "failed": report.failed,
        "placed": placed,
        "wall_s": wall,
        "cpu_s": cpu,
        "ms_per_article": 1e3 * wall / stored,
        "cpu_ms_per_article": 1e3 * cpu / stored,
        "layer_ms_per_article": 1e3 * spent["layer"] / stored,
        "corpus_writes_ms_per_article": 1e3 * spent["corpus_writes"] / stored,
        "layer_cpu_ms_per_article": 1e3 * spent["layer_cpu"] / stored,
        "corpus_writes_cpu_ms_per_article": 1e3 * spent["corpus_writes_cpu"] / stored,
        "gc_ms_per_article": 1e3 * spent["gc"] / stored,
        "load": os.getloadavg()[0],
    }


def _child(path: str, corpus: bool) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", path, "1" if corpus else "0"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{path}: child failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", nargs="+", default=DEFAULT_INPUTS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", help="write every result to this file")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one(args.child[0], args.child[1] == "1")))
        return
    results: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "runs": [], "summary": []}
    print(
        f"{'input':<14} {'articles':>8} {'mode':>9} {'ms/art':>8} {'cpu ms/art':>10} {'layer ms':>9}"
        f" {'writes ms':>9} {'gc ms':>6} {'load':>5}"
    )
    for path in args.inputs:
        name = Path(path).parent.name or path
        rows: dict[bool, list[dict]] = {True: [], False: []}
        for run in range(args.runs):
            for corpus in (True, False) if run % 2 == 0 else (False, True):
                r = _child(path, corpus)
                rows[corpus].append(r)
                results["runs"].append(r)
                print(
                    f"{name:<14} {r['stored']:>8} {'corpus' if corpus else 'no corpus':>9} {r['ms_per_article']:>8.1f}"
                    f" {r['cpu_ms_per_article']:>10.1f} {r['layer_ms_per_article']:>9.2f}"
                    f" {r['corpus_writes_ms_per_article']:>9.2f} {r['gc_ms_per_article']:>6.2f} {r['load']:>5.1f}",
                    flush=True,
                )

        def median(corpus: bool, key: str, rows: dict[bool, list[dict]] = rows) -> float:
            return statistics.median(r[key] for r in rows[corpus])

        summary = {
            "input": path,
            "articles": rows[True][0]["stored"],
            "ms_per_article": median(True, "ms_per_article"),
            "ms_per_article_no_corpus": median(False, "ms_per_article"),
            "cpu_ms_per_article": median(True, "cpu_ms_per_article"),
            "cpu_ms_per_article_no_corpus": median(False, "cpu_ms_per_article"),
            "layer_ms_per_article": median(True, "layer_ms_per_article"),
            "corpus_writes_ms_per_article": median(True, "corpus_writes_ms_per_article"),
            "layer_cpu_ms_per_article": median(True, "layer_cpu_ms_per_article"),
            "corpus_writes_cpu_ms_per_article": median(True, "corpus_writes_cpu_ms_per_article"),
        }
        summary["overhead_pct"] = 100 * (summary["ms_per_article"] / summary["ms_per_article_no_corpus"] - 1)
        summary["cpu_overhead_pct"] = 100 * (
            summary["cpu_ms_per_article"] / summary["cpu_ms_per_article_no_corpus"] - 1
        )
        summary["measured_share_pct"] = 100 * (
            (summary["layer_ms_per_article"] + summary["corpus_writes_ms_per_article"])
            / summary["ms_per_article_no_corpus"]
        )
        summary["measured_cpu_share_pct"] = 100 * (
            (summary["layer_cpu_ms_per_article"] + summary["corpus_writes_cpu_ms_per_article"])
            / summary["cpu_ms_per_article_no_corpus"]
        )
        results["summary"].append(summary)
    print(
        f"\n{'input':<14} {'articles':>8} {'s/art corpus':>12} {'s/art none':>10} {'overhead':>9}"
        f" {'cpu overhead':>12} {'layer+writes':>12} {'(cpu)':>6}"
    )
    for s in results["summary"]:
        print(
            f"{Path(s['input']).parent.name:<14} {s['articles']:>8} {s['ms_per_article'] / 1e3:>12.4f}"
            f" {s['ms_per_article_no_corpus'] / 1e3:>10.4f} {s['overhead_pct']:>8.1f}% {s['cpu_overhead_pct']:>11.1f}%"
            f" {s['measured_share_pct']:>11.1f}% {s['measured_cpu_share_pct']:>5.1f}%"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n")
    print("\n" + json.dumps(results))


if __name__ == "__main__":
    main()
