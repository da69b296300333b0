"""Worst-case cost of one hostile document, in time and memory.

Writes inputs that are legal but costly (within the size caps), runs
``newsgraph analyze`` on each in a fresh process, and reports wall time, the
largest peak RSS among the process and its workers, and the outcome line.
The numbers in the README's "Worst case" paragraph come from here.

    python bench/worst_case.py [--only NAME ...] [--timeout 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

_WORDS = "the council said on monday that residents would vote on a new budget for schools and roads".split()


def _prose(n_chars: int, sep: str = " ") -> str:
    out, size, i = [], 0, 0
    while size < n_chars:
        w = _WORDS[i % len(_WORDS)]
        out.append(w)
        size += len(w) + 1
        i += 1
    return sep.join(out)


def cases() -> dict[str, tuple[str, Callable[[], bytes]]]:
    mb = 1024 * 1024
    return {
        "text-60MB-one-line": ("big.txt", lambda: _prose(60 * mb).encode()),
        "text-60MB-short-lines": ("lines.txt", lambda: "\n".join(_prose(60 * mb).split(" ")).encode()),
        "jsonl-10MB-string": ("big.jsonl", lambda: (json.dumps({"id": "x", "text": _prose(10 * mb)}) + "\n").encode()),
        "html-60MB-one-paragraph": (
            "big.html",
            lambda: f"<html><body><article><p>{_prose(60 * mb)}</p></article></body></html>".encode(),
        ),
        "html-120k-unclosed-openers": (
            "openers.html",
            lambda: (
                "<html><body><p>" + _prose(2000) + "</p>" + "<!-- <script <style " * 40_000 + "</body></html>"
            ).encode(),
        ),
    }


def run(name: str, case: tuple[str, Callable[[], bytes]], timeout: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / case[0]
        # Built in a process of its own: a forked child's peak RSS would count
        # what this one held at the fork.
        subprocess.run([sys.executable, __file__, "--make", name, str(path)], check=True)
        size = path.stat().st_size
        cmd = [sys.executable, "-m", "newsgraph.cli", "analyze", str(path), "--quiet"]
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        t0 = time.perf_counter()
        with open(out_path, "wb") as out_f, open(err_path, "wb") as err_f:
            proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            # wait4's ru_maxrss: the largest peak RSS of the CLI and of the
            # worker processes it reaped.
            _, status, usage = os.wait4(proc.pid, 0)
            timer.cancel()
        elapsed = time.perf_counter() - t0
        peak = usage.ru_maxrss / 1024
        out, err = out_path.read_bytes(), err_path.read_bytes()
        line = err.decode(errors="replace").strip().splitlines()[-1:] or [""]
        flags = []
        if out.strip():
            flags = json.loads(out.splitlines()[0]).get("flags", [])
        return {
            "case": name,
            "input_mb": round(size / 1024 / 1024, 1),
            "seconds": round(elapsed, 1),
            "peak_rss_mb": round(peak),
            "exit": os.waitstatus_to_exitcode(status),
            "flags": flags,
            "stderr": line[0][:160],
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--make", nargs=2, metavar=("CASE", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.make:
        Path(args.make[1]).write_bytes(cases()[args.make[0]][1]())
        return
    print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}))
    for name, case in cases().items():
        if args.only and name not in args.only:
            continue
        print(json.dumps(run(name, case, args.timeout)), flush=True)


if __name__ == "__main__":
    main()
