"""Latency of ``newsgraph serve``: p50/p95/p99 of API calls and full pages on a stored corpus.

Builds (once, then reuses) a store of N synthetic analysed articles — the deterministic,
invented news of ``bench/corpus_scale.py`` — written through ``Store.write_batch`` with the
corpus layer and the search index, exactly as ``ingest`` writes a batch (only the NLP is
skipped: it does not change what the server reads). Then starts ``newsgraph serve`` on
127.0.0.1 in its own process and times sequential requests from this one with httpx, so each
figure is one request's latency with a warm server, not throughput:

* API: ``/api/search?q=`` (one or two words drawn from the corpus's titles), ``/api/events``
  with ``group_by=day`` (the time series) and with filters, ``/api/articles/{id}``,
  ``/api/stories/{id}``, ``/api/entities/{id}``;
* pages: ``/``, ``/search?q=``, ``/articles/{id}``, ``/stories/{id}``, ``/events``,
  ``/entities/{id}``.

    python bench/serve_latency.py [--articles 10000] [--requests 200] [--db PATH] [--json out.json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_scale import synthetic_news
from newsgraph.corpus_sync import CorpusSync
from newsgraph.store import Store

BATCH = 64


def build(path: Path, n: int) -> float:
    """Write ``n`` synthetic articles to a fresh store at ``path``; returns the seconds it took."""
    start = time.perf_counter()
    with Store(path) as store:
        sync = CorpusSync(store)
        batch = []
        for doc in synthetic_news(n, seed=7):
            batch.append(doc)
            if len(batch) == BATCH:
                store.write_batch(batch, corpus=sync)
                batch = []
        if batch:
            store.write_batch(batch, corpus=sync)
        sync.save()
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def server(db: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgraph.cli", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to 60 s for the process to start
            if proc.poll() is not None:
                raise SystemExit(f"serve exited: {proc.stderr.read().decode(errors='replace') if proc.stderr else ''}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.1)
        else:
            raise SystemExit("serve did not answer within 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _percentiles(times: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return {
        "n": len(times),
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * cuts[94], 1),
        "p99_ms": round(1000 * cuts[98], 1),
    }


def _sample(client: httpx.Client, base: str, rng: random.Random) -> dict[str, list[str]]:
    """Ids and query words to request, drawn from what the server lists."""
    articles = client.get(f"{base}/api/articles", params={"limit": 200}).json()["items"]
    stories = client.get(f"{base}/api/stories", params={"limit": 200}).json()["items"]
    entities = client.get(f"{base}/api/entities", params={"limit": 200}).json()["items"]
    words = sorted({w.lower() for a in articles for w in (a.get("title") or "").split() if w.isalpha() and len(w) > 3})
    queries = [" ".join(rng.sample(words, k)) for k in (1, 2) for _ in range(100)]
    return {
        "article": [a["id"] for a in articles],
        "story": [s["id"] for s in stories],
        "entity": [e["id"] for e in entities],
        "query": queries,
    }


def measure(base: str, requests: int, seed: int = 3) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    with httpx.Client(timeout=30) as client:
        ids = _sample(client, base, rng)
        types = ["ASSAULT", "PROTEST", "ARREST", "COERCE", "ACCUSE"]
        targets = {
            "api search": lambda: ("/api/search", {"q": rng.choice(ids["query"])}),
            "api events series (day)": lambda: ("/api/events", {"group_by": "day"}),
            "api events series (week, type)": lambda: ("/api/events", {"group_by": "week", "type": rng.choice(types)}),
            "api events list (min 2 sources)": lambda: ("/api/events", {"min_sources": 2, "limit": 50}),
            "api article": lambda: (f"/api/articles/{rng.choice(ids['article'])}", {}),
            "api story": lambda: (f"/api/stories/{rng.choice(ids['story'])}", {}),
            "api entity": lambda: (f"/api/entities/{rng.choice(ids['entity'])}", {}),
            "page home": lambda: ("/", {}),
            "page search": lambda: ("/search", {"q": rng.choice(ids["query"])}),
            "page article": lambda: (f"/articles/{rng.choice(ids['article'])}", {}),
            "page story": lambda: (f"/stories/{rng.choice(ids['story'])}", {}),
            "page events": lambda: ("/events", {}),
            "page entity": lambda: (f"/entities/{rng.choice(ids['entity'])}", {}),
        }
        results = {}
        for name, make in targets.items():
            times = []
            for i in range(requests + 5):
                path, params = make()
                t = time.perf_counter()
                response = client.get(base + path, params=params)
                spent = time.perf_counter() - t
                if response.status_code != 200:
                    raise SystemExit(f"{name}: {path} {params} answered {response.status_code}: {response.text[:200]}")
                if i >= 5:  # the first few warm the caches
                    times.append(spent)
            results[name] = _percentiles(times)
    return results


def _machine() -> dict:
    return {
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200, help="timed requests per target")
    parser.add_argument("--db", type=Path, help="store to build once and reuse (default: a temporary one)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "serve.duckdb"
        built = None
        if not db.exists():
            built = round(build(db, args.articles), 1)
        with Store(db, read_only=True) as store:
            stored = store.count("articles")
        with server(db) as base:
            results = measure(base, args.requests)
    report = {"articles": stored, "build_seconds": built, "machine": _machine(), "results": results}
    print(f"{stored} articles (built in {built} s)" if built else f"{stored} articles (reused {db})")
    print("| request | n | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {r['n']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} |")
    print(json.dumps(report["machine"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
