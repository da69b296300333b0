"""A run over hostile inputs: each bad document costs itself, the good ones around it are stored.

Every input class that once aborted or hung a whole run sits between two
good documents; the run must store both good ones, print one line per bad
one, and close with a summary whose counts add up to what was read.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.store import Store

GOOD = (
    "Harbour workers walk out over pay\n\n"
    "Dock workers in the port town of Elmsford stopped work on Tuesday after talks on pay broke down, "
    "the union said. About 300 workers joined the strike, which halted loading at two terminals.\n\n"
    '"We have waited long enough," said Tomas Wren, a union organiser. The port authority said it '
    "hoped talks would resume next week.\n"
)


def _good(n: int) -> str:
    return GOOD.replace("Tuesday", ["Monday", "Wednesday", "Friday"][n % 3]) + f"\nReport {n}.\n"


def _hostile_inputs(folder: Path) -> dict[str, str]:
    """Write each hostile input between good ones; return name -> what it is."""
    folder.mkdir()
    made: dict[str, str] = {}

    def good(name: str, n: int) -> None:
        (folder / name).write_text(_good(n))
        made[name] = "good"

    good("00_good.txt", 0)
    for i, charset in enumerate(["hex", "base64", "undefined", "punycode"]):
        (folder / f"01_{i}_charset.html").write_text(
            f'<html><head><meta charset="{charset}"><title>Pay talks</title></head>'
            f"<body><article><h1>Pay talks</h1><p>{_good(10 + i)}</p></article></body></html>"
        )
        made[f"01_{i}_charset.html"] = "bad charset"
    good("02_good.txt", 1)
    # JSON escapes for a lone surrogate in every text field.
    (folder / "03_surrogate.jsonl").write_text(
        '{"id": "s-\\ud800", "text": "'
        + _good(20).replace("\n", "\\n").replace('"', '\\"')
        + ' \\udfff", "title": "T\\ud800", "url": "https://example.org/\\ud800"}\n'
    )
    made["03_surrogate.jsonl"] = "surrogates"
    good("04_good.txt", 2)
    (folder / "05_nested.json").write_text("[" * 100_000 + "]" * 100_000)
    made["05_nested.json"] = "nested json"
    (folder / "06_nested.jsonl").write_text(
        json.dumps({"id": "fine", "text": _good(30)}) + "\n" + '{"a":' * 100_000 + "1" + "}" * 100_000 + "\n"
    )
    made["06_nested.jsonl"] = "nested jsonl line"
    loop = folder / "07_loop"
    loop.mkdir()
    os.symlink("self", loop / "self")  # a link to itself: ELOOP
    os.symlink("..", loop / "up")  # a link back up the tree
    made["07_loop"] = "symlink loop"
    (folder / "08_openers.html").write_text(
        "<html><body><article><h1>Openers</h1><p>"
        + _good(40)
        + "</p></article>"
        + "<!-- <script <style " * 40_000
        + "</body></html>"
    )
    made["08_openers.html"] = "120,000 unclosed openers"
    good("09_good.txt", 3)
    return made


def test_hostile_inputs_between_good_ones_cost_only_themselves(tmp_path):
    folder = tmp_path / "in"
    _hostile_inputs(folder)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    paths = [str(folder / "00_good.txt"), str(fifo), str(folder)]
    started = time.monotonic()
    with Store(str(tmp_path / "x.duckdb")) as store:
        report = ingest(paths, store, Settings(doc_timeout=120), keep_ids=True)
        titles = dict(store.con.execute("SELECT source, title FROM articles").fetchall())
        ids = dict(store.con.execute("SELECT source, id FROM articles").fetchall())
    assert time.monotonic() - started < 300
    assert report.stored + report.duplicate + report.empty + report.failed == report.read
    sources = set(titles)
    for name in ("00_good.txt", "02_good.txt", "04_good.txt", "09_good.txt"):
        assert str(folder / name) in sources, name
    # The pages declaring a codec that is no text encoding are read as text.
    for i in range(4):
        assert str(folder / f"01_{i}_charset.html") in sources
    # Lone surrogates are replaced, the record is kept.
    (surrogate,) = [s for s in sources if s.startswith(str(folder / "03_surrogate.jsonl"))]
    assert ids[surrogate] == "s-\ufffd"
    assert str(folder / "06_nested.jsonl") + "#1" in sources
    assert str(folder / "08_openers.html") in sources
    failures = {f.source: f.message for f in report.failures}
    assert all("\n" not in m for m in failures.values())
    assert any("regular file" in m for s, m in failures.items() if s == str(fifo))
    assert any("nested" in m.lower() for s, m in failures.items() if s == str(folder / "05_nested.json"))
    assert any("nested" in m.lower() for s, m in failures.items() if s == str(folder / "06_nested.jsonl") + "#2")
    assert any(s.startswith(str(folder / "07_loop")) for s in failures)


def test_the_cli_prints_one_line_per_bad_input_and_a_summary_that_adds_up(tmp_path):
    folder = tmp_path / "in"
    _hostile_inputs(folder)
    db = tmp_path / "cli.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "newsgraph.cli", "ingest", str(folder), "--db", str(db), "--quiet"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1, proc.stderr  # some inputs failed, none aborted the run
    assert "Traceback" not in proc.stderr
    summary = re.search(r"stored (\d+), duplicate (\d+), empty (\d+), failed (\d+) \(of (\d+) read\)", proc.stderr)
    assert summary, proc.stderr
    stored, duplicate, empty, failed, read = map(int, summary.groups())
    assert stored + duplicate + empty + failed == read and stored >= 9 and failed >= 3
    problem_lines = [line for line in proc.stderr.splitlines() if not line.startswith("stored ")]
    assert len(problem_lines) == failed + empty


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_second_run_over_the_same_hostile_folder_stores_nothing_new(tmp_path, workers):
    folder = tmp_path / "in"
    _hostile_inputs(folder)
    db = tmp_path / "again.duckdb"
    cmd = [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--quiet",
        "--workers",
        workers,
    ]
    subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    with Store(str(db)) as store:
        count = store.count()
    second = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert re.search(r"stored 0, duplicate \d+", second.stderr), second.stderr
    with Store(str(db)) as store:
        assert store.count() == count
