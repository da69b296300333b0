"""Ingest throughput and memory benchmark.

Runs ``newsgraph ingest`` as a subprocess (a fresh database each time) over a
corpus copied 1x and Kx, and reports documents/s and the peak RSS of the
ingest process. Each copy is made distinct (a marker appended to every
document), so dedup cannot hide the extra work: equal peak RSS for 1x and Kx
shows memory does not grow with corpus size.

    python bench/ingest_throughput.py --corpus ../shared/data/extraction/wcxb-dev/html \
        --limit 100 --copies 1 10 --workers 1 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build_corpus(src: Path, dest: Path, limit: int, copies: int) -> int:
    files = sorted(p for p in src.rglob("*") if p.is_file() and not p.name.startswith("."))[:limit]
    dest.mkdir(parents=True)
    n = 0
    for k in range(copies):
        for p in files:
            data = p.read_bytes()
            if p.suffix == ".gz":
                data = gzip.decompress(data)
                name = p.stem
            else:
                name = p.name
            # A marker keeps every copy a distinct document (distinct content id).
            is_html = name.endswith((".html", ".htm"))
            marker = f"\n<!-- copy {k} -->\n" if is_html else f"\n\ncopy {k}\n"
            (dest / f"{k:03d}_{name}").write_bytes(data + marker.encode())
            n += 1
    return n


def run_ingest(corpus: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        cmd = [
            sys.executable,
            "-m",
            "newsgraph.cli",
            "ingest",
            str(corpus),
            "--db",
            str(db),
            "--quiet",
            "--workers",
            str(workers),
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
        # wait4's ru_maxrss is the largest peak RSS of this process and of the
        # worker processes it waited for: the memory one process needs.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        stderr = proc.stderr.read() if proc.stderr else ""
        size = db.stat().st_size if db.exists() else 0
    return {
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
        "db_mb": round(size / 1e6, 1),
        "stderr_tail": stderr.strip().splitlines()[-1:] if stderr else [],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=100, help="files taken from the corpus")
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--workers", type=int, nargs="+", default=[1])
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for copies in args.copies:
            corpus = Path(tmp) / f"x{copies}"
            n = build_corpus(args.corpus, corpus, args.limit, copies)
            for workers in args.workers:
                r = run_ingest(corpus, workers)
                r.update({"docs": n, "copies": copies, "workers": workers, "docs_per_s": round(n / r["seconds"], 2)})
                results.append(r)
                print(json.dumps(r), flush=True)
            shutil.rmtree(corpus)
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}))


if __name__ == "__main__":
    main()
