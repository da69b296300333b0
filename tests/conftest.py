"""Fixtures and paths the whole suite shares: the spaCy model, the bundled
example article, the gold sets (skipped with a reason when absent) and the
score floors of tests/baselines.json."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.config import DEFAULT_MODEL, Settings
from newsgraph.evaluation.paths import gold_path, gold_root

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
README = REPO / "README.md"
PACKAGE = REPO / "src" / "newsgraph"
FIXTURES = TESTS / "fixtures"
BASELINES = TESTS / "baselines.json"
# The bundled example article ("the seed"): every test that needs a real page uses this one.
SEED = REPO / "examples" / "kazakhstan-musician.txt"
# Where its body starts: the lines above are the page's title, byline and dateline.
SEED_BODY_START = "A Kyrgyz jazz musician"
MODEL = DEFAULT_MODEL


def baselines() -> dict[str, Any]:
    """tests/baselines.json by measure: its section in docs/benchmarks.md and its floors."""
    data = json.loads(BASELINES.read_text(encoding="utf-8"))
    return {measure: spec for measure, spec in data.items() if not measure.startswith("_")}


def floor(measure: str, key: str) -> float:
    """The score floor a gold-set test asserts, e.g. ``floor("ner", "refined_micro_f1")``."""
    return float(baselines()[measure]["floors"][key]["floor"])


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The default spaCy pipeline, loaded once for the session (load_model caches it)."""
    from newsgraph.annotate.nlp import load_model

    return load_model(MODEL)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The bundled example page as read from disk."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_body(seed_text: str) -> str:
    """The example's article body, without the page header above it."""
    return seed_text[seed_text.index(SEED_BODY_START) :]


@pytest.fixture(scope="session")
def shared() -> Path:
    """The gold-set folder (NEWSGRAPH_GOLD, else shared/data beside the checkout)."""
    root = gold_root(Settings.from_env())
    if not root.is_dir():
        pytest.skip(f"development gold sets not found at {root} (set NEWSGRAPH_GOLD; they are not shipped)")
    return root


@pytest.fixture(scope="session")
def gold(shared: Path) -> Callable[..., Path]:
    """``gold(name, *parts)``: a gold set of newsgraph.evaluation.paths (or a
    file or folder inside it); the calling test skips when it is absent."""

    def find(name: str, *parts: str) -> Path:
        path = gold_path(name, Settings.from_env()).joinpath(*parts)
        if not path.exists():
            pytest.skip(f"gold set {name!r} not found at {path} (the gold sets are not shipped)")
        return path

    return find


# A second process holding the database's write lock, as an ingest would.
_HOLDER = """
import sys
import duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.readline()  # until the test is done, or at most the timeout below
"""


@contextlib.contextmanager
def database_held_by_another_process(db: Path) -> Iterator[int]:
    """Hold ``db`` open read-write in a child process; yields its pid."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        yield proc.pid
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def kill_once_committed(
    command: list[str], kill_at: Callable[[int], bool], timeout: float = 300
) -> tuple[int | None, int]:
    """Run ``command`` (an ingest that prints ``committed N`` after each batch) and SIGKILL it
    at the first N for which ``kill_at(N)`` holds; returns (that N or None if it finished
    first, its exit status). A hung child is killed after ``timeout`` seconds."""
    import os
    import signal
    import threading

    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    watchdog = threading.Timer(timeout, proc.kill)
    watchdog.start()
    killed_at = None
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("committed") and kill_at(int(line.split()[1])):
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = int(line.split()[1])
                break
        proc.wait()
    finally:
        watchdog.cancel()
    return killed_at, proc.returncode
